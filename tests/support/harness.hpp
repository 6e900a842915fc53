// Test support: run one real plugin library over records written as JSON
// lines, the way the host does, and look at what it reported.
//
//   fairaudit::testing::Harness h("representative-involvement",
//                                 R"({"min_working_days_before_decision": 2})");
//   auto out = h.run(jsonl);            // rounds, units, measures; then finish()
//   EXPECT_EQ(out.verdict("representative-involvement/appointed", "R-1"), Verdict::breach);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/plugin.hpp"

namespace fairaudit::testing {

// What one run of a plugin reported. Rule ids are full ("plugin/rule") and
// severities are resolved (declared default, or the plugin's own choice).
struct Collected {
  std::vector<Check> checks;
  std::vector<Finding> findings;

  // The verdict of `rule` for a round (or, for unit-scoped rules, an org
  // unit). Fails the test (ADD_FAILURE) and returns not_applicable when the
  // plugin reported no verdict for it, or more than one with that key.
  Verdict verdict(const std::string& rule, const std::string& round_or_unit, const std::string& key = {}) const;
  const Check* check(const std::string& rule, const std::string& round_or_unit, const std::string& key = {}) const&;
  // Findings of a rule (optionally only those of one round or unit).
  std::vector<const Finding*> of(const std::string& rule, const std::string& round_or_unit = {}) const&;

  // check() and of() point into this object: on the temporary that run()
  // returns they would dangle at the end of the statement (AddressSanitizer
  // found four such tests). Keep the result of run() in a variable first.
  const Check* check(const std::string&, const std::string&, const std::string& = {}) && = delete;
  std::vector<const Finding*> of(const std::string&, const std::string& = {}) && = delete;
};

class Harness {
 public:
  // Loads <plugin>.so from the build's plugin directory, checks the options
  // (a JSON object) against the plugin's declarations exactly as a policy's
  // options are checked, and configures the plugin. Throws on any error.
  explicit Harness(const std::string& plugin, const std::string& options_json = "{}");
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  // Parses the JSON lines (a bad line throws, naming the line and path) and
  // feeds every record to the plugin in order, then calls finish().
  Collected run(std::string_view jsonl);
  // The plugin's description under its configuration, as the host asks for
  // it after configure() (a profile's legal bases and severities).
  PluginInfo info() const;

 private:
  struct Impl;
  Impl* impl_;
};

// One canonical record line parsed into a Round (throws on a bad line).
Round parse_round(std::string_view json_line);

// The path of a file in the source tree, e.g. source_path("fixtures/oslo/export.jsonl").
std::string source_path(const std::string& relative);

}  // namespace fairaudit::testing
