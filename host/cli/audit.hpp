// fairaudit audit: run the policy's plugins over an export and report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/common.hpp"

namespace fairaudit::cli {

struct AuditArgs {
  std::vector<std::string> inputs;
  std::string policy;
  std::string format = "text";
  std::string csv_separator = ",";
  std::string output;
  std::string audience = "representative";
  std::vector<std::string> rounds;
  std::vector<std::string> org_units;
  std::string fail_on = "error";
  bool strict = false;
  bool checks = false;
  int threads = 0;
  bool isolate = false;     // --isolate: the default, accepted as before
  bool no_isolate = false;  // --no-isolate: the plugins in this process (isolation is the default)
  double plugin_timeout = 5.0;  // seconds per call (starting, configuring, each record), isolated
  std::uint64_t plugin_memory = 4096;  // MiB per plugin process, isolated
  std::string store;              // nightly runs: keep history in this SQLite file
  std::string progress = "auto";  // auto | always | never
  std::string mapping;            // inputs are a flat ATS export: convert them through this mapping first
  bool accept_drop = false;       // store the run although its valid rounds fell past the policy's guard
  std::string source_root;        // report inputs by their path relative to this directory
  std::string artifact_name;      // report the (one) input under this name (a dated export's stable name)
  bool include_resolved = false;  // SARIF: results (kind pass) for findings the previous run had
};

int cmd_audit(const AuditArgs& a, const Common& c);

// The names inputs are reported under: `artifact_name` for the one input, or
// each path relative to `source_root`, or the paths as given. Throws
// std::runtime_error for a name or root that cannot be used.
std::vector<std::string> reported_names(const std::vector<std::string>& inputs, const std::string& artifact_name,
                                        const std::string& source_root);

}  // namespace fairaudit::cli
