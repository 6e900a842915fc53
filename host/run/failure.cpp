#include "run/failure.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace fairaudit::run {
namespace {

std::atomic<int> g_calls{0};
std::atomic<const char*> g_plugin{nullptr};
std::atomic<const char*> g_call{nullptr};

void say(const char* s) {
  if (s && ::write(STDERR_FILENO, s, std::strlen(s)) < 0) return;
}

// Runs first among the exit handlers registered before it: it ends the
// process before the host's static destructors, with the plugin-failure
// status (docs/guarantees.md).
void on_exit_during_plugin_call() {
  if (g_calls.load() <= 0) return;
  say("fairaudit: error: plugin '");
  say(g_plugin.load());
  say("' ended the process (exit) ");
  say(g_call.load());
  say("; the run did not finish and nothing was written (exit status 3). Run without --no-isolate to have a "
      "plugin that does this reported as a host/plugin-failure finding instead\n");
  _exit(3);
}

}  // namespace

InProcessCall::InProcessCall(const char* plugin, const char* call) {
  static std::once_flag registered;
  std::call_once(registered, [] {
    std::atexit(on_exit_during_plugin_call);
    std::at_quick_exit(on_exit_during_plugin_call);
  });
  g_plugin.store(plugin);
  g_call.store(call);
  ++g_calls;
}

InProcessCall::~InProcessCall() { --g_calls; }

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
