#include "i18n/roles.hpp"

#include <array>

#include "i18n/i18n.hpp"

namespace fairaudit::i18n {
namespace {

struct RoleName {
  std::string_view written;  // lower case
  std::string_view stored;
};

// The roles of the employers' own documents. The equality representative
// (likestillingsrepresentant, Oslo kommune's Dok 24; ligestillingsrepræsentant)
// reviews for the representative role; the union's elected representative
// (tillitsvalgt, förtroendevald / fackligt förtroendevald under samverkan,
// tillidsrepræsentant in the MED-udvalg) for the union; HR for the employer.
constexpr std::array<RoleName, 34> kNames{{
    {"representative", "representative"},
    {"union", "union"},
    {"hr", "hr"},
    // nb, nn
    {"likestillingsrepresentant", "representative"},
    {"likestillingsrepresentanten", "representative"},
    {"tillitsvalgt", "union"},
    {"tillitsvald", "union"},
    {"hovedtillitsvalgt", "union"},
    {"hovudtillitsvald", "union"},
    {"fagforening", "union"},
    {"fagforeining", "union"},
    {"personalavdeling", "hr"},
    {"personalavdelinga", "hr"},
    {"hr-rådgiver", "hr"},
    {"hr-rådgivar", "hr"},
    // sv
    {"jämställdhetsrepresentant", "representative"},
    {"förtroendevald", "union"},
    {"fackligt förtroendevald", "union"},
    {"facklig företrädare", "union"},
    {"facket", "union"},
    {"personalavdelning", "hr"},
    {"personalavdelningen", "hr"},
    {"hr-konsult", "hr"},
    {"hr-specialist", "hr"},
    // da
    {"ligestillingsrepræsentant", "representative"},
    {"ligestillingsrepraesentant", "representative"},
    {"tillidsrepræsentant", "union"},
    {"tillidsrepraesentant", "union"},
    {"fællestillidsrepræsentant", "union"},
    {"fagforening", "union"},
    {"personaleafdeling", "hr"},
    {"personaleafdelingen", "hr"},
    {"hr-afdeling", "hr"},
    {"hr-konsulent", "hr"},
}};

// Lower case for ASCII and for the Latin-1 capitals in UTF-8 (Æ Ø Å Ä Ö:
// C3 80-9E but the multiplication sign); surrounding blanks removed and
// inner runs of blanks made one space.
std::string fold(std::string_view s) {
  std::string out;
  bool blank = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < s.size()) {
      unsigned char n = static_cast<unsigned char>(s[++i]);
      if (n >= 0x80 && n <= 0x9E && n != 0x97) n = static_cast<unsigned char>(n + 0x20);
      out += static_cast<char>(c);
      out += static_cast<char>(n);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The names written with ae/oe/aa for æ/ø/å, as on a keyboard without them.
std::string ascii(std::string s) {
  auto swap = [&](std::string_view from, std::string_view to) {
    for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), to);
  };
  swap("\xC3\xA6", "ae"), swap("\xC3\xB8", "oe"), swap("\xC3\xA5", "aa"), swap("\xC3\xA4", "ae"), swap("\xC3\xB6", "oe");
  return s;
}

}  // namespace

std::optional<std::string> review_role(std::string_view written) {
  const std::string w = fold(written);
  for (const auto& n : kNames)
    if (w == n.written || w == ascii(std::string(n.written))) return std::string(n.stored);
  return std::nullopt;
}

std::optional<std::string> review_state(std::string_view written) {
  // The words of the host's catalogs for the states (msgid "open",
  // "acknowledged", …), in nb, nn, sv and da; a word two languages share
  // ("bestridt", "løst") is listed once.
  static constexpr std::array<RoleName, 21> kStates{{
      {"open", "open"},
      {"acknowledged", "acknowledged"},
      {"disputed", "disputed"},
      {"resolved", "resolved"},
      {"suppressed", "suppressed"},
      {"åpen", "open"},
      {"öppen", "open"},
      {"åben", "open"},
      {"erkjent", "acknowledged"},
      {"erkjend", "acknowledged"},
      {"bekräftad", "acknowledged"},
      {"anerkendt", "acknowledged"},
      {"bestridt", "disputed"},
      {"omstridd", "disputed"},
      {"bestridd", "disputed"},
      {"løst", "resolved"},
      {"løyst", "resolved"},
      {"åtgärdad", "resolved"},
      {"avskrevet", "suppressed"},
      {"avskriven", "suppressed"},
      {"afskrevet", "suppressed"},
  }};
  const std::string w = fold(written);
  for (const auto& n : kStates)
    if (w == n.written || w == ascii(std::string(n.written))) return std::string(n.stored);
  return std::nullopt;
}

std::string review_role_name(std::string_view stored) {
  // msgid "role: <stored>": the stored names are also plain words ("union")
  // that the host's catalog translates otherwise.
  if (current() == Language::en) return std::string(stored);
  if (stored == "representative") return text("role: representative");
  if (stored == "union") return text("role: union");
  if (stored == "hr") return text("role: hr");
  return std::string(stored);
}

std::string suppression_pending(std::string_view by) {
  return by == "hr" ? text("suppression pending (HR agreed; the union or the representative to agree)")
                    : text("suppression pending (the union or the representative agreed; HR to agree)");
}

}  // namespace fairaudit::i18n
