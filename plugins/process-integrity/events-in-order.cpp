// process-integrity/events-in-order — the record of a round is only evidence
// of how it was run when its dates hang together: an applicant's stage
// events follow the order a round moves through (applied, screened, invited,
// interviewed, references, recommended, offered, hired), and nothing that
// moves an applicant forward is dated after the same applicant was rejected
// or withdrew. No statute sets this order; it is the consistency every later
// rule relies on (under Oslo kommune and the state, Sivilombudet's demand that
// the main points of a hiring case be recorded in writing).
//
// A `screened` date after a withdrawal is not counted: ATSs stamp the batch
// screening date on every application, withdrawn ones included, and it moves
// nobody forward.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "rules.hpp"

namespace process_integrity {
namespace {

// The stages an applicant moves forward through, in order.
constexpr std::array<Stage, 8> kProgression{Stage::applied,           Stage::screened,  Stage::interview_invited,
                                            Stage::interview_held,    Stage::reference_checked,
                                            Stage::recommended,       Stage::offered,   Stage::hired};

// Steps that must not come after the applicant left the round.
bool moves_forward(Stage s) {
  return s == Stage::interview_invited || s == Stage::interview_held || s == Stage::reference_checked ||
         s == Stage::recommended || s == Stage::offered || s == Stage::hired;
}

// A stage's place in kProgression, or kProgression.size() for one that is not in it.
constexpr std::size_t progression_index(Stage s) {
  for (std::size_t i = 0; i < kProgression.size(); ++i)
    if (kProgression[i] == s) return i;
  return kProgression.size();
}

bool out_of_order(const Applicant& a) {
  // Each stage's first event (as Applicant::first finds it), in one pass
  // over the events rather than one per stage.
  std::array<const StageEvent*, kProgression.size()> first{};
  for (const auto& e : a.events)
    if (const std::size_t i = progression_index(e.type); i < first.size() && !first[i]) first[i] = &e;
  for (std::size_t i = 0; i < first.size(); ++i)
    for (std::size_t j = i + 1; j < first.size(); ++j)
      if (first[i] && first[j] && first[j]->at.before(first[i]->at)) return true;
  return false;
}

bool forward_after_exit(const Applicant& a) {
  const StageEvent* exit = exit_event(a);
  if (!exit) return false;
  for (const auto& e : a.events)
    if (moves_forward(e.type) && exit->at.before(e.at)) return true;
  return false;
}

}  // namespace

void events_in_order(const Round& r, const Call& call, Sink& sink) {
  std::int64_t with_events = 0, unordered = 0, after_exit = 0;
  std::vector<std::string> concerned;
  for (const auto& a : r.applicants) {
    if (a.events.empty()) continue;
    ++with_events;
    const bool bad_order = out_of_order(a);
    const bool bad_exit = forward_after_exit(a);
    unordered += bad_order ? 1 : 0;
    after_exit += bad_exit ? 1 : 0;
    if (bad_order || bad_exit) concerned.push_back(a.id);
  }
  if (with_events == 0)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No stage events are recorded in this round.");
  Evidence e;
  e.count("applicants_with_events", with_events);
  e.count("out_of_order", unordered);
  e.count("after_exit", after_exit);
  if (concerned.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies,
                              "Every applicant's stage events are dated in order, and none moves an applicant forward "
                              "after their rejection or withdrawal.",
                              std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Stage events out of order: applicants with a later stage dated before an earlier one: "
                     "{out_of_order}; with an invitation, interview, reference check, recommendation, offer or hire "
                     "dated after their own rejection or withdrawal: {after_exit}.",
                     std::move(e), std::move(concerned), call.severity);
}

}  // namespace process_integrity
