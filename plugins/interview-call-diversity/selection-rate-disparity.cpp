// interview-call-diversity/selection-rate-disparity — per protected attribute
// and stage transition, each group's selection rate against the reference
// group: the four-fifths impact ratio (UGESP 29 CFR 1607.4(D)), Fisher's exact
// test, the shortfall and the flip test. It is the "undersøke og analysere"
// step of the activity duty (likestillings- og diskrimineringsloven § 26) and
// of active measures in recruitment (diskrimineringslagen 3 kap. 5 §).
#include "rules.hpp"

namespace icd {

void selection_rate_disparity(const Round& r, const Call& call, fairaudit::Sink& sink) {
  const Config& c = call.context.config;
  const auto& counts = call.context.counts;
  const std::size_t transitions = c.transitions.size();
  for (std::size_t ai = 0; ai < c.attributes.size(); ++ai)
    for (std::size_t ti = 0; ti < transitions; ++ti)
      round_disparity(c, r, c.attributes[ai], c.transitions[ti], counts[ai * transitions + ti],
                      call.context.results[ai * transitions + ti],
                      c.keys[ai * transitions + ti], call.rule, sink);
}

}  // namespace icd
