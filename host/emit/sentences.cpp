// Evidence in sentences (sentences.hpp).
#include "emit/sentences.hpp"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "fairaudit/shapes.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit {
namespace {

namespace gc = shapes::group_comparison;
using K = EvidenceValue::Kind;

// A translated sentence with its {placeholders} replaced by the words given.
std::string words(std::string text, std::initializer_list<std::pair<const char*, std::string>> values) {
  for (const auto& [key, value] : values) {
    const std::string mark = std::string("{") + key + "}";
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
      text.replace(at, mark.size(), value);
  }
  return text;
}

std::string printed(const char* format, double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return i18n::decimal(buf);
}

// A rate as a whole percentage with a space before the sign, as the Nordic
// languages write it ("25 %").
std::string rate_percent(double rate) { return printed("%.0f %%", rate * 100.0); }
std::string ratio(double r) { return printed("%.2f", r); }
// p with two decimals, three below 0.01, and "< 0.001" below that.
std::string p_text(double p) {
  if (p < 0.001) return i18n::decimal("< 0.001");
  return "= " + printed(p < 0.01 ? "%.3f" : "%.2f", p);
}

const EvidenceValue* number_of(const Evidence& e, const char* key, K kind) {
  const EvidenceValue* v = e.find(key);
  return v && v->kind == kind && (kind == K::count || std::isfinite(v->d)) ? v : nullptr;
}

// A code of the evidence (a group, a stage) in the reader's words, a
// combination ("man+no") part by part; English keeps the code as written.
std::string code(const std::string& rule_id, const Evidence& e, const char* key) {
  const EvidenceValue* v = e.find(key);
  if (!v || v->kind != K::text) return std::string();
  return i18n::current() == i18n::Language::en ? v->s : code_words(rule_id, v->s);
}

std::string text_value(const Evidence& e, const char* key) {
  const EvidenceValue* v = e.find(key);
  return v && v->kind == K::text ? v->s : std::string();
}

}  // namespace

std::string count_words(std::int64_t count, const Disclosure& d) {
  if (d.small(count)) return words(i18n::text("fewer than {min_cell}"), {{"min_cell", std::to_string(d.min_cell())}});
  return std::to_string(count);
}

std::string code_words(const std::string& rule_id, const std::string& value) {
  // A list of codes ("religion_or_belief, sexual_orientation"), code by code.
  if (const std::size_t comma = value.find(", ");
      comma != std::string::npos && comma > 0 && value.find_first_of(".;:()") == std::string::npos) {
    std::string out;
    for (std::size_t from = 0; from <= value.size();) {
      std::size_t end = value.find(", ", from);
      if (end == std::string::npos) end = value.size();
      out += (from ? ", " : "") + code_words(rule_id, value.substr(from, end - from));
      from = end + 2;
    }
    return out;
  }
  // A combination of codes ("gender+immigrant_background", "man+no"), part by part.
  if (const std::size_t plus = value.find('+'); plus != std::string::npos && plus > 0 && plus + 1 < value.size())
    return code_words(rule_id, value.substr(0, plus)) + " + " + code_words(rule_id, value.substr(plus + 1));
  std::string word = i18n::rule_text(rule_id, value);
  if (word != value) return word;
  // The codes the host knows the meaning of whichever plugin writes them (a
  // four-fifths outcome, a gate, an adjustment, a step), as msgid
  // "value: <code>": the codes are also plain words ("run", "none") that the
  // host's catalog translates otherwise. English keeps the code's own words.
  static const std::set<std::string_view> kHostCodes{
      "adverse",
      "not_adverse",
      "both",
      "neither",
      "practical_only",
      "statistical_only",
      "holm",
      "benjamini_hochberg",
      "none",
      "round",
      "run",
      "highest_rate",
      "largest_group",
      "declared",
      "error",
      "warning",
      "note",
      "insufficient_data",
      "decision",
      "recommendation",
      "act",
      "analyse",
      "investigate",
      "follow_up",
      "disability",
      "not recorded",
  };
  if (i18n::current() != i18n::Language::en && kHostCodes.count(value)) {
    const std::string msgid = "value: " + value;
    if (std::string t = i18n::text(msgid); t != msgid) return t;
  }
  const bool code = !value.empty() && value.find('_') != std::string::npos &&
                    value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (code)
    for (char& c : word)
      if (c == '_') c = ' ';
  return word;
}

bool is_group_comparison(const Evidence& e) {
  const EvidenceValue* g = e.find(gc::kGroups);
  return g && g->kind == K::list && !g->children.empty() && g->children.front().find(gc::kRate);
}

std::string group_sentence(const std::string& rule_id, const Evidence& top, const Evidence& g, const Disclosure& d) {
  // The rule of the details table and JSON (Disclosure::withheld): of the
  // group's entry, exactly the withheld cells and what derives from them are
  // left out — a small count, a pool whose complement is small (the sentence
  // would otherwise give "22 of 24" and with it the 2 not selected), and the
  // rates, ratio, four-fifths word and p-values computed from them.
  const std::vector<bool> withheld = d.withheld(g);
  const auto is_withheld = [&](const char* key) {
    const auto& entries = g.entries();
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (entries[i].first == key) return static_cast<bool>(withheld[i]);
    return false;
  };
  const EvidenceValue* n = number_of(g, gc::kPool, K::count);
  const EvidenceValue* sel = number_of(g, gc::kSelected, K::count);
  const EvidenceValue* rn = number_of(g, gc::kReferencePool, K::count);
  const EvidenceValue* rsel = number_of(g, gc::kReferenceSelected, K::count);
  if (!n || !sel || !rn || !rsel) return {};
  const bool cells_withheld = is_withheld(gc::kPool) || is_withheld(gc::kSelected) ||
                              is_withheld(gc::kReferencePool) || is_withheld(gc::kReferenceSelected);
  const bool hidden = cells_withheld || is_withheld(gc::kRate) || is_withheld(gc::kReferenceRate) ||
                      is_withheld(gc::kImpactRatio) || is_withheld(gc::kFourFifths) || is_withheld("p_value");
  // A count as the sentence may give it: the number, "fewer than 5", or — a
  // pool whose complement is small — "a number not shown".
  const auto cell = [&](const EvidenceValue* v, const char* key) {
    if (d.small(v->i)) return count_words(v->i, d);
    if (is_withheld(key)) return i18n::text("a number not shown");
    return std::to_string(v->i);
  };
  const std::string group = code(rule_id, g, gc::kGroup);
  std::string reference = code(rule_id, g, gc::kReferenceGroup);
  if (reference.empty()) reference = code(rule_id, top, gc::kReferenceGroup);
  const std::string from = code(rule_id, top, gc::kStageFrom), to = code(rule_id, top, gc::kStageTo);

  std::string out;
  if (n->i == 0 && !d.small(0))
    return words(i18n::text("{group}: nobody reached {from}, so there is nothing to compare."),
                 {{"group", group}, {"from", from}});
  const EvidenceValue* rate = number_of(g, gc::kRate, K::rate);
  const EvidenceValue* rrate = number_of(g, gc::kReferenceRate, K::rate);
  const EvidenceValue* ir = number_of(g, gc::kImpactRatio, K::ratio);
  if (hidden || !rate || !rrate) {
    // A group's rate derives from its own counts only: where they are shown,
    // so is its rate, as in the details table and JSON.
    const bool own_rate = hidden && rate && !is_withheld(gc::kRate);
    const bool reference_rate = hidden && rrate && !is_withheld(gc::kReferenceRate);
    out = words(i18n::text("{group}: {selected} of {n} who reached {from} went on to {to}{rate}, against "
                           "{reference_selected} of {reference_n} in {reference}{reference_rate}."),
                {{"group", group},
                 {"selected", cell(sel, gc::kSelected)},
                 {"n", cell(n, gc::kPool)},
                 {"from", from},
                 {"to", to},
                 {"rate", own_rate ? " (" + rate_percent(rate->d) + ")" : std::string()},
                 {"reference_selected", cell(rsel, gc::kReferenceSelected)},
                 {"reference_n", cell(rn, gc::kReferencePool)},
                 {"reference", reference},
                 {"reference_rate", reference_rate ? " (" + rate_percent(rrate->d) + ")" : std::string()}});
    if (own_rate || reference_rate) {
      out += " " + words(own_rate && reference_rate
                             ? i18n::text("The ratio and the p-values are not shown, as a count is below {min_cell}.")
                             : i18n::text("The other rate, the ratio and the p-values are not shown, as a count is "
                                          "below {min_cell}."),
                         {{"min_cell", std::to_string(d.min_cell())}});
      return out;
    }
    if (hidden)
      out += " " + words(i18n::text("Rates, ratios and p-values are not shown, as a count is below {min_cell}."),
                         {{"min_cell", std::to_string(d.min_cell())}});
    return out;
  }
  out = words(i18n::text("{group}: {selected} of {n} who reached {from} went on to {to} ({rate}), against "
                         "{reference_selected} of {reference_n} in {reference} ({reference_rate})"),
              {{"group", group},
               {"selected", std::to_string(sel->i)},
               {"n", std::to_string(n->i)},
               {"from", from},
               {"to", to},
               {"rate", rate_percent(rate->d)},
               {"reference_selected", std::to_string(rsel->i)},
               {"reference_n", std::to_string(rn->i)},
               {"reference", reference},
               {"reference_rate", rate_percent(rrate->d)}});
  if (ir)
    out += words(i18n::text(": impact ratio {ratio}."), {{"ratio", ratio(ir->d)}});
  else
    out += ".";
  const EvidenceValue* ff = g.find(gc::kFourFifths);
  const EvidenceValue* line = number_of(top, gc::kThreshold, K::real);
  if (ir && ff && ff->kind == K::text && ff->s == gc::kAdverse)
    out += " " + words(i18n::text("That is below the four-fifths line ({threshold})."),
                       {{"threshold", ratio(line ? line->d : 0.8)}});
  // Pooled over rounds, the verdict compares each round with itself
  // (Mantel-Haenszel): the figures added up over the rounds can show equal
  // rates where, round by round, one group fared worse.
  const EvidenceValue* mh = number_of(g, "mh_rate_ratio", K::ratio);
  const EvidenceValue* strata = g.find("strata");
  if (mh && !is_withheld("mh_rate_ratio") && strata && strata->kind == K::number) {
    out += " " + words(i18n::text("Compared within each of the {strata} rounds with both groups, the rate ratio is "
                                  "{ratio}."),
                      {{"strata", std::to_string(strata->i)}, {"ratio", ratio(mh->d)}});
    const bool crude_adverse = ir && ff && ff->kind == K::text && ff->s == gc::kAdverse;  // the line said already
    if (mh->d < (line ? line->d : 0.8) && !crude_adverse)
      out += " " + words(i18n::text("That is below the four-fifths line ({threshold})."),
                         {{"threshold", ratio(line ? line->d : 0.8)}});
  }

  // What chance says, before and after the family's adjustment.
  const EvidenceValue* p = number_of(g, "p_value", K::p_value);
  if (!p) return out;
  const EvidenceValue* padj = number_of(g, "p_adjusted", K::p_value);
  const EvidenceValue* size = top.find("family_size");
  const EvidenceValue* sig = g.find("statistical_significance");
  const bool significant = sig && sig->kind == K::boolean ? sig->b : false;
  const std::string chance = p->d < 0.01 ? i18n::text("less than 1 %") : rate_percent(p->d);
  out += " " + words(i18n::text("A difference this large happens by chance in {chance} of such rounds (p {p})"),
                     {{"chance", chance}, {"p", p_text(p->d)}});
  const std::string method = text_value(top, "adjustment");
  if (padj && size && size->kind == K::number && size->i > 1 && !method.empty() && method != "none") {
    const std::string family = text_value(top, "family");
    out += words(i18n::text("; adjusted for the {comparisons} made in this {family} ({method}), p {p_adjusted}"),
                 {{"comparisons", i18n::plural(static_cast<std::uint64_t>(size->i), "comparison", "comparisons")},
                  {"family", family == "run" ? i18n::text("run") : i18n::text("round")},
                  {"method", method == "holm" ? i18n::text("Holm's method")
                             : method == "benjamini_hochberg" ? i18n::text("Benjamini-Hochberg")
                                                              : method},
                  {"p_adjusted", p_text(padj->d)}});
  }
  out += significant ? i18n::text(", so it is significant.") : i18n::text(", so it is not significant.");
  return out;
}

std::vector<std::string> evidence_sentences(const std::string& rule_id, const Evidence& e, const Disclosure& d) {
  std::vector<std::string> out;
  if (!is_group_comparison(e)) return out;
  for (const auto& g : e.find(gc::kGroups)->children)
    if (std::string s = group_sentence(rule_id, e, g, d); !s.empty()) out.push_back(std::move(s));
  return out;
}

namespace {

// `value` without `prefix` and `suffix`, or nullopt when it does not have them.
std::optional<std::string> between(std::string_view value, std::string_view prefix, std::string_view suffix) {
  if (value.size() < prefix.size() + suffix.size() || !value.starts_with(prefix) || !value.ends_with(suffix))
    return std::nullopt;
  return std::string(value.substr(prefix.size(), value.size() - prefix.size() - suffix.size()));
}

std::string adjustment_words(const std::string& method) {
  if (method == "holm") return i18n::text("Holm's method");
  if (method == "benjamini_hochberg") return i18n::text("Benjamini-Hochberg");
  if (method == "none") return i18n::text("no adjustment");
  return method;
}

}  // namespace

std::string method_words(const std::string& rule_id, const std::string& value) {
  // English is the note itself, byte for byte, whatever its codes.
  if (i18n::current() == i18n::Language::en) return value;
  // The notes interview-call-diversity writes; each English text a msgid of
  // the host's catalog, the varying parts as {placeholders}.
  static const std::set<std::string_view> kFixed{
      "two gates: practical significance (below the threshold or +2 test, not reversed by the flip test, UGESP "
      "Q&A 21) and statistical significance after multiple-testing control; both give a finding at the policy's "
      "severity, one gate alone a note (monitor), neither complies",
      "Lancaster mid-p, one-sided (focal group selected less)",
      "pooled two-proportion Z",
      "Katz log interval for the impact ratio, 0.5 added to empty cells",
      "shortfall, flip test (UGESP Q&A 21), +2 test",
      "smallest impact ratio found with the stated power by a one-sided test at alpha, normal approximation for "
      "two proportions (Fleiss, Levin & Paik 2003, § 4.2)",
  };
  if (kFixed.count(value)) return i18n::text(value);
  if (auto threshold = between(value, "four-fifths rule, UGESP 29 CFR 1607.4(D), on the Mantel-Haenszel rate ratio "
                                      "across the rounds with both groups (mh_rate_ratio) against ",
                               "; impact_ratio and four_fifths show the crude totals; each group against the group "
                               "it is selected less often than within rounds"))
    return words(i18n::text("four-fifths rule, UGESP 29 CFR 1607.4(D), on the Mantel-Haenszel rate ratio across the "
                            "rounds with both groups (mh_rate_ratio) against {threshold}; impact_ratio and four_fifths "
                            "show the crude totals; each group against the group it is selected less often than "
                            "within rounds"),
                 {{"threshold", *threshold}});
  if (auto rest = between(value, "four-fifths rule, UGESP 29 CFR 1607.4(D), integer comparison ",
                          " among groups of at least min_cell")) {
    const auto at = rest->find("; reference: ");
    if (at != std::string::npos)
      return words(i18n::text("four-fifths rule, UGESP 29 CFR 1607.4(D), integer comparison {threshold}; "
                              "reference: {reference} among groups of at least min_cell"),
                   {{"threshold", rest->substr(0, at)},
                    {"reference", code_words(rule_id, rest->substr(at + std::string_view("; reference: ").size()))}});
  }
  // "<test>; p_adjusted by <adjustment> over the <family> family, compared with family_level"
  static const std::pair<std::string_view, const char*> kTests[] = {
      {"Cochran-Mantel-Haenszel with continuity correction across rounds",
       "Cochran-Mantel-Haenszel with continuity correction across rounds; p_adjusted by {adjustment} over the "
       "{family} family, compared with family_level"},
      {"Fisher exact, two-sided (R convention, relative tolerance 1e-7)",
       "Fisher exact, two-sided (R convention, relative tolerance 1e-7); p_adjusted by {adjustment} over the "
       "{family} family, compared with family_level"}};
  for (const auto& [test, msgid] : kTests) {
    auto rest = between(value, std::string(test) + "; p_adjusted by ", " family, compared with family_level");
    if (!rest) continue;
    const auto at = rest->find(" over the ");
    if (at == std::string::npos) break;
    const std::string family = rest->substr(at + std::string_view(" over the ").size());
    if (family != "round" && family != "run") break;
    return words(i18n::text(msgid), {{"adjustment", adjustment_words(rest->substr(0, at))},
                                     {"family", family == "run" ? i18n::text("run") : i18n::text("round")}});
  }
  return value;
}

std::string heading(std::string_view key) {
  // English headings; each is a msgid of the host's catalog.
  static const std::map<std::string_view, const char*> kHeadings{
      {"group", "Group"},
      {"n", "In the pool"},
      {"selected", "Went on"},
      {"rate", "Rate"},
      {"reference_group", "Compared with"},
      {"reference_n", "Reference pool"},
      {"reference_selected", "Reference went on"},
      {"reference_rate", "Reference rate"},
      {"impact_ratio", "Impact ratio"},
      {"four_fifths", "Four-fifths rule"},
      {"outcome", "Outcome"},
      {"expected_selected", "Expected to go on"},
      {"fisher_p_two_sided", "Fisher p, two-sided"},
      {"fisher_p_one_sided", "Fisher p, one-sided"},
      {"fisher_mid_p", "Mid-p, one-sided"},
      {"z", "Z statistic"},
      {"ci_low", "Impact ratio, lower 95 % limit"},
      {"ci_high", "Impact ratio, upper 95 % limit"},
      {"shortfall_parity", "Short of parity"},
      {"shortfall_four_fifths", "Short of four-fifths"},
      {"flip_reverses", "Flip test reverses it"},
      {"plus_two_significant", "+2 test significant"},
      {"cmh_chi2", "Mantel-Haenszel chi-square"},
      {"cmh_p", "Mantel-Haenszel p"},
      {"mh_odds_ratio", "Mantel-Haenszel odds ratio"},
      {"mh_rate_ratio", "Mantel-Haenszel rate ratio"},
      {"strata", "Rounds pooled"},
      {"strata_n", "In the pool, rounds with both groups"},
      {"strata_selected", "Went on, rounds with both groups"},
      {"strata_reference_n", "Reference pool, rounds with both groups"},
      {"strata_reference_selected", "Reference went on, rounds with both groups"},
      {"p_value", "p"},
      {"p_adjusted", "p, adjusted"},
      {"practical_significance", "Practically significant"},
      {"statistical_significance", "Statistically significant"},
      {"gates", "Gates passed"},
      {"detectable_impact_ratio", "Smallest detectable impact ratio"},
      {"sufficient", "Enough data"},
      {"attribute", "Characteristic"},
      {"stage_from", "From stage"},
      {"stage_to", "To stage"},
      {"threshold", "Four-fifths line"},
      {"alpha", "Significance level"},
      {"family", "Comparisons adjusted together"},
      {"adjustment", "Adjustment"},
      {"family_level", "Level after adjustment"},
      {"family_size", "Comparisons in the family"},
      {"groups", "Groups compared"},
      {"rounds", "Rounds"},
      // The bundled plugins' own evidence (tests/i18n/html_headings_test
      // fails for a key a bundled fixture shows without a heading here).
      {"act_at", "Act step at"},
      {"advertised_at", "Advertised at"},
      {"after_closing", "Applied after closing"},
      {"after_exit", "After leaving the round"},
      {"agrees", "The representative agrees"},
      {"analyse_at", "Analyse step at"},
      {"applicant_list_in_time", "Applicant list in time"},
      {"applicant_list_sent", "Applicant list sent"},
      {"applicants", "Applicants"},
      {"applicants_with_events", "Applicants with events"},
      {"applications", "Applications"},
      {"area", "Area"},
      {"as_of", "As of"},
      {"attended", "Attended"},
      {"before_advertised", "Applied before the advertisement"},
      {"before_step", "Step it came before"},
      {"breakdown", "Breakdown"},
      {"calendar", "Calendar"},
      {"called", "Called to interview"},
      {"closes_at", "Application deadline"},
      {"code_not_on_list", "Code not on the list"},
      {"deadline", "Deadline"},
      {"deadline_kind", "Deadline for"},
      {"decision", "Decision"},
      {"decision_at", "Decision at"},
      {"decision_reason_recorded", "Reason for the decision recorded"},
      {"declared", "Declared"},
      {"declared_unassessed", "Declared, not assessed"},
      {"declined", "Declined to answer"},
      {"detectable_group", "Group the power is for"},
      {"detectable_n", "Pool needed to detect it"},
      {"detectable_reference_n", "Reference pool needed to detect it"},
      {"distinct_panels", "Different panels"},
      {"documented_at", "Documented at"},
      {"equality_statement", "Equality statement"},
      {"equally_qualified_with_top", "As qualified as the top-ranked"},
      {"escalated_at", "Raised further at"},
      {"exclude_share", "Share excluded"},
      {"excluded", "Left out"},
      {"explanation_at", "Explanation given at"},
      {"filled_at", "Filled at"},
      {"first_interview_at", "First interview"},
      {"first_invitation", "First invitation"},
      {"follow_up_at", "Follow-up at"},
      {"for_review", "For review"},
      {"formal_requirements_not_met", "Formal requirements not met"},
      {"formal_requirements_not_recorded", "Formal requirements not recorded"},
      {"grounds_required", "Grounds required"},
      {"group_count", "Groups"},
      {"hired", "Hired"},
      {"hired_below_top", "Hired below the top-ranked"},
      {"hired_declared", "Hired who declared it"},
      {"hired_not_declared", "Hired who did not declare it"},
      {"hired_not_interviewed", "Hired without an interview"},
      {"hired_rank", "Rank of the person hired"},
      {"hired_unranked", "Hired without a rank"},
      {"holders", "Holders of priority access"},
      {"interviewed_after_decision", "Interviewed after the decision"},
      {"interviews", "Interviews"},
      {"interviews_below_minimum", "Interviews below the minimum"},
      {"investigate_at", "Investigate step at"},
      {"invited", "Invited"},
      {"invited_at", "Invited at"},
      {"invited_in_time", "Invited in time"},
      {"invited_late", "Invited late"},
      {"invited_not_assessed", "Invited, not assessed"},
      {"invoked", "Priority access invoked"},
      {"jurisdiction", "Jurisdiction"},
      {"known_answers", "Known answers"},
      {"last_interview_at", "Last interview"},
      {"lowest_rank_hired", "Lowest rank hired"},
      {"met_at", "Met at"},
      {"min_employees", "Smallest number of employees"},
      {"min_panel_size", "Smallest panel allowed"},
      {"min_pool", "Smallest pool"},
      {"missing_grounds", "Missing grounds"},
      {"missing_roles", "Missing roles"},
      {"missing_steps", "Missing steps"},
      {"negotiation_at", "Negotiation at"},
      {"no_answer", "No answer"},
      {"no_reason_code", "No reason code"},
      {"no_rejection_recorded", "No rejection recorded"},
      {"not_asked", "Not asked"},
      {"not_recorded", "Not recorded"},
      {"openings", "Positions"},
      {"org_unit", "Unit"},
      {"out_of_order", "Out of order"},
      {"panel_change_recorded", "Panel change recorded"},
      {"panels_without_representative", "Panels without the representative"},
      {"passed_over", "Passed over"},
      {"period", "Period"},
      {"power", "Power"},
      {"qualified", "Qualified"},
      {"qualified_not_hired", "Qualified, not hired"},
      {"ranked_above_and_rejected", "Ranked above and rejected"},
      {"received_at", "Received at"},
      {"recommendation", "Recommendation"},
      {"recommendation_at", "Recommendation at"},
      {"recommendation_in_time", "Recommendation in time"},
      {"recommendation_sent", "Recommendation sent"},
      {"reference_mode", "Compared with"},
      {"referrals", "Referrals"},
      {"referred", "Referred"},
      {"rejected", "Rejected"},
      {"reported_below", "Reported below"},
      {"required_working_days", "Working days required"},
      {"reserved_for", "Reserved for"},
      {"review_reason_codes", "Reason codes for a second look"},
      {"role", "Role"},
      {"rounds_left_out", "Rounds left out"},
      {"same_as", "Same panel as"},
      {"single_gender_panels", "Single-gender panels"},
      {"smallest_panel", "Smallest panel"},
      {"statement_at", "Statement at"},
      {"step", "Step"},
      {"steps_not_due", "Steps not yet due"},
      {"trekantmoter", "Trekantmøter"},
      {"undetermined_panels", "Panels of unknown composition"},
      {"unit_rounds", "Rounds of the unit"},
      {"unknown", "Unknown"},
      {"unknown_count", "Not known"},
      {"unknown_selected", "Not known, went on"},
      {"unknown_share", "Share not known"},
      {"version", "Version"},
      {"waiver", "Exemption"},
      {"withdrew", "Withdrew"},
      {"withdrew_before_interviews", "Withdrew before the interviews"},
      {"working_days", "Working days"},
      {"year", "Year"},
      // The method notes (method_words), headed as the key reads.
      {"impact_ratio_method", "impact ratio method"},
      {"significance_method", "significance method"},
      {"verdict_method", "verdict method"},
      {"mid_p_method", "mid p method"},
      {"z_method", "z method"},
      {"ci_method", "ci method"},
      {"practical_significance_method", "practical significance method"},
      {"detectable_method", "detectable method"},
  };
  if (auto it = kHeadings.find(key); it != kHeadings.end()) return i18n::text(it->second);
  std::string s(key);
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

}  // namespace fairaudit::emit
