// Rendering a run's result: the only place findings become text, JSON, SARIF,
// CSV or HTML, and the only place disclosure control is applied.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "emit/disclosure.hpp"
#include "fairaudit/plugin.hpp"  // RuleInfo
#include "run/result.hpp"
#include "run/run_info.hpp"

namespace fairaudit::emit {

enum class Format { text, json, sarif, csv, csv_units, html, csv_units_long };
std::optional<Format> format_from_string(const std::string&);

struct RenderContext {
  Disclosure disclosure{Audience::representative, 5};
  // What the store keeps of the run as well: tool, policy, plugins, fail_on,
  // exit code; its id only when a store is used.
  run::RunInfo run;
  std::map<std::string, RuleInfo> rules;  // "plugin/rule" -> metadata, host rules included
  // When set, the JSON writer takes the exit code from here once the
  // findings are written: for findings read back from disk the severities
  // are counted while they are written, so asking first would read them all
  // twice (fairaudit audit sets it for such runs).
  std::function<int()> exit_code_after_findings;
  bool checklist = false;  // one round selected: show every rule's verdict
  // Set only when a store is used (fairaudit audit --store, fairaudit report).
  std::optional<run::BaselineSummary> baseline;
  std::vector<run::TrendPoint> trends;
  // CSV: the field separator; ';' for spreadsheets in Nordic locales, where
  // ',' is the decimal mark (numbers are then written with a decimal comma).
  char csv_separator = ',';
  // SARIF: the findings of the previous run that this one no longer has
  // (with a store) are results only when asked for (`--include-resolved`),
  // as kind "pass": a code-scanning dashboard closes an alert whose result is
  // gone, and an "absent" result at level error would read as an open one.
  bool include_resolved = false;
  // SARIF: the directory of the shipped docs; each rule's helpUri points at
  // its entry in rules.md there. Empty: no helpUri.
  std::string docs_dir;
};

std::string render_text(const run::RunResult& r, const RenderContext& ctx);
std::string render_json(const run::RunResult& r, const RenderContext& ctx);
std::string render_sarif(const run::RunResult& r, const RenderContext& ctx);
// One row per finding (RFC 4180, UTF-8 with a byte-order mark, CRLF).
std::string render_csv(const run::RunResult& r, const RenderContext& ctx);
// The per-unit indicator table, one row per unit (same CSV conventions).
std::string render_csv_units(const run::RunResult& r, const RenderContext& ctx);
// Its groups' columns as rows, one per unit and declared group (csv-units-long).
std::string render_csv_units_long(const run::RunResult& r, const RenderContext& ctx);
// One self-contained HTML file: summary, charts, findings, rule texts.
std::string render_html(const run::RunResult& r, const RenderContext& ctx);
std::string render(Format f, const run::RunResult& r, const RenderContext& ctx);

class AtomicOutput;
// The same, written into `out` (not committed). JSON, SARIF, text and CSV
// are written as they are rendered, in pieces of about 1 MiB, reading the
// findings one at a time (from disk when they were kept there), so a national
// export's findings are never all in memory; csv-units and HTML are rendered
// whole first (the HTML of a large run is its summary form: render_html).
void render_to(Format f, const run::RunResult& r, const RenderContext& ctx, AtomicOutput& out);
void render_sarif_to(const run::RunResult& r, const RenderContext& ctx, AtomicOutput& out);
void render_text_to(const run::RunResult& r, const RenderContext& ctx, AtomicOutput& out);
void render_csv_to(const run::RunResult& r, const RenderContext& ctx, AtomicOutput& out);

// Above this many findings the HTML report is its summary form: the run's
// figures, the findings per unit counted, and the first kHtmlTopFindings
// findings by severity in full, the rest left to the CSV and JSON it names
// (docs/report.md). At or below it, every finding in full.
// FAIRAUDIT_HTML_FULL_FINDINGS=N sets another threshold (html_full_findings).
inline constexpr std::uint64_t kHtmlFullFindings = 20000;
std::uint64_t html_full_findings();
inline constexpr std::size_t kHtmlTopFindings = 200;

}  // namespace fairaudit::emit
