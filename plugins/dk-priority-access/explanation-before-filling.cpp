// dk-priority-access/explanation-before-filling
//
// Bekendtgørelse nr. 1174 af 25. november 2019 (kompensationsloven's
// fortrinsadgang): where the employer does not want to hire the applicant
// with priority access, the post is not filled before the employer has sent
// the jobcenter a written explanation (skriftlig redegørelse) and negotiated
// the matter with it. The export records them as round documents of type
// `jobcenter_explanation` and `jobcenter_negotiation`, each with its date.
// Not where the post is filled internally.
#include <string>
#include <vector>

#include "rules.hpp"

namespace fairaudit::dk_priority {
namespace {

// The earliest dated document of a type; `undated` says whether one of that
// type has no date.
const Document* earliest(const Round& round, const std::string& type, bool& undated) {
  const Document* out = nullptr;
  for (const auto& d : round.documents) {
    if (d.type != type) continue;
    if (!d.at) {
      undated = true;
      continue;
    }
    if (!out || *d.at < *out->at) out = &d;
  }
  return out;
}

}  // namespace

void explanation_before_filling(const Round& round, const RuleContext& ctx, Sink& sink) {
  const PriorityAccess pa = priority_access(round);
  Evidence ev = priority_evidence(pa);

  std::vector<std::string> passed_over;
  for (const Applicant* a : pa.holders)
    if (!a->reached(Stage::hired) && !a->reached(Stage::withdrawn)) passed_over.push_back(a->id);
  const std::optional<Timestamp> filled = filled_at(round);

  if (pa.holders.empty()) {
    if (pa.formal_unknown > 0) {
      sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                         "applicants invoked priority access, but whether they meet the formal requirements is not "
                         "recorded (not recorded: {formal_requirements_not_recorded})",
                         std::move(ev));
    } else {
      sink.round_verdict(round, ctx.rule, Verdict::not_applicable, "no applicant holds priority access",
                         std::move(ev));
    }
    return;
  }
  if (!filled) {
    sink.round_verdict(round, ctx.rule, Verdict::not_applicable, "the post is not filled yet", std::move(ev));
    return;
  }
  ev.count("passed_over", static_cast<std::int64_t>(passed_over.size())).date("filled_at", *filled);
  if (passed_over.empty()) {
    sink.round_verdict(round, ctx.rule, Verdict::not_applicable,
                       "the post went to an applicant with priority access, so no explanation is owed",
                       std::move(ev));
    return;
  }

  bool explanation_undated = false, negotiation_undated = false;
  const Document* explanation = earliest(round, "jobcenter_explanation", explanation_undated);
  // The negotiation that counts is the first one held on or after the
  // explanation: one held before it negotiated nothing written.
  const Document* negotiation = nullptr;
  for (const auto& d : round.documents) {
    if (d.type != "jobcenter_negotiation") continue;
    if (!d.at) {
      negotiation_undated = true;
      continue;
    }
    if (explanation && d.at->before(*explanation->at)) continue;
    if (!negotiation || *d.at < *negotiation->at) negotiation = &d;
  }
  if (explanation)
    ev.date("explanation_at", *explanation->at);
  else
    ev.null("explanation_at");
  if (negotiation)
    ev.date("negotiation_at", *negotiation->at);
  else
    ev.null("negotiation_at");

  auto breach = [&](std::string reason) {
    sink.round_verdict(round, ctx.rule, Verdict::breach, std::move(reason), std::move(ev), passed_over,
                       ctx.severity);
  };
  if (!explanation) {
    if (explanation_undated)
      return sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                                "the written explanation to the jobcenter has no date recorded", std::move(ev));
    return breach("the post was filled on {filled_at} without a written explanation to the jobcenter "
                  "(applicants with priority access not hired: {passed_over})");
  }
  if (!explanation->at->on_or_before(*filled))
    return breach("the written explanation reached the jobcenter on {explanation_at}, after the post was filled "
                  "on {filled_at} (applicants with priority access not hired: {passed_over})");
  if (!negotiation) {
    if (negotiation_undated)
      return sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                                "the negotiation with the jobcenter has no date recorded", std::move(ev));
    return breach("the post was filled on {filled_at} without a negotiation with the jobcenter after the "
                  "explanation of {explanation_at}");
  }
  if (!negotiation->at->on_or_before(*filled))
    return breach("the jobcenter negotiated on {negotiation_at}, after the post was filled on {filled_at}");
  sink.round_verdict(round, ctx.rule, Verdict::complies,
                     "the jobcenter had the written explanation on {explanation_at} and negotiated on "
                     "{negotiation_at}, before the post was filled on {filled_at}",
                     std::move(ev));
}

}  // namespace fairaudit::dk_priority
