// An example plugin: every round with a recommendation records its decision.
#include "fairaudit/plugin.hpp"

namespace {

using namespace fairaudit;

class DecisionRecorded final : public Plugin {
 public:
  PluginInfo info() const override {
    PluginInfo p;
    p.name = "decision-recorded";
    p.version = "1.0.0";
    p.description = "Example: a round with a recommendation records its decision date";
    p.rules = {RuleInfo{"decision-date", "A round with a recommendation records the date of the decision.",
                        "Without the decision date, no deadline before it can be checked.",
                        "Example rule for the plugin SDK", "", Severity::note, Scope::round}};
    return p;
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
