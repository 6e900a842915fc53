#include "cli/review.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/cli.hpp"
#include "common/enums.hpp"
#include "common/json.hpp"
#include "common/printable.hpp"
#include "emit/disclosure.hpp"
#include "i18n/i18n.hpp"
#include "i18n/roles.hpp"
#include "review/review.hpp"
#include "store/store.hpp"

namespace fairaudit::cli {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

using common::str;

std::string short_fp(const std::string& fp) { return fp.substr(0, 12); }

std::string where(const store::FindingRow& r) {
  std::string s = r.org_unit.empty() ? std::string("(whole run)") : r.org_unit;
  if (!r.round_id.empty()) s += "  " + r.round_id;
  if (!r.key.empty()) s += "  [" + r.key + "]";
  return s;
}

std::string seen(const store::FindingRow& r) {
  std::string s = r.first_seen == r.last_seen ? "run " + std::to_string(r.first_seen)
                                               : "runs " + std::to_string(r.first_seen) + "-" + std::to_string(r.last_seen);
  if (r.resolved) s += ", gone in " + std::to_string(*r.resolved);
  return s;
}

void review_json(Writer& w, const store::Review& r) {
  w.StartObject();
  w.Key("id"); w.Int64(r.id);
  w.Key("fingerprint"); str(w, r.fingerprint);
  w.Key("at"); str(w, r.at);
  w.Key("state"); str(w, to_string(r.state));
  w.Key("role"); str(w, r.role);
  w.Key("reviewer"); str(w, r.reviewer);
  w.Key("justification"); str(w, r.justification);
  w.EndObject();
}

// Stored texts are printed with their control characters escaped (a store
// written before they were escaped on the way in may hold them).
void print_review(const store::Review& r, bool with_fp) {
  std::printf("  #%-4lld %s  %s%-12s  %-14s", (long long)r.id, r.at.c_str(),
              with_fp ? (short_fp(r.fingerprint) + "  ").c_str() : "", to_string(r.state),
              common::escape_controls_line(r.role).c_str());
  if (!r.reviewer.empty()) std::printf("  by %s", common::escape_controls_line(r.reviewer).c_str());
  std::printf("\n         %s\n", common::escape_controls(r.justification).c_str());
}

int list(store::Store& st, const ReviewArgs& a) {
  store::FindingFilter f;
  f.policy_name = a.policy;
  f.include_resolved = a.all;
  f.review_state = common::review_state_from_string(a.state_filter).value_or(common::ReviewState::none);
  auto rows = st.findings(f);
  if (a.format == "json") {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartArray();
    for (const auto& r : rows) {
      w.StartObject();
      w.Key("fingerprint"); str(w, r.fingerprint);
      w.Key("rule"); str(w, r.rule);
      w.Key("severity"); str(w, r.severity);
      w.Key("scope"); str(w, r.scope);
      w.Key("org_unit"); str(w, r.org_unit);
      w.Key("round_id"); str(w, r.round_id);
      w.Key("key"); str(w, r.key);
      w.Key("first_seen"); w.Int64(r.first_seen);
      w.Key("last_seen"); w.Int64(r.last_seen);
      w.Key("resolved");
      if (r.resolved) w.Int64(*r.resolved); else w.Null();
      w.Key("review_state"); str(w, to_string(r.review_state));
      w.Key("review");
      if (r.last_review) review_json(w, *r.last_review); else w.Null();
      // A suppression by one side that waits for the other (the policy
      // wants two sides): review_state is what holds meanwhile.
      w.Key("suppression_pending");
      if (r.pending_suppression) review_json(w, *r.pending_suppression); else w.Null();
      w.EndObject();
    }
    w.EndArray();
    std::printf("%s\n", sb.GetString());
    return kExitOk;
  }
  if (rows.empty()) {
    std::printf("No findings%s.\n", a.all ? "" : " still found by the latest runs (--all lists resolved ones too)");
    return kExitOk;
  }
  std::printf("%-12s  %-7s  %-12s  %-18s  %s\n", "FINGERPRINT", "LEVEL", "REVIEW", "SEEN", "RULE / UNIT  ROUND");
  std::map<std::string, std::size_t> states;
  std::size_t pending = 0;
  for (const auto& r : rows) {
    ++states[to_string(r.review_state)];
    std::printf("%-12s  %-7s  %-12s  %-18s  %s\n%52s%s\n", short_fp(r.fingerprint).c_str(), r.severity.c_str(),
                to_string(r.review_state), seen(r).c_str(), r.rule.c_str(), "", where(r).c_str());
    if (r.pending_suppression) {
      ++pending;
      std::printf("%52s%s\n", "", review::pending_text(*r.pending_suppression).c_str());
    }
  }
  std::printf("\n%zu finding%s:", rows.size(), rows.size() == 1 ? "" : "s");
  const char* order[] = {"open", "acknowledged", "disputed", "resolved", "suppressed"};
  bool first = true;
  for (const char* s : order)
    if (states.count(s)) {
      std::printf("%s %zu %s", first ? "" : ",", states[s], s);
      first = false;
    }
  if (pending) std::printf(" (%zu with a suppression pending)", pending);
  std::printf(".\n");
  return kExitOk;
}

int show(store::Store& st, const ReviewArgs& a) {
  const std::string fp = st.resolve_fingerprint(a.fingerprint);
  auto row = st.finding(fp);
  if (!row) return fail("finding " + fp + " has never been observed by a run in " + a.store);
  int min_cell = 5;
  auto latest = st.latest_observation(fp, &min_cell);
  auto audience = emit::audience_from_string(a.audience).value_or(emit::Audience::representative);
  emit::Disclosure d(audience, min_cell);

  std::printf("Finding %s\n", fp.c_str());
  std::printf("  rule:     %s (%s, as last seen)\n", row->rule.c_str(), row->severity.c_str());
  std::printf("  scope:    %s\n", row->scope.c_str());
  if (!row->org_unit.empty()) std::printf("  unit:     %s\n", row->org_unit.c_str());
  if (!row->round_id.empty()) std::printf("  round:    %s\n", row->round_id.c_str());
  if (!row->key.empty()) std::printf("  key:      %s\n", row->key.c_str());
  if (latest) {
    std::printf("  message:  %s\n", emit::fill(latest->finding.message, latest->finding.evidence, d).c_str());
    if (!latest->basis.empty()) std::printf("  basis:    %s\n", latest->basis.get().c_str());
  }
  std::printf("  seen:     first in run %lld, last in run %lld; %s\n", (long long)row->first_seen,
              (long long)row->last_seen,
              row->resolved ? ("not found again by run " + std::to_string(*row->resolved)).c_str()
                            : "still found by the latest run");
  std::printf("  runs:    ");
  for (const auto& o : st.observations(fp))
    std::printf(" %lld%s", (long long)o.run_id, o.baseline == common::BaselineState::new_ ? " (new)" : "");
  std::printf("\n  review:   %s", to_string(row->review_state));
  if (row->last_review)
    std::printf(" (%s, %s): %s", common::escape_controls_line(row->last_review->role).c_str(),
                row->last_review->at.c_str(), common::escape_controls(row->last_review->justification).c_str());
  if (row->pending_suppression)
    std::printf("\n            %s (#%lld)", review::pending_text(*row->pending_suppression).c_str(),
                (long long)row->pending_suppression->id);
  std::printf("\n");
  auto trail = st.reviews(fp);
  if (!trail.empty()) {
    std::printf("\nReview trail (oldest first)\n");
    for (const auto& r : trail) print_review(r, false);
  }
  return kExitOk;
}

// The checks and the message are review::record's, which the server's
// review form calls too; the CLI names its own option in a refusal.
int set(store::Store& st, const ReviewArgs& a) {
  review::Request rq;
  rq.fingerprint = a.fingerprint;
  rq.state = a.state;
  rq.role = a.role;
  rq.justification = a.justification;
  rq.reviewer = a.by;
  try {
    const auto outcome = review::record(st, rq);
    std::printf("%s\n", outcome.message.c_str());
  } catch (const review::Refused& e) {
    const std::string option = e.field == "reviewer" ? "--by" : e.field == "fingerprint" ? "" : "--" + e.field;
    return fail(option.empty() ? std::string(e.what()) : option + ": " + e.what());
  }
  return kExitOk;
}

int history(store::Store& st, const ReviewArgs& a) {
  std::string fp;
  if (!a.fingerprint.empty()) fp = st.resolve_fingerprint(a.fingerprint);
  auto trail = st.reviews(fp);
  if (a.format == "json") {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartArray();
    for (const auto& r : trail) review_json(w, r);
    w.EndArray();
    std::printf("%s\n", sb.GetString());
    return kExitOk;
  }
  if (trail.empty()) {
    std::printf("No reviews yet%s.\n", fp.empty() ? "" : (" of " + short_fp(fp)).c_str());
    return kExitOk;
  }
  for (const auto& r : trail) print_review(r, fp.empty());
  return kExitOk;
}

}  // namespace

int cmd_review(const ReviewArgs& a, const Common&) {
  if (!std::filesystem::exists(a.store)) return fail("no store at " + a.store + " (fairaudit audit --store creates one)");
  try {
    store::Store st(a.store);
    switch (a.action) {
      case ReviewArgs::Action::list: return list(st, a);
      case ReviewArgs::Action::show: return show(st, a);
      case ReviewArgs::Action::set: return set(st, a);
      case ReviewArgs::Action::history: return history(st, a);
      case ReviewArgs::Action::none: break;
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return kExitUsage;
}

}  // namespace fairaudit::cli
