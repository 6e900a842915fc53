#include "ingest/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace fairaudit::ingest {
namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// True when none of the eight bytes has its high bit set or is zero.
bool ascii_without_nul(std::uint64_t w) { return ((w | ((w - kOnes) & ~w)) & kHighs) == 0; }

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (n - i >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (ascii_without_nul(w)) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) return i;
      ++i;
      continue;
    }
    // The second byte's range depends on the lead byte (RFC 3629, section 4):
    // it excludes overlong forms (E0, F0), surrogates (ED) and code points
    // above U+10FFFF (F4).
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return i;  // C0, C1 (overlong), F5..FF, or a continuation byte without a lead
    }
    if (n - i < length || p[i + 1] < low || p[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k)
      if (!continuation(p[i + k])) return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace fairaudit::ingest
