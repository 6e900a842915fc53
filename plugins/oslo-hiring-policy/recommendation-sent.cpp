// oslo-hiring-policy/recommendation-sent
//
// Dok 24 Del D (Avtale om behandlingsmåten i ansettelsessaker) § 3: the
// recommendation (innstilling) and the extended applicant list (utvidet
// søkerliste) go to the unions before the appointment is decided, so that
// they can give their statement in time. A document sent on the day of the
// decision, or later, did not serve that purpose; the comparison is by day
// unless both sides carry a time.
#include <string>
#include <vector>

#include "rules.hpp"

namespace fairaudit::oslo_hiring {
namespace {

// The earliest dated copy of a document type that went to the unions.
struct Sent {
  std::optional<Timestamp> at;
  bool undated = false;  // sent to the unions, but the export gives no date
};

Sent sent(const Round& round, const std::string& type) {
  Sent s;
  for (const auto& d : round.documents) {
    if (d.type != type || !sent_to_unions(d)) continue;
    if (!d.at)
      s.undated = true;
    else if (!s.at || *d.at < *s.at)
      s.at = d.at;
  }
  return s;
}

}  // namespace

void recommendation_sent(const Round& round, const RuleContext& ctx, Sink& sink) {
  const Sent rec = sent(round, "recommendation");
  const Sent list = sent(round, "applicant_list");
  Evidence ev;
  auto put_date = [&ev](const char* key, const std::optional<Timestamp>& t) {
    if (t)
      ev.date(key, *t);
    else
      ev.null(key);
  };
  put_date("decision", round.decision_at);
  put_date("recommendation_sent", rec.at);
  put_date("applicant_list_sent", list.at);

  if (!round.decision_at) {
    if (rec.at && list.at)
      sink.round_verdict(round, ctx.rule, Verdict::complies,
                         "the recommendation ({recommendation_sent}) and the applicant list ({applicant_list_sent}) "
                         "have gone to the unions; there is no decision yet",
                         std::move(ev));
    else
      sink.round_verdict(round, ctx.rule, Verdict::not_applicable,
                         "there is no decision yet, so the documents are not due", std::move(ev));
    return;
  }

  const Timestamp& decision = *round.decision_at;
  const bool rec_ok = rec.at && rec.at->before(decision);
  const bool list_ok = list.at && list.at->before(decision);
  ev.boolean("recommendation_in_time", rec_ok).boolean("applicant_list_in_time", list_ok);
  if (rec_ok && list_ok) {
    sink.round_verdict(round, ctx.rule, Verdict::complies,
                       "the recommendation ({recommendation_sent}) and the applicant list ({applicant_list_sent}) "
                       "reached the unions before the decision on {decision}",
                       std::move(ev));
    return;
  }

  // A copy sent without a date cannot be placed before or after the decision;
  // that alone is not a breach, but a missing or late copy is.
  const bool rec_unknown = !rec_ok && !rec.at && rec.undated;
  const bool list_unknown = !list_ok && !list.at && list.undated;
  const bool rec_failed = !rec_ok && !rec_unknown;
  const bool list_failed = !list_ok && !list_unknown;
  if (!rec_failed && !list_failed) {
    sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                       "a document sent to the unions carries no date, so whether it came before the decision on "
                       "{decision} cannot be told",
                       std::move(ev));
    return;
  }

  // The breach's reason by what failed, each a whole sentence of the catalog:
  // [recommendation][applicant list], 0 in time (or undated), 1 late, 2 not sent.
  static constexpr const char* kBreach[3][3] = {
      {nullptr, "the applicant list reached the unions only on {applicant_list_sent} (decision: {decision})",
       "the applicant list was not sent to the unions (decision: {decision})"},
      {"the recommendation reached the unions only on {recommendation_sent} (decision: {decision})",
       "the recommendation reached the unions only on {recommendation_sent}; the applicant list reached the unions "
       "only on {applicant_list_sent} (decision: {decision})",
       "the recommendation reached the unions only on {recommendation_sent}; the applicant list was not sent to the "
       "unions (decision: {decision})"},
      {"the recommendation was not sent to the unions (decision: {decision})",
       "the recommendation was not sent to the unions; the applicant list reached the unions only on "
       "{applicant_list_sent} (decision: {decision})",
       "the recommendation was not sent to the unions; the applicant list was not sent to the unions (decision: "
       "{decision})"}};
  const int rec_case = !rec_failed ? 0 : rec.at ? 1 : 2;
  const int list_case = !list_failed ? 0 : list.at ? 1 : 2;
  std::string reason = kBreach[rec_case][list_case];
  sink.round_verdict(round, ctx.rule, Verdict::breach, std::move(reason), std::move(ev), {}, ctx.severity);
}

}  // namespace fairaudit::oslo_hiring
