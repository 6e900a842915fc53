// What crosses the pipe from an isolated plugin process to the host: the
// checks, findings and counted verdicts of one call, in binary, through the
// evidence codec's writer and reader (codec/evidence_binary.hpp). Evidence
// keeps its kinds, so disclosure control still works on what comes back, and
// its reals their bits, so an isolated run equals an in-process one.
//
// The bytes come from a process that may be faulty or hostile: decode()
// checks every read against the end, every enum against its list, every
// count against the bytes left and the evidence against the codec's limits,
// and refuses bytes left over after the message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fairaudit/finding.hpp"

namespace fairaudit::run {

struct Reported {
  std::vector<Check> checks;
  std::vector<Finding> findings;
  // Verdicts the plugin's process only counted (Sink::counted), each by its
  // rule's place in the list the run gave it (IsolatedPlugin::prepare_run;
  // the caller checks the place against that list).
  std::vector<std::pair<std::uint32_t, Verdict>> counted;
};

// Appends the message to `out`. CodecError (codec/limits.hpp) for evidence
// outside the codec's limits.
void encode(const Reported& r, std::string& out);
std::string encode(const Reported& r);
// Throws std::runtime_error on a malformed message.
Reported decode(std::string_view bytes);

}  // namespace fairaudit::run
