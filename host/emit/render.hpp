// Rendering a run's result: the only place findings become text, JSON, SARIF,
// CSV or HTML, and the only place disclosure control is applied.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "emit/disclosure.hpp"
#include "fairaudit/plugin.hpp"
#include "policy/policy.hpp"
#include "run/result.hpp"

namespace fairaudit::emit {

enum class Format { text, json };
std::optional<Format> format_from_string(const std::string&);

struct PluginRef {
  std::string name, version;
};

struct RenderContext {
  Disclosure disclosure{Audience::representative, 5};
  std::string tool_version;
  std::string policy_name, policy_version, policy_sha256, policy_path;
  std::vector<std::string> policy_files;
  std::vector<PluginRef> plugins;
  std::map<std::string, RuleInfo> rules;  // "plugin/rule" -> metadata, host rules included
  std::string fail_on;                    // "error", "warning", "note", "never"
  int exit_code = 0;
  bool checklist = false;  // one round selected: show every rule's verdict
};

std::string render_text(const run::RunResult& r, const RenderContext& ctx);
std::string render_json(const run::RunResult& r, const RenderContext& ctx);
std::string render(Format f, const run::RunResult& r, const RenderContext& ctx);

}  // namespace fairaudit::emit
