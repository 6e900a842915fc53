// fairaudit-gen — a buffered writer for JSON Lines, without a JSON DOM.
//
// The generator has to outrun the parser it feeds (hundreds of MB/s), so
// records are written straight into one large buffer: literals by memcpy,
// numbers and dates from small tables. Callers reserve room for a bounded
// piece of output (one applicant, one interview, ...) with `room(n)`; the
// appends after it do no bounds checks. Memory is the buffer, whatever the
// size of the export.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace fairaudit::gen {

class Writer {
 public:
  // fd: an open file descriptor (1 for stdout). The writer does not close it.
  explicit Writer(int fd, std::size_t buffer_bytes = std::size_t{4} << 20);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Makes sure `n` more bytes fit without another check; flushes if not.
  void room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) flush_for(n);
  }
  void flush();
  std::uint64_t bytes_written() const { return written_ + static_cast<std::uint64_t>(p_ - buf_.data()); }

  template <std::size_t N>
  void lit(const char (&s)[N]) {
    std::memcpy(p_, s, N - 1);
    p_ += N - 1;
  }
  void str(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  // A JSON string of text known to need no escaping (the generator only
  // writes ASCII slugs, codes and vocabulary words).
  void qstr(std::string_view s) {
    *p_++ = '"';
    str(s);
    *p_++ = '"';
  }
  void ch(char c) { *p_++ = c; }
  void boolean(bool b) {
    if (b)
      lit("true");
    else
      lit("false");
  }
  void uint(std::uint64_t v) {
    char tmp[20];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    while (n) *p_++ = tmp[--n];
  }
  // Zero-padded to `width` digits (more if the value needs them).
  void uint_padded(std::uint64_t v, int width) {
    char tmp[20];
    int n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    while (n < width) tmp[n++] = '0';
    while (n) *p_++ = tmp[--n];
  }
  void hex(std::uint32_t v, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i) *p_++ = kHex[(v >> (4 * i)) & 0xF];
  }
  // Unchecked raw access for the date writer.
  char* cursor() { return p_; }
  void advance(std::size_t n) { p_ += n; }

 private:
  void flush_for(std::size_t n);

  int fd_;
  std::vector<char> buf_;
  char* p_;
  char* end_;
  std::uint64_t written_ = 0;
};

// Days since 1970-01-01 <-> civil dates (Howard Hinnant's algorithms).
std::int32_t days_from_civil(int y, int m, int d);
void civil_from_days(std::int32_t z, int& y, int& m, int& d);
inline int weekday(std::int32_t days) {  // 1 = Monday ... 7 = Sunday
  int w = static_cast<int>((days % 7 + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  return w + 1;
}

// ISO-8601 dates from a precomputed table covering the years the generator
// uses, written as `"2026-03-21"` or `"2026-03-21T09:30:00Z"` (quotes
// included).
class Dates {
 public:
  Dates(int first_year, int last_year);
  // seconds < 0: date only.
  void write(Writer& w, std::int32_t days, std::int32_t seconds) const;
  static constexpr std::size_t kMaxBytes = 22;

 private:
  std::int32_t first_ = 0;
  std::vector<char> text_;  // 10 characters per day
};

}  // namespace fairaudit::gen
