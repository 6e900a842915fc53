#include "emit/html/findings.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/enums.hpp"
#include "emit/checklist.hpp"
#include "emit/flat.hpp"
#include "emit/html/charts.hpp"
#include "emit/html/text.hpp"
#include "emit/sentences.hpp"
#include "i18n/i18n.hpp"
#include "i18n/roles.hpp"

namespace fairaudit::emit::html {
namespace {

struct EvidenceHtml {
  const Disclosure& d;
  std::ostringstream& o;
  const std::string& rule;  // whose catalog has words for the evidence's codes

  void value(const EvidenceValue& v, bool withheld, const std::string& path, const char* tag, std::string_view key) {
    o << "<" << tag << " data-path=\"" << esc(path) << "\" data-kind=\"" << common::to_string(v.kind) << "\"";
    if (withheld) o << " data-withheld=\"1\" class=\"withheld\"";
    else if (std::string_view(tag) == "td" && (v.kind == EvidenceValue::Kind::count || v.kind == EvidenceValue::Kind::number ||
                                               v.kind == EvidenceValue::Kind::real || is_derived(v.kind)))
      o << " class=\"num\"";
    o << ">"
      << esc(v.kind == EvidenceValue::Kind::text && !withheld ? code_words(rule, v.s) : shown_text(v, d, withheld, key))
      << "</" << tag << ">";
  }

  // Scalars as a definition list, lists of objects as tables, objects nested.
  void object(const Evidence& e, const std::string& prefix) {
    using K = EvidenceValue::Kind;
    const std::vector<bool> withheld = d.withheld(e);
    bool open = false;
    std::vector<std::pair<std::string, const EvidenceValue*>> methods;
    for (std::size_t i = 0; i < e.entries().size(); ++i) {
      const auto& [k, v] = e.entries()[i];
      const std::string path = prefix.empty() ? k : prefix + "." + k;
      if (v.kind == K::text && k.size() > 7 && k.compare(k.size() - 7, 7, "_method") == 0) {
        methods.emplace_back(k, &v);
        continue;
      }
      if (v.kind == K::list) {
        if (open) o << "</dl>";
        open = false;
        list(k, v, path);
        continue;
      }
      if (!open) o << "<dl class=\"evidence\">";
      open = true;
      o << "<dt>" << esc(heading(k)) << "</dt>";
      if (v.kind == K::object) {
        o << "<dd>";
        object(v.children.front(), path);
        o << "</dd>";
      } else {
        value(v, withheld[i], path, "dd", k);
      }
    }
    if (open) o << "</dl>";
    if (!methods.empty()) {
      o << "<details class=\"methods\"><summary>" << esc(i18n::text("How the figures were computed"))
        << "</summary><dl class=\"evidence\">";
      for (const auto& [k, v] : methods)
        o << "<dt>" << esc(heading(k)) << "</dt><dd>" << esc(method_words(rule, v->s)) << "</dd>";
      o << "</dl></details>";
    }
  }

  void list(const std::string& name, const EvidenceValue& v, const std::string& path) {
    std::vector<std::string> cols;
    for (const auto& c : v.children)
      for (const auto& [k, _] : c.entries())
        if (std::find(cols.begin(), cols.end(), k) == cols.end()) cols.push_back(k);
    o << "<div class=\"table-scroll\"><table class=\"evidence-list\"><caption>" << esc(heading(name))
      << "</caption><thead><tr>";
    for (const auto& c : cols) o << "<th scope=\"col\">" << esc(heading(c)) << "</th>";
    o << "</tr></thead><tbody>";
    for (std::size_t i = 0; i < v.children.size(); ++i) {
      const Evidence& c = v.children[i];
      const std::vector<bool> h = d.withheld(c);
      const std::string p = path + "[" + std::to_string(i) + "]";
      o << "<tr>";
      for (const auto& col : cols) {
        std::size_t at = 0;
        while (at < c.entries().size() && c.entries()[at].first != col) ++at;
        const EvidenceValue* cv = at < c.entries().size() ? &c.entries()[at].second : nullptr;
        if (!cv) {
          o << "<td></td>";
        } else if (cv->kind == EvidenceValue::Kind::object) {
          o << "<td>";
          object(cv->children.front(), p + "." + col);
          o << "</td>";
        } else if (cv->kind == EvidenceValue::Kind::list) {
          o << "<td>";
          list(col, *cv, p + "." + col);
          o << "</td>";
        } else {
          value(*cv, h[at], p + "." + col, "td", col);
        }
      }
      o << "</tr>";
    }
    o << "</tbody></table></div>";
  }
};

// A verdict in words ("insufficient data", never `insufficient_data`).
std::string verdict_words(Verdict v) {
  switch (v) {
    case Verdict::complies: return i18n::text("complies");
    case Verdict::breach: return i18n::text("breach");
    case Verdict::not_applicable: return i18n::text("not applicable");
    case Verdict::insufficient_data: return i18n::text("insufficient data");
  }
  return {};
}

const char* verdict_class(Verdict v) {
  switch (v) {
    case Verdict::complies: return "complies";
    case Verdict::breach: return "breach";
    case Verdict::not_applicable: return "not-applicable";
    case Verdict::insufficient_data: return "insufficient-data";
  }
  return "";
}

}  // namespace

void checklist_html(std::ostringstream& o, const run::RunResult& r, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  const Checklist list = build_checklist(r, ctx);
  o << "<h3>" << esc(i18n::text("Checklist")) << "</h3>";
  o << "<div class=\"table-scroll\"><table class=\"checklist\"><caption>" << esc(i18n::text("Every rule's verdict"))
    << "</caption><thead><tr><th scope=\"col\">" << esc(i18n::text("verdict")) << "</th><th scope=\"col\">"
    << esc(i18n::text("rule")) << "</th><th scope=\"col\">" << esc(i18n::text("what was found")) << "</th><th scope=\"col\">"
    << esc(i18n::text("Legal basis")) << "</th></tr></thead><tbody>";
  bool part_open = false;
  ChecklistPart part{};
  for (const auto& g : list.groups) {
    if (!part_open || g.part != part) {
      o << "<tr class=\"part\"><th colspan=\"4\" scope=\"rowgroup\">" << esc(part_heading(g.part)) << "</th></tr>";
      part = g.part;
      part_open = true;
    }
    o << "<tr class=\"plugin\" data-plugin=\"" << esc(g.plugin) << "\"><th colspan=\"4\" scope=\"rowgroup\">"
      << esc(plugin_heading(g.plugin)) << "</th></tr>";
    for (const auto& l : g.lines) {
      if (!l.check) {
        o << "<tr class=\"" << verdict_class(l.verdict) << "\"><td>" << esc(verdict_words(l.verdict)) << "</td><td></td><td>"
          << esc(collapsed_text(l)) << "</td><td></td></tr>";
        continue;
      }
      const Check& c = l.check->check;
      o << "<tr class=\"" << verdict_class(c.verdict) << "\" data-rule=\"" << esc(c.rule) << "\"><td>"
        << esc(verdict_words(c.verdict)) << "</td><td><a class=\"rule-id\" href=\"#" << anchor(c.rule) << "\">"
        << esc(c.rule.substr(c.rule.find('/') + 1)) << "</a>";
      if (!c.key.empty()) o << " <span class=\"meta\">" << esc(c.key) << "</span>";
      if (c.scope != Scope::round) o << " <span class=\"meta\">(" << esc(i18n::text("unit")) << " " << esc(c.org_unit) << ")</span>";
      if (const std::string s = rule_summary(ctx, c.rule); !s.empty()) o << "<br>" << esc(s);
      const Disclosure cd = d.for_check(*l.check);  // the counts hidden in its finding
      o << "</td><td>" << esc(fill_translated(c.rule, c.reason, c.evidence, cd));
      for (const auto& s : evidence_sentences(c.rule, c.evidence, cd)) o << "<br>" << esc(s);
      o << "</td><td>" << esc(rule_basis(ctx, c.rule)) << "</td></tr>";
    }
  }
  o << "</tbody></table></div>";
  if (list.unit_lines_left_out)
    o << "<p class=\"meta\">"
      << esc(i18n::plural(list.unit_lines_left_out, "unit-level statistics line", "unit-level statistics lines")) << " "
      << esc(i18n::text("left out: the unit has no more data than this round.")) << "</p>";
}

void finding_html(std::ostringstream& o, const run::AuditFinding& af, const RenderContext& ctx) {
  const Disclosure d = ctx.disclosure.for_finding(af);  // with the counts hidden across findings
  const Finding& f = af.finding;
  const char* sev = to_string(af.severity);
  o << "<article class=\"finding " << sev << "\" id=\"f-" << esc(af.fingerprint) << "\" data-severity=\"" << sev
    << "\" data-plugin=\"" << esc(af.plugin) << "\" data-rule=\"" << esc(f.rule) << "\">";
  o << "<header><span class=\"badge " << sev << "\">" << esc(i18n::text(sev)) << "</span><a class=\"rule-id\" href=\"#"
    << anchor(f.rule) << "\">" << esc(f.rule) << "</a>";
  if (af.baseline == common::BaselineState::new_) o << "<span class=\"tag baseline\">" << esc(i18n::text("new")) << "</span>";
  if (common::is_reviewed(af.review_state))
    o << "<span class=\"tag review\">" << esc(i18n::text(to_string(af.review_state))) << "</span>";
  o << "</header>";
  o << "<p class=\"message\">" << esc(fill_translated(f.rule, f.message, f.evidence, d)) << "</p>";
  if (!af.review_justification.empty())
    o << "<p class=\"meta\">" << esc(i18n::text("Review")) << " (" << esc(i18n::text(to_string(af.review_state))) << "): " << esc(af.review_justification)
      << "</p>";
  if (!af.review_pending_by.empty())
    o << "<p class=\"meta\">" << esc(i18n::text("Review")) << ": " << esc(i18n::suppression_pending(af.review_pending_by))
      << "</p>";
  for (const auto& s : evidence_sentences(f.rule, f.evidence, d)) o << "<p class=\"evidence-sentence\">" << esc(s) << "</p>";
  o << finding_chart(af, d, "chart-f-" + af.fingerprint.substr(0, 16));
  o << "<details class=\"evidence-details\"><summary>" << esc(i18n::text("The figures")) << "</summary>";
  EvidenceHtml{d, o, f.rule}.object(f.evidence, "");
  o << "</details>";
  if (d.shows_applicant_ids() && !f.applicants.empty()) {
    o << "<p class=\"meta applicants\">" << esc(i18n::text("Applicants concerned:"));
    for (const auto& a : f.applicants) o << " <code>" << esc(a) << "</code>";
    o << "</p>";
  }
  if (!af.basis.empty())
    o << "<p class=\"meta\">" << esc(i18n::text("Basis:")) << " " << esc(i18n::rule_text(f.rule, af.basis.get())) << "</p>";
  o << "<p class=\"meta\">";
  if (!af.source.file.empty()) {
    o << esc(i18n::text("Record:")) << " <code>" << esc(af.source.file) << ":" << af.source.line;
    if (af.end_line > af.source.line) o << "-" << af.end_line;  // the rows of a flat export's round
    o << "</code> · ";
  }
  o << esc(i18n::text("Fingerprint:")) << " <code>" << esc(af.fingerprint) << "</code></p>";
  o << "</article>";
}

}  // namespace fairaudit::emit::html
