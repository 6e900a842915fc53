// interview-call-diversity/missing-group — a group the policy expects (e.g.
// women, men) is absent from the applicant pool altogether. No selection rate
// can show a disparity for a group that never applied, so this is the
// outreach signal of the activity duty's "undersøke" step
// (likestillings- og diskrimineringsloven § 26) and of active measures in
// recruitment (diskrimineringslagen 3 kap.).
#include "rules.hpp"

namespace icd {

void missing_group(const Round& r, const Call& call, fairaudit::Sink& sink) {
  const Config& c = call.context.config;
  for (const auto& [attr, group] : c.expected_groups) {
    std::int64_t total = 0, known = 0, in_group = 0;
    for (const auto& p : r.applicants) {
      ++total;
      Answer ans = answer_of(attr, p);
      if (!ans.known()) continue;
      ++known;
      if (ans.value == group) ++in_group;
    }
    fairaudit::Verdict v;
    std::string reason;
    if (known < c.missing_group_min_pool) {
      v = total == 0 ? fairaudit::Verdict::not_applicable : fairaudit::Verdict::insufficient_data;
      reason = "Too few applicants answered {attribute} to tell whether {group} is missing from the pool.";
    } else if (in_group == 0) {
      v = fairaudit::Verdict::breach;
      reason = "No applicant in the pool declared {attribute} {group}: the advertisement did not reach this group.";
    } else {
      v = fairaudit::Verdict::complies;
      reason = "Applicants who declared {attribute} {group} are in the pool.";
    }
    // Built only when someone reads it: a breach's finding, or the checklist.
    Evidence e;
    if (v == fairaudit::Verdict::breach || sink.wants_check_evidence()) {
      e.text("attribute", attr.name);
      e.text("group", group);
      e.count("applicants", total);
      e.count("known_answers", known);
      e.count("group_count", in_group);
      e.number("min_pool", c.missing_group_min_pool);
    }
    sink.round_verdict(r, call.rule, v, std::move(reason), std::move(e), {}, std::nullopt,
                       attr.name + "=" + group);
  }
}

}  // namespace icd
