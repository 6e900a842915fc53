// representative-involvement/invited-before-interviews — Dok 24 Del I (Avtale
// om likestilling) and Del D § 3: the representative's part starts while the
// shortlist is being made, so the invitation comes before the first interview.
#include "rules.hpp"

namespace representative_involvement {

void invited_before_interviews(const Round& r, const Call& call, Sink& sink) {
  step_before_interviews(r, call, sink, RepEventType::invited,
                         {"invited_at",
                          "No invitation of the representative is recorded; the first interview was on "
                          "{first_interview_at}.",
                          "Invited on {invited_at}, before the first interview on {first_interview_at}.",
                          "The representative was invited on {invited_at}, not before the first interview on "
                          "{first_interview_at}."});
}

}  // namespace representative_involvement
