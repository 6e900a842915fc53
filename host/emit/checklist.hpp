// The one-round checklist (RenderContext::checklist), as the text and HTML
// reports show it: the rules that concern the representative first, then the
// other rules, then the statistics, each part grouped by plugin under a plain
// heading; a statistics attribute is one line unless something is found, and
// a unit-level statistics line is shown only where the unit has more data
// than the round (docs/report.md, "The checklist").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "emit/render.hpp"

namespace fairaudit::emit {

enum class ChecklistPart : std::uint8_t { representative, rules, statistics };

struct ChecklistLine {
  const run::AuditCheck* check = nullptr;  // one check, or null for a collapsed attribute
  // A collapsed attribute: its name (translated), how many checks, and the
  // verdict that stands for them (complies when any complies).
  std::string attribute;
  std::uint64_t checks = 0;
  std::array<std::uint64_t, 4> by_verdict{};  // by Verdict
  Verdict verdict = Verdict::complies;
};

struct ChecklistGroup {
  ChecklistPart part = ChecklistPart::rules;
  std::string plugin;
  std::vector<ChecklistLine> lines;
};

struct Checklist {
  std::vector<ChecklistGroup> groups;  // in the order shown
  std::uint64_t unit_lines_left_out = 0;
};

Checklist build_checklist(const run::RunResult& r, const RenderContext& ctx);

// The translated heading of a part ("For the representative") and of a
// plugin ("The representative's part"; a plugin the host has no heading for
// is shown by its name).
std::string part_heading(ChecklistPart p);
std::string plugin_heading(const std::string& plugin);
// The English of a plugin's heading (a msgid of the host's catalog), or null
// for a plugin the host has no heading for.
const char* plugin_heading_msgid(const std::string& plugin);
// The translated summary and basis of a check's rule (empty when unknown).
std::string rule_summary(const RenderContext& ctx, const std::string& rule_id);
std::string rule_basis(const RenderContext& ctx, const std::string& rule_id);
// "gender: 5 checks, nothing found (complies: 2, insufficient data: 3)".
std::string collapsed_text(const ChecklistLine& l);

}  // namespace fairaudit::emit
