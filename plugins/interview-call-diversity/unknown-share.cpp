// interview-call-diversity/unknown-share — how many applicants declined, were
// not asked or gave no answer, per attribute. Self-declaration is opt-in, and
// those answers are never counted as "no" (docs/input-format.md); when they are many,
// the selection rates of the groups say little. The NYC bias-audit rule
// (6 RCNY § 5-301(b)(5)) likewise requires the number of people in unknown
// categories to be reported.
#include <algorithm>

#include "rules.hpp"

namespace icd {

void unknown_share(const Round& r, const Call& call, fairaudit::Sink& sink) {
  const Config& c = call.context.config;
  std::string buf;
  for (const auto& a : c.attributes) {
    std::int64_t total = 0, unknown = 0, declined = 0, not_asked = 0;
    for (const auto& p : r.applicants) {
      ++total;
      Answer ans = answer_of(a, p, buf);
      if (ans.known()) continue;
      ++unknown;
      if (ans.reason == "declined") ++declined;
      if (ans.reason == "not_asked") ++not_asked;
    }
    fairaudit::Verdict v;
    std::string reason;
    if (total == 0) {
      v = fairaudit::Verdict::not_applicable;
      reason = "The round has no applicants.";
    } else if (total < c.min_cell || total < c.unknown_share_min_pool) {
      // Two of seven declining says nothing about the form.
      v = fairaudit::Verdict::insufficient_data;
      reason = "Too few applicants (fewer than {min_pool}) to judge the share of unknown {attribute} answers.";
    } else if (unknown * c.unknown_share_fraction.den > c.unknown_share_fraction.num * total) {
      // Compared exactly: unknown/total > threshold, the threshold as n/1000.
      v = fairaudit::Verdict::breach;
      reason = "{attribute}: the share of applicants with no usable answer (declined, not asked or unknown) is above "
               "{threshold}; group selection rates for {attribute} are unreliable.";
    } else {
      v = fairaudit::Verdict::complies;
      reason = "{attribute}: the share of unknown answers is at most {threshold}.";
    }
    // Built only when someone reads it: a breach's finding, or the checklist.
    Evidence e;
    if (v == fairaudit::Verdict::breach || sink.wants_check_evidence()) {
      e.text("attribute", a.name);
      e.count("applicants", total);
      e.count("unknown_count", unknown);
      if (total > 0) e.rate("unknown_share", static_cast<double>(unknown) / static_cast<double>(total));
      else e.null("unknown_share");
      e.real("threshold", c.unknown_share_threshold);
      e.number("min_pool", std::max(c.min_cell, c.unknown_share_min_pool));
      Evidence breakdown;
      breakdown.count("declined", declined);
      breakdown.count("not_asked", not_asked);
      breakdown.count("no_answer", unknown - declined - not_asked);
      e.object("breakdown", std::move(breakdown));
    }
    sink.round_verdict(r, call.rule, v, std::move(reason), std::move(e), {}, std::nullopt, a.name);
  }
}

}  // namespace icd
