// The plugins a policy enables, loaded and configured before the run.
#pragma once

#include <memory>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "loader/loader.hpp"
#include "policy/policy.hpp"
#include "run/isolate.hpp"

namespace fairaudit::run {

struct EnabledPlugin {
  loader::LoadedPlugin loaded;  // with isolation: its description only (loaded.plugin is null)
  Options options;
  // With isolation: the plugin's own process, configured; the runner calls
  // the plugin there.
  std::shared_ptr<IsolatedPlugin> isolated;
};

// Loads and configures every plugin the policy enables: in this process, or
// with `isolation.enabled` each in a process of its own, where it is loaded,
// described and configured (no code of it runs here; the gate reads its
// stamp from the file first). Throws loader::LoadError or policy::PolicyError
// (options, unknown severity keys), and PluginFault for a plugin whose
// process crashed, exited, hung or ran out of memory while starting or being
// configured.
std::vector<EnabledPlugin> enable_plugins(const policy::Policy& policy, const loader::PluginLoader& loader,
                                          const IsolationOptions& isolation = {});

}  // namespace fairaudit::run
