#include "emit/disclosure.hpp"
#include "emit/sentences.hpp"  // code_words

#include <cmath>
#include <cstdio>

#include "common/enums.hpp"
#include "fairaudit/shapes.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit {

namespace {
constexpr common::EnumWords<Audience, 3> kAudience{{"internal", "representative", "union"}};
}

const char* to_string(Audience a) { return kAudience.name(a); }
std::optional<Audience> audience_from_string(const std::string& s) { return kAudience.value(s); }

std::string Disclosure::count_text(std::int64_t c) const { return small(c) ? small_text() : std::to_string(c); }

namespace {

namespace gc = shapes::group_comparison;

// The (pool, part) pairs whose difference is a cell of its own.
constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
    {gc::kPool, gc::kSelected},
    {gc::kReferencePool, gc::kReferenceSelected},
    {"strata_n", "strata_selected"},
    {"strata_reference_n", "strata_reference_selected"},
    {"unknown_count", "unknown_selected"},
};

std::ptrdiff_t index_of(const Evidence& e, std::string_view key) {
  const auto& en = e.entries();
  for (std::size_t i = 0; i < en.size(); ++i)
    if (en[i].first == key) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

bool is_group_entry(const Evidence& e) {
  const EvidenceValue* g = e.find(gc::kGroup);
  const EvidenceValue* n = e.find(gc::kPool);
  return g && g->kind == EvidenceValue::Kind::text && n && n->kind == EvidenceValue::Kind::count &&
         e.find(gc::kRate);
}

}  // namespace

bool is_derived_count(std::string_view key) { return key.starts_with("shortfall_"); }

std::vector<bool> Disclosure::withheld(const Evidence& e) const {
  std::vector<bool> out = withheld_here(e);
  if (audience_ != Audience::union_) return out;
  // The top of a group comparison repeats figures of its headline group (the
  // group it names, and the one its power is stated for): the verdict words
  // (`gates`), the smallest detectable ratio, and the two pools as
  // `detectable_n` and `detectable_reference_n`. Each goes where that group's
  // own value goes, or the top would give back what the entry hides.
  const EvidenceValue* groups = e.find(gc::kGroups);
  if (!groups || groups->kind != EvidenceValue::Kind::list) return out;
  const auto& en = e.entries();
  for (const char* headline : {gc::kGroup, "detectable_group"}) {
    const EvidenceValue* name = e.find(headline);
    if (!name || name->kind != EvidenceValue::Kind::text) continue;
    for (const auto& g : groups->children) {
      const EvidenceValue* gname = g.find(gc::kGroup);
      if (!gname || gname->kind != EvidenceValue::Kind::text || gname->s != name->s) continue;
      const std::vector<bool> gw = withheld_here(g);
      const auto hidden_in_group = [&](std::string_view key) {
        const auto i = index_of(g, key);
        return i >= 0 && gw[std::size_t(i)];
      };
      for (std::size_t i = 0; i < en.size(); ++i) {
        const std::string_view k = en[i].first;
        if (k == "detectable_n") out[i] = out[i] || hidden_in_group(gc::kPool);
        else if (k == "detectable_reference_n") out[i] = out[i] || hidden_in_group(gc::kReferencePool);
        else if (k != gc::kGroup && k != gc::kReferenceGroup) out[i] = out[i] || hidden_in_group(k);
      }
    }
  }
  return out;
}

std::vector<bool> Disclosure::withheld_here(const Evidence& e) const {
  using K = EvidenceValue::Kind;
  const auto& en = e.entries();
  std::vector<bool> out(en.size(), false);
  if (audience_ != Audience::union_) return out;
  // The cells: small counts, then pools whose complement is small.
  for (std::size_t i = 0; i < en.size(); ++i)
    if (en[i].second.kind == K::count && !is_derived_count(en[i].first) && small(en[i].second.i)) out[i] = true;
  for (const auto& [pool, part] : kPairs) {
    const auto p = index_of(e, pool), q = index_of(e, part);
    if (p < 0 || q < 0 || en[p].second.kind != K::count || en[q].second.kind != K::count) continue;
    if (out[p] || out[q]) continue;  // one of them withheld already: the difference cannot be taken
    if (small(en[p].second.i - en[q].second.i)) out[p] = true;
  }
  // Then the counts hidden across findings and tables (complements.hpp), by the
  // group they count, wherever the group appears in this entry.
  if (hidden_) {
    const auto mark = [&](std::string_view group_key, std::string_view pool, std::string_view part) {
      const EvidenceValue* g = e.find(group_key);
      if (!g || g->kind != K::text) return;
      for (const auto& [key, m] : {std::pair{pool, 'n'}, std::pair{part, 's'}})
        if (const auto i = index_of(e, key); i >= 0 && en[i].second.kind == K::count && hidden_->count({g->s, m}))
          out[i] = true;
    };
    mark(gc::kGroup, gc::kPool, gc::kSelected);
    mark(gc::kReferenceGroup, gc::kReferencePool, gc::kReferenceSelected);
  }
  auto withheld_key = [&](std::string_view k) {
    const auto i = index_of(e, k);
    return i >= 0 && out[i];
  };
  bool any = false;
  for (std::size_t i = 0; i < en.size(); ++i) any = any || out[i];
  if (!any) return out;
  const bool group = is_group_entry(e);
  const bool own = withheld_key(gc::kPool) || withheld_key(gc::kSelected);
  const bool ref = withheld_key(gc::kReferencePool) || withheld_key(gc::kReferenceSelected);
  for (std::size_t i = 0; i < en.size(); ++i) {
    if (out[i]) continue;
    const auto& [k, v] = en[i];
    const bool derived = is_derived(v.kind) || (v.kind == K::count && is_derived_count(k)) ||
                         (group && (v.kind == K::boolean || (v.kind == K::text && k != gc::kGroup &&
                                                              k != gc::kReferenceGroup)));
    if (!derived) continue;
    if (group && k == gc::kRate) out[i] = own;
    else if (group && k == gc::kReferenceRate) out[i] = ref;
    else out[i] = true;
  }
  return out;
}

Disclosure Disclosure::for_finding(const run::AuditFinding& af) const {
  Disclosure d = *this;
  d.hidden_ = complements_ ? complements_->finding(af) : nullptr;
  return d;
}

Disclosure Disclosure::for_check(const run::AuditCheck& ac) const {
  Disclosure d = *this;
  d.hidden_ = complements_ ? complements_->check(ac) : nullptr;
  return d;
}

bool Disclosure::run_applications_withheld(std::uint64_t applications) const {
  return small(static_cast<std::int64_t>(applications)) || (complements_ && complements_->run_applications());
}

std::string Disclosure::run_applications_text(std::uint64_t applications) const {
  if (small(static_cast<std::int64_t>(applications))) return small_text();
  if (run_applications_withheld(applications)) return i18n::text("hidden");
  return std::to_string(applications);
}

bool Disclosure::any_small(const Evidence& e) const {
  if (audience_ != Audience::union_) return false;
  const auto w = withheld(e);
  const auto& en = e.entries();
  for (std::size_t i = 0; i < en.size(); ++i)
    if (w[i] && en[i].second.kind == EvidenceValue::Kind::count && !is_derived_count(en[i].first)) return true;
  return false;
}

std::string shown_text(const EvidenceValue& v, const Disclosure& d, bool withheld, std::string_view key) {
  // A derived count shown is its number, small or not: it is not a cell.
  if (!withheld && v.kind == EvidenceValue::Kind::count && is_derived_count(key)) return std::to_string(v.i);
  if (!withheld) return value_text(v, d, false);
  if (v.kind == EvidenceValue::Kind::count && d.small(v.i) && !is_derived_count(key)) return d.small_text();
  return i18n::text("(hidden: small numbers)");
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
  const std::vector<bool> withheld = d.withheld(e);
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
      const auto& en = e.entries();
      std::size_t at = 0;
      while (at < en.size() && en[at].first != key) ++at;
      if (at < en.size()) {
        const EvidenceValue* v = &en[at].second;
        // A text value is a code from a controlled list ("recommendation");
        // the rule's catalog may have a word for it, else it stays as it is.
        if (withheld[at] || (v->kind == EvidenceValue::Kind::count && is_derived_count(key)))
          out += shown_text(*v, d, withheld[at], key);
        else if (rule_id && v->kind == EvidenceValue::Kind::text)
          out += code_words(*rule_id, v->s);  // a code, or a combination, in words
        else
          out += value_text(*v, d, false);
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
