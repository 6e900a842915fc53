// A plugin call that failed: the host's plugin-failure rule, the kinds of
// failure a finding names, and the fault an isolated plugin's call throws.
#pragma once

#include <stdexcept>
#include <string>

#include "fairaudit/plugin.hpp"

namespace fairaudit::run {

inline constexpr const char* kPluginFailureRule = "host/plugin-failure";

// The host's own rules, shown by `fairaudit rules` and in SARIF.
RuleInfo plugin_failure_rule();

// What went wrong, as a plugin-failure finding's "failure" evidence says it:
// the plugin's own message stays in the log.
enum class FailureKind { exception, crash, timeout, out_of_memory, oversized_answer, exit };
const char* to_string(FailureKind kind);

// A plugin call that did not return normally, with a reason fit for a log.
class PluginFault : public std::runtime_error {
 public:
  PluginFault(FailureKind kind, const std::string& what) : std::runtime_error(what), kind(kind) {}
  FailureKind kind;
};

// Marks plugin code running in this process (--no-isolate): while one is
// alive, a plugin that ends the process with exit() or quick_exit() is
// reported on stderr, naming the plugin and the call, and the process ends
// with exit status 3 instead of the status the plugin chose: a run that did
// not finish never exits 0. (_exit() and a signal bypass every handler; only
// isolation catches those.) `plugin` and `call` must outlive the object.
class InProcessCall {
 public:
  InProcessCall(const char* plugin, const char* call);
  ~InProcessCall();
  InProcessCall(const InProcessCall&) = delete;
  InProcessCall& operator=(const InProcessCall&) = delete;
};

}  // namespace fairaudit::run
