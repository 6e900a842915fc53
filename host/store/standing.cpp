// A finding's effective review state from its trail (store.hpp, Standing).
// The trail keeps what each reviewer did, as they did it; whether a
// suppression has taken effect is worked out here each time it is read, so
// the trail stays append-only and a policy that starts or stops asking for
// two sides applies to every finding of its runs at once.
#include "store/store.hpp"

namespace fairaudit::store {

Side side_of(const std::string& role) { return role == "hr" ? Side::employer : Side::employees; }

Standing standing(const std::vector<Review>& trail, bool two_sides) {
  Standing s;
  for (const Review& r : trail) {
    if (!common::is_reviewed(r.state)) continue;
    if (!two_sides || r.state != common::ReviewState::suppressed || s.state == common::ReviewState::suppressed) {
      s.state = r.state;
      s.last = r;
      s.pending.reset();
      continue;
    }
    // A suppression the other side has not agreed to yet.
    if (s.pending && side_of(s.pending->role) != side_of(r.role)) {
      s.state = r.state;
      s.last = r;
      s.pending.reset();
    } else {
      s.pending = r;
    }
  }
  return s;
}

}  // namespace fairaudit::store
