// GET /findings/FP (and /api/findings/FP): one finding as its newest run
// recorded it, in the viewer's audience and language — message, sentences,
// chart, figures, legal basis, the runs that saw it, the review trail oldest
// first and, for the roles that review, the review form; POST
// /findings/FP/review records a review through review::record.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sstream>

#include "common/enums.hpp"
#include "common/json.hpp"
#include "emit/checklist.hpp"
#include "emit/evidence_json.hpp"
#include "emit/html/findings.hpp"
#include "emit/sentences.hpp"
#include "i18n/i18n.hpp"
#include "i18n/roles.hpp"
#include "review/review.hpp"
#include "serve/layout.hpp"
#include "serve/queries.hpp"
#include "serve/views.hpp"

namespace fairaudit::serve::views {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using common::key;
using common::str;

constexpr const char* kReviewStates[] = {"acknowledged", "disputed", "resolved", "suppressed"};

bool is_hex(const std::string& s) {
  return !s.empty() && s.size() <= 64 &&
         s.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

// The stored review role of a role that reviews (the schema's names).
const char* review_role(Role r) {
  switch (r) {
    case Role::representative: return "representative";
    case Role::union_: return "union";
    case Role::hr: return "hr";
    case Role::admin: break;
  }
  return "";
}

bool may_review(Role r) { return r == Role::representative || r == Role::union_ || r == Role::hr; }

// The full fingerprint of what the path names, if the store has it.
std::optional<std::string> resolve(store::Store& st, const std::string& fp) {
  if (!is_hex(fp) || fp.size() < 4) return std::nullopt;
  try {
    return st.resolve_fingerprint(fp);
  } catch (const store::StoreError&) {
    return std::nullopt;
  }
}

std::string where_text(const store::FindingRow& row) {
  std::string s;
  if (!row.org_unit.empty()) s += row.org_unit;
  if (!row.round_id.empty()) s += (s.empty() ? "" : ", ") + row.round_id;
  return s;
}

}  // namespace

Response finding(Ctx& c, const std::string& given, int status, const std::string& notice) {
  const auto fp = resolve(c.st, given);
  if (!fp) return error(c, 404, i18n::text("The store has no such finding."));
  auto row = c.st.finding(*fp);
  int min_cell = 5;
  auto latest = c.st.latest_observation(*fp, &min_cell);
  if (!row || !latest) return error(c, 404, i18n::text("The store has no such finding."));
  const auto seen = c.st.observations(*fp);
  const auto trail = c.st.reviews(*fp);
  run::AuditFinding af = *latest;
  // The latest observation is of the last run that saw it: that run's plan.
  const emit::Disclosure d =
      seen.empty() ? emit::Disclosure(c.audience, min_cell)
                   : served_disclosure(c.st, seen.back().run_id, emit::Disclosure(c.audience, min_cell), {&af})
                         .for_finding(af);

  emit::RenderContext ctx;
  ctx.disclosure = d;
  if (!seen.empty()) ctx.rules = run_catalogue(c.st, seen.back().run_id);
  af.review_state = row->review_state;
  af.review_justification.clear();  // the trail below says it in full
  if (!d.shows_applicant_ids()) af.finding.applicants.clear();
  const Finding& f = af.finding;

  if (c.rq.wants_json) {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartObject();
    key(w, "fingerprint"); str(w, row->fingerprint);
    key(w, "rule"); str(w, row->rule);
    key(w, "summary"); str(w, emit::rule_summary(ctx, row->rule));
    key(w, "severity"); str(w, row->severity);
    key(w, "scope"); str(w, row->scope);
    key(w, "org_unit"); str(w, row->org_unit);
    key(w, "round_id"); str(w, row->round_id);
    key(w, "key"); str(w, row->key);
    key(w, "audience"); str(w, emit::to_string(d.audience()));
    key(w, "message"); str(w, emit::fill_translated(f.rule, f.message, f.evidence, d));
    key(w, "sentences");
    common::str_list(w, emit::evidence_sentences(f.rule, f.evidence, d));
    key(w, "evidence");
    emit::write_evidence(w, f.evidence, d);
    emit::write_applicants(w, f, d);
    key(w, "basis"); str(w, af.basis.empty() ? emit::rule_basis(ctx, f.rule) : i18n::rule_text(f.rule, af.basis.get()));
    key(w, "first_seen"); w.Int64(row->first_seen);
    key(w, "last_seen"); w.Int64(row->last_seen);
    key(w, "resolved");
    if (row->resolved) w.Int64(*row->resolved); else w.Null();
    key(w, "review_state"); str(w, to_string(row->review_state));
    key(w, "runs");
    w.StartArray();
    for (const auto& o : seen) {
      w.StartObject();
      key(w, "run"); w.Int64(o.run_id);
      key(w, "started_at"); str(w, o.started_at);
      key(w, "policy"); str(w, o.policy_name);
      key(w, "baseline"); str(w, to_string(o.baseline));
      w.EndObject();
    }
    w.EndArray();
    key(w, "reviews");
    w.StartArray();
    for (const auto& r : trail) {
      w.StartObject();
      key(w, "id"); w.Int64(r.id);
      key(w, "at"); str(w, r.at);
      key(w, "state"); str(w, to_string(r.state));
      key(w, "role"); str(w, r.role);
      key(w, "reviewer"); str(w, r.reviewer);
      key(w, "justification"); str(w, r.justification);
      w.EndObject();
    }
    w.EndArray();
    if (!notice.empty()) {
      key(w, "error"); str(w, notice);
    }
    w.EndObject();
    return json(sb.GetString(), status);
  }

  const std::string summary = emit::rule_summary(ctx, row->rule);
  const std::string title = summary.empty() ? row->rule : summary;
  std::ostringstream o;
  o << "<h1>" << esc(title) << "</h1>";
  if (!notice.empty()) o << "<p class=\"error\" role=\"alert\">" << esc(notice) << "</p>";
  if (c.rq.param("pending") == "1" && row->pending_suppression)
    o << "<p class=\"notice pending\">"
      << esc(i18n::text("The suppression is pending: it takes effect once the other side agrees.")) << "</p>";
  o << "<p class=\"meta\">";
  if (!row->org_unit.empty())
    o << esc(i18n::text("unit")) << ": <a href=\"/units/" << esc(pct(row->org_unit)) << "/trend\">" << esc(row->org_unit)
      << "</a> ";
  if (!row->round_id.empty() && !seen.empty())
    o << esc(i18n::text("round")) << ": <a href=\"/rounds/" << esc(pct(row->round_id)) << "/checklist?run="
      << seen.back().run_id << "\">" << esc(row->round_id) << "</a> ";
  o << esc(i18n::text("review")) << ": <strong class=\"state\">" << esc(state_words(to_string(row->review_state)))
    << "</strong></p>";
  emit::html::finding_html(o, af, ctx);

  o << "<section class=\"seen\"><h2>" << esc(i18n::text("Where it was seen")) << "</h2><table><thead><tr><th scope=\"col\">"
    << esc(i18n::text("run")) << "</th><th scope=\"col\">" << esc(i18n::text("time")) << "</th><th scope=\"col\">"
    << esc(i18n::text("policy")) << "</th><th scope=\"col\">" << esc(i18n::text("compared with the run before"))
    << "</th></tr></thead><tbody>";
  for (const auto& s : seen)
    o << "<tr><td><a href=\"/findings?run=" << s.run_id << "\">" << esc(run_label(s.run_id)) << "</a></td><td>"
      << esc(when(s.started_at)) << "</td><td>" << esc(s.policy_name) << "</td><td>"
      << esc(i18n::text(s.baseline == common::BaselineState::new_ ? "new" : "persisting")) << "</td></tr>";
  o << "</tbody></table>";
  if (row->resolved) o << "<p class=\"meta\">" << esc(i18n::text("Not found again by")) << " " << esc(run_label(*row->resolved)) << ".</p>";
  o << "</section>";

  o << "<section class=\"trail\"><h2>" << esc(i18n::text("Review trail")) << "</h2>";
  if (trail.empty()) {
    o << "<p>" << esc(i18n::text("Nobody has reviewed this finding yet.")) << "</p>";
  } else {
    o << "<ol class=\"reviews\">";
    for (const auto& r : trail)
      o << "<li data-state=\"" << to_string(r.state) << "\"><span class=\"when\">" << esc(when(r.at)) << "</span> <strong>"
        << esc(state_words(to_string(r.state))) << "</strong> <span class=\"who\">" << esc(r.reviewer) << " ("
        << esc(i18n::review_role_name(r.role)) << ")</span><p class=\"justification\">" << esc(r.justification)
        << "</p></li>";
    o << "</ol>";
  }
  o << "</section>";

  if (may_review(c.v.role)) {
    o << "<section class=\"review-form\"><h2>" << esc(i18n::text("Review this finding")) << "</h2>"
      << "<form method=\"post\" action=\"/findings/" << esc(pct(row->fingerprint)) << "/review\">"
      << "<input type=\"hidden\" name=\"csrf\" value=\"" << esc(c.v.csrf) << "\">"
      << "<label>" << esc(i18n::text("State")) << " <select name=\"state\" required>";
    for (const char* s : kReviewStates) o << "<option value=\"" << s << "\">" << esc(state_words(s)) << "</option>";
    o << "</select></label><label>" << esc(i18n::text("Justification")) << " <textarea name=\"justification\" rows=\"4\" "
      << "required></textarea></label><p class=\"meta\">"
      << esc(i18n::text("Reviews are kept for years: write why, and name no applicant.")) << "</p><button type=\"submit\">"
      << esc(i18n::text("Record the review")) << "</button></form></section>";
  }
  return html(c, title + " — " + where_text(*row), o.str(), status);
}

Response review(Ctx& c, const std::string& given) {
  if (!may_review(c.v.role)) return error(c, 403, i18n::text("Your role does not review findings."));
  const auto fp = resolve(c.st, given);
  if (!fp) return error(c, 404, i18n::text("The store has no such finding."));
  auto field = [&](const char* k) {
    auto it = c.rq.form.find(k);
    return it == c.rq.form.end() ? std::string() : it->second;
  };
  review::Request rq;
  rq.fingerprint = *fp;
  rq.state = field("state");
  rq.justification = field("justification");
  rq.role = review_role(c.v.role);
  rq.reviewer = c.v.name;
  try {
    const review::Outcome out = review::record(c.st, rq);
    return Response::redirect("/findings/" + pct(*fp) + (out.pending ? "?pending=1" : ""));
  } catch (const review::Refused& e) {
    return finding(c, *fp, 400, e.what());
  }
}

}  // namespace fairaudit::serve::views
