// The plugins a policy enables, loaded and configured before the run.
#pragma once

#include <vector>

#include "fairaudit/plugin.hpp"
#include "loader/loader.hpp"
#include "policy/policy.hpp"

namespace fairaudit::run {

struct EnabledPlugin {
  loader::LoadedPlugin loaded;
  Options options;
};

// Loads and configures every plugin the policy enables. Throws
// loader::LoadError or policy::PolicyError (options, unknown severity keys).
std::vector<EnabledPlugin> enable_plugins(const policy::Policy& policy, const loader::PluginLoader& loader);

}  // namespace fairaudit::run
