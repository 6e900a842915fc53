// Evidence in binary, for the spill of findings to temporary files: the same
// kinds (one byte, the kind's place in EvidenceValue::Kind, which is also the
// order of the JSON names) and the same limits as the JSON form. Strings are
// a 4-byte length and their bytes, reals their 8 bytes, so evidence comes
// back bit for bit and nothing needs parsing or escaping. In the machine's
// byte order: the files never leave the run that wrote them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

#include "codec/limits.hpp"
#include "fairaudit/finding.hpp"

namespace fairaudit::codec {

// `n` bytes from `from` to `to`, which do not overlap. Short ones (most
// strings of a record: ids, codes, bands) in two fixed-size copies that
// overlap each other, without a call; a fixed `n` is one copy.
[[gnu::always_inline]] inline void copy_bytes(char* to, const char* from, std::size_t n) {
  if (n >= 8 && n <= 16) {
    std::memcpy(to, from, 8);
    std::memcpy(to + n - 8, from + n - 8, 8);
  } else if (n >= 4 && n < 8) {
    std::memcpy(to, from, 4);
    std::memcpy(to + n - 4, from + n - 4, 4);
  } else if (n != 0) {
    std::memcpy(to, from, n);
  }
}

// Where a writer's bytes go. A message written in one go (a record's
// answer, a spilled finding) is written twice by the same code: counted
// first, then copied into room made for all of it at once, one resize of
// the output instead of an append for each field (write_counted below).
struct ByteCounter {
  std::size_t n = 0;
  [[gnu::always_inline]] void put(const void*, std::size_t k) { n += k; }
};
struct ByteCopier {
  char* p;
  char* end;  // what the counting pass counted
  [[gnu::always_inline]] void put(const void* from, std::size_t k) {
#if defined(FAIRAUDIT_ASAN)
    // A writing lambda whose two passes differ would write past the room
    // counted, into the string's spare capacity where the sanitizer does
    // not look: the sanitizer builds check each copy (the tests run there).
    if (std::size_t(end - p) < k) throw std::logic_error("write_counted: the copying pass writes more than was counted");
#endif
    copy_bytes(p, static_cast<const char*>(from), k);
    p += k;
  }
};
struct ByteAppender {
  std::string& out;
  void put(const void* from, std::size_t k) { out.append(static_cast<const char*>(from), k); }
};

[[noreturn, gnu::cold, gnu::noinline]] void string_too_long(std::size_t n);
[[noreturn, gnu::cold, gnu::noinline]] void object_without_one_child();

template <typename Bytes>
class BasicWriter {
 public:
  explicit BasicWriter(Bytes b) : w_(b) {}
  template <typename T>
  [[gnu::always_inline]] void raw(T v) {
    w_.put(&v, sizeof v);
  }
  [[gnu::always_inline]] void str(std::string_view s) {
    if (s.size() > UINT32_MAX) [[unlikely]] string_too_long(s.size());
    raw(std::uint32_t(s.size()));
    w_.put(s.data(), s.size());
  }
  // CodecError when `e` is outside the limits.
  void evidence(const Evidence& e) { evidence(e, 0); }
  const Bytes& bytes() const { return w_; }

 private:
  void evidence(const Evidence& e, int depth);
  Bytes w_;
};

// Appends to a string, a field at a time: for small, rare messages.
class BinaryWriter : public BasicWriter<ByteAppender> {
 public:
  explicit BinaryWriter(std::string& out) : BasicWriter<ByteAppender>(ByteAppender{out}) {}
};

// Appends what `write(w)` writes to `out`, calling it twice with a
// BasicWriter: once to count the bytes, once to copy them into one resize
// of `out`. `write` must write the same both times (it is given only the
// writer); a logic_error says it did not. On an exception from the first
// pass `out` is as it was; from the second (which the first would have
// thrown), it keeps the room made.
template <typename Write>
void write_counted(std::string& out, Write&& write) {
  BasicWriter<ByteCounter> count(ByteCounter{});
  write(count);
  const std::size_t at = out.size(), n = count.bytes().n;
  out.resize(at + n);
  BasicWriter<ByteCopier> copy(ByteCopier{out.data() + at, out.data() + at + n});
  write(copy);
  if (copy.bytes().p != out.data() + at + n) throw std::logic_error("write_counted: the two passes disagree");
}

// Reads from a byte range, every read checked against its end: CodecError
// when the bytes end early or hold what BinaryWriter does not write.
class BinaryReader {
 public:
  BinaryReader(const char* begin, const char* end) : begin_(begin), p_(begin), end_(end) {}
  template <typename T>
  [[gnu::always_inline]] T raw() {
    T v;
    take(&v, sizeof v);
    return v;
  }
  // Into a string that may already have room (no allocation then). A string
  // as long as the one it replaces (an empty one over an empty one, an id
  // over the last round's id) is copied over it in place, without the
  // general replace of assign().
  [[gnu::always_inline]] void str(std::string& s) {
    const auto n = raw<std::uint32_t>();
    if (std::size_t(end_ - p_) < n) cut_short();
    if (n == s.size()) {
      copy_bytes(s.data(), p_, n);
    } else {
      s.clear();
      s.append(p_, n);
    }
    p_ += n;
  }
  // The next `n` bytes, checked against the end: a block of fixed-size
  // fields the caller then reads without a check for each.
  [[gnu::always_inline]] const char* bytes(std::size_t n) {
    if (std::size_t(end_ - p_) < n) cut_short();
    const char* at = p_;
    p_ += n;
    return at;
  }
  std::string str() {
    std::string s;
    str(s);
    return s;
  }
  // A one-byte enum value that must lie in [min, max].
  template <typename E>
  [[gnu::always_inline]] E in_range(int min, int max) {
    const int v = raw<std::int8_t>();
    if (v < min || v > max) out_of_range();
    return E(v);
  }
  Evidence evidence() { return evidence(0); }

  bool at_end() const { return p_ == end_; }
  std::size_t left() const { return std::size_t(end_ - p_); }
  std::size_t offset() const { return std::size_t(p_ - begin_); }

 private:
  Evidence evidence(int depth);
  // Inlined, so that a fixed-size read is a load rather than a call to
  // memcpy with its size.
  [[gnu::always_inline]] void take(void* out, std::size_t n) {
    if (std::size_t(end_ - p_) < n) cut_short();
    std::memcpy(out, p_, n);
    p_ += n;
  }
  [[noreturn]] static void cut_short();
  [[noreturn]] static void out_of_range();
  const char* begin_;
  const char* p_;
  const char* end_;
};

}  // namespace fairaudit::codec
