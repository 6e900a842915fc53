// CSV for spreadsheets: findings (one row per finding) and the per-unit
// indicator table. RFC 4180 (CRLF line ends, fields quoted when they hold the
// separator, a quote or a line break), UTF-8 with a byte-order mark so that
// spreadsheet programs do not read Nordic letters as Latin-1. The separator
// is ',' or, for Nordic locales, ';' — numbers then take a decimal comma.
//
// A cell that starts with = + - @ or a tab is prefixed with an apostrophe:
// round ids and org units come from the export, and a spreadsheet must not
// run them as formulas (OWASP, "CSV Injection").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/printable.hpp"
#include "emit/flat.hpp"
#include "fairaudit/shapes.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"
#include "emit/sentences.hpp"
#include "emit/units.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit {
namespace {

class CsvWriter {
 public:
  explicit CsvWriter(char sep) : sep_(sep) { out_ = "\xEF\xBB\xBF"; }

  // Appended to the writer's one string: a cell with nothing to escape or
  // quote (most) is copied as it is, with no string of its own.
  void cell(std::string_view raw) {
    if (!first_) out_.push_back(sep_);
    first_ = false;
    std::string escaped;  // line breaks and tabs kept, quoted below
    std::string_view v = raw;
    bool quote = false;
    if (scan(raw, quote)) {
      escaped = common::escape_controls(raw);
      v = escaped;
      quote = false;
      scan(v, quote);
    }
    const bool guard =
        !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r');
    if (quote) out_.push_back('"');
    if (guard) out_.push_back('\'');
    if (!quote) {
      out_.append(v);
      return;
    }
    // Each quote doubled.
    for (std::size_t at = 0;;) {
      const std::size_t q = v.find('"', at);
      if (q == std::string_view::npos) {
        out_.append(v.substr(at));
        break;
      }
      out_.append(v.substr(at, q + 1 - at));
      out_.push_back('"');
      at = q + 1;
    }
    out_.push_back('"');
  }
  // One pass over a cell: whether it holds a control character that
  // escape_controls() escapes (common::first_control decides, for the few
  // bytes that may begin one), and in `quote` whether it must be quoted (the
  // separator, a quote or a line break).
  bool scan(std::string_view v, bool& quote) const {
    bool maybe_control = false;
    for (const char ch : v) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x20 && c < 0x7F) {
        if (ch == sep_ || ch == '"') quote = true;
      } else if (c == '\n') {
        quote = true;
      } else if (c == '\r') {
        quote = true;
        maybe_control = true;
      } else if (c != '\t' && (c < 0x80 || c == 0xC2 || c == 0xE2)) {
        maybe_control = true;  // C0 and DEL; C1 controls and U+2000 marks begin with C2 and E2
      }
    }
    return maybe_control && common::first_control(v, /*text=*/true).has_value();
  }
  // A number that is never negative here: no formula guard needed, and the
  // decimal mark follows the separator.
  void number(double v, int decimals) {
    char buf[48];
    const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    if (sep_ == ';')
      for (int i = 0; i < n; ++i)
        if (buf[i] == '.') buf[i] = ',';
    cell(std::string_view(buf, std::size_t(std::clamp(n, 0, int(sizeof buf) - 1))));
  }
  // An evidence value in a numeric column: the number, or an empty cell when
  // it is withheld, undefined or not there. Returns whether it was withheld.
  bool value(const Evidence& e, const std::vector<bool>& withheld, std::string_view key) {
    const auto& en = e.entries();
    for (std::size_t i = 0; i < en.size(); ++i) {
      if (en[i].first != key) continue;
      const EvidenceValue& v = en[i].second;
      using K = EvidenceValue::Kind;
      if (withheld[i]) {
        cell("");
        return true;
      }
      if (v.kind == K::count || v.kind == K::number) cell(std::to_string(v.i));
      else if ((is_derived(v.kind) || v.kind == K::real) && std::isfinite(v.d)) number(v.d, v.kind == K::p_value ? 6 : 4);
      else cell("");
      return false;
    }
    cell("");
    return false;
  }
  void text_value(const Evidence& e, const std::vector<bool>& withheld, std::string_view key) {
    const auto& en = e.entries();
    for (std::size_t i = 0; i < en.size(); ++i)
      if (en[i].first == key) {
        cell(!withheld[i] && en[i].second.kind == EvidenceValue::Kind::text ? en[i].second.s : std::string());
        return;
      }
    cell("");
  }
  void flag(bool on) { cell(on ? "1" : "0"); }
  void end_row() {
    out_ += "\r\n";
    first_ = true;
  }
  std::string str() const { return out_; }
  // Hands what the writer holds to `out` once it holds a megabyte or more.
  void drain_to(AtomicOutput* out, bool always = false) {
    if (!out || (!always && out_.size() < std::size_t(1) << 20)) return;
    out->write(out_);
    out_.clear();
  }

 private:
  char sep_;
  bool first_ = true;
  std::string out_;
};

namespace gc = shapes::group_comparison;

// The evidence that has no column of its own, "path=value; …": what the
// group rows do not hold (the method texts are left to JSON and HTML).
std::string details_cell(const Evidence& e, const Disclosure& d) {
  std::string out;
  for (const auto& f : flatten(e, d)) {
    if (f.path.starts_with("groups[") || f.path.ends_with("_method") || f.path == gc::kAttribute ||
        f.path == gc::kStageFrom || f.path == gc::kStageTo)
      continue;
    if (!out.empty()) out += "; ";
    out += f.path + "=" + f.text;
  }
  return out;
}

// The group comparisons of a finding's evidence, or none.
const std::vector<Evidence>* group_list(const Evidence& e) {
  const EvidenceValue* g = e.find(gc::kGroups);
  if (!g || g->kind != EvidenceValue::Kind::list || g->children.empty() || !g->children.front().find(gc::kRate))
    return nullptr;
  return &g->children;
}

char separator(const RenderContext& ctx) { return ctx.csv_separator == ';' ? ';' : ','; }

}  // namespace

namespace {

// The rows of one finding: one per compared group, or one.
void finding_rows(CsvWriter& w, const run::AuditFinding& af, const RenderContext& ctx) {
  const Finding& f = af.finding;
  const Disclosure d = ctx.disclosure.for_finding(af);  // with the counts hidden across findings
  const std::string message = fill_translated(f.rule, f.message, f.evidence, d);
  const std::string basis = i18n::rule_text(f.rule, af.basis.get());
  const std::string details = details_cell(f.evidence, d);
  const std::vector<bool> top = d.withheld(f.evidence);
  const std::vector<Evidence>* groups = group_list(f.evidence);
  const std::size_t rows = groups ? groups->size() : 1;
  for (std::size_t gi = 0; gi < rows; ++gi) {
    w.cell(i18n::text(to_string(af.severity)));
    w.cell(f.rule);
    w.cell(af.plugin);
    w.cell(to_string(f.scope));
    w.cell(f.org_unit);
    w.cell(f.round_id);
    w.cell(message);
    w.cell(basis);
    w.cell(af.source.file);
    w.cell(af.source.line ? std::to_string(af.source.line) : std::string());
    // The last row of a flat export's round (audited through a mapping); empty for one line.
    w.cell(af.end_line > af.source.line ? std::to_string(af.end_line) : std::string());
    w.cell(af.fingerprint);
    w.cell(to_string(af.baseline));
    w.cell(to_string(af.review_state));
    w.cell(af.review_justification);
    w.text_value(f.evidence, top, gc::kAttribute);
    w.text_value(f.evidence, top, gc::kStageFrom);
    w.text_value(f.evidence, top, gc::kStageTo);
    if (groups) {
      const Evidence& g = (*groups)[gi];
      const std::vector<bool> m = d.withheld(g);
      w.text_value(g, m, gc::kGroup);
      w.flag(w.value(g, m, gc::kPool));
      w.flag(w.value(g, m, gc::kSelected));
      w.flag(w.value(g, m, gc::kRate));
      w.text_value(g, m, gc::kReferenceGroup);
      bool ref = w.value(g, m, gc::kReferencePool);
      ref = w.value(g, m, gc::kReferenceSelected) || ref;
      ref = w.value(g, m, gc::kReferenceRate) || ref;
      w.flag(ref);
      bool cmp = w.value(g, m, gc::kImpactRatio);
      cmp = w.value(g, m, "p_value") || cmp;
      w.text_value(g, m, gc::kFourFifths);
      w.text_value(g, m, gc::kOutcome);
      for (std::size_t i = 0; i < g.entries().size(); ++i)
        if (g.entries()[i].first == gc::kFourFifths || g.entries()[i].first == gc::kOutcome) cmp = cmp || m[i];
      w.flag(cmp);
    } else {
      for (int i = 0; i < 17; ++i) w.cell("");  // group .. comparison_hidden
    }
    w.cell(details);
    if (d.shows_applicant_ids()) {
      std::string ids;
      for (const auto& a : f.applicants) ids += (ids.empty() ? "" : " ") + a;
      w.cell(ids);
    }
    w.end_row();
  }
}

// The findings' rows into `w`, drained into `out` (when given) as they grow.
void write_csv(CsvWriter& w, const run::RunResult& r, const RenderContext& ctx, AtomicOutput* out) {
  const Disclosure& d = ctx.disclosure;
  // One row per finding and compared group (a finding without group
  // comparisons: one row, the group columns empty). docs/report.md, "CSV".
  for (const char* h : {"severity", "rule", "plugin", "scope", "org_unit", "round_id", "message", "basis", "file",
                        "line", "end_line", "fingerprint", "baseline", "review_state", "review_justification",
                        "attribute", "stage_from", "stage_to", "group", "n", "n_hidden", "selected",
                        "selected_hidden", "rate", "rate_hidden", "reference_group", "reference_n",
                        "reference_selected", "reference_rate", "reference_hidden", "impact_ratio", "p_value",
                        "four_fifths", "outcome", "comparison_hidden", "details"})
    w.cell(i18n::text(h));  // headers in the reader's language
  if (d.shows_applicant_ids()) w.cell(i18n::text("applicants"));
  w.end_row();
  run::for_each_finding(r, [&](const run::AuditFinding& af) {
    finding_rows(w, af, ctx);
    w.drain_to(out);
  });
}

}  // namespace

std::string render_csv(const run::RunResult& r, const RenderContext& ctx) {
  CsvWriter w(separator(ctx));
  write_csv(w, r, ctx, nullptr);
  return w.str();
}

void render_csv_to(const run::RunResult& r, const RenderContext& ctx, AtomicOutput& out) {
  CsvWriter w(separator(ctx));
  write_csv(w, r, ctx, &out);
  w.drain_to(&out, true);
}

namespace {

// A declared group of csv-units as its columns name it: "gender=man" in
// English (as the columns have always read; scripts match them), else the
// attribute and the answer in the reader's words ("kön: man").
std::string group_words(const std::string& g) {
  if (i18n::current() == i18n::Language::en) return g;
  const auto eq = g.find('=');
  if (eq == std::string::npos) return code_words("host", g);
  return code_words("host", g.substr(0, eq)) + ": " + code_words("host", g.substr(eq + 1));
}

// A group's column: "gender=man qualified" in English, "kön: man, kvalificerade".
std::string group_column(const std::string& g, const char* what) {
  const bool en = i18n::current() == i18n::Language::en;
  return group_words(g) + (en ? " " : ", ") + i18n::text(what);
}

}  // namespace

// The unit's own figures and its open findings come first, so that they stay
// in view; the declared groups' five columns each follow, grouped by
// attribute (docs/report.md, "CSV").
std::string render_csv_units(const run::RunResult& r, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  const auto rows = unit_rows(r, d);
  const auto groups = group_columns(rows);
  const auto plugins = plugin_columns(ctx.rules);
  CsvWriter w(separator(ctx));
  for (const char* h : {"org_unit", "units", "rounds", "applications", "applications_hidden",
                        "rounds_with_representative_verdict",
                        "representative_in_time", "representative_in_time_share", "active_measures_records",
                        "active_measures_complied"})
    w.cell(i18n::text(h));
  for (const char* h : {"open_error", "open_warning", "open_note"}) w.cell(i18n::text(h));
  for (const auto& p : plugins) w.cell(p + " " + i18n::text("open_findings"));
  for (const auto& g : groups) {
    for (const char* what : {"qualified", "invited", "invitation_rate", "invitation_ratio", "hidden"})
      w.cell(group_column(g, what));
  }
  w.end_row();

  for (const auto& row : rows) {
    w.cell(row.org_unit);
    w.cell(std::to_string(row.units));
    w.cell(std::to_string(row.rounds));
    // Numbers only: a withheld value is an empty cell, its flag beside it.
    w.cell(row.applications_withheld ? std::string() : std::to_string(row.applications));
    w.flag(row.applications_withheld);
    w.cell(std::to_string(row.rep_checked));
    w.cell(std::to_string(row.rep_in_time));
    if (row.rep_share) w.number(*row.rep_share, 4); else w.cell("");
    w.cell(std::to_string(row.measures_checked));
    w.cell(std::to_string(row.measures_complied));
    w.cell(std::to_string(row.open[int(Severity::error)]));
    w.cell(std::to_string(row.open[int(Severity::warning)]));
    w.cell(std::to_string(row.open[int(Severity::note)]));
    for (const auto& p : plugins) {
      const auto it = row.open_by_plugin.find(p);
      w.cell(std::to_string(it == row.open_by_plugin.end() ? 0 : it->second));
    }
    for (const auto& g : groups) {
      auto it = row.groups.find(g);
      if (it == row.groups.end()) {
        for (int i = 0; i < 5; ++i) w.cell("");
        continue;
      }
      const GroupRate& gr = it->second;
      w.cell(gr.pool_withheld ? std::string() : std::to_string(gr.n));
      w.cell(gr.selected_withheld ? std::string() : std::to_string(gr.selected));
      if (gr.rate && !gr.withheld) w.number(*gr.rate, 4);
      else w.cell("");
      if (gr.ratio && !gr.ratio_withheld) w.number(*gr.ratio, 4);
      else w.cell("");
      // 1: some of the group's four values are withheld (empty above).
      w.flag(gr.withheld || gr.ratio_withheld || gr.pool_withheld || gr.selected_withheld);
    }
    w.end_row();
  }
  return w.str();
}

// The groups' columns of csv-units as rows: one per unit and declared group,
// each value with its own flag, for a filter or a pivot table instead of
// five columns per group.
std::string render_csv_units_long(const run::RunResult& r, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  const auto rows = unit_rows(r, d);
  const auto groups = group_columns(rows);
  CsvWriter w(separator(ctx));
  for (const char* h : {"org_unit", "attribute", "group", "qualified", "qualified_hidden", "invited",
                        "invited_hidden", "invitation_rate", "invitation_rate_hidden", "invitation_ratio",
                        "invitation_ratio_hidden"})
    w.cell(i18n::text(h));
  w.end_row();
  for (const auto& row : rows)
    for (const auto& g : groups) {  // the wide table's order: attribute, then group
      auto it = row.groups.find(g);
      if (it == row.groups.end()) continue;
      const GroupRate& gr = it->second;
      const auto eq = g.find('=');
      w.cell(row.org_unit);
      // Codes in English (for a filter on "gender"), the reader's words otherwise.
      const bool en = i18n::current() == i18n::Language::en;
      const std::string attr = g.substr(0, eq), answer = eq == std::string::npos ? std::string() : g.substr(eq + 1);
      w.cell(en ? attr : code_words("host", attr));
      w.cell(en || answer.empty() ? answer : code_words("host", answer));
      w.cell(gr.pool_withheld ? std::string() : std::to_string(gr.n));
      w.flag(gr.pool_withheld);
      w.cell(gr.selected_withheld ? std::string() : std::to_string(gr.selected));
      w.flag(gr.selected_withheld);
      if (gr.rate && !gr.withheld) w.number(*gr.rate, 4);
      else w.cell("");
      w.flag(gr.withheld);
      if (gr.ratio && !gr.ratio_withheld) w.number(*gr.ratio, 4);
      else w.cell("");
      w.flag(gr.ratio_withheld);
      w.end_row();
    }
  return w.str();
}

}  // namespace fairaudit::emit
