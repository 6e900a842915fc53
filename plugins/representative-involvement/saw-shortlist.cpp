// representative-involvement/saw-shortlist — Dok 24 Del I (Avtale om
// likestilling) and Oslo kommune's hiring policy for applicants with minority
// background: the representative asks who is called to interview, which needs
// the shortlist before the interviews.
#include "rules.hpp"

namespace representative_involvement {

void saw_shortlist(const Round& r, const Call& call, Sink& sink) {
  step_before_interviews(r, call, sink, RepEventType::shortlist_shared,
                         {"shortlist_shared_at",
                          "The shortlist was never shared with the representative; interviews began on "
                          "{first_interview_at}.",
                          "The shortlist was shared on {shortlist_shared_at}, before the first interview on "
                          "{first_interview_at}.",
                          "The shortlist was shared on {shortlist_shared_at}, not before the first interview on "
                          "{first_interview_at}."});
}

}  // namespace representative_involvement
