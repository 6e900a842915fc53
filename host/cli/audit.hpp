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
  bool isolate = false;
  double plugin_timeout = 5.0;  // seconds per call, with --isolate
  std::uint64_t plugin_memory = 4096;  // MiB per plugin process, with --isolate
  std::string store;              // nightly runs: keep history in this SQLite file
  std::string progress = "auto";  // auto | always | never
  std::string mapping;            // inputs are a flat ATS export: convert them through this mapping first
};

int cmd_audit(const AuditArgs& a, const Common& c);

}  // namespace fairaudit::cli
