// interview-call-diversity/intersectional-disparity — the same comparison over
// the combinations of attributes the policy lists (e.g. gender ×
// immigrant background): disadvantage that falls on a combination can hide in
// each attribute alone (the NYC bias-audit rule, 6 RCNY § 5-301(b)(3)(iii),
// requires intersectional categories for the same reason). An applicant whose
// answer to any part is unknown counts in the unknown category.
#include "rules.hpp"

namespace icd {

void intersectional_disparity(const Config& c, const Round& r, fairaudit::Sink& sink) {
  for (const auto& a : c.intersections)
    for (const auto& t : c.transitions) round_disparity(c, r, a, t, kIntersectional, sink);
}

}  // namespace icd
