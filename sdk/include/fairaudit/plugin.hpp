// fairaudit plugin SDK — the plugin interface and the export macro.
//
// The contract:
//   * The host reads the plugin's stamp (SDK version and ABI tag, see
//     api.hpp) from the library file and refuses the plugin when its toolchain
//     differs from the host's, when its SDK major differs or when its SDK
//     minor is newer than the host's — before the library is loaded, so none
//     of its code runs.
//   * It then loads the library, calls `fairaudit_create_plugin` once, asks
//     info(), checks the policy's options against info().options and calls
//     configure() once.
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

#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/api.hpp"
#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/options.hpp"
#include "fairaudit/shapes.hpp"

namespace fairaudit {

// Every member has a default (`{}` included), so that a row written with
// designated initializers may leave any of them out without a warning.
struct RuleInfo {
  std::string id{};         // kebab-case, unique in the plugin, never changes
  std::string summary{};    // one line: what the rule checks
  std::string rationale{};  // why it matters, for the person reading the finding
  std::string basis{};      // the legal basis or agreement, with section
  std::string local_term{}; // the Norwegian/Swedish/Danish term, where there is one
  Severity default_severity = Severity::warning;
  Scope scope = Scope::round;
  Indicator indicator = Indicator::none;  // the report indicator its checks feed (fairaudit/shapes.hpp)
  // The fields of the export the rule reads (fairaudit/model.hpp, Field). In a
  // record that does not carry one of them the rule's verdict is
  // insufficient_data ("not recorded in this export: …"), never breach; the
  // rule table (fairaudit/rule_table.hpp) reports it without calling the
  // check, and `fairaudit coverage` reads it to say which rules an export can
  // answer.
  std::vector<Field> needs{};
  // Fields a breach depends on, where the rule can still comply or not apply
  // without them (moderate-quota: a hire below the top is justified by a
  // recorded decision reason). Where one is not recorded, the rule table
  // turns the rule's breach into insufficient_data ("not recorded in this
  // export: …").
  std::vector<Field> needs_for_breach{};
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

}  // namespace fairaudit

// Exports the factory and the stamp the host reads before loading the library.
// Use once per plugin library, at namespace scope.
#define FAIRAUDIT_PLUGIN(PluginClass)                                                      \
  extern "C" FAIRAUDIT_VISIBLE ::fairaudit::Plugin* fairaudit_create_plugin() {            \
    return new PluginClass();                                                              \
  }                                                                                        \
  extern "C" FAIRAUDIT_VISIBLE __attribute__((used, section(FAIRAUDIT_PLUGIN_STAMP_SECTION))) \
  const char fairaudit_plugin_stamp[] = FAIRAUDIT_PLUGIN_STAMP;
