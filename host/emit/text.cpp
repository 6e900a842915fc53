// The text output: what a person reads in a terminal.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <sstream>

#include "common/enums.hpp"
#include "common/printable.hpp"
#include "emit/render.hpp"

namespace fairaudit::emit {
namespace {

// Labels of one width, so that the rule ids after them line up.
constexpr common::EnumWords<Severity, 3> kSeverityLabels{{"NOTE   ", "WARNING", "ERROR  "}};
constexpr common::EnumWords<Verdict, 4> kVerdictLabels{{"complies    ", "BREACH      ", "n/a         ", "insufficient"}};

const char* label(Severity s) { return kSeverityLabels.name(s); }
const char* verdict_label(Verdict v) { return kVerdictLabels.name(v); }

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void finding_lines(std::ostringstream& out, const run::AuditFinding& af, const RenderContext& ctx,
                   const std::string& indent) {
  const Finding& f = af.finding;
  out << indent << label(af.severity) << "  " << f.rule;
  if (common::is_reviewed(af.review_state)) out << "  [" << to_string(af.review_state) << "]";
  if (af.baseline == common::BaselineState::new_) out << "  [new]";
  out << "\n" << indent << "         " << fill(f.message, f.evidence, ctx.disclosure) << "\n";
  if (ctx.disclosure.shows_applicant_ids() && !f.applicants.empty()) {
    out << indent << "         applicants:";
    for (const auto& a : f.applicants) out << ' ' << a;
    out << "\n";
  }
  // The legal basis is printed once per rule, under "Rules breached", not
  // after every finding: the same paragraph forty times hides the findings.
  if (common::is_reviewed(af.review_state))
    out << indent << "         review: " << to_string(af.review_state) << ": " << af.review_justification << "\n";
}

}  // namespace

std::string render_text(const run::RunResult& r, const RenderContext& ctx) {
  std::ostringstream out;
  const auto& c = r.counts;
  out << "fairaudit " << ctx.run.tool_version << " — policy " << ctx.run.policy_name << " " << ctx.run.policy_version << " ("
      << ctx.run.policy_path << "), audience: " << to_string(ctx.disclosure.audience()) << "\n";
  out << "Audited " << plural(c.rounds, "hiring round", "hiring rounds") << " ("
      << plural(c.applications, "application", "applications") << ") and " << plural(c.units, "unit record", "unit records");
  if (c.measures) out << ", " << plural(c.measures, "measures record", "measures records");
  out << " from";
  for (const auto& in : r.inputs) out << ' ' << (in.path == "-" ? std::string("standard input") : in.path);
  out << ".\n";
  if (c.skipped) out << plural(c.skipped, "record", "records") << " not selected by --round/--org-unit.\n";
  if (c.rejected) out << plural(c.rejected, "line was", "lines were") << " rejected (listed at the end); the rest was audited.\n";
  if (c.plugin_failures) out << plural(c.plugin_failures, "plugin failure", "plugin failures") << ": see host/plugin-failure below.\n";

  // Suppressed findings are counted apart from the open ones (and listed, marked).
  const run::FindingTally tally = run::tally_findings(r);
  const auto& by = tally.by_severity;
  const std::uint64_t suppressed = tally.suppressed;
  out << "\n" << plural(tally.findings(), "finding", "findings") << ": " << plural(by[2], "error", "errors")
      << ", " << plural(by[1], "warning", "warnings") << ", " << plural(by[0], "note", "notes");
  if (suppressed) out << "; " << suppressed << " suppressed by review, not counted";
  out << ".\n";
  if (ctx.baseline) {
    const auto& b = *ctx.baseline;
    out << "Run " << ctx.run.id_text() << ", "
        << (!b.previous_run ? std::string("the first of this policy") : "since run " + b.previous_text()) << ": "
        << b.new_findings << " new, " << b.unchanged << " persisting, " << b.resolved << " resolved, " << b.suppressed
        << " suppressed.\n";
  }

  if (ctx.checklist) {
    // One round: the whole checklist, every rule with its verdict and reason.
    std::string current;
    for (const auto& ac : r.checks) {
      const Check& ch = ac.check;
      std::string head = ch.scope == Scope::round ? "Round " + ch.round_id + " (" + ch.org_unit + ")"
                                                  : "Unit " + ch.org_unit;
      if (head != current) {
        out << "\n" << head << "\n";
        current = head;
      }
      out << "  " << verdict_label(ch.verdict) << "  " << ch.rule;
      if (!ch.key.empty()) out << " [" << ch.key << "]";
      out << "\n                " << fill(ch.reason, ch.evidence, ctx.disclosure) << "\n";
    }
  }

  if (!r.findings.empty()) {
    out << "\nFindings by unit and round\n";
    std::string unit = "\x01", round = "\x01";
    for (const auto& af : r.findings) {
      const Finding& f = af.finding;
      if (f.org_unit != unit) {
        unit = f.org_unit;
        round = "\x01";
        out << "\n" << (unit.empty() ? std::string("(whole run)") : unit) << "\n";
      }
      std::string here = f.scope == Scope::round ? f.round_id : std::string();
      if (here != round) {
        round = here;
        if (f.scope == Scope::round)
          out << "  round " << f.round_id << "  (" << af.source.file << ":" << af.source.line
              << (af.end_line > af.source.line ? "-" + std::to_string(af.end_line) : std::string()) << ")\n";
        else
          out << "  " << (f.scope == Scope::run ? "run" : "unit") << "\n";
      }
      finding_lines(out, af, ctx, "    ");
    }
  }

  if (ctx.baseline && !ctx.baseline->absent.empty()) {
    out << "\nResolved since run " << ctx.baseline->previous_text() << " (not found again)\n";
    for (const auto& af : ctx.baseline->absent) {
      const Finding& f = af.finding;
      out << "  " << label(af.severity) << "  " << f.rule << "  " << (f.org_unit.empty() ? "(whole run)" : f.org_unit);
      if (!f.round_id.empty()) out << "  " << f.round_id;
      out << "\n";
    }
  }

  // Rules that were breached somewhere, with how often they held.
  bool any = false;
  for (const auto& [id, t] : r.tally) {
    if (!t.breach) continue;
    if (!any) {
      out << "\nRules breached (breach / complies / not applicable / insufficient data)\n";
      any = true;
    }
    out << "  " << id << std::string(id.size() < 56 ? 56 - id.size() : 1, ' ') << t.breach << " / " << t.complies
        << " / " << t.not_applicable << " / " << t.insufficient_data << "\n";
    if (auto info = ctx.rules.find(id); info != ctx.rules.end() && !info->second.basis.empty())
      out << "      basis: " << info->second.basis << "\n";
  }

  if (!r.rejected.empty()) {
    out << "\nRejected lines\n";
    for (const auto& e : r.rejected) out << "  " << e.to_string() << "\n";
    if (c.rejected > r.rejected.size()) out << "  … and " << (c.rejected - r.rejected.size()) << " more\n";
  }

  out << "\nExit status " << ctx.run.exit_code << ": ";
  switch (ctx.run.exit_code) {
    case 0: out << (ctx.baseline ? "no new finding" : "no finding") << " at or above '" << ctx.run.fail_on << "'.\n"; break;
    case 1: out << (ctx.baseline ? "new findings" : "findings") << " at or above '" << ctx.run.fail_on << "'.\n"; break;
    case 3: out << "a plugin failed; the other plugins' findings are complete.\n"; break;
    default: out << "\n"; break;
  }
  return common::escape_controls(out.str());  // no value reaches the terminal as a control sequence
}

}  // namespace fairaudit::emit
