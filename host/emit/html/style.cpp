#include "emit/html/style.hpp"

#include <openssl/evp.h>

namespace fairaudit::emit::html {
namespace {

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
dl.evidence dt{color:var(--muted)}dl.evidence dd{margin:0;min-width:0;overflow-wrap:anywhere}
.evidence-sentence{margin:.3rem 0;max-width:48rem}
details.evidence-details{margin:.3rem 0;min-width:0}
details.evidence-details>summary{cursor:pointer;color:var(--muted);font-size:.85rem}
article.finding{min-width:0;overflow:hidden}
.table-scroll{max-width:100%;overflow-x:auto}
table.evidence-list{font-size:.82rem}
table.evidence-list th{white-space:normal;min-width:4.5rem;max-width:9rem;overflow-wrap:break-word;hyphens:auto}
table.checklist td:first-child{white-space:nowrap}
table.checklist tr.part th{background:var(--line);text-align:left}
table.checklist tr.plugin th{background:var(--bg);text-align:left;font-weight:600}
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
 .table-scroll{overflow:visible}
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

}  // namespace

const char* style() { return kStyle; }
const char* script() { return kScript; }

std::string csp_hash(const std::string& script) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(script.data(), script.size(), md, &len, EVP_sha256(), nullptr);
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  EVP_EncodeBlock(b64, md, static_cast<int>(len));
  return std::string("'sha256-") + reinterpret_cast<const char*>(b64) + "'";
}

}  // namespace fairaudit::emit::html
