// fairaudit plugin SDK — the plugin interface and the export macro.
//
// The contract:
//   * The host loads the library from a plugin directory, reads
//     `fairaudit_api_version` and refuses the plugin when it differs from the
//     host's kApiVersion — before it calls anything else.
//   * It then calls `fairaudit_create_plugin` once, asks info(), checks the
//     policy's options against info().options and calls configure() once.
//   * Rounds arrive one at a time, in input order, from one thread; unit and
//     measures records likewise. finish() is called once at the end, for
//     results pooled over many rounds. Different plugins may run at the same
//     time, each on its own thread: state shared between them must be
//     thread-safe.
//   * A plugin never writes output: it reports checks and findings to the Sink.
//   * An exception escaping a call becomes a `host/plugin-failure` finding for
//     that round and plugin; the run goes on.
//
// A plugin is one shared library built as a CMake MODULE:
//
//   class MyPlugin : public fairaudit::Plugin { … };
//   FAIRAUDIT_PLUGIN(MyPlugin)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/api.hpp"
#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/options.hpp"
#include "fairaudit/shapes.hpp"

// Boost.DLL 1.74's library_info.hpp misses this include.
#include <vector>  // NOLINT(readability-duplicate-include)
#include <boost/dll/alias.hpp>

namespace fairaudit {

struct RuleInfo {
  std::string id;         // kebab-case, unique in the plugin, never changes
  std::string summary;    // one line: what the rule checks
  std::string rationale;  // why it matters, for the person reading the finding
  std::string basis;      // the legal basis or agreement, with section
  std::string local_term; // the Norwegian/Swedish/Danish term, where there is one
  Severity default_severity = Severity::warning;
  Scope scope = Scope::round;
  Indicator indicator = Indicator::none;  // the report indicator its checks feed (fairaudit/shapes.hpp)
};

struct PluginInfo {
  std::string name;  // the name a policy uses; the library is <name>.so
  std::string version;
  std::string description;
  std::vector<RuleInfo> rules;
  std::vector<OptionSpec> options;
};

// Log lines go through the host's logger (a plugin must not create its own
// spdlog registry: it would split across the library border).
class FAIRAUDIT_VISIBLE Logger {
 public:
  virtual ~Logger() = default;
  virtual void debug(std::string_view message) = 0;
  virtual void info(std::string_view message) = 0;
  virtual void warn(std::string_view message) = 0;
};

class FAIRAUDIT_VISIBLE Plugin {
 public:
  virtual ~Plugin() = default;
  virtual PluginInfo info() const = 0;
  // Called once, before any record. Throw OptionError for a bad combination.
  virtual void configure(const Options& options, Logger& log) = 0;
  virtual void round(const Round& round, Sink& sink) = 0;
  virtual void unit(const UnitRecord& /*unit*/, Sink& /*sink*/) {}
  virtual void measures(const MeasuresRecord& /*measures*/, Sink& /*sink*/) {}
  virtual void finish(Sink& /*sink*/) {}
};

using PluginFactory = Plugin*();
using ApiVersionFn = std::uint32_t();

}  // namespace fairaudit

// Exports the two entry points the host looks for. Use once per plugin library.
#define FAIRAUDIT_PLUGIN(PluginClass)                                                \
  namespace fairaudit_export {                                                       \
  std::uint32_t api_version() { return ::fairaudit::kApiVersion; }                   \
  ::fairaudit::Plugin* create_plugin() { return new PluginClass(); }                 \
  }                                                                                  \
  BOOST_DLL_ALIAS(fairaudit_export::api_version, fairaudit_api_version)              \
  BOOST_DLL_ALIAS(fairaudit_export::create_plugin, fairaudit_create_plugin)
