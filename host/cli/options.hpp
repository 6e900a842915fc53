// The command line as plain data. Only options.cpp includes CLI11: its header
// takes seconds to compile, and the subcommands need nothing of it but what
// the user asked for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/audit.hpp"
#include "cli/common.hpp"
#include "cli/convert.hpp"
#include "cli/coverage.hpp"
#include "cli/report.hpp"
#include "cli/review.hpp"
#include "cli/serve.hpp"
#include "cli/user.hpp"

namespace fairaudit::cli {

enum class Command { audit, validate, plugins, rules, policy_check, policy_show, review, report, convert, coverage, user, serve };

struct ValidateArgs {
  std::vector<std::string> inputs;
  int threads = 0;
  // The policy whose jurisdiction picks the ingest profile (a Danish one
  // refuses the fields forskelsbehandlingsloven § 4 forbids), as audit does.
  std::string policy;
};

struct RulesArgs {
  std::string plugin;
  std::string format = "text";
};

struct CommandLine {
  Command command = Command::audit;
  Common common;
  AuditArgs audit;
  ValidateArgs validate;
  RulesArgs rules;
  std::string policy_file;  // policy check|show
  std::vector<std::string> plugin_paths;  // plugins [PATH…]: directories or libraries to list instead
  ReviewArgs review;
  ReportArgs report;
  ConvertArgs convert;
  CoverageArgs coverage;
  UserArgs user;
  ServeArgs serve;
};

// Parses argv into `out`. Returns an exit code when nothing is left to run:
// --help or --version was printed (0), or a usage error was (kExitUsage).
std::optional<int> parse_command_line(int argc, char** argv, CommandLine& out);

}  // namespace fairaudit::cli
