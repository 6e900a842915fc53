#include "emit/html/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "emit/chart.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit::html {

std::string esc(std::string_view s) { return html_escape(s); }

std::string humanise(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
  return i18n::decimal(buf);
}

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return i18n::decimal(buf);
}

std::string anchor(const std::string& rule_id) {
  std::string a = "rule-";
  for (char c : rule_id) a += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
  return a;
}

std::string severity_word(Severity s, std::uint64_t n) {
  switch (s) {
    case Severity::error: return i18n::plural_word(n, "error", "errors");
    case Severity::warning: return i18n::plural_word(n, "warning", "warnings");
    case Severity::note: return i18n::plural_word(n, "note", "notes");
  }
  return "";
}

}  // namespace fairaudit::emit::html
