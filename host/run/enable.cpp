#include "run/enable.hpp"

#include <algorithm>
#include <exception>

#include "common/paths.hpp"
#include "run/failure.hpp"
#include "run/logger.hpp"

namespace fairaudit::run {

namespace {

// A PluginFault while starting: the message names the plugin and says that nothing was audited.
[[noreturn]] void starting_failed(const std::string& plugin, const PluginFault& f) {
  throw PluginFault(f.kind, "plugin '" + plugin + "' " + f.what() + "; nothing was audited");
}

void configure_in_process(EnabledPlugin& ep, const policy::PluginEntry& entry) {
  HostLogger log(entry.name);
  InProcessCall guard(entry.name.c_str(), "while being configured");
  ep.loaded.plugin->configure(ep.options, log);
  // Metadata may depend on the options (e.g. a profile's default severities).
  try {
    ep.loaded.info = ep.loaded.plugin->info();
  } catch (const std::exception& e) {
    throw policy::PolicyError(entry.file, "plugins." + entry.name,
                              std::string("the plugin failed to describe itself: ") + e.what());
  }
}

}  // namespace

std::vector<EnabledPlugin> enable_plugins(const policy::Policy& pol, const loader::PluginLoader& loader,
                                          const IsolationOptions& isolation) {
  // With isolation, every plugin's process is started first and each
  // description awaited afterwards: the processes load their libraries side
  // by side. A plugin that fails stops the run; the processes already
  // started are stopped with their IsolatedPlugin. A plugin that cannot be
  // started at all (not found, refused by the gate, no process) is reported
  // in its turn, after the ones before it in the policy have started: the
  // failure named is the first in the policy's order, however it failed.
  std::vector<std::shared_ptr<IsolatedPlugin>> started;
  std::exception_ptr not_started;  // of plugin started.size(), which stopped the starting
  if (isolation.enabled) {
    for (const auto& entry : pol.plugins) {
      try {
        try {
          const auto path = loader.find(entry.name);
          loader::check_gate(path, entry.name);  // from the file, before any process is started for it
          started.push_back(
              std::make_shared<IsolatedPlugin>(path, entry.name, isolation, IsolatedPlugin::Deferred{}));
        } catch (const loader::LoadError& e) {
          throw policy::PolicyError(entry.file, "plugins." + entry.name, e.what());
        } catch (const PluginFault& f) {
          starting_failed(entry.name, f);
        }
      } catch (...) {
        not_started = std::current_exception();
        break;
      }
    }
  }
  std::vector<EnabledPlugin> out;
  for (std::size_t i = 0; i < pol.plugins.size(); ++i) {
    const auto& entry = pol.plugins[i];
    if (isolation.enabled && i == started.size()) std::rethrow_exception(not_started);
    EnabledPlugin ep;
    try {
      if (isolation.enabled) {
        ep.isolated = std::move(started[i]);
        try {
          ep.isolated->await_start();
        } catch (const PluginFault& f) {
          starting_failed(entry.name, f);
        }
        ep.loaded.name = entry.name;
        ep.loaded.path = ep.isolated->path();
        ep.loaded.info = ep.isolated->info();
      } else {
        InProcessCall guard(entry.name.c_str(), "while being loaded (static constructors, factory, info())");
        ep.loaded = loader.load(entry.name);
      }
    } catch (const loader::LoadError& e) {
      throw policy::PolicyError(entry.file, "plugins." + entry.name, e.what());
    }
    if (const auto hidden = common::hidden_bundled_plugin(ep.loaded.path, entry.name))
      spdlog::warn("plugin '{}' is taken from {}, which hides the bundled {}: the run applies that library's rules "
                   "under the shipped plugin's name",
                   entry.name, ep.loaded.path.string(), hidden->string());
    ep.options = policy::resolve_options(entry, ep.loaded.info.options);
    try {
      if (ep.isolated) ep.loaded.info = ep.isolated->configure(ep.options);
      else configure_in_process(ep, entry);
    } catch (const OptionError& e) {
      std::string file = entry.file;
      if (auto it = entry.options.find(e.key()); it != entry.options.end()) file = it->second.file;
      throw policy::PolicyError(file, "plugins." + entry.name + ".options." + e.key(), e.what());
    } catch (const policy::PolicyError&) {
      throw;
    } catch (const PluginFault& f) {
      starting_failed(entry.name, f);
    } catch (const std::exception& e) {
      // Copied here, while the plugin's library (where the exception's type
      // and message live) is still loaded.
      throw policy::PolicyError(entry.file, "plugins." + entry.name, std::string("the plugin refused its options: ") +
                                                                         e.what());
    } catch (...) {
      throw policy::PolicyError(entry.file, "plugins." + entry.name, "the plugin refused its options");
    }
    out.push_back(std::move(ep));
  }
  // Severity overrides must name a rule that exists.
  for (const auto& [rule, ov] : pol.severity) {
    const auto slash = rule.find('/');
    const std::string plugin = rule.substr(0, slash), id = rule.substr(slash + 1);
    if (plugin == "host" && id == plugin_failure_rule().id) continue;
    auto p = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.loaded.name == plugin; });
    if (p == out.end())
      throw policy::PolicyError(ov.file, "severity." + rule, "plugin '" + plugin + "' is not enabled in this policy");
    const auto& rules = p->loaded.info.rules;
    if (std::none_of(rules.begin(), rules.end(), [&](const auto& r) { return r.id == id; }))
      throw policy::PolicyError(ov.file, "severity." + rule, "plugin '" + plugin + "' has no rule '" + id + "'");
  }
  return out;
}

}  // namespace fairaudit::run
