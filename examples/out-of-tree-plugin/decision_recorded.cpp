// An example plugin: every round with a recommendation records its decision.
#include "fairaudit/plugin.hpp"

namespace {

using namespace fairaudit;

class DecisionRecorded final : public Plugin {
 public:
  PluginInfo info() const override {
    return {.name = "decision-recorded",
            .version = "1.0.0",
            .description = "Example: a round with a recommendation records its decision date",
            .rules = {{.id = "decision-date",
                       .summary = "A round with a recommendation records the date of the decision.",
                       .rationale = "Without the decision date, no deadline before it can be checked.",
                       .basis = "Example rule for the plugin SDK",
                       .local_term = "",
                       .default_severity = Severity::note,
                       .scope = Scope::round}},
            .options = {}};
  }
  void configure(const Options&, Logger&) override {}
  void round(const Round& r, Sink& sink) override {
    if (!r.recommendation_at) {
      sink.round_verdict(r, "decision-date", Verdict::not_applicable, "No recommendation yet.");
      return;
    }
    sink.round_verdict(r, "decision-date", r.decision_at ? Verdict::complies : Verdict::breach,
                       r.decision_at ? "The decision date is recorded." : "A recommendation but no decision date.");
  }
};

}  // namespace

FAIRAUDIT_PLUGIN(DecisionRecorded)
