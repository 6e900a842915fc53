// What one plugin call reports, as the runner collects it: the plugin's rules
// as the run resolved them, the sink a call reports into, and the reply that
// is kept until it is committed (nothing of it counts unless the call
// returned).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "run/result.hpp"

namespace fairaudit::run {

struct RuleEntry {
  const RuleInfo* info = nullptr;
  std::string full_id;                // "plugin/rule"
  RuleTally* tally = nullptr;         // in RunResult::tally (a std::map: the address is stable)
  bool off = false;                   // switched off by the policy's severity map
  bool indicator = false;             // its checks feed the per-unit indicators (run/indicators.hpp)
  std::optional<Severity> severity;   // the policy's override
  SharedText basis;                   // info->basis, shared by the rule's findings
  std::size_t verdict_slot = 0;       // Indicators::rule_slot of full_id
};

using RuleTable = std::unordered_map<std::string, RuleEntry>;

// Whether the run keeps a check of rule `r` on `scope` whole rather than only
// counting its verdict: always with the checklist (`keep_all`), for checks on
// org units while they are kept aside for the selected rounds' units
// (`keep_units`), and for the rules that feed the per-unit indicators.
inline bool kept_whole(const RuleEntry& r, Scope scope, bool keep_all, bool keep_units) {
  return keep_all || (keep_units && scope == Scope::org_unit) || r.indicator;
}

// Collects what one plugin call reports; committed only if the call returns.
// A verdict on a rule whose checks the run only counts is taken as that
// (Sink::counted): the plugin then builds no Check for it.
class BufferSink : public Sink {
 public:
  // `rules`: the plugin's; `keep_all`, `keep_units`: as for kept_whole().
  BufferSink(bool keep_evidence, const RuleTable& rules, bool keep_all, bool keep_units)
      : keep_evidence_(keep_evidence), rules_(rules), keep_all_(keep_all), keep_units_(keep_units) {}
  void check(Check c) override;
  void finding(Finding f) override { findings.push_back(std::move(f)); }
  bool wants_check_evidence() const override { return keep_evidence_; }
  // As the runner sorts checks: an undeclared rule goes to check() and fails
  // the call there; a rule switched off is dropped; the rest counted.
  bool counted(const std::string& rule, Scope scope, Verdict v) override;

  std::vector<Check> checks;
  std::vector<Finding> findings;
  std::vector<std::pair<const RuleEntry*, Verdict>> verdicts;  // counted ones

 private:
  bool keep_evidence_;
  const RuleTable& rules_;
  bool keep_all_, keep_units_;
};

// What one plugin reported for one record (or for finish()), kept until it
// is committed. Prepared where the call was made (the plugin's thread), so
// that committing it is little more than appending.
struct Reply {
  // A check kept only for the per-unit indicators (its rule's role): no
  // checklist keeps it, so neither its texts nor its source are kept.
  struct Indicated {
    const RuleEntry* rule;
    Scope scope;
    Verdict verdict;
    std::string org_unit;
  };
  std::vector<std::pair<const RuleEntry*, Verdict>> verdicts;  // checks the run only counts
  std::vector<std::pair<const RuleEntry*, AuditCheck>> checks;  // checks kept whole (rule: the full id)
  std::vector<Indicated> indicated;                            // checks that feed the indicators alone
  std::vector<AuditFinding> findings;                          // ready to keep
  bool failed = false;  // findings then holds the host/plugin-failure finding alone
  // The org unit of the round the reply is for (null for another record):
  // the counted verdicts are that round's (Indicators::add_verdict). The
  // round outlives the reply: it is committed before its record is reused.
  const std::string* round_unit = nullptr;
};

}  // namespace fairaudit::run
