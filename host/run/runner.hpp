// The runner: every selected round to every enabled plugin, in input order;
// unit and measures records likewise; finish() at the end. With --threads
// above 1 the export is parsed on worker threads and each plugin runs on a
// thread of its own, every call to it from that thread; what the plugins
// report is committed in input order, so the result is the same at any
// thread count.
// A plugin's exception becomes a host/plugin-failure finding and the run goes on.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "ingest/input.hpp"
#include "policy/policy.hpp"
#include "run/enable.hpp"
#include "run/failure.hpp"
#include "run/isolate.hpp"
#include "run/origins.hpp"
#include "run/result.hpp"

namespace fairaudit::run {

struct Selection {
  std::set<std::string> rounds;             // --round
  std::vector<std::string> org_unit_prefixes;  // --org-unit
  bool all() const { return rounds.empty() && org_unit_prefixes.empty(); }
  bool unit_selected(const std::string& org_unit) const;
  bool round_selected(const Round& r) const;
};

// About 10 MB of findings at the sizes the generated exports give: a
// 1-million-application audit then peaks near 60 MB instead of 440 MB.
inline constexpr std::size_t kDefaultSpillFindings = 4096;

struct RunOptions {
  Selection selection;
  bool keep_checks = false;
  bool strict = false;  // the first bad line stops the run (common::StrictError)
  int threads = 1;
  ingest::Limits limits;
  // Called now and then from the runner's thread with bytes read and rounds audited.
  std::function<void(std::uint64_t bytes, std::uint64_t rounds)> progress;
  IsolationOptions isolation;  // --isolate: each plugin in its own process
  // Findings kept in memory before a sorted chunk of them goes to a temporary
  // file (run/spill.hpp); 0 keeps them all in memory.
  std::size_t spill_findings = kDefaultSpillFindings;
  // Where the records really come from (a converted export's flat file and
  // rows, stable names of inputs); every source, finding and rejected line
  // names that. None: the inputs as given.
  const Origins* origins = nullptr;
};

RunResult run_audit(std::vector<EnabledPlugin>& plugins, const policy::Policy& policy,
                    const std::vector<std::string>& inputs, const RunOptions& options);

}  // namespace fairaudit::run
