#include "common/printable.hpp"

#include <cstdio>

namespace fairaudit::common {
namespace {

// The length of a control character at s[i] and its code point, or 0.
std::size_t control_at(std::string_view s, std::size_t i, bool keep_tab_lf, char32_t& cp) noexcept {
  const auto b = [&](std::size_t k) -> unsigned { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  const unsigned c = b(i);
  if (c < 0x20 || c == 0x7F) {
    if (keep_tab_lf && (c == '\t' || c == '\n')) return 0;
    cp = c;
    return 1;
  }
  // C1 controls U+0080-U+009F: C2 80 - C2 9F.
  if (c == 0xC2 && b(i + 1) >= 0x80 && b(i + 1) <= 0x9F) {
    cp = b(i + 1);
    return 2;
  }
  if (c == 0xE2) {
    const unsigned c1 = b(i + 1), c2 = b(i + 2);
    // U+202A-U+202E (embeddings, overrides), U+2066-U+2069 (isolates),
    // U+200E/U+200F (marks) and U+2028/U+2029 (line and paragraph separators).
    if (c1 == 0x80 && ((c2 >= 0xAA && c2 <= 0xAE) || c2 == 0x8E || c2 == 0x8F || c2 == 0xA8 || c2 == 0xA9)) {
      cp = 0x2000 + (c2 - 0x80);
      return 3;
    }
    if (c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9) {
      cp = 0x2040 + (c2 - 0x80);
      return 3;
    }
  }
  return 0;
}

std::string escape(std::string_view s, bool keep_tab_lf) {
  std::string out;
  std::size_t done = 0;
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = control_at(s, i, keep_tab_lf, cp);
    if (!n) {
      ++i;
      continue;
    }
    if (out.empty()) out.reserve(s.size() + 8);
    out.append(s.substr(done, i - done));
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(cp));
    out += buf;
    i += n;
    done = i;
  }
  if (done == 0) return std::string(s);
  out.append(s.substr(done));
  return out;
}

}  // namespace

// Characters that show as nothing (U+00AD soft hyphen, U+200B-U+200D zero
// widths, U+2060 word joiner, U+FEFF): in a code they make two codes that
// read the same and differ ("R-1" and "R-1" with a zero-width space), so a
// second round looks like a duplicate of the first and a policy's unit does
// not match the unit it shows. Free text may hold them (a zero-width joiner
// belongs to some scripts and emoji), codes do not.
std::size_t invisible_at(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const auto b = [&](std::size_t k) -> unsigned { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  const unsigned c = b(i), c1 = b(i + 1), c2 = b(i + 2);
  if (c == 0xC2 && c1 == 0xAD) {
    cp = 0xAD;
    return 2;
  }
  if (c == 0xE2 && ((c1 == 0x80 && c2 >= 0x8B && c2 <= 0x8D) || (c1 == 0x81 && c2 == 0xA0))) {
    cp = (c1 == 0x80 ? 0x2000 : 0x2040) + (c2 - 0x80);
    return 3;
  }
  if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) {
    cp = 0xFEFF;
    return 3;
  }
  return 0;
}

std::optional<char32_t> first_control(std::string_view s, bool text) noexcept {
  char32_t cp = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) continue;  // printable ASCII: most bytes of most values
    if (control_at(s, i, text, cp)) return cp;
    if (!text && invisible_at(s, i, cp)) return cp;
  }
  return std::nullopt;
}

std::string describe_code_point(char32_t c) {
  static constexpr const char* kC0[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS",  "TAB", "LF",
                                          "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
                                          "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", unsigned(c));
  std::string out = buf;
  if (c < 32) out += std::string(" (") + kC0[c] + ")";
  else if (c == 0x7F) out += " (DEL)";
  else if (c >= 0x80 && c <= 0x9F) out += " (a C1 control)";
  else if (c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF) out += " (an invisible format character)";
  else if (c >= 0x2000) out += " (a bidirectional or line-separator control)";
  return out;
}

std::string escape_controls(std::string_view s) { return escape(s, true); }

std::string escape_controls_line(std::string_view s) { return escape(s, false); }

}  // namespace fairaudit::common
