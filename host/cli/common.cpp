#include "cli/common.hpp"

#include <spdlog/spdlog.h>

#include "cli/cli.hpp"
#include "common/paths.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::cli {

int fail(const std::string& message) {
  spdlog::error("{}", message);
  return kExitUsage;
}

loader::PluginLoader make_loader(const Common& c) { return loader::PluginLoader(common::plugin_dirs(c.plugin_dirs)); }

run::IsolationOptions describing_isolation() {
  run::IsolationOptions o;
  o.enabled = true;
  return o;
}

int load_policy_and_plugins(const std::filesystem::path& path, const Common& c, policy::Policy& pol,
                            std::vector<run::EnabledPlugin>& plugins, const run::IsolationOptions& isolation) {
  try {
    pol = policy::load_policy(path);
    if (c.lang.empty() && !pol.language.empty()) use_language(c, pol.language);
    plugins = run::enable_plugins(pol, make_loader(c), isolation);
  } catch (const run::PluginFault& e) {
    spdlog::error("{}", e.what());
    return kExitPlugin;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}

void use_language(const Common& c, const std::string& policy_language) {
  i18n::use(i18n::choose(c.lang, policy_language), i18n::catalog_dirs(common::plugin_dirs(c.plugin_dirs)));
}

std::map<std::string, RuleInfo> rule_catalogue(const std::vector<run::EnabledPlugin>& plugins) {
  std::map<std::string, RuleInfo> rules;
  for (const auto& p : plugins)
    for (const auto& r : p.loaded.info.rules) rules[p.loaded.name + "/" + r.id] = r;
  auto host = run::plugin_failure_rule();
  rules[std::string("host/") + host.id] = host;
  return rules;
}

}  // namespace fairaudit::cli
