// The HTML report: one self-contained file for the people who review
// findings — equality representatives, unions, HR. Nothing is fetched: the
// styles and the one small script (the findings filter) are inline, the
// charts are SVG drawn here, and a Content-Security-Policy forbids every
// network request, so the file can be mailed and opened anywhere.
//
// Order: summary, charts, the per-unit indicator table, findings by unit and
// round (with a filter), the rules with their legal basis, the run's inputs.
// Disclosure control is applied to every figure, chart and table here.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "emit/chart.hpp"
#include "emit/flat.hpp"
#include "emit/render.hpp"
#include "emit/units.hpp"

namespace fairaudit::emit {
namespace {

std::string esc(std::string_view s) { return html_escape(s); }

std::string humanise(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
  return buf;
}

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string anchor(const std::string& rule_id) {
  std::string a = "rule-";
  for (char c : rule_id) a += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
  return a;
}

const char* severity_word(Severity s, std::uint64_t n) {
  switch (s) {
    case Severity::error: return n == 1 ? "error" : "errors";
    case Severity::warning: return n == 1 ? "warning" : "warnings";
    case Severity::note: return n == 1 ? "note" : "notes";
  }
  return "";
}

// The script's hash for the Content-Security-Policy (CSP Level 2 hash source).
std::string csp_hash(const std::string& script) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(script.data(), script.size(), md, &len, EVP_sha256(), nullptr);
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  EVP_EncodeBlock(b64, md, static_cast<int>(len));
  return std::string("'sha256-") + reinterpret_cast<const char*>(b64) + "'";
}

constexpr const char* kStyle = R"CSS(
:root{--error:#b00020;--warning:#9a5200;--note:#1f5fa8;--ok:#1e7b34;--line:#d0d4da;--muted:#5b6470;--bg:#f6f7f9}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif;margin:0;color:#1b1f24;line-height:1.45;background:#fff}
header{background:#1f2a37;color:#fff;padding:1.2rem 2rem}
header h1{margin:0 0 .3rem;font-size:1.5rem}
header p{margin:.15rem 0;color:#d5dbe3}
.audience{display:inline-block;margin-top:.4rem;padding:.25rem .6rem;border-radius:4px;background:#fff;color:#1f2a37;font-weight:600}
nav{padding:.5rem 2rem;border-bottom:1px solid var(--line);background:var(--bg)}
nav a{margin-right:1.2rem;color:#1f2a37}
main{padding:0 2rem 2rem;max-width:1200px}
h2{border-bottom:2px solid #1f2a37;padding-bottom:.2rem;margin-top:2rem}
h3{margin:1.4rem 0 .4rem}
h4{margin:1rem 0 .3rem;font-size:1rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;min-width:9rem;background:var(--bg)}
.card .n{display:block;font-size:1.7rem;font-weight:700}
.card.error .n{color:var(--error)}.card.warning .n{color:var(--warning)}.card.note .n{color:var(--note)}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--bg)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td[data-withheld]{color:var(--muted);font-style:italic}
.units-table{display:block;overflow-x:auto;max-width:100%}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:3px;color:#fff;font-size:.8rem;font-weight:700;text-transform:uppercase}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.note{background:var(--note)}
.tag{display:inline-block;margin-left:.4rem;padding:0 .4rem;border:1px solid var(--line);border-radius:3px;font-size:.8rem;color:var(--muted)}
article.finding{border:1px solid var(--line);border-left:5px solid var(--note);border-radius:4px;padding:.5rem .8rem;margin:.5rem 0;break-inside:avoid}
article.finding.error{border-left-color:var(--error)}article.finding.warning{border-left-color:var(--warning)}
article.finding header{background:none;color:inherit;padding:0}
.rule-id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem;margin-left:.4rem}
.message{margin:.3rem 0;font-weight:500}
.meta{color:var(--muted);font-size:.82rem;margin:.2rem 0}
dl.evidence{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0;font-size:.88rem}
dl.evidence dt{color:var(--muted)}dl.evidence dd{margin:0}
.withheld{color:var(--muted);font-style:italic}
figure.chart{margin:1rem 0 1.6rem;break-inside:avoid}
.chart-title{font-weight:700;margin-bottom:.3rem}
.chart-note{color:var(--muted);font-size:.85rem;margin:.2rem 0}
svg text{font-family:inherit;font-size:12px;fill:#1b1f24}
svg text.na{fill:#5b6470;font-style:italic}
svg text.marker-label{font-size:11px}
svg text.tick{fill:#5b6470;font-size:11px}
#filter{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem .8rem;background:var(--bg);border:1px solid var(--line);border-radius:6px;margin:1rem 0}
#filter[hidden]{display:none}
#filter input[type=search]{min-width:16rem;padding:.25rem .4rem}
.rule{border-top:1px solid var(--line);padding:.4rem 0}
.rule h3{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1rem}
.basis{background:var(--bg);padding:.4rem .6rem;border-left:3px solid #1f2a37}
footer{padding:1rem 2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
@media print{
 @page{margin:15mm}
 body{font-size:10pt}
 header{background:none;color:#000;padding:0 0 .5rem;border-bottom:2px solid #000}
 header p{color:#000}
 .audience{border:1px solid #000}
 nav,#filter{display:none}
 main{padding:0;max-width:none}
 a{color:inherit;text-decoration:none}
 h2{break-after:avoid}
 section.unit,section.round{break-inside:auto}
 .badge{color:#000;border:1px solid #000;background:none!important}
 details>summary{display:none}
 .units-table{overflow:visible}
}
)CSS";

// Without it every finding shows; with it the filter narrows them. The
// filter can be set from the address, so a link can show a selection:
// report.html#sev=error,warning&plugin=oslo-hiring-policy&q=DIV-15. Before
// printing, every "figures behind the chart" table opens.
constexpr const char* kScript = R"JS(
(function(){
var form=document.getElementById('filter');
window.addEventListener('beforeprint',function(){Array.prototype.forEach.call(document.querySelectorAll('details'),function(d){d.open=true;});});
if(!form)return;
form.hidden=false;
var items=Array.prototype.slice.call(document.querySelectorAll('article.finding'));
var groups=Array.prototype.slice.call(document.querySelectorAll('section.round,section.unit'));
var count=document.getElementById('filter-count');
function apply(){
var q=form.elements.q.value.trim().toLowerCase();
var sev={};
Array.prototype.forEach.call(form.querySelectorAll('input[name=sev]'),function(c){sev[c.value]=c.checked;});
var plugin=form.elements.plugin.value;
var shown=0;
items.forEach(function(a){
var ok=sev[a.getAttribute('data-severity')]&&(!plugin||a.getAttribute('data-plugin')===plugin)&&(!q||a.textContent.toLowerCase().indexOf(q)>=0);
a.hidden=!ok;if(ok)shown++;});
groups.forEach(function(s){s.hidden=!s.querySelector('article.finding:not([hidden])');});
count.textContent=shown+' of '+items.length+' findings shown';
}
function fromHash(){
var h=location.hash.slice(1);
if(h.indexOf('=')<0)return;
var p={};
h.split('&').forEach(function(kv){var i=kv.indexOf('=');if(i>0)p[decodeURIComponent(kv.slice(0,i))]=decodeURIComponent(kv.slice(i+1));});
if('q' in p)form.elements.q.value=p.q;
if('plugin' in p)form.elements.plugin.value=p.plugin;
if('sev' in p){var s=p.sev.split(',');Array.prototype.forEach.call(form.querySelectorAll('input[name=sev]'),function(c){c.checked=s.indexOf(c.value)>=0;});}
}
form.addEventListener('input',apply);form.addEventListener('change',apply);
form.addEventListener('submit',function(e){e.preventDefault();});
window.addEventListener('hashchange',function(){fromHash();apply();});
fromHash();
apply();
})();
)JS";

// ---- evidence ---------------------------------------------------------------

struct EvidenceHtml {
  const Disclosure& d;
  std::ostringstream& o;

  void value(const EvidenceValue& v, bool hidden, const std::string& path, const char* tag) {
    const bool withheld = (v.kind == EvidenceValue::Kind::count && d.small(v.i)) || (is_derived(v.kind) && hidden);
    o << "<" << tag << " data-path=\"" << esc(path) << "\" data-kind=\"" << common::to_string(v.kind) << "\"";
    if (withheld) o << " data-withheld=\"1\" class=\"withheld\"";
    else if (std::string_view(tag) == "td" && (v.kind == EvidenceValue::Kind::count || v.kind == EvidenceValue::Kind::number ||
                                               v.kind == EvidenceValue::Kind::real || is_derived(v.kind)))
      o << " class=\"num\"";
    o << ">" << esc(value_text(v, d, hidden)) << "</" << tag << ">";
  }

  // Scalars as a definition list, lists of objects as tables, objects nested.
  void object(const Evidence& e, bool hidden_above, const std::string& prefix) {
    using K = EvidenceValue::Kind;
    const bool hidden = hidden_above || d.any_small(e);
    bool open = false;
    std::vector<std::pair<std::string, const EvidenceValue*>> methods;
    for (const auto& [k, v] : e.entries()) {
      const std::string path = prefix.empty() ? k : prefix + "." + k;
      if (v.kind == K::text && k.size() > 7 && k.compare(k.size() - 7, 7, "_method") == 0) {
        methods.emplace_back(k, &v);
        continue;
      }
      if (v.kind == K::list) {
        if (open) o << "</dl>";
        open = false;
        list(k, v, hidden, path);
        continue;
      }
      if (!open) o << "<dl class=\"evidence\">";
      open = true;
      o << "<dt>" << esc(humanise(k)) << "</dt>";
      if (v.kind == K::object) {
        o << "<dd>";
        object(v.children.front(), hidden, path);
        o << "</dd>";
      } else {
        value(v, hidden, path, "dd");
      }
    }
    if (open) o << "</dl>";
    if (!methods.empty()) {
      o << "<details class=\"methods\"><summary>How the figures were computed</summary><dl class=\"evidence\">";
      for (const auto& [k, v] : methods) o << "<dt>" << esc(humanise(k)) << "</dt><dd>" << esc(v->s) << "</dd>";
      o << "</dl></details>";
    }
  }

  void list(const std::string& name, const EvidenceValue& v, bool hidden, const std::string& path) {
    std::vector<std::string> cols;
    for (const auto& c : v.children)
      for (const auto& [k, _] : c.entries())
        if (std::find(cols.begin(), cols.end(), k) == cols.end()) cols.push_back(k);
    o << "<table class=\"evidence-list\"><caption>" << esc(humanise(name)) << "</caption><thead><tr>";
    for (const auto& c : cols) o << "<th scope=\"col\">" << esc(humanise(c)) << "</th>";
    o << "</tr></thead><tbody>";
    for (std::size_t i = 0; i < v.children.size(); ++i) {
      const Evidence& c = v.children[i];
      const bool h = hidden || d.any_small(c);
      const std::string p = path + "[" + std::to_string(i) + "]";
      o << "<tr>";
      for (const auto& col : cols) {
        const EvidenceValue* cv = c.find(col);
        if (!cv) {
          o << "<td></td>";
        } else if (cv->kind == EvidenceValue::Kind::object) {
          o << "<td>";
          object(cv->children.front(), h, p + "." + col);
          o << "</td>";
        } else if (cv->kind == EvidenceValue::Kind::list) {
          o << "<td>";
          list(col, *cv, h, p + "." + col);
          o << "</td>";
        } else {
          value(*cv, h, p + "." + col, "td");
        }
      }
      o << "</tr>";
    }
    o << "</tbody></table>";
  }
};

const EvidenceValue* find_kind(const Evidence& e, std::string_view k, EvidenceValue::Kind kind) {
  const EvidenceValue* v = e.find(k);
  return v && v->kind == kind ? v : nullptr;
}

std::string text_of(const Evidence& e, std::string_view k) {
  const EvidenceValue* v = e.find(k);
  return v && v->kind == EvidenceValue::Kind::text ? v->s : std::string();
}

// A finding whose evidence lists groups with selection rates (the
// interview-call-diversity rules) gets a chart of those rates against the
// reference group, with the four-fifths line.
std::string finding_chart(const run::AuditFinding& af, const Disclosure& d, const std::string& id) {
  using K = EvidenceValue::Kind;
  const Evidence& e = af.finding.evidence;
  const EvidenceValue* groups = find_kind(e, "groups", K::list);
  if (!groups || groups->children.empty() || !groups->children.front().find("rate")) return {};
  const bool top_hidden = d.any_small(e);
  double threshold = 0.8;
  if (const EvidenceValue* t = find_kind(e, "threshold", K::real)) threshold = t->d;

  Chart c;
  c.id = id;
  const std::string attr = text_of(e, "attribute"), from = text_of(e, "stage_from"), to = text_of(e, "stage_to");
  c.title = "Selection rate by " + humanise(attr) + ": " + humanise(from) + " → " + humanise(to);
  c.max = 1;
  c.percent = true;
  c.table_head = {"group", "in pool", "selected", "selection rate", "impact ratio", "four-fifths", "outcome"};

  // The reference group's rate, from a group whose figures may be shown.
  std::optional<double> ref_rate;
  std::string ref_name = text_of(e, "reference_group");
  std::vector<TableCell> ref_row;
  for (const auto& g : groups->children) {
    if (top_hidden || d.any_small(g)) continue;
    const EvidenceValue* rr = find_kind(g, "reference_rate", K::rate);
    if (!rr) continue;
    ref_rate = rr->d;
    if (ref_name.empty()) ref_name = text_of(g, "reference_group");
    const EvidenceValue* rn = g.find("reference_n");
    const EvidenceValue* rs = g.find("reference_selected");
    ref_row = {{ref_name + " (reference)", ""},
               {rn ? d.count_text(rn->i) : "", "count"},
               {rs ? d.count_text(rs->i) : "", "count"},
               {percent(rr->d), "rate"},
               {"1.00", "ratio"},
               {"", ""},
               {"reference", ""}};
    break;
  }
  ChartRow rr;
  rr.label = ref_name + " (reference)";
  rr.cells.push_back(ref_rate ? ChartCell{*ref_rate, percent(*ref_rate), "ref"}
                              : ChartCell{std::nullopt, "hidden: small numbers", ""});
  c.rows.push_back(rr);
  if (!ref_row.empty()) c.table_rows.push_back(ref_row);

  int shown = 0, withheld = 0;
  for (const auto& g : groups->children) {
    const bool hidden = top_hidden || d.any_small(g);
    ChartRow row;
    row.label = text_of(g, "group");
    const EvidenceValue* rate = find_kind(g, "rate", K::rate);
    const EvidenceValue* ir = find_kind(g, "impact_ratio", K::ratio);
    const std::string ff = text_of(g, "four_fifths");
    ChartCell cell;
    if (hidden) {
      cell.text = "hidden: small numbers";
      ++withheld;
    } else if (rate) {
      cell.value = rate->d;
      cell.text = percent(rate->d) + (ir ? " · IR " + fixed2(ir->d) : "") + (ff == "adverse" ? " ▼" : "");
      cell.tone = ff == "adverse" ? "adverse" : "";
      ++shown;
    } else {
      cell.text = "no one in the pool";
    }
    row.cells.push_back(cell);
    c.rows.push_back(row);
    const EvidenceValue* n = g.find("n");
    const EvidenceValue* s = g.find("selected");
    c.table_rows.push_back({{row.label, ""},
                            {n ? value_text(*n, d, hidden) : "", "count", n && n->kind == K::count && d.small(n->i)},
                            {s ? value_text(*s, d, hidden) : "", "count", s && s->kind == K::count && d.small(s->i)},
                            {rate ? value_text(*rate, d, hidden) : "", "rate", hidden},
                            {ir ? value_text(*ir, d, hidden) : "", "ratio", hidden},
                            {ff, ""},
                            {text_of(g, "outcome"), ""}});
  }
  if (ref_rate) {
    c.marker = threshold * *ref_rate;
    c.marker_label = "four-fifths line (" + fixed2(threshold) + " × " + ref_name + ")";
  }
  c.description = "Bar chart of the selection rate from " + humanise(from) + " to " + humanise(to) + " for each " +
                  humanise(attr) + " group, against the reference group " + ref_name + ". " + std::to_string(shown) +
                  " group(s) shown" + (withheld ? ", " + std::to_string(withheld) + " withheld for small numbers" : "") +
                  ". Bars that end left of the dashed four-fifths line are below " + fixed2(threshold) +
                  " of the reference rate.";
  return render_chart(c);
}

void finding_html(std::ostringstream& o, const run::AuditFinding& af, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  const Finding& f = af.finding;
  const char* sev = to_string(af.severity);
  o << "<article class=\"finding " << sev << "\" id=\"f-" << esc(af.fingerprint) << "\" data-severity=\"" << sev
    << "\" data-plugin=\"" << esc(af.plugin) << "\" data-rule=\"" << esc(f.rule) << "\">";
  o << "<header><span class=\"badge " << sev << "\">" << sev << "</span><a class=\"rule-id\" href=\"#"
    << anchor(f.rule) << "\">" << esc(f.rule) << "</a>";
  if (af.baseline == common::BaselineState::new_) o << "<span class=\"tag baseline\">new</span>";
  if (common::is_reviewed(af.review_state))
    o << "<span class=\"tag review\">" << esc(to_string(af.review_state)) << "</span>";
  o << "</header>";
  o << "<p class=\"message\">" << esc(fill(f.message, f.evidence, d)) << "</p>";
  if (!af.review_justification.empty())
    o << "<p class=\"meta\">Review (" << esc(to_string(af.review_state)) << "): " << esc(af.review_justification)
      << "</p>";
  o << finding_chart(af, d, "chart-f-" + af.fingerprint.substr(0, 16));
  EvidenceHtml{d, o}.object(f.evidence, false, "");
  if (d.shows_applicant_ids() && !f.applicants.empty()) {
    o << "<p class=\"meta applicants\">Applicants concerned:";
    for (const auto& a : f.applicants) o << " <code>" << esc(a) << "</code>";
    o << "</p>";
  }
  if (!af.basis.empty()) o << "<p class=\"meta\">Basis: " << esc(af.basis.get()) << "</p>";
  o << "<p class=\"meta\">";
  if (!af.source.file.empty()) o << "Record: <code>" << esc(af.source.file) << ":" << af.source.line << "</code> · ";
  o << "Fingerprint: <code>" << esc(af.fingerprint) << "</code></p>";
  o << "</article>";
}

// ---- charts from the run's indicators ----------------------------------------

struct FunnelSum {
  std::int64_t applied = 0, qualified = 0, invited = 0, interviewed = 0, hired = 0;
};

constexpr std::array<const char*, 4> kAttributes = {"gender", "immigrant_background", "disability", "cv_gap"};

std::map<std::string, FunnelSum> funnels(const run::RunResult& r) {
  std::map<std::string, FunnelSum> out;
  for (const auto& [unit, ind] : r.indicators.units())
    for (const auto& [g, f] : ind.groups) {
      FunnelSum& s = out[g];
      s.applied += static_cast<std::int64_t>(f.applied);
      s.qualified += static_cast<std::int64_t>(f.qualified);
      s.invited += static_cast<std::int64_t>(f.invited);
      s.interviewed += static_cast<std::int64_t>(f.interviewed);
      s.hired += static_cast<std::int64_t>(f.hired);
    }
  return out;
}

std::string attr_of(const std::string& g) { return g.substr(0, g.find('=')); }
std::string value_of(const std::string& g) { return g.substr(g.find('=') + 1); }

std::string selection_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, bool invite,
                            const Disclosure& d) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;
  for (const auto& [g, f] : fs)
    if (attr_of(g) == attr && is_declared(g))
      counts[g] = invite ? std::make_pair(f.qualified, f.invited) : std::make_pair(f.invited, f.hired);
  auto rates = rates_by_group(counts, d);
  int with_pool = 0;
  for (const auto& [g, gr] : rates) with_pool += gr.n > 0;
  if (with_pool < 2) return {};

  const std::string from = invite ? "qualified" : "invited to interview";
  const std::string to = invite ? "invited to interview" : "hired";
  Chart c;
  c.id = "chart-rate-" + attr + (invite ? "-invited" : "-hired");
  c.title = "Selection rate by " + humanise(attr) + ": " + from + " → " + to + " (all rounds)";
  c.max = 1;
  c.percent = true;
  c.table_head = {"group", invite ? "qualified" : "invited", invite ? "invited" : "hired", "selection rate",
                  "impact ratio", "below four-fifths"};
  std::optional<double> ref_rate;
  std::string ref_name;
  int adverse = 0, withheld = 0;
  for (const auto& [g, gr] : rates) {
    if (gr.reference && gr.rate) {
      ref_rate = gr.rate;
      ref_name = value_of(g);
    }
    ChartRow row;
    row.label = value_of(g) + (gr.reference ? " (reference)" : "");
    ChartCell cell;
    if (gr.withheld) {
      cell.text = "hidden: small numbers";
      ++withheld;
    } else if (gr.rate) {
      cell.value = gr.rate;
      cell.text = percent(*gr.rate) + (gr.ratio ? " · IR " + fixed2(*gr.ratio) : "") + (gr.adverse ? " ▼" : "") +
                  (gr.ratio_withheld ? " · IR hidden" : "");
      cell.tone = gr.reference ? "ref" : gr.adverse ? "adverse" : "";
      adverse += gr.adverse;
    } else {
      cell.text = "no one at this stage";
    }
    row.cells.push_back(cell);
    c.rows.push_back(row);
    c.table_rows.push_back({{value_of(g), ""},
                            {d.count_text(gr.n), "count", d.small(gr.n)},
                            {d.count_text(gr.selected), "count", d.small(gr.selected)},
                            {gr.withheld ? "hidden" : gr.rate ? percent(*gr.rate) : "", "rate", gr.withheld},
                            {gr.ratio_withheld ? "hidden" : gr.ratio ? fixed2(*gr.ratio) : "", "ratio",
                             gr.ratio_withheld},
                            {gr.ratio_withheld ? "" : gr.adverse ? "yes" : "no", ""}});
  }
  if (ref_rate) {
    // UGESP 1607.4(D): four-fifths of the highest group's rate.
    c.marker = 0.8 * *ref_rate;
    c.marker_label = "four-fifths line (0.8 × " + ref_name + ")";
  }
  c.description = "Bar chart of the share of " + from + " applicants who were " + to + ", for each declared " +
                  humanise(attr) + " group over all audited rounds. " +
                  (ref_rate ? "The reference is " + ref_name + " at " + percent(*ref_rate) + "; " +
                                  std::to_string(adverse) + " group(s) fall below the four-fifths line."
                            : std::string("No reference rate can be shown.")) +
                  (withheld ? " " + std::to_string(withheld) + " group(s) withheld for small numbers." : "");
  c.note = "Declined, unknown and not-asked answers are not a group here; see the funnel below for their numbers.";
  return render_chart(c);
}

std::string funnel_chart(const std::map<std::string, FunnelSum>& fs, const std::string& attr, const Disclosure& d) {
  Chart c;
  c.id = "chart-funnel-" + attr;
  c.title = "Applicant funnel by " + humanise(attr) + " (all rounds)";
  c.series = {"applied", "qualified", "invited", "interviewed", "hired"};
  c.table_head = {"group", "applied", "qualified", "invited", "interviewed", "hired"};
  int groups = 0;
  for (const auto& [g, f] : fs) {
    if (attr_of(g) != attr) continue;
    ++groups;
    ChartRow row;
    row.label = humanise(value_of(g));
    std::vector<TableCell> trow{{humanise(value_of(g)), ""}};
    for (std::int64_t v : {f.applied, f.qualified, f.invited, f.interviewed, f.hired}) {
      // A small count gets no bar at all: its length would tell the number.
      if (d.small(v)) row.cells.push_back({std::nullopt, d.small_text(), ""});
      else row.cells.push_back({static_cast<double>(v), std::to_string(v), ""});
      trow.push_back({d.count_text(v), "count", d.small(v)});
    }
    c.rows.push_back(row);
    c.table_rows.push_back(trow);
  }
  if (groups == 0) return {};
  c.description = "Grouped bar chart: for each " + humanise(attr) +
                  " answer, how many applicants applied, were qualified, invited to interview, interviewed and "
                  "hired, over all audited rounds." +
                  (d.audience() == Audience::union_ ? " Counts below " + std::to_string(d.min_cell()) +
                                                          " are shown as " + d.small_text() + " without a bar."
                                                    : std::string());
  return render_chart(c);
}

std::string representative_chart(const std::vector<UnitRow>& rows) {
  Chart c;
  c.id = "chart-representative";
  c.title = "Representative involved in time, by unit";
  c.max = 1;
  c.percent = true;
  c.table_head = {"unit", "rounds with a verdict", "in time", "share"};
  for (const auto& row : rows) {
    if (!row.rep_checked) continue;
    ChartRow cr;
    cr.label = row.org_unit;
    cr.cells.push_back({row.rep_share, std::to_string(row.rep_in_time) + " of " + std::to_string(row.rep_checked) +
                                           " (" + percent(*row.rep_share) + ")",
                        ""});
    c.rows.push_back(cr);
    c.table_rows.push_back({{row.org_unit, ""},
                            {std::to_string(row.rep_checked), "rounds"},
                            {std::to_string(row.rep_in_time), "rounds"},
                            {percent(*row.rep_share), "share_of_rounds"}});
  }
  if (c.rows.empty()) return {};
  c.description =
      "Bar chart: for each unit (and the units above it, which include their subunits), the share of hiring rounds "
      "in which the representative received the recommendation in time before the decision "
      "(representative-involvement/recommendation-in-time), of the rounds where that rule gave a verdict.";
  c.note = "Counts here are of hiring rounds, not of people.";
  return render_chart(c);
}

std::string trend_chart(const std::vector<TrendPoint>& trends) {
  if (trends.empty()) return {};
  std::vector<std::string> order;
  std::map<std::string, std::array<std::uint64_t, 3>> by_run;
  std::map<std::string, std::string> when;
  for (const auto& t : trends) {
    if (!by_run.count(t.run_id)) order.push_back(t.run_id);
    auto& a = by_run[t.run_id];
    a[0] += t.error;
    a[1] += t.warning;
    a[2] += t.note;
    when[t.run_id] = t.started_at;
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return when[a] < when[b]; });
  Chart c;
  c.id = "chart-trend";
  c.title = "Findings across stored runs";
  c.series = {"errors", "warnings", "notes"};
  c.table_head = {"run", "started", "errors", "warnings", "notes"};
  for (const auto& id : order) {
    const auto& a = by_run[id];
    ChartRow row;
    row.label = when[id].substr(0, 16) + " " + id.substr(0, 8);
    std::vector<TableCell> trow{{id, ""}, {when[id], ""}};
    for (auto v : a) {
      row.cells.push_back({static_cast<double>(v), std::to_string(v), ""});
      trow.push_back({std::to_string(v), "findings"});
    }
    c.rows.push_back(row);
    c.table_rows.push_back(trow);
  }
  c.description = "Grouped bar chart of the number of findings by severity in each stored run of this policy, oldest "
                  "first.";
  return render_chart(c);
}

}  // namespace

std::string render_html(const run::RunResult& r, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  const auto& cnt = r.counts;
  std::ostringstream o;
  const std::string script = kScript;

  // As in the JSON summary: the severities count the findings not suppressed
  // in review; suppressed ones are counted apart.
  std::uint64_t by[3] = {0, 0, 0}, suppressed = 0;
  for (const auto& f : r.findings) {
    if (f.review_state == common::ReviewState::suppressed) ++suppressed;
    else ++by[int(f.severity)];
  }
  std::set<std::string> plugins_with_findings;
  for (const auto& f : r.findings) plugins_with_findings.insert(f.plugin);

  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:; script-src "
    << csp_hash(script) << "\">\n"
    << "<meta name=\"generator\" content=\"fairaudit " << esc(ctx.tool_version) << "\">\n"
    << "<title>fairaudit report — " << esc(ctx.policy_name) << " " << esc(ctx.policy_version) << "</title>\n"
    << "<style>" << kStyle << "</style>\n</head>\n<body>\n";

  // Header: what this is and for whom.
  o << "<header><h1>Hiring-round audit</h1>";
  o << "<p>Policy <strong>" << esc(ctx.policy_name) << "</strong> " << esc(ctx.policy_version) << " · fairaudit "
    << esc(ctx.tool_version);
  if (!ctx.run_id.empty()) o << " · run " << esc(ctx.run_id);
  o << "</p>";
  o << "<p class=\"audience\" data-audience=\"" << to_string(d.audience()) << "\">Audience: "
    << to_string(d.audience()) << " — ";
  switch (d.audience()) {
    case Audience::internal: o << "everything is shown, including pseudonymous applicant ids."; break;
    case Audience::representative: o << "counts are shown; applicant ids are not."; break;
    case Audience::union_:
      o << "no applicant ids; counts of people below " << d.min_cell() << " are shown as " << esc(d.small_text())
        << " and the rates and ratios computed from them are hidden.";
      break;
  }
  o << "</p></header>\n";
  o << "<nav><a href=\"#summary\">Summary</a><a href=\"#charts\">Charts</a><a href=\"#units\">Units</a>"
       "<a href=\"#findings\">Findings</a><a href=\"#rules\">Rules</a><a href=\"#run\">Run</a></nav>\n<main>\n";

  // ---- summary
  o << "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">";
  auto card = [&](const char* cls, const char* key, const std::string& n, const std::string& label) {
    o << "<div class=\"card " << cls << "\"><span class=\"n\" data-summary=\"" << key << "\">" << esc(n)
      << "</span>" << esc(label) << "</div>";
  };
  card("", "rounds", std::to_string(cnt.rounds), cnt.rounds == 1 ? "hiring round audited" : "hiring rounds audited");
  card("", "applications", d.count_text(static_cast<std::int64_t>(cnt.applications)), "applications");
  card("", "units", std::to_string(r.indicators.units().size()), "org units with rounds");
  card("", "findings", std::to_string(r.findings.size()), r.findings.size() == 1 ? "finding" : "findings");
  for (Severity s : {Severity::error, Severity::warning, Severity::note})
    card(to_string(s), to_string(s), std::to_string(by[int(s)]), severity_word(s, by[int(s)]));
  if (suppressed) card("", "suppressed", std::to_string(suppressed), "suppressed in review");
  o << "</div>";
  if (cnt.rejected)
    o << "<p><strong data-summary=\"rejected\">" << cnt.rejected
      << "</strong> input line(s) were rejected and skipped; see <a href=\"#run\">Run</a>.</p>";
  if (cnt.plugin_failures)
    o << "<p><strong data-summary=\"plugin-failures\">" << cnt.plugin_failures
      << "</strong> plugin failure(s): the rules of the failed plugin could not be checked there "
         "(host/plugin-failure findings).</p>";
  if (ctx.baseline) {
    const auto& b = *ctx.baseline;
    o << "<p>Compared with the previous run" << (b.previous_run.empty() ? "" : " " + esc(b.previous_run)) << ": <strong>"
      << b.new_findings << "</strong> new, " << b.unchanged << " unchanged, " << b.resolved << " resolved, "
      << b.suppressed << " suppressed.</p>";
  }

  // Findings by rule, with how the rule fared across the rounds.
  std::map<std::string, std::array<std::uint64_t, 3>> by_rule;
  for (const auto& f : r.findings) ++by_rule[f.finding.rule][int(f.severity)];
  if (!by_rule.empty()) {
    std::vector<std::vector<TableCell>> rows;
    for (const auto& [rule, a] : by_rule) {
      std::string checked;
      if (auto t = r.tally.find(rule); t != r.tally.end())
        checked = std::to_string(t->second.breach) + " / " + std::to_string(t->second.complies) + " / " +
                  std::to_string(t->second.not_applicable) + " / " + std::to_string(t->second.insufficient_data);
      rows.push_back({{rule, ""},
                      {std::to_string(a[2]), "findings"},
                      {std::to_string(a[1]), "findings"},
                      {std::to_string(a[0]), "findings"},
                      {checked, ""}});
    }
    o << render_table({"rule", "errors", "warnings", "notes", "breach / complies / n.a. / insufficient data"}, rows,
                      "Findings by rule", "by-rule");
  }
  // Units with most findings (their own, not their subunits').
  std::map<std::string, std::array<std::uint64_t, 3>> by_unit;
  for (const auto& f : r.findings)
    if (!f.finding.org_unit.empty()) ++by_unit[f.finding.org_unit][int(f.severity)];
  if (!by_unit.empty()) {
    std::vector<std::pair<std::string, std::array<std::uint64_t, 3>>> top(by_unit.begin(), by_unit.end());
    auto total = [](const std::array<std::uint64_t, 3>& a) { return a[0] + a[1] + a[2]; };
    std::stable_sort(top.begin(), top.end(), [&](const auto& a, const auto& b) {
      if (total(a.second) != total(b.second)) return total(a.second) > total(b.second);
      return a.second[2] > b.second[2];
    });
    if (top.size() > 10) top.resize(10);
    std::vector<std::vector<TableCell>> rows;
    for (const auto& [u, a] : top)
      rows.push_back({{u, ""},
                      {std::to_string(total(a)), "findings"},
                      {std::to_string(a[2]), "findings"},
                      {std::to_string(a[1]), "findings"},
                      {std::to_string(a[0]), "findings"}});
    o << render_table({"unit", "findings", "errors", "warnings", "notes"}, rows, "Units with most findings",
                      "top-units");
  }
  o << "</section>\n";

  // ---- charts
  const auto fs = funnels(r);
  const auto unit_table = unit_rows(r, d);
  o << "<section id=\"charts\"><h2>Charts</h2>";
  o << "<p>Selection rates of each self-declared group at each stage, over all audited rounds, with each group's "
       "impact ratio against the group with the highest rate and the four-fifths line (UGESP 29 CFR 1607.4(D)). "
       "The statistical verdicts per round and pooled per unit are in the findings of "
       "interview-call-diversity below.</p>";
  o << "<h3>Selection rates by group</h3>";
  bool any_rate = false;
  for (const char* a : kAttributes)
    for (bool invite : {true, false}) {
      std::string ch = selection_chart(fs, a, invite, d);
      any_rate = any_rate || !ch.empty();
      o << ch;
    }
  if (!any_rate) o << "<p>No attribute has two declared groups at a stage: there are no rates to compare.</p>";
  o << "<h3>Applicant funnel by group</h3>";
  for (const char* a : kAttributes) o << funnel_chart(fs, a, d);
  o << "<h3>Representative involvement</h3>";
  std::string rep = representative_chart(unit_table);
  o << (rep.empty() ? "<p>No round gave a verdict on representative-involvement/recommendation-in-time.</p>" : rep);
  if (!ctx.trends.empty()) o << "<h3>Trend</h3>" << trend_chart(ctx.trends);
  o << "</section>\n";

  // ---- per-unit indicators
  o << "<section id=\"units\"><h2>Units compared</h2>"
       "<p>One row per unit; a unit higher in the path includes the units below it. Invitation rate: the share of "
       "qualified applicants of a group who were invited to interview; ratio: that rate against the highest rate "
       "among the groups of the same attribute in the unit. Open findings are those not resolved or suppressed in "
       "review.</p>";
  {
    const auto cols = group_columns(unit_table);
    std::vector<std::string> head = {"unit", "rounds", "applications", "representative in time"};
    for (const auto& g : cols) head.push_back(humanise(g) + ": invited / qualified (ratio)");
    head.insert(head.end(), {"open errors", "open warnings", "open notes"});
    std::vector<std::vector<TableCell>> rows;
    for (const auto& row : unit_table) {
      std::vector<TableCell> tr{{row.org_unit, ""},
                                {std::to_string(row.rounds), "rounds"},
                                {d.count_text(row.applications), "count", d.small(row.applications)}};
      tr.push_back({row.rep_share ? percent(*row.rep_share) + " of " + std::to_string(row.rep_checked)
                                  : std::string("—"),
                    "share_of_rounds"});
      for (const auto& g : cols) {
        auto it = row.groups.find(g);
        if (it == row.groups.end()) {
          tr.push_back({"", ""});
          continue;
        }
        const GroupRate& gr = it->second;
        std::string t = d.count_text(gr.selected) + " / " + d.count_text(gr.n);
        if (gr.withheld) t += " (hidden)";
        else if (gr.rate) t += " = " + percent(*gr.rate) + (gr.ratio ? " (" + fixed2(*gr.ratio) + ")" : "");
        if (!gr.withheld && gr.ratio_withheld) t += " (ratio hidden)";
        if (gr.adverse) t += " ▼";
        tr.push_back({t, "group_rate", gr.withheld});
      }
      for (Severity s : {Severity::error, Severity::warning, Severity::note})
        tr.push_back({std::to_string(row.open[int(s)]), "findings"});
      rows.push_back(std::move(tr));
    }
    if (rows.empty()) o << "<p>No unit had rounds or findings.</p>";
    else o << render_table(head, rows, "Indicators per unit", "units-table");
    o << "<p class=\"chart-note\">▼ below four-fifths of the highest group's rate. The same table as CSV: "
         "<code>fairaudit audit … --format csv-units</code>.</p>";
  }
  o << "</section>\n";

  // ---- findings
  o << "<section id=\"findings\"><h2>Findings by unit and round</h2>";
  if (r.findings.empty()) {
    o << "<p>No findings.</p>";
  } else {
    o << "<form id=\"filter\" hidden><label>Search <input type=\"search\" name=\"q\" placeholder=\"rule, round, unit, "
         "text\"></label>";
    for (Severity s : {Severity::error, Severity::warning, Severity::note})
      o << "<label><input type=\"checkbox\" name=\"sev\" value=\"" << to_string(s) << "\" checked> "
        << to_string(s) << "</label>";
    o << "<label>Plugin <select name=\"plugin\"><option value=\"\">all</option>";
    for (const auto& p : plugins_with_findings) o << "<option>" << esc(p) << "</option>";
    o << "</select></label><output id=\"filter-count\" aria-live=\"polite\"></output></form>";

    std::string unit = "\x01", round = "\x01";
    bool unit_open = false, round_open = false;
    for (const auto& af : r.findings) {
      const Finding& f = af.finding;
      if (f.org_unit != unit) {
        if (round_open) o << "</section>";
        if (unit_open) o << "</section>";
        round_open = false;
        unit = f.org_unit;
        round = "\x01";
        o << "<section class=\"unit\" data-unit=\"" << esc(unit) << "\"><h3>"
          << (unit.empty() ? std::string("Whole run") : esc(unit)) << "</h3>";
        unit_open = true;
      }
      const std::string here = f.scope == Scope::round ? f.round_id : std::string();
      if (here != round) {
        if (round_open) o << "</section>";
        round = here;
        o << "<section class=\"round\" data-round=\"" << esc(here) << "\"><h4>";
        if (f.scope == Scope::round)
          o << "Round " << esc(f.round_id);
        else
          o << (f.scope == Scope::run ? "Whole run" : "Unit level");
        o << "</h4>";
        round_open = true;
      }
      finding_html(o, af, ctx);
    }
    if (round_open) o << "</section>";
    if (unit_open) o << "</section>";
  }
  if (ctx.checklist && !r.checks.empty()) {
    o << "<h3>Checklist</h3>";
    std::vector<std::vector<TableCell>> rows;
    for (const auto& ac : r.checks) {
      const Check& c = ac.check;
      rows.push_back({{c.rule + (c.key.empty() ? "" : " [" + c.key + "]"), ""},
                      {c.scope == Scope::round ? c.round_id : c.org_unit, ""},
                      {to_string(c.verdict), ""},
                      {fill(c.reason, c.evidence, d), ""}});
    }
    o << render_table({"rule", "round or unit", "verdict", "reason"}, rows, "Every rule's verdict", "checklist");
  }
  if (!ctx.absent.empty()) {
    o << "<h3>No longer found</h3><p>Findings of the previous run that this run did not find again:</p><ul>";
    for (const auto& af : ctx.absent)
      o << "<li><code>" << esc(af.finding.rule) << "</code> " << esc(af.finding.org_unit) << " "
        << esc(af.finding.round_id) << "</li>";
    o << "</ul>";
  }
  o << "</section>\n";

  // ---- rules
  o << "<section id=\"rules\"><h2>Rules and their legal basis</h2>";
  for (const auto& [id, info] : ctx.rules) {
    o << "<article class=\"rule\" id=\"" << anchor(id) << "\"><h3>" << esc(id) << "</h3>";
    o << "<p><strong>" << esc(info.summary) << "</strong></p>";
    if (!info.rationale.empty()) o << "<p>" << esc(info.rationale) << "</p>";
    o << "<p class=\"basis\"><strong>Legal basis:</strong> " << esc(info.basis) << "</p>";
    o << "<p class=\"meta\">Default severity: " << to_string(info.default_severity)
      << " · scope: " << to_string(info.scope);
    if (!info.local_term.empty()) o << " · term: " << esc(info.local_term);
    if (auto t = r.tally.find(id); t != r.tally.end())
      o << " · this run: " << t->second.breach << " breach, " << t->second.complies << " complies, "
        << t->second.not_applicable << " not applicable, " << t->second.insufficient_data << " insufficient data";
    o << "</p></article>";
  }
  o << "</section>\n";

  // ---- run
  o << "<section id=\"run\"><h2>Run</h2>";
  {
    std::vector<std::vector<TableCell>> rows;
    for (const auto& in : r.inputs)
      rows.push_back({{in.path == "-" ? "standard input" : in.path, ""},
                      {std::to_string(in.lines), "lines"},
                      {std::to_string(in.bytes), "bytes"},
                      {in.sha256, ""}});
    o << render_table({"input", "lines", "bytes", "SHA-256"}, rows, "Inputs");
  }
  o << "<p>Policy " << esc(ctx.policy_name) << " " << esc(ctx.policy_version) << " (" << esc(ctx.policy_path)
    << "), SHA-256 <code>" << esc(ctx.policy_sha256) << "</code>. Plugins:";
  for (const auto& p : ctx.plugins) o << " " << esc(p.name) << " " << esc(p.version) << ";";
  o << " exit status " << ctx.exit_code << " (fail on " << esc(ctx.fail_on) << ").</p>";
  if (!r.rejected.empty()) {
    o << "<h3>Rejected lines</h3><ul class=\"rejected\">";
    for (const auto& e : r.rejected) o << "<li><code>" << esc(e.to_string()) << "</code></li>";
    if (cnt.rejected > r.rejected.size()) o << "<li>… and " << (cnt.rejected - r.rejected.size()) << " more</li>";
    o << "</ul>";
  }
  o << "</section>\n</main>\n";
  o << "<footer>Made by fairaudit " << esc(ctx.tool_version)
    << ". This file is self-contained: it loads nothing from the network.</footer>\n";
  o << "<script>" << script << "</script>\n</body>\n</html>\n";
  return o.str();
}

}  // namespace fairaudit::emit
