// What the subcommands share: plugin directories, logging, error exits.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "loader/loader.hpp"
#include "run/runner.hpp"

namespace fairaudit::cli {

struct Common {
  std::vector<std::string> plugin_dirs;
  std::string log_level = "warn";
};

// Logs the message as an error and returns exit code 2.
int fail(const std::string& message);

loader::PluginLoader make_loader(const Common& c);

// "plugin/rule" -> metadata for every enabled plugin, host rules included.
std::map<std::string, RuleInfo> rule_catalogue(const std::vector<run::EnabledPlugin>& plugins);

}  // namespace fairaudit::cli
