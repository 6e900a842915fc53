#include "run/failure.hpp"

namespace fairaudit::run {

const char* to_string(FailureKind kind) {
  switch (kind) {
    case FailureKind::crash: return "crash";
    case FailureKind::timeout: return "timeout";
    case FailureKind::out_of_memory: return "out of memory";
    case FailureKind::oversized_answer: return "oversized answer";
    case FailureKind::exit: return "exit";
    case FailureKind::exception: break;
  }
  return "exception";
}

RuleInfo plugin_failure_rule() {
  RuleInfo r;
  r.id = "plugin-failure";
  r.summary = "A plugin failed while checking a round, so its rules were not evaluated there.";
  r.rationale =
      "An audit that silently skips a round is worse than none: the failure is reported as a finding so the "
      "round can be checked by hand or after the plugin is fixed.";
  r.basis = "fairaudit: reliability guarantee (docs/guarantees.md)";
  r.default_severity = Severity::error;
  r.scope = Scope::round;
  return r;
}

}  // namespace fairaudit::run
