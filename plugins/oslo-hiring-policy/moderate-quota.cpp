// oslo-hiring-policy/moderate-quota
//
// The qualification principle (kvalifikasjonsprinsippet: for the state
// statsansatteloven § 3 (1); for municipalities an unwritten rule of public
// employment law) makes the best-qualified applicant the one to hire. Two
// recorded grounds allow another choice: a moderate quota (moderat kvotering;
// for the state forskrift til statsansatteloven § 6 (2) and § 4 a), where a target-group applicant about as well
// qualified as the top-ranked one is preferred; or a decision reason in the
// case file. In Oslo kommune, Dok 24 Del D § 2.3 lets the unit head decide
// alone only where the unions agree on who ranks first, so a hire below the
// top needs its reason written down. The rule checks that one of the two is
// recorded whenever someone is hired below the number of openings.
#include <algorithm>
#include <string>
#include <vector>

#include "rules.hpp"

namespace fairaudit::oslo_hiring {
namespace {

bool in_quota_group(const Applicant& a, const Settings& s) {
  for (const auto& name : s.quota_groups)
    if (auto field = self_id_field_from_string(name); field && a.self_id.get(*field) == Answer::yes) return true;
  return false;
}

}  // namespace

void moderate_quota(const Round& round, const RuleContext& ctx, Sink& sink) {
  const auto hired = hires(round);
  if (hired.empty()) {
    sink.round_verdict(round, ctx.rule, Verdict::not_applicable, "no one has been hired in this round");
    return;
  }
  const int openings = std::max(1, round.position.openings);
  const bool reason_recorded = !round.decision_reason.empty();

  Evidence ev;
  ev.count("hired", static_cast<std::int64_t>(hired.size())).number("openings", openings);

  std::int64_t unranked = 0;
  int lowest_rank = 0;
  for (const Applicant* a : hired) {
    if (!a->assessment.rank)
      ++unranked;
    else
      lowest_rank = std::max(lowest_rank, *a->assessment.rank);
  }
  if (unranked > 0) {
    ev.count("hired_unranked", unranked).boolean("decision_reason_recorded", reason_recorded);
    sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                       "the ranking of the person hired is not recorded (hired without a rank: {hired_unranked})",
                       std::move(ev));
    return;
  }
  ev.number("hired_rank", lowest_rank);

  std::int64_t out_of_rank = 0, by_quota = 0;
  bool all_equal_with_top = true;
  std::vector<std::string> unjustified;
  for (const Applicant* a : hired) {
    if (*a->assessment.rank <= openings) continue;
    ++out_of_rank;
    const bool equal_with_top = a->assessment.equally_qualified_with_top.value_or(false);
    all_equal_with_top = all_equal_with_top && equal_with_top;
    if (equal_with_top && in_quota_group(*a, ctx.context))
      ++by_quota;
    else if (!reason_recorded)
      unjustified.push_back(a->id);
  }

  if (out_of_rank == 0) {
    sink.round_verdict(round, ctx.rule, Verdict::complies,
                       "everyone hired was ranked within the number of openings "
                       "(lowest rank hired: {hired_rank}; openings: {openings})",
                       std::move(ev));
    return;
  }
  ev.count("hired_below_top", out_of_rank)
      .boolean("equally_qualified_with_top", all_equal_with_top)
      .boolean("decision_reason_recorded", reason_recorded);

  if (unjustified.empty()) {
    // A recorded reason covers every hire; otherwise each was a moderate quota.
    // Which ground a hire declared stays out of the evidence (special-category
    // data); the reason says only that the moderate quota was the ground.
    const bool quota_only = by_quota == out_of_rank;
    sink.round_verdict(round, ctx.rule, Verdict::complies,
                       quota_only ? "the person hired was ranked {hired_rank}, and is recorded as equally qualified "
                                    "with the top-ranked applicant under a moderate quota"
                                  : "the person hired was ranked {hired_rank}, and a decision reason is recorded",
                       std::move(ev));
    return;
  }
  sink.round_verdict(round, ctx.rule, Verdict::breach,
                     "the person hired was ranked {hired_rank} (openings: {openings}), and neither a decision reason "
                     "nor a moderate-quota ground (a target-group applicant equally qualified with the top-ranked) "
                     "is recorded",
                     std::move(ev), std::move(unjustified), ctx.severity);
}

}  // namespace fairaudit::oslo_hiring
