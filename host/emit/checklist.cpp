// The one-round checklist (checklist.hpp).
#include "emit/checklist.hpp"

#include <algorithm>
#include <map>

#include "emit/sentences.hpp"
#include "fairaudit/shapes.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit {
namespace {

std::string plugin_of(const std::string& rule) { return rule.substr(0, rule.find('/')); }

// A rule concerns the representative when it reads the representative's
// record, routine, meetings or the round's documents (the recommendation,
// the applicant list sent to the unions), or feeds the representative's
// indicator: what the rule declares, never its name.
bool concerns_representative(const RuleInfo* info) {
  if (!info) return false;
  if (info->indicator == Indicator::representative_in_time) return true;
  auto needs = [&](Field f) { return std::find(info->needs.begin(), info->needs.end(), f) != info->needs.end(); };
  auto reads = [&](Field f) {
    return needs(f) ||
           std::find(info->needs_for_breach.begin(), info->needs_for_breach.end(), f) != info->needs_for_breach.end();
  };
  // The documents only where the rule is about them (not a panel change's
  // note that a breach would need).
  return reads(Field::representative) || reads(Field::representative_routine) || reads(Field::meetings) ||
         needs(Field::documents);
}

std::string text_of(const Evidence& e, const char* key) {
  const EvidenceValue* v = e.find(key);
  return v && v->kind == EvidenceValue::Kind::text ? v->s : std::string();
}

// A statistics check: one of several verdicts of a rule per round (a key),
// about one characteristic (the group comparison's `attribute`).
bool is_statistic(const Check& c) {
  return !c.key.empty() && !text_of(c.evidence, shapes::group_comparison::kAttribute).empty();
}

// A unit's pooled statistics line says more than the round's own lines only
// when the unit pooled more than one round and came to a verdict.
bool unit_has_data(const Check& c) {
  if (c.verdict == Verdict::not_applicable || c.verdict == Verdict::insufficient_data) return false;
  const EvidenceValue* rounds = c.evidence.find("rounds");
  if (rounds && (rounds->kind == EvidenceValue::Kind::count || rounds->kind == EvidenceValue::Kind::number))
    return rounds->i > 1;
  return true;
}

}  // namespace

Checklist build_checklist(const run::RunResult& r, const RenderContext& ctx) {
  Checklist out;
  // part -> plugin -> lines, and the statistics per plugin and attribute.
  std::map<std::pair<ChecklistPart, std::string>, std::vector<ChecklistLine>> lines;
  std::map<std::pair<std::string, std::string>, std::vector<const run::AuditCheck*>> stats;
  for (const auto& ac : r.checks) {
    const Check& c = ac.check;
    const std::string plugin = plugin_of(c.rule);
    if (is_statistic(c)) {
      if (c.scope != Scope::round && !unit_has_data(c)) {
        ++out.unit_lines_left_out;
        continue;
      }
      stats[{plugin, text_of(c.evidence, shapes::group_comparison::kAttribute)}].push_back(&ac);
      continue;
    }
    const auto info = ctx.rules.find(c.rule);
    const ChecklistPart part = concerns_representative(info == ctx.rules.end() ? nullptr : &info->second)
                                   ? ChecklistPart::representative
                                   : ChecklistPart::rules;
    ChecklistLine l;
    l.check = &ac;
    lines[{part, plugin}].push_back(std::move(l));
  }
  for (const auto& [key, checks] : stats) {
    auto& into = lines[{ChecklistPart::statistics, key.first}];
    const bool found = std::any_of(checks.begin(), checks.end(),
                                   [](const run::AuditCheck* a) { return a->check.verdict == Verdict::breach; });
    if (found) {
      for (const auto* a : checks) {
        ChecklistLine l;
        l.check = a;
        into.push_back(std::move(l));
      }
      continue;
    }
    ChecklistLine l;
    l.attribute = code_words(checks.front()->check.rule, key.second);
    l.checks = checks.size();
    for (const auto* a : checks) ++l.by_verdict[static_cast<std::size_t>(a->check.verdict)];
    l.verdict = l.by_verdict[static_cast<std::size_t>(Verdict::complies)]          ? Verdict::complies
                : l.by_verdict[static_cast<std::size_t>(Verdict::insufficient_data)] ? Verdict::insufficient_data
                                                                                      : Verdict::not_applicable;
    into.push_back(std::move(l));
  }
  for (auto& [key, ls] : lines) out.groups.push_back({key.first, key.second, std::move(ls)});
  // Within a part, the plugin with the most lines first (the representative's
  // own plugin before a process rule or two of another), then by name.
  std::stable_sort(out.groups.begin(), out.groups.end(), [](const ChecklistGroup& a, const ChecklistGroup& b) {
    if (a.part != b.part) return a.part < b.part;
    return a.lines.size() > b.lines.size();
  });
  return out;
}

std::string part_heading(ChecklistPart p) {
  switch (p) {
    case ChecklistPart::representative: return i18n::text("For the representative");
    case ChecklistPart::rules: return i18n::text("The other rules");
    case ChecklistPart::statistics: return i18n::text("Statistics");
  }
  return {};
}

const char* plugin_heading_msgid(const std::string& plugin) {
  // Plain headings for the bundled plugins; each is a msgid of the host's
  // catalog. The SDK's PluginInfo has no field for a heading, so the host
  // keeps them; tests/i18n fails for a bundled plugin missing here.
  static const std::map<std::string, const char*, std::less<>> kHeadings{
      {"representative-involvement", "The representative's part in the hiring"},
      {"oslo-hiring-policy", "Oslo kommune's hiring rules"},
      {"process-integrity", "The order of events"},
      {"rejection-reasons", "Reasons for rejection"},
      {"panel-composition", "Interview panels"},
      {"interview-call-diversity", "Who went on at each stage"},
      {"se-active-measures", "Active measures (Sweden)"},
      {"dk-priority-access", "Priority access (Denmark)"},
      {"host", "fairaudit's own checks"},
  };
  auto it = kHeadings.find(plugin);
  return it == kHeadings.end() ? nullptr : it->second;
}

std::string plugin_heading(const std::string& plugin) {
  if (const char* msgid = plugin_heading_msgid(plugin)) return i18n::text(msgid) + " (" + plugin + ")";
  return plugin;
}

std::string rule_summary(const RenderContext& ctx, const std::string& rule_id) {
  auto it = ctx.rules.find(rule_id);
  return it == ctx.rules.end() || it->second.summary.empty() ? std::string()
                                                             : i18n::rule_text(rule_id, it->second.summary);
}

std::string rule_basis(const RenderContext& ctx, const std::string& rule_id) {
  auto it = ctx.rules.find(rule_id);
  return it == ctx.rules.end() || it->second.basis.empty() ? std::string() : i18n::rule_text(rule_id, it->second.basis);
}

std::string collapsed_text(const ChecklistLine& l) {
  std::string out = l.attribute + ": " + i18n::plural(l.checks, "check", "checks") + ", " +
                    i18n::text("nothing found") + " (";
  bool first = true;
  auto part = [&](Verdict v, const char* word) {
    const std::uint64_t n = l.by_verdict[static_cast<std::size_t>(v)];
    if (!n) return;
    out += (first ? "" : ", ") + i18n::text(word) + ": " + std::to_string(n);
    first = false;
  };
  part(Verdict::complies, "complies");
  part(Verdict::not_applicable, "not applicable");
  part(Verdict::insufficient_data, "insufficient data");
  return out + ")";
}

}  // namespace fairaudit::emit
