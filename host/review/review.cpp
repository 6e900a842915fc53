#include "review/review.hpp"

#include "common/enums.hpp"
#include "i18n/roles.hpp"

// The first shape of the shared path: the state and role checked, the review
// appended. `fairaudit review set` still has its own checks.

namespace fairaudit::review {

Outcome record(store::Store& st, const Request& rq) {
  const auto state = common::review_state_from_string(rq.state);
  if (!state || !common::is_reviewed(*state)) throw Refused("the state is not one of acknowledged, disputed, resolved, suppressed");
  const auto role = i18n::review_role(rq.role);
  if (!role || !store::is_review_role(*role)) throw Refused("the role is not one of representative, union, hr");
  if (rq.justification.find_first_not_of(" \t\r\n") == std::string::npos) throw Refused("a justification is required");
  store::Review r;
  r.fingerprint = st.resolve_fingerprint(rq.fingerprint);
  r.state = *state;
  r.role = *role;
  r.reviewer = rq.reviewer;
  r.justification = rq.justification;
  Outcome o;
  o.review = st.add_review(r);
  return o;
}

}  // namespace fairaudit::review
