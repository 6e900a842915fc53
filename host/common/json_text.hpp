// JSON written into memory at the speed of the output stream: RapidJSON's
// Writer copies a string one character at a time unless its stream has a
// scanner for the characters that need no escape (it has one for its own
// StringBuffer only when built for SSE2, which we are not). JsonText is a
// StringBuffer with that scanner, for the JSON made once per finding (the
// store's evidence and digest material, SARIF's batches of results).
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace fairaudit::common {

// Where the run of characters from p that JSON writes as they are (no quote,
// backslash or control character) ends, eight bytes at a time.
inline const char* end_of_plain_run(const char* p, const char* end) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  constexpr std::uint64_t kQuotes = kOnes * '"', kBackslashes = kOnes * '\\', kSpaces = kOnes * 0x20;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t q = w ^ kQuotes, b = w ^ kBackslashes;
    // A byte below 0x20, or equal to '"' or '\\', sets its high bit here.
    if ((((w - kSpaces) & ~w) | ((q - kOnes) & ~q) | ((b - kOnes) & ~b)) & kHighs) break;
    p += 8;
  }
  while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\') ++p;
  return p;
}

struct JsonText : rapidjson::StringBuffer {};
// Found by argument-dependent lookup from RapidJSON's Writer, in place of
// its generic versions (a better match than StringBuffer's own).
inline void PutReserve(JsonText& os, std::size_t n) { os.Reserve(n); }
inline void PutUnsafe(JsonText& os, char c) { os.PutUnsafe(c); }
// A pretty writer's indentation, in one fill.
inline void PutN(JsonText& os, char c, std::size_t n) {
  if (n) std::memset(os.Push(n), c, n);
}

// The scanner's step, into the room WriteString has reserved (6 bytes per
// character): the characters that need no escape are copied as one run.
inline bool scan_plain_into(JsonText& os, rapidjson::StringStream& is, std::size_t length) {
  const char* const end = is.head_ + length;
  const char* const run_end = end_of_plain_run(is.src_, end);
  const std::size_t n = std::size_t(run_end - is.src_);
  if (n) std::memcpy(os.PushUnsafe(n), is.src_, n);
  is.src_ = run_end;
  return run_end != end;
}

}  // namespace fairaudit::common

// For the writer with RapidJSON's default flags and for the codec's
// (non-finite reals kept): an explicit specialization is declared here,
// before any use of either.
namespace rapidjson {
template <>
inline bool Writer<fairaudit::common::JsonText>::ScanWriteUnescapedString(StringStream& is, size_t length) {
  return fairaudit::common::scan_plain_into(*os_, is, length);
}
template <>
inline bool Writer<fairaudit::common::JsonText, UTF8<>, UTF8<>, CrtAllocator,
                   kWriteNanAndInfFlag>::ScanWriteUnescapedString(StringStream& is, size_t length) {
  return fairaudit::common::scan_plain_into(*os_, is, length);
}
}  // namespace rapidjson
