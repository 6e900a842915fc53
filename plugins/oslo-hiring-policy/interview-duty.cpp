// The interview duty behind minority-, disability- and cv-gap-interview.
//
// Forskrift til statsansatteloven § 6 (disability) and § 4 a (CV gap), and the
// government's Handlingsplan mot rasisme (immigrant background), require that
// at least one qualified applicant who declared the ground is called to
// interview before the recommendation (innstilling) is made. The duty arises
// from the applicant's own opt-in declaration only: `declined`, `unknown` and
// `not_asked` never trigger it, and their numbers are reported so that a
// reviewer can see how much of the pool stayed silent.
//
// A withdrawal before the interviews removes the applicant from the duty: an
// applicant who withdrew before the round's first interview (in a round
// without interviews: before the recommendation, or the decision) and had not
// been invited was not passed over, and is left out of every count. One who
// withdrew after the interviews had begun without being invited was passed
// over first, and still counts.
#include <string>
#include <vector>

#include "rules.hpp"

namespace fairaudit::oslo_hiring {
namespace {

// When the applicant was called to interview. An `interview_held` event
// without an invitation shows the call happened no later than the interview.
const StageEvent* invitation(const Applicant& a) {
  if (const auto* e = a.first(Stage::interview_invited)) return e;
  return a.first(Stage::interview_held);
}

// Whether the applicant withdrew before the stage the duty is about, not
// having been invited: before `cutoff` (the round's first interview, else the
// recommendation or decision), or at any time while the round has none.
bool withdrew_before_interviews(const Applicant& a, const std::optional<Timestamp>& cutoff) {
  const StageEvent* w = a.first(Stage::withdrawn);
  if (!w || invitation(a)) return false;
  return !cutoff || w->at.before(*cutoff);
}

}  // namespace

void interview_duty(const Round& round, const RuleContext& ctx, Sink& sink, SelfIdField field,
                    const DutyTexts& texts) {
  std::vector<const Applicant*> declared;
  std::int64_t qualified = 0, declined = 0, not_asked = 0, declared_unassessed = 0, withdrew = 0;
  std::optional<Timestamp> cutoff = round.first_interview();
  if (!cutoff) cutoff = round.recommendation_at ? round.recommendation_at : round.decision_at;
  for (const auto& a : round.applicants) {
    const Answer answer = a.self_id.get(field);
    if (withdrew_before_interviews(a, cutoff)) {
      if (a.qualified() && answer == Answer::yes) ++withdrew;
      continue;
    }
    // A declaring applicant left unassessed may be the one the duty was owed
    // to; one who withdrew before the assessment is not.
    if (a.assessment.outcome == Outcome::not_assessed && answer == Answer::yes && !a.reached(Stage::withdrawn))
      ++declared_unassessed;
    if (!a.qualified()) continue;
    ++qualified;
    switch (answer) {
      case Answer::yes: declared.push_back(&a); break;
      case Answer::declined: ++declined; break;
      case Answer::not_asked:
      case Answer::unknown: ++not_asked; break;
      case Answer::no: break;
    }
  }

  Evidence ev;
  ev.count("qualified", qualified)
      .count("declared", static_cast<std::int64_t>(declared.size()))
      .count("declined", declined)
      .count("not_asked", not_asked);
  if (withdrew > 0) ev.count("withdrew_before_interviews", withdrew);
  // Every path but the breach reports once, with the evidence gathered so far.
  auto verdict = [&](Verdict v, std::string reason) {
    sink.round_verdict(round, ctx.rule, v, std::move(reason), std::move(ev));
  };

  if (declared.empty()) {
    if (declared_unassessed > 0) {
      ev.count("declared_unassessed", declared_unassessed);
      verdict(Verdict::insufficient_data, texts.unassessed);
    } else if (withdrew > 0) {
      verdict(Verdict::not_applicable, texts.all_withdrew);
    } else if (qualified == 0) {
      verdict(Verdict::not_applicable, "no applicant is assessed as qualified");
    } else if (not_asked == qualified) {
      verdict(Verdict::insufficient_data, texts.none_asked);
    } else {
      verdict(Verdict::not_applicable, texts.none_declared);
    }
    return;
  }

  std::optional<Timestamp> deadline;
  std::string deadline_kind;
  if (round.recommendation_at) {
    deadline = round.recommendation_at;
    deadline_kind = "recommendation";
  } else if (round.decision_at) {
    deadline = round.decision_at;
    deadline_kind = "decision";
  }

  std::int64_t invited = 0, in_time = 0, late = 0;
  std::optional<Timestamp> first_invitation;
  std::vector<std::string> not_in_time;
  for (const Applicant* a : declared) {
    const StageEvent* inv = invitation(*a);
    if (inv) {
      ++invited;
      if (!first_invitation || inv->at < *first_invitation) first_invitation = inv->at;
    }
    if (inv && deadline && inv->at.before(*deadline)) {
      ++in_time;
    } else {
      if (inv && deadline) ++late;
      not_in_time.push_back(a->id);
    }
  }

  ev.count("invited_in_time", in_time).count("invited_late", late);
  if (deadline) {
    ev.text("deadline_kind", deadline_kind).date("deadline", *deadline);
  } else {
    ev.null("deadline_kind").null("deadline");
  }
  if (first_invitation)
    ev.date("first_invitation", *first_invitation);
  else
    ev.null("first_invitation");

  if (!deadline) {
    if (invited > 0) {
      ev.count("invited", invited);
      verdict(Verdict::complies, texts.invited_no_deadline);
    } else {
      verdict(Verdict::insufficient_data, texts.none_invited_no_deadline);
    }
    return;
  }

  if (in_time > 0) {
    verdict(Verdict::complies, texts.invited_in_time);
    return;
  }

  sink.round_verdict(round, ctx.rule, Verdict::breach, late > 0 ? texts.invited_late : texts.none_invited,
                     std::move(ev), std::move(not_in_time), ctx.severity);
}

}  // namespace fairaudit::oslo_hiring
