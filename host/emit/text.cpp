// The text output: what a person reads in a terminal.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <sstream>

#include "common/enums.hpp"
#include "common/printable.hpp"
#include "emit/checklist.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"
#include "emit/sentences.hpp"
#include "i18n/i18n.hpp"
#include "i18n/roles.hpp"

namespace fairaudit::emit {
namespace {

// Labels of one width, so that the rule ids after them line up.
constexpr common::EnumWords<Severity, 3> kSeverityLabels{{"NOTE   ", "WARNING", "ERROR  "}};
constexpr common::EnumWords<Verdict, 4> kVerdictLabels{{"complies    ", "BREACH      ", "n/a         ", "insufficient"}};

// A translated label padded to the width of its English original (in
// characters, not bytes: "MERKNAD", "före"), or one space past a longer word.
std::string padded(const char* english) {
  std::string_view e(english);
  const std::size_t width = e.size();
  while (!e.empty() && e.back() == ' ') e.remove_suffix(1);
  std::string word = i18n::text(e);
  std::size_t chars = 0;
  for (unsigned char c : word) chars += (c & 0xC0) != 0x80;
  word.append(chars < width ? width - chars : 1, ' ');
  if (chars >= width) word.pop_back();
  return word;
}
std::string label(Severity s) { return padded(kSeverityLabels.name(s)); }
std::string verdict_label(Verdict v) { return padded(kVerdictLabels.name(v)); }

std::string plural(std::uint64_t n, const char* one, const char* many) { return i18n::plural(n, one, many); }
std::string tr(const char* english) { return i18n::text(english); }

void finding_lines(std::ostringstream& out, const run::AuditFinding& af, const RenderContext& ctx,
                   const std::string& indent) {
  const Finding& f = af.finding;
  out << indent << label(af.severity) << "  " << f.rule;
  if (common::is_reviewed(af.review_state)) out << "  [" << tr(to_string(af.review_state)) << "]";
  if (af.baseline == common::BaselineState::new_) out << "  [" << tr("new") << "]";
  const Disclosure d = ctx.disclosure.for_finding(af);  // with the counts hidden across findings
  out << "\n" << indent << "         " << fill_translated(f.rule, f.message, f.evidence, d) << "\n";
  for (const auto& s : evidence_sentences(f.rule, f.evidence, d)) out << indent << "         " << s << "\n";
  if (ctx.disclosure.shows_applicant_ids() && !f.applicants.empty()) {
    out << indent << "         " << tr("applicants:");
    for (const auto& a : f.applicants) out << ' ' << a;
    out << "\n";
  }
  // The legal basis is printed once per rule, under "Rules breached", not
  // after every finding: the same paragraph forty times hides the findings.
  if (common::is_reviewed(af.review_state))
    out << indent << "         " << tr("review:") << " " << tr(to_string(af.review_state)) << ": "
        << common::escape_controls_line(af.review_justification) << "\n";
  if (!af.review_pending_by.empty())
    out << indent << "         " << tr("review:") << " " << i18n::suppression_pending(af.review_pending_by) << "\n";
}

// One round: every rule's verdict, the representative's rules first, each
// line with its rule's basis (checklist.hpp).
void checklist_lines(std::ostringstream& out, const run::RunResult& r, const RenderContext& ctx) {
  const Checklist list = build_checklist(r, ctx);
  if (list.groups.empty()) return;
  const auto round = std::find_if(r.checks.begin(), r.checks.end(),
                                  [](const run::AuditCheck& a) { return a.check.scope == Scope::round; });
  out << "\n" << tr("Checklist");
  if (round != r.checks.end())
    out << ": " << tr("Round") << " " << round->check.round_id << " (" << round->check.org_unit << ")";
  out << "\n";
  const std::string pad(16, ' ');
  bool part_open = false;
  ChecklistPart part{};
  for (const auto& g : list.groups) {
    if (!part_open || g.part != part) {
      out << "\n" << part_heading(g.part) << "\n";
      part = g.part;
      part_open = true;
    }
    out << "  " << plugin_heading(g.plugin) << "\n";
    for (const auto& l : g.lines) {
      if (!l.check) {
        out << "    " << verdict_label(l.verdict) << "  " << collapsed_text(l) << "\n";
        continue;
      }
      const Check& ch = l.check->check;
      out << "    " << verdict_label(ch.verdict) << "  " << ch.rule;
      if (!ch.key.empty()) out << " [" << ch.key << "]";
      if (ch.scope != Scope::round) out << " (" << tr("unit") << " " << ch.org_unit << ")";
      if (const std::string s = rule_summary(ctx, ch.rule); !s.empty()) out << ": " << s;
      const Disclosure cd = ctx.disclosure.for_check(*l.check);  // the counts hidden in its finding
      out << "\n  " << pad << fill_translated(ch.rule, ch.reason, ch.evidence, cd) << "\n";
      for (const auto& s : evidence_sentences(ch.rule, ch.evidence, cd)) out << "  " << pad << s << "\n";
      if (const std::string b = rule_basis(ctx, ch.rule); !b.empty())
        out << "  " << pad << tr("basis:") << " " << b << "\n";
    }
  }
  if (list.unit_lines_left_out)
    out << "\n" << plural(list.unit_lines_left_out, "unit-level statistics line", "unit-level statistics lines") << " "
        << tr("left out: the unit has no more data than this round.") << "\n";
}

}  // namespace

namespace {

// Writes the text into `out`, handing what it holds to `flush` (when set)
// every megabyte or so while the findings are written.
void write_text(std::ostringstream& out, const run::RunResult& r, const RenderContext& ctx,
                const std::function<void(std::string_view)>& flush) {
  const auto& c = r.counts;
  out << "fairaudit " << ctx.run.tool_version << " — " << tr("policy") << " " << ctx.run.policy_name << " "
      << ctx.run.policy_version << " (" << ctx.run.policy_path << "), " << tr("audience:") << " "
      << tr(to_string(ctx.disclosure.audience())) << "\n";
  out << tr("Audited") << " " << plural(c.rounds, "hiring round", "hiring rounds") << " ("
      << (ctx.disclosure.run_applications_withheld(c.applications)
              ? ctx.disclosure.run_applications_text(c.applications) + " " + tr("applications")
              : plural(c.applications, "application", "applications"))
      << ") " << tr("and") << " "
      << plural(c.units, "unit record", "unit records");
  if (c.measures) out << ", " << plural(c.measures, "measures record", "measures records");
  out << " " << tr("from");
  for (const auto& in : r.inputs) out << ' ' << (in.path == "-" ? tr("standard input") : in.path);
  out << ".\n";
  if (c.skipped) out << plural(c.skipped, "record", "records") << " " << tr("not selected by --round/--org-unit.") << "\n";
  if (c.rejected)
    out << plural(c.rejected, "line was", "lines were") << " " << tr("rejected (listed at the end); the rest was audited.")
        << "\n";
  if (c.plugin_failures)
    out << plural(c.plugin_failures, "plugin failure", "plugin failures") << ": " << tr("see host/plugin-failure below.")
        << "\n";

  // Suppressed findings are counted apart from the open ones (and listed, marked).
  const run::FindingTally tally = run::tally_findings(r);
  const auto& by = tally.by_severity;
  const std::uint64_t suppressed = tally.suppressed;
  out << "\n" << plural(tally.findings(), "finding", "findings") << ": " << plural(by[2], "error", "errors")
      << ", " << plural(by[1], "warning", "warnings") << ", " << plural(by[0], "note", "notes");
  if (suppressed) out << "; " << suppressed << " " << tr("suppressed by review, not counted");
  out << ".\n";
  if (ctx.baseline) {
    const auto& b = *ctx.baseline;
    out << tr("Run") << " " << ctx.run.id_text() << ", "
        << (!b.previous_run ? tr("the first of this policy") : tr("since run") + " " + b.previous_text()) << ": "
        << b.new_findings << " " << tr("new") << ", " << b.unchanged << " " << tr("persisting") << ", " << b.resolved
        << " " << tr("resolved") << ", " << b.suppressed << " " << tr("suppressed") << ".\n";
  }

  if (ctx.checklist) checklist_lines(out, r, ctx);

  {
    std::string unit = "\x01", round = "\x01";
    bool first = true;
    run::for_each_finding(r, [&](const run::AuditFinding& af) {
      const Finding& f = af.finding;
      if (first) {
        out << "\n" << tr("Findings by unit and round") << "\n";
        first = false;
      }
      if (f.org_unit != unit) {
        unit = f.org_unit;
        round = "\x01";
        out << "\n" << (unit.empty() ? tr("(whole run)") : unit) << "\n";
      }
      std::string here = f.scope == Scope::round ? f.round_id : std::string();
      if (here != round) {
        round = here;
        if (f.scope == Scope::round)
          out << "  " << tr("round") << " " << f.round_id << "  (" << af.source.file << ":" << af.source.line
              << (af.end_line > af.source.line ? "-" + std::to_string(af.end_line) : std::string()) << ")\n";
        else
          out << "  " << tr(f.scope == Scope::run ? "run" : "unit") << "\n";
      }
      finding_lines(out, af, ctx, "    ");
      if (flush && out.tellp() >= std::streamoff(1) << 20) {
        flush(out.view());
        out.str({});
      }
    });
  }

  if (ctx.baseline && run::any_absent(*ctx.baseline)) {
    out << "\n" << tr("Resolved since run") << " " << ctx.baseline->previous_text() << " " << tr("(not found again)")
        << "\n";
    run::for_each_absent(*ctx.baseline, [&](const run::AuditFinding& af) {
      const Finding& f = af.finding;
      out << "  " << label(af.severity) << "  " << f.rule << "  " << (f.org_unit.empty() ? tr("(whole run)") : f.org_unit);
      if (!f.round_id.empty()) out << "  " << f.round_id;
      out << "\n";
    });
  }

  // Rules that were breached somewhere, with how often they held.
  bool any = false;
  for (const auto& [id, t] : r.tally) {
    if (!t.breach) continue;
    if (!any) {
      out << "\n" << tr("Rules breached (breach / complies / not applicable / insufficient data)") << "\n";
      any = true;
    }
    out << "  " << id << std::string(id.size() < 56 ? 56 - id.size() : 1, ' ') << t.breach << " / " << t.complies
        << " / " << t.not_applicable << " / " << t.insufficient_data << "\n";
    if (auto info = ctx.rules.find(id); info != ctx.rules.end() && !info->second.basis.empty())
      out << "      " << tr("basis:") << " " << i18n::rule_text(id, info->second.basis) << "\n";
  }

  if (!r.rejected.empty()) {
    out << "\n" << tr("Rejected lines") << "\n";
    for (const auto& e : r.rejected) out << "  " << e.to_string() << "\n";
    if (c.rejected > r.rejected.size())
      out << "  … " << tr("and") << " " << (c.rejected - r.rejected.size()) << " " << tr("more") << "\n";
  }

  out << "\n" << tr("Exit status") << " " << ctx.run.exit_code << ": ";
  switch (ctx.run.exit_code) {
    case 0:
      out << tr(ctx.baseline ? "no new finding" : "no finding") << " " << tr("at or above") << " '"
          << i18n::severity(ctx.run.fail_on) << "'.\n";
      break;
    case 1:
      out << tr(ctx.baseline ? "new findings" : "findings") << " " << tr("at or above") << " '"
          << i18n::severity(ctx.run.fail_on) << "'.\n";
      break;
    case 3: out << tr("a plugin failed; the other plugins' findings are complete.") << "\n"; break;
    default: out << "\n"; break;
  }
}

}  // namespace

std::string render_text(const run::RunResult& r, const RenderContext& ctx) {
  std::ostringstream out;
  write_text(out, r, ctx, {});
  return common::escape_controls(out.str());  // no value reaches the terminal as a control sequence
}

void render_text_to(const run::RunResult& r, const RenderContext& ctx, AtomicOutput& o) {
  std::ostringstream out;
  // Pieces end at a finding's last line, so no escape is split between two.
  auto flush = [&o](std::string_view piece) { o.write(common::escape_controls(std::string(piece))); };
  write_text(out, r, ctx, flush);
  flush(out.view());
}

}  // namespace fairaudit::emit
