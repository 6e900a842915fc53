// Process isolation for plugins (--isolate): each plugin runs in a child
// process forked after it was configured. The host sends each record's line,
// the child parses it and calls the plugin, and sends back what the plugin
// reported. A crash, an abort, a hang past the timeout or runaway memory in
// the plugin costs only that call: it becomes a host/plugin-failure finding,
// the child is started again, and the run goes on.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fairaudit/plugin.hpp"
#include "ingest/record.hpp"
#include "run/failure.hpp"
#include "run/wire.hpp"

namespace fairaudit::run {

struct IsolationOptions {
  bool enabled = false;
  std::chrono::milliseconds timeout{5000};  // per call
  std::uint64_t memory_mb = 4096;           // address-space limit of each plugin process
};

enum class CallKind : std::uint8_t { round = 1, unit = 2, measures = 3, finish = 4 };

class IsolatedPlugin {
 public:
  IsolatedPlugin(Plugin& plugin, std::string name, IsolationOptions options, ingest::Limits limits);
  ~IsolatedPlugin();
  IsolatedPlugin(const IsolatedPlugin&) = delete;
  IsolatedPlugin& operator=(const IsolatedPlugin&) = delete;

  // Runs one call in the child. Throws PluginFault when the plugin threw,
  // crashed, hung or ran out of memory; the child is then ready again (a new
  // one after a crash or hang, whose pooled state starts afresh).
  Reported call(CallKind kind, const Source& source, std::string_view line);

  std::uint64_t restarts() const { return restarts_; }

 private:
  void spawn();
  void reap(bool kill_first);

  Plugin& plugin_;
  std::string name_;
  IsolationOptions options_;
  ingest::Limits limits_;
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  std::uint64_t restarts_ = 0;
};

}  // namespace fairaudit::run
