#include "emit/html/findings.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/enums.hpp"
#include "emit/flat.hpp"
#include "emit/html/charts.hpp"
#include "emit/html/text.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit::html {
namespace {

struct EvidenceHtml {
  const Disclosure& d;
  std::ostringstream& o;

  void value(const EvidenceValue& v, bool withheld, const std::string& path, const char* tag, std::string_view key) {
    o << "<" << tag << " data-path=\"" << esc(path) << "\" data-kind=\"" << common::to_string(v.kind) << "\"";
    if (withheld) o << " data-withheld=\"1\" class=\"withheld\"";
    else if (std::string_view(tag) == "td" && (v.kind == EvidenceValue::Kind::count || v.kind == EvidenceValue::Kind::number ||
                                               v.kind == EvidenceValue::Kind::real || is_derived(v.kind)))
      o << " class=\"num\"";
    o << ">" << esc(shown_text(v, d, withheld, key)) << "</" << tag << ">";
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
      o << "<dt>" << esc(humanise(k)) << "</dt>";
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
      for (const auto& [k, v] : methods) o << "<dt>" << esc(humanise(k)) << "</dt><dd>" << esc(v->s) << "</dd>";
      o << "</dl></details>";
    }
  }

  void list(const std::string& name, const EvidenceValue& v, const std::string& path) {
    std::vector<std::string> cols;
    for (const auto& c : v.children)
      for (const auto& [k, _] : c.entries())
        if (std::find(cols.begin(), cols.end(), k) == cols.end()) cols.push_back(k);
    o << "<table class=\"evidence-list\"><caption>" << esc(humanise(name)) << "</caption><thead><tr>";
    for (const auto& c : cols) o << "<th scope=\"col\">" << esc(humanise(c)) << "</th>";
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
    o << "</tbody></table>";
  }
};

}  // namespace

void finding_html(std::ostringstream& o, const run::AuditFinding& af, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
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
  o << finding_chart(af, d, "chart-f-" + af.fingerprint.substr(0, 16));
  EvidenceHtml{d, o}.object(f.evidence, "");
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
