// What the subcommands share: plugin directories, logging, error exits.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "loader/loader.hpp"
#include "policy/policy.hpp"
#include "run/runner.hpp"

namespace fairaudit::cli {

struct Common {
  std::vector<std::string> plugin_dirs;
  std::string log_level = "warn";
  std::string lang;  // --lang; empty: the policy's, else the locale's (i18n::choose)
};

// Logs the message as an error and returns exit code 2.
int fail(const std::string& message);

loader::PluginLoader make_loader(const Common& c);

// The isolation of commands that only describe plugins (plugins, rules,
// policy check and show, coverage): on, with the default limits.
run::IsolationOptions describing_isolation();

// Loads the policy at `path` and enables and configures its plugins, each in
// a process of its own unless `isolation.enabled` is false. 0, or, when
// either fails, the exit status of fail() with the error (kExitPlugin when a
// plugin's process crashed, exited or hung while starting).
int load_policy_and_plugins(const std::filesystem::path& path, const Common& c, policy::Policy& pol,
                            std::vector<run::EnabledPlugin>& plugins,
                            const run::IsolationOptions& isolation = describing_isolation());

// Makes the language of `c` (--lang, else the policy's `language` when a
// policy is given, else the locale's) the process's, with the catalogs beside
// the plugin directories.
void use_language(const Common& c, const std::string& policy_language = {});

// "plugin/rule" -> metadata for every enabled plugin, host rules included.
std::map<std::string, RuleInfo> rule_catalogue(const std::vector<run::EnabledPlugin>& plugins);

}  // namespace fairaudit::cli
