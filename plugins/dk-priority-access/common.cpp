// Small helpers the rule files share.
#include "rules.hpp"

namespace fairaudit::dk_priority {

const StageEvent* invitation(const Applicant& a) {
  if (const auto* e = a.first(Stage::interview_invited)) return e;
  return a.first(Stage::interview_held);
}

PriorityAccess priority_access(const Round& round) {
  PriorityAccess pa;
  pa.referrals_recorded = round.coverage.has(Field::jobcenter_referral);
  for (const auto& a : round.applicants) {
    const bool invoked = a.self_id.priority_access == Answer::yes;
    if (invoked) ++pa.invoked;
    bool holds = false;
    if (a.referred_by_jobcenter) {
      holds = true;
    } else if (invoked) {
      if (!a.assessment.meets_formal_requirements) {
        ++pa.formal_unknown;
      } else if (!*a.assessment.meets_formal_requirements) {
        ++pa.formal_not_met;
      } else {
        holds = true;
      }
    }
    if (!holds) continue;
    // One who withdrew without having been called owed the employer nothing.
    if (a.reached(Stage::withdrawn) && !invitation(a)) {
      ++pa.withdrew;
      continue;
    }
    if (a.referred_by_jobcenter) ++pa.referred;
    pa.holders.push_back(&a);
  }
  return pa;
}

std::optional<Timestamp> filled_at(const Round& round) {
  std::optional<Timestamp> first_hire;
  for (const auto& a : round.applicants)
    if (const auto* h = a.first(Stage::hired); h && (!first_hire || h->at < *first_hire)) first_hire = h->at;
  if (!first_hire) return std::nullopt;
  return round.decision_at ? round.decision_at : first_hire;
}

Evidence priority_evidence(const PriorityAccess& pa) {
  Evidence ev;
  ev.count("holders", static_cast<std::int64_t>(pa.holders.size()))
      .count("invoked", pa.invoked)
      .count("formal_requirements_not_met", pa.formal_not_met)
      .count("formal_requirements_not_recorded", pa.formal_unknown);
  if (pa.referrals_recorded)
    ev.count("referred", pa.referred);
  else
    ev.text("referrals", "not recorded");
  if (pa.withdrew > 0) ev.count("withdrew", pa.withdrew);
  return ev;
}

}  // namespace fairaudit::dk_priority
