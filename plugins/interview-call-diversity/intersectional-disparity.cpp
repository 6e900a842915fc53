// interview-call-diversity/intersectional-disparity — the same comparison over
// the combinations of attributes the policy lists (e.g. gender ×
// immigrant background): disadvantage that falls on a combination can hide in
// each attribute alone (the NYC bias-audit rule, 6 RCNY § 5-301(b)(3)(iii),
// requires intersectional categories for the same reason). An applicant whose
// answer to any part is unknown counts in the unknown category.
#include "rules.hpp"

namespace icd {

void intersectional_disparity(const Round& r, const Call& call, fairaudit::Sink& sink) {
  const Config& c = call.context.config;
  const auto& counts = call.context.counts;
  const std::size_t transitions = c.transitions.size();
  for (std::size_t k = 0; k < c.intersections.size(); ++k) {
    const std::size_t ai = c.attributes.size() + k;
    for (std::size_t ti = 0; ti < transitions; ++ti)
      round_disparity(c, r, c.intersections[k], c.transitions[ti], counts[ai * transitions + ti],
                      call.context.results[ai * transitions + ti],
                      c.keys[ai * transitions + ti], call.rule, sink);
  }
}

}  // namespace icd
