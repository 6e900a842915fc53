// What every evidence codec accepts, writing and reading alike: the JSON of
// the store and of the isolation wire, and the binary form of the spill. A
// value outside these limits is refused with CodecError on the way out, so a
// run never writes what it could not read back, and on the way in, so a
// faulty plugin process or a damaged file cannot make the host recurse
// without end or allocate without bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "fairaudit/time.hpp"

namespace fairaudit::codec {

class CodecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Objects and lists nested in one finding's evidence (the top level is 0).
inline constexpr int kMaxDepth = 64;
// Bytes of one key or text.
inline constexpr std::size_t kMaxStringBytes = std::size_t(1) << 24;
// Entries of one evidence object, items of one list.
inline constexpr std::size_t kMaxItems = std::size_t(1) << 24;

// Throw CodecError naming the limit. Inline: the codec checks every key,
// text and count; only the throw is a call.
[[noreturn, gnu::cold, gnu::noinline]] void too_deep(int depth);
[[noreturn, gnu::cold, gnu::noinline]] void string_too_large(std::size_t bytes);
[[noreturn, gnu::cold, gnu::noinline]] void too_many_items(std::size_t n);
inline void check_depth(int depth) {
  if (depth > kMaxDepth) [[unlikely]] too_deep(depth);
}
inline void check_string(std::size_t bytes) {
  if (bytes > kMaxStringBytes) [[unlikely]] string_too_large(bytes);
}
inline void check_items(std::size_t n) {
  if (n > kMaxItems) [[unlikely]] too_many_items(n);
}

// Dates as the host's own parser could have made them: years 0000 to 9999,
// one day either side for a UTC offset; seconds since midnight, or -1 for a
// date without a time.
bool date_in_range(std::int32_t days, std::int32_t seconds);
// Years 0000 to 9999 exactly: what ISO-8601 text in four-digit years holds.
bool date_in_iso_range(const Timestamp& t);
void check_date(std::int32_t days, std::int32_t seconds);

}  // namespace fairaudit::codec
