// What crosses the pipe between the host and an isolated plugin process:
// the checks and findings of one call, as JSON. Evidence keeps its kinds, so
// disclosure control still works on what comes back.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fairaudit/finding.hpp"

namespace fairaudit::run {

struct Reported {
  std::vector<Check> checks;
  std::vector<Finding> findings;
  // Verdicts the plugin's process only counted (Sink::counted), each by its
  // rule's place in the list the run gave it (IsolatedPlugin::prepare_run).
  // Not in encode()/decode(): run/isolate.cpp sends them beside.
  std::vector<std::pair<std::uint32_t, Verdict>> counted;
};

std::string encode(const Reported& r);
Reported decode(const std::string& text);  // throws std::runtime_error on a malformed message

}  // namespace fairaudit::run
