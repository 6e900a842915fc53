// Policies: which plugins run, with which options and severities, for one
// employer or jurisdiction. JSON with comments; a policy may extend another.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/options.hpp"

namespace fairaudit::policy {

// An error in a policy file, naming the file and the key.
class PolicyError : public std::runtime_error {
 public:
  PolicyError(const std::string& file, const std::string& key, const std::string& message)
      : std::runtime_error(file + (key.empty() ? "" : ": " + key) + ": " + message), file_(file), key_(key) {}
  const std::string& file() const { return file_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_, key_;
};

struct RawOption {
  std::string json;  // the value as written, re-serialised
  std::string file;  // the policy file that set it
};

struct PluginEntry {
  std::string name;
  std::string file;  // the policy file that enabled it
  std::map<std::string, RawOption> options;
};

struct SeverityOverride {
  std::optional<Severity> severity;  // nullopt: "off"
  std::string file;
};

// When a run is refused rather than reported and stored (docs/nightly.md):
// an export that collapsed — its valid rounds fell sharply since the previous
// stored run of the policy and selection, or many of its lines were
// rejected — is far more often a broken export than a real change, and
// storing it would mark every known finding resolved.
struct Guard {
  double max_round_drop = 0.5;        // share of the previous run's rounds that may go missing
  double max_rejected_share = 0.02;   // share of the lines (or, with a mapping, rows) that may be rejected
};

// The guard's options, declared as data: key (under "guard"), default,
// range and what it means; policy show and the docs list them.
struct GuardOption {
  const char* key;
  double Guard::*field;
  double default_value, min, max;
  const char* description;
};
const std::vector<GuardOption>& guard_options();

struct Policy {
  std::string name;
  std::string version;
  std::string description;
  std::string jurisdiction;
  int min_cell = 5;
  // The language reports are written in when --lang does not say ("nb", "nn",
  // "sv", "da", "en"); empty: the locale's (host/i18n/i18n.hpp).
  std::string language;
  Guard guard;
  // "review": {"suppression_needs_two_sides": true}: a suppression takes
  // effect only once HR and the union or the representative have both set
  // it (docs/policies.md, docs/nightly.md). Recorded with every stored run.
  bool suppression_needs_two_sides = false;
  std::vector<PluginEntry> plugins;  // sorted by name
  std::map<std::string, SeverityOverride> severity;  // "plugin/rule" -> override
  std::vector<std::string> files;  // the extends chain, base first
  std::string path;                // the file that was loaded
  std::string sha256;              // of the chain's bytes, base first
};

// Loads a policy and everything it extends. Throws PolicyError.
Policy load_policy(const std::filesystem::path& file);

// The same for a policy already in memory: `name` stands for its file in
// errors and in Policy::path, and "extends" is resolved beside it.
Policy load_policy_text(const std::string& text, const std::filesystem::path& name);

// Checks a plugin's options as written in the policy against what the plugin
// declares: unknown keys, wrong types and values out of range are errors
// naming the file and key. Undeclared options get their defaults.
Options resolve_options(const PluginEntry& entry, const std::vector<OptionSpec>& specs);

// The same check for options given as a JSON object (tests, `--option`).
Options resolve_options_json(const std::string& plugin, const std::string& json_object,
                             const std::vector<OptionSpec>& specs, const std::string& origin);

// Renders an option value as JSON.
std::string to_json(const OptionValue& v);

// The policy used when `audit` is given none.
std::filesystem::path default_policy_path();
inline constexpr const char* kDefaultPolicyFile = "oslo-kommune.json";

}  // namespace fairaudit::policy
