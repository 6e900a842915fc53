// The JSON output: the machine contract (docs/report.md and the README's Output section).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <stdexcept>

#include "codec/line_error_json.hpp"
#include "common/json.hpp"
#include "i18n/i18n.hpp"
#include "emit/evidence_json.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"

namespace fairaudit::emit {
namespace {

using common::key;
using common::str;

// The document, written through any RapidJSON writer: into memory
// (render_json) or straight into the output file (render_to).
template <typename Writer>
void write_json(Writer& w, const run::RunResult& r, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  w.StartObject();

  key(w, "run");
  w.StartObject();
  key(w, "tool");
  w.StartObject();
  key(w, "name"); str(w, "fairaudit");
  key(w, "version"); str(w, ctx.run.tool_version);
  key(w, "plugins");
  w.StartArray();
  for (const auto& p : ctx.run.plugins) common::name_version(w, p.name, p.version);
  w.EndArray();
  w.EndObject();
  key(w, "policy");
  w.StartObject();
  key(w, "name"); str(w, ctx.run.policy_name);
  key(w, "version"); str(w, ctx.run.policy_version);
  key(w, "sha256"); str(w, ctx.run.policy_sha256);
  key(w, "files"); common::str_list(w, ctx.run.policy_files);
  w.EndObject();
  key(w, "audience"); str(w, to_string(d.audience()));
  key(w, "min_cell"); w.Int(d.min_cell());
  key(w, "inputs");
  w.StartArray();
  for (const auto& in : r.inputs) {
    w.StartObject();
    key(w, "path"); str(w, in.path);
    key(w, "sha256"); str(w, in.sha256);
    key(w, "bytes"); w.Uint64(in.bytes);
    key(w, "lines"); w.Uint64(in.lines);
    w.EndObject();
  }
  w.EndArray();
  key(w, "counts");
  w.StartObject();
  key(w, "lines"); w.Uint64(r.counts.lines);
  key(w, "rounds"); w.Uint64(r.counts.rounds);
  key(w, "applications");
  // For the union audience as a group count is: "<5" when small, null when
  // hidden across tables (docs/report.md).
  if (d.small(static_cast<std::int64_t>(r.counts.applications))) str(w, d.small_text());
  else if (d.run_applications_withheld(r.counts.applications)) w.Null();
  else w.Uint64(r.counts.applications);
  key(w, "units"); w.Uint64(r.counts.units);
  key(w, "measures"); w.Uint64(r.counts.measures);
  key(w, "not_selected"); w.Uint64(r.counts.skipped);
  key(w, "rejected_lines"); w.Uint64(r.counts.rejected);
  key(w, "plugin_failures"); w.Uint64(r.counts.plugin_failures);
  w.EndObject();
  w.EndObject();

  key(w, "findings");
  w.StartArray();
  run::for_each_finding(r, [&](const run::AuditFinding& af) {
    const Finding& f = af.finding;
    w.StartObject();
    key(w, "rule"); str(w, f.rule);
    key(w, "severity"); str(w, to_string(af.severity));
    key(w, "scope"); str(w, to_string(f.scope));
    key(w, "round_id");
    if (f.round_id.empty()) w.Null(); else str(w, f.round_id);
    key(w, "org_unit");
    if (f.org_unit.empty()) w.Null(); else str(w, f.org_unit);
    const Disclosure fd = d.for_finding(af);  // with the counts hidden across findings
    key(w, "message"); str(w, fill(f.message, f.evidence, fd));
    key(w, "evidence"); write_evidence(w, f.evidence, fd);
    write_applicants(w, f, d);
    key(w, "basis"); str(w, af.basis);
    key(w, "fingerprint"); str(w, af.fingerprint);
    key(w, "location");
    w.StartObject();
    key(w, "file"); str(w, af.source.file);
    key(w, "line"); w.Uint64(af.source.line);
    // A round of a flat export spans the rows of its applications.
    if (af.end_line > af.source.line) { key(w, "end_line"); w.Uint64(af.end_line); }
    w.EndObject();
    if (af.baseline != common::BaselineState::none) {
      key(w, "baseline"); str(w, to_string(af.baseline));
    }
    write_review(w, af.review_state, af.review_justification, af.review_pending_by);
    w.EndObject();
  });
  w.EndArray();

  if (!r.checks.empty()) {
    key(w, "checks");
    w.StartArray();
    for (const auto& ac : r.checks) {
      const Check& c = ac.check;
      w.StartObject();
      key(w, "rule"); str(w, c.rule);
      key(w, "scope"); str(w, to_string(c.scope));
      key(w, "round_id");
      if (c.round_id.empty()) w.Null(); else str(w, c.round_id);
      key(w, "org_unit"); str(w, c.org_unit);
      if (!c.key.empty()) { key(w, "key"); str(w, c.key); }
      key(w, "verdict"); str(w, to_string(c.verdict));
      const Disclosure cd = d.for_check(ac);  // the counts hidden across findings and checks
      key(w, "reason"); str(w, fill(c.reason, c.evidence, cd));
      key(w, "evidence"); write_evidence(w, c.evidence, cd);
      w.EndObject();
    }
    w.EndArray();
  }

  key(w, "rules");
  w.StartObject();
  for (const auto& [id, t] : r.tally) {
    str(w, id);
    w.StartObject();
    key(w, "complies"); w.Uint64(t.complies);
    key(w, "breach"); w.Uint64(t.breach);
    key(w, "not_applicable"); w.Uint64(t.not_applicable);
    key(w, "insufficient_data"); w.Uint64(t.insufficient_data);
    w.EndObject();
  }
  w.EndObject();

  key(w, "rejected");
  w.StartArray();
  for (const auto& e : r.rejected) codec::write_line_error(w, e);
  w.EndArray();

  key(w, "summary");
  w.StartObject();
  // findings and error/warning/note count the open findings; suppressed
  // ones are counted apart (run::FindingTally, as in every format).
  const run::FindingTally tally = run::tally_findings(r);
  const auto& by = tally.by_severity;
  const std::uint64_t suppressed = tally.suppressed;
  key(w, "findings"); w.Uint64(tally.findings());
  key(w, "error"); w.Uint64(by[int(Severity::error)]);
  key(w, "warning"); w.Uint64(by[int(Severity::warning)]);
  key(w, "note"); w.Uint64(by[int(Severity::note)]);
  if (ctx.baseline) { key(w, "suppressed"); w.Uint64(suppressed); }
  key(w, "fail_on"); str(w, ctx.run.fail_on);
  key(w, "exit_code"); w.Int(ctx.exit_code_after_findings ? ctx.exit_code_after_findings() : ctx.run.exit_code);
  w.EndObject();

  // Nightly runs with a store: what changed since the previous run of the policy.
  if (ctx.baseline) {
    const auto& b = *ctx.baseline;
    key(w, "baseline");
    w.StartObject();
    key(w, "run"); str(w, ctx.run.id_text());
    key(w, "previous_run");
    if (!b.previous_run) w.Null(); else str(w, b.previous_text());
    key(w, "new"); w.Uint64(b.new_findings);
    key(w, "persisting"); w.Uint64(b.unchanged);
    key(w, "resolved"); w.Uint64(b.resolved);
    key(w, "suppressed"); w.Uint64(b.suppressed);
    key(w, "resolved_findings");
    w.StartArray();
    run::for_each_absent(b, [&](const run::AuditFinding& af) {
      w.StartObject();
      key(w, "rule"); str(w, af.finding.rule);
      key(w, "severity"); str(w, to_string(af.severity));
      key(w, "scope"); str(w, to_string(af.finding.scope));
      key(w, "round_id");
      if (af.finding.round_id.empty()) w.Null(); else str(w, af.finding.round_id);
      key(w, "org_unit");
      if (af.finding.org_unit.empty()) w.Null(); else str(w, af.finding.org_unit);
      key(w, "fingerprint"); str(w, af.fingerprint);
      w.EndObject();
    });
    w.EndArray();
    w.EndObject();
  }

  w.EndObject();
}

}  // namespace

// JSON is for programs: English words, ISO dates, '.' decimals, whatever
// language the reader chose (i18n).
std::string render_json(const run::RunResult& r, const RenderContext& ctx) {
  i18n::Scoped english(i18n::Language::en);
  return common::json_document<rapidjson::Writer<rapidjson::StringBuffer>>([&](auto& w) { write_json(w, r, ctx); });
}

std::optional<Format> format_from_string(const std::string& s) {
  if (s == "text") return Format::text;
  if (s == "json") return Format::json;
  if (s == "sarif") return Format::sarif;
  if (s == "csv") return Format::csv;
  if (s == "csv-units") return Format::csv_units;
  if (s == "csv-units-long") return Format::csv_units_long;
  if (s == "html") return Format::html;
  return std::nullopt;
}

namespace {

// The union audience's secondary suppression, decided once for the run before
// any format is written; null when the context has it already or needs none.
std::optional<RenderContext> with_complements(const run::RunResult& r, const RenderContext& ctx) {
  if (ctx.disclosure.audience() != Audience::union_ || ctx.disclosure.complements()) return std::nullopt;
  RenderContext c = ctx;
  c.disclosure.set_complements(Complements::build(r, ctx.disclosure));
  return c;
}

}  // namespace

void render_to(Format f, const run::RunResult& r, const RenderContext& ctx, AtomicOutput& out) {
  if (auto c = with_complements(r, ctx)) return render_to(f, r, *c, out);
  if (f == Format::json) {
    i18n::Scoped english(i18n::Language::en);
    OutputStream os(out);
    return common::json_document_to<rapidjson::Writer<OutputStream>>(os, [&](auto& w) { write_json(w, r, ctx); });
  }
  if (f == Format::sarif) return render_sarif_to(r, ctx, out);
  if (f == Format::text) return render_text_to(r, ctx, out);
  if (f == Format::csv) return render_csv_to(r, ctx, out);
  out.write(render(f, r, ctx));
}

std::string render(Format f, const run::RunResult& r, const RenderContext& ctx) {
  if (auto c = with_complements(r, ctx)) return render(f, r, *c);
  // Every format reads findings kept on disk one at a time; HTML reads them
  // whole only for its full form (render_html).
  switch (f) {
    case Format::text: return render_text(r, ctx);
    case Format::json: return render_json(r, ctx);
    case Format::sarif: return render_sarif(r, ctx);
    case Format::csv: return render_csv(r, ctx);
    case Format::csv_units: return render_csv_units(r, ctx);
    case Format::csv_units_long: return render_csv_units_long(r, ctx);
    case Format::html: return render_html(r, ctx);
  }
  return {};
}

}  // namespace fairaudit::emit
