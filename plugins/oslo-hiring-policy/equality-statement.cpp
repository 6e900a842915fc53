// oslo-hiring-policy/equality-statement
//
// Dok 24 Del D § 4: the recommendation (innstilling) states how gender
// equality has been considered (likestillingsvurdering), so that the unions'
// statement and the decision can address it. The export records this per
// recommendation document as `equality_statement`.
#include <string>

#include "rules.hpp"

namespace fairaudit::oslo_hiring {

void equality_statement(const Round& round, const RuleContext& ctx, Sink& sink) {
  const Document* with = nullptr;
  const Document* without = nullptr;
  bool unrecorded = false;
  for (const auto& d : round.documents) {
    if (d.type != "recommendation") continue;
    if (!d.equality_statement)
      unrecorded = true;
    else if (*d.equality_statement)
      with = with ? with : &d;
    else
      without = without ? without : &d;
  }

  Evidence ev;
  const Document* shown = with ? with : without;
  if (shown && shown->at)
    ev.date("recommendation", *shown->at);
  else
    ev.null("recommendation");

  if (with) {
    ev.boolean("equality_statement", true);
    sink.round_verdict(round, ctx.rule, Verdict::complies,
                       "the recommendation addresses gender equality", std::move(ev));
  } else if (without) {
    ev.boolean("equality_statement", false);
    sink.round_verdict(round, ctx.rule, Verdict::breach,
                       "the recommendation does not address gender equality", std::move(ev), {}, ctx.severity);
  } else if (unrecorded) {
    ev.null("equality_statement");
    sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                       "the export does not say whether the recommendation addresses gender equality",
                       std::move(ev));
  } else if (round.recommendation_at || round.decision_at) {
    ev.null("equality_statement");
    sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                       "the round has a recommendation or decision date, but no recommendation document is in the "
                       "export",
                       std::move(ev));
  } else {
    sink.round_verdict(round, ctx.rule, Verdict::not_applicable, "there is no recommendation yet", std::move(ev));
  }
}

}  // namespace fairaudit::oslo_hiring
