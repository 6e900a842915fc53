#include "emit/disclosure.hpp"

#include <cmath>
#include <cstdio>

#include "common/enums.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit {

namespace {
constexpr common::EnumWords<Audience, 3> kAudience{{"internal", "representative", "union"}};
}

const char* to_string(Audience a) { return kAudience.name(a); }
std::optional<Audience> audience_from_string(const std::string& s) { return kAudience.value(s); }

std::string Disclosure::count_text(std::int64_t c) const { return small(c) ? small_text() : std::to_string(c); }

bool Disclosure::any_small(const Evidence& e) const {
  if (audience_ != Audience::union_) return false;
  for (const auto& [k, v] : e.entries())
    if (v.kind == EvidenceValue::Kind::count && small(v.i)) return true;
  return false;
}

bool is_derived(EvidenceValue::Kind k) {
  using K = EvidenceValue::Kind;
  return k == K::rate || k == K::ratio || k == K::p_value || k == K::statistic;
}

std::string value_text(const EvidenceValue& v, const Disclosure& d, bool hidden) {
  using K = EvidenceValue::Kind;
  char buf[64];
  // Words in the reader's language, numbers with its decimal mark, dates in
  // its form (i18n; English and ISO inside JSON and SARIF).
  if (is_derived(v.kind) && hidden) return i18n::text("(hidden: small numbers)");
  if (is_derived(v.kind) && !std::isfinite(v.d)) return i18n::text("undefined");
  switch (v.kind) {
    case K::null: return i18n::text("none");
    case K::boolean: return i18n::text(v.b ? "yes" : "no");
    case K::count: return d.count_text(v.i);
    case K::number: return std::to_string(v.i);
    case K::rate: std::snprintf(buf, sizeof buf, "%.1f%%", v.d * 100.0); return i18n::decimal(buf);
    case K::ratio: std::snprintf(buf, sizeof buf, "%.2f", v.d); return i18n::decimal(buf);
    case K::p_value:
      if (v.d < 0.001) return i18n::decimal("<0.001");
      std::snprintf(buf, sizeof buf, "%.3f", v.d);
      return i18n::decimal(buf);
    case K::statistic:
    case K::real: std::snprintf(buf, sizeof buf, "%.3g", v.d); return i18n::decimal(buf);
    case K::text: return v.s;
    case K::date: return i18n::date(v.t);
    case K::object: return i18n::text("(details)");
    case K::list: return i18n::text("(list)");
  }
  return "";
}

namespace {

// fill(), with text values looked up in the catalog of `rule_id` when given.
std::string fill_with(const std::string& text, const Evidence& e, const Disclosure& d, const std::string* rule_id) {
  const bool hidden = d.any_small(e);
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    // The text up to the next placeholder (or the end) as it is, in one piece.
    out.append(text, i, (open == std::string::npos ? text.size() : open) - i);
    if (open == std::string::npos) break;
    const std::size_t close = text.find('}', open + 1);
    if (close != std::string::npos) {
      std::string_view key(text.data() + open + 1, close - open - 1);
      if (const EvidenceValue* v = e.find(key)) {
        // A text value is a code from a controlled list ("recommendation");
        // the rule's catalog may have a word for it, else it stays as it is.
        if (rule_id && v->kind == EvidenceValue::Kind::text)
          out += i18n::rule_text(*rule_id, v->s);
        else
          out += value_text(*v, d, hidden);
        i = close + 1;
        continue;
      }
    }
    out += '{';  // not a placeholder: kept as written
    i = open + 1;
  }
  return out;
}

}  // namespace

std::string fill(const std::string& text, const Evidence& e, const Disclosure& d) {
  return fill_with(text, e, d, nullptr);
}

std::string fill_translated(const std::string& rule_id, const std::string& text, const Evidence& e,
                            const Disclosure& d) {
  if (i18n::current() == i18n::Language::en) return fill_with(text, e, d, nullptr);
  return fill_with(i18n::rule_text(rule_id, text), e, d, &rule_id);
}

}  // namespace fairaudit::emit
