#include "writer.hpp"

#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace fairaudit::gen {

Writer::Writer(int fd, std::size_t buffer_bytes) : fd_(fd), buf_(buffer_bytes) {
  p_ = buf_.data();
  end_ = buf_.data() + buf_.size();
}

Writer::~Writer() {
  // Output is flushed explicitly (so errors can be reported); a writer
  // destroyed during unwinding must not throw again.
}

void Writer::flush() {
  const char* q = buf_.data();
  while (q < p_) {
    ssize_t n = ::write(fd_, q, static_cast<std::size_t>(p_ - q));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "write failed");
    }
    q += n;
  }
  written_ += static_cast<std::uint64_t>(p_ - buf_.data());
  p_ = buf_.data();
}

void Writer::flush_for(std::size_t n) {
  flush();
  if (n > buf_.size()) {
    buf_.resize(n);
    p_ = buf_.data();
  }
  end_ = buf_.data() + buf_.size();
}

std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}

void civil_from_days(std::int32_t z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe) + era * 400 + (m <= 2);
}

Dates::Dates(int first_year, int last_year) {
  first_ = days_from_civil(first_year, 1, 1);
  const std::int32_t last = days_from_civil(last_year + 1, 1, 1);
  text_.resize(static_cast<std::size_t>(last - first_) * 10);
  char* out = text_.data();
  for (std::int32_t z = first_; z < last; ++z, out += 10) {
    int y, m, d;
    civil_from_days(z, y, m, d);
    out[0] = static_cast<char>('0' + y / 1000);
    out[1] = static_cast<char>('0' + y / 100 % 10);
    out[2] = static_cast<char>('0' + y / 10 % 10);
    out[3] = static_cast<char>('0' + y % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + d / 10);
    out[9] = static_cast<char>('0' + d % 10);
  }
}

void Dates::write(Writer& w, std::int32_t days, std::int32_t seconds) const {
  std::int32_t i = days - first_;
  const std::int32_t n = static_cast<std::int32_t>(text_.size() / 10);
  if (i < 0) i = 0;  // callers keep dates inside the table; clamp rather than read outside it
  if (i >= n) i = n - 1;
  char* p = w.cursor();
  *p++ = '"';
  std::memcpy(p, text_.data() + static_cast<std::size_t>(i) * 10, 10);
  p += 10;
  if (seconds >= 0) {
    const int h = seconds / 3600, mi = seconds / 60 % 60, s = seconds % 60;
    *p++ = 'T';
    *p++ = static_cast<char>('0' + h / 10);
    *p++ = static_cast<char>('0' + h % 10);
    *p++ = ':';
    *p++ = static_cast<char>('0' + mi / 10);
    *p++ = static_cast<char>('0' + mi % 10);
    *p++ = ':';
    *p++ = static_cast<char>('0' + s / 10);
    *p++ = static_cast<char>('0' + s % 10);
    *p++ = 'Z';
  }
  *p++ = '"';
  w.advance(static_cast<std::size_t>(p - w.cursor()));
}

}  // namespace fairaudit::gen
