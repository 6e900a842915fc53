// fairaudit audit: run the policy's plugins over an export and report.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/common.hpp"

namespace fairaudit::cli {

struct AuditArgs {
  std::vector<std::string> inputs;
  std::string policy;
  std::string format = "text";
  std::string output;
  std::string audience = "representative";
  std::vector<std::string> rounds;
  std::vector<std::string> org_units;
  std::string fail_on = "error";
  bool strict = false;
  bool checks = false;
  int threads = 0;
};

CLI::App* add_audit(CLI::App& app, AuditArgs& args);
int cmd_audit(const AuditArgs& a, const Common& c);

}  // namespace fairaudit::cli
