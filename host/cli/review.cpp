#include "cli/review.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <utility>

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

std::string tr(const char* english) { return i18n::text(english); }

// A translated text with its {placeholders} filled with fairaudit's own
// words and numbers (i18n.hpp: translate first, then fill).
std::string with(std::string text, std::initializer_list<std::pair<const char*, std::string>> values) {
  for (const auto& [key, value] : values) {
    const std::string mark = std::string("{") + key + "}";
    if (const std::size_t at = text.find(mark); at != std::string::npos) text.replace(at, mark.size(), value);
  }
  return text;
}

// `s` padded with spaces to `width` characters (not bytes: "GJENNOMGANG",
// "åpen"); a longer word is left as it is, as printf's %-*s leaves it.
std::string padded(std::string s, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  if (chars < width) s.append(width - chars, ' ');
  return s;
}

// A stored state ("disputed") in the reader's words.
std::string state_words(common::ReviewState s) { return tr(to_string(s)); }

std::string where(const store::FindingRow& r) {
  std::string s = r.org_unit.empty() ? tr("(whole run)") : r.org_unit;
  if (!r.round_id.empty()) s += "  " + r.round_id;
  if (!r.key.empty()) s += "  [" + r.key + "]";
  return s;
}

std::string seen(const store::FindingRow& r) {
  std::string s = r.first_seen == r.last_seen
                      ? with(tr("run {run}"), {{"run", std::to_string(r.first_seen)}})
                      : with(tr("runs {first}-{last}"),
                             {{"first", std::to_string(r.first_seen)}, {"last", std::to_string(r.last_seen)}});
  if (r.resolved) s += with(tr(", gone in {run}"), {{"run", std::to_string(*r.resolved)}});
  return s;
}

// The one finding a fingerprint or a prefix of it names, refused in the
// reader's language.
std::string resolve(store::Store& st, const std::string& given, const std::string& store_path) {
  std::string prefix = given;
  for (auto& ch : prefix) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  const bool hex = std::all_of(prefix.begin(), prefix.end(), [](unsigned char ch) { return std::isxdigit(ch); });
  if (prefix.size() < 4 || prefix.size() > 32 || !hex)
    throw std::runtime_error(with(tr("'{given}' is not a fingerprint: give the finding's fingerprint or at least its "
                                     "first 4 hex digits (fairaudit review list shows them)"),
                                  {{"given", common::escape_controls_line(given)}}));
  const auto hits = st.fingerprints_starting(prefix, 6);
  if (hits.empty())
    throw std::runtime_error(with(tr("no finding in {store} has a fingerprint starting with {prefix}"),
                                  {{"store", store_path}, {"prefix", prefix}}));
  if (hits.size() > 1) {
    std::string list;
    for (std::size_t i = 0; i < hits.size() && i < 5; ++i) list += (i ? ", " : "") + short_fp(hits[i]);
    if (hits.size() > 5) list += ", …";
    throw std::runtime_error(
        with(hits.size() > 5 ? tr("{prefix} is ambiguous: it starts the fingerprints of more than 5 findings ({list}); "
                                  "give more digits")
                             : tr("{prefix} is ambiguous: it starts the fingerprints of {count} findings ({list}); give "
                                  "more digits"),
             {{"prefix", prefix}, {"count", std::to_string(hits.size())}, {"list", list}}));
  }
  return hits.front();
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
// written before they were escaped on the way in may hold them). The role is
// the reader's word for it (tillitsvalgt), the stored name in English.
void print_review(const store::Review& r, bool with_fp) {
  // The time as the reader writes dates (05.04.2026 09:30 UTC), as stored if it cannot be read.
  const auto at = Timestamp::parse(r.at);
  const std::string when = at ? i18n::date(*at) : r.at;
  std::printf("  #%-4lld %s  %s%s  %s", (long long)r.id, common::escape_controls_line(when).c_str(),
              with_fp ? (short_fp(r.fingerprint) + "  ").c_str() : "", padded(state_words(r.state), 12).c_str(),
              padded(common::escape_controls_line(i18n::review_role_name(r.role)), 14).c_str());
  if (!r.reviewer.empty())
    std::printf("  %s", with(tr("by {reviewer}"), {{"reviewer", common::escape_controls_line(r.reviewer)}}).c_str());
  // One line, its line breaks shown as \u000a: a justification cannot
  // begin a line of its own that reads as another entry of the trail.
  std::printf("\n         %s\n", common::escape_controls_line(r.justification).c_str());
}

int list(store::Store& st, const ReviewArgs& a) {
  store::FindingFilter f;
  f.policy_name = a.policy;
  f.include_resolved = a.all;
  // The state by its stored name or its word in any of the languages.
  if (!a.state_filter.empty()) {
    const auto stored = i18n::review_state(a.state_filter);
    if (!stored) return fail("--state: " + tr("the state is not one of open, acknowledged, disputed, resolved, suppressed"));
    f.review_state = common::review_state_from_string(*stored).value_or(common::ReviewState::none);
  }
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
    std::printf("%s\n", a.all ? tr("No findings.").c_str()
                              : tr("No findings still found by the latest runs (--all lists resolved ones too).").c_str());
    return kExitOk;
  }
  std::printf("%s  %s  %s  %s  %s\n", padded(tr("FINGERPRINT"), 12).c_str(), padded(tr("LEVEL"), 7).c_str(),
              padded(tr("REVIEW"), 12).c_str(), padded(tr("SEEN"), 18).c_str(), tr("RULE / UNIT  ROUND").c_str());
  std::map<std::string, std::size_t> states;
  std::size_t pending = 0;
  for (const auto& r : rows) {
    ++states[to_string(r.review_state)];
    std::printf("%s  %s  %s  %s  %s\n%52s%s\n", padded(short_fp(r.fingerprint), 12).c_str(),
                padded(i18n::severity(r.severity), 7).c_str(), padded(state_words(r.review_state), 12).c_str(),
                padded(seen(r), 18).c_str(), r.rule.c_str(), "", where(r).c_str());
    if (r.pending_suppression) {
      ++pending;
      std::printf("%52s%s\n", "", review::pending_text(*r.pending_suppression).c_str());
    }
  }
  std::printf("\n%s:", i18n::plural(rows.size(), "finding", "findings").c_str());
  const char* order[] = {"open", "acknowledged", "disputed", "resolved", "suppressed"};
  bool first = true;
  for (const char* s : order)
    if (states.count(s)) {
      // "39 open" in English; the Nordic state words are adjectives whose
      // plural differs (åpen, åpne), so the word leads as a label: "åpen 39".
      if (i18n::current() == i18n::Language::en)
        std::printf("%s %zu %s", first ? "" : ",", states[s], s);
      else
        std::printf("%s %s %zu", first ? "" : ",", tr(s).c_str(), states[s]);
      first = false;
    }
  if (pending)
    std::printf(" %s", with(tr("({count} with a suppression pending)"), {{"count", std::to_string(pending)}}).c_str());
  std::printf(".\n");
  return kExitOk;
}

// A label of `review show` in the reader's language, padded so that the
// values after the labels line up ("rule:     ").
std::string label(const char* english) { return padded(tr(english), 9) + " "; }

int show(store::Store& st, const ReviewArgs& a) {
  const std::string fp = resolve(st, a.fingerprint, a.store);
  auto row = st.finding(fp);
  if (!row)
    return fail(with(tr("finding {fingerprint} has never been observed by a run in {store}"),
                     {{"fingerprint", fp}, {"store", a.store}}));
  int min_cell = 5;
  auto latest = st.latest_observation(fp, &min_cell);
  auto audience = emit::audience_from_string(a.audience).value_or(emit::Audience::representative);
  emit::Disclosure d(audience, min_cell);

  std::printf("%s\n", with(tr("Finding {fingerprint}"), {{"fingerprint", fp}}).c_str());
  std::printf("  %s%s\n", label("rule:").c_str(),
              with(tr("{rule} ({severity}, as last seen)"), {{"rule", row->rule}, {"severity", i18n::severity(row->severity)}})
                  .c_str());
  std::printf("  %s%s\n", label("scope:").c_str(), tr(row->scope.c_str()).c_str());
  if (!row->org_unit.empty()) std::printf("  %s%s\n", label("unit:").c_str(), row->org_unit.c_str());
  if (!row->round_id.empty()) std::printf("  %s%s\n", label("round:").c_str(), row->round_id.c_str());
  if (!row->key.empty()) std::printf("  %s%s\n", label("key:").c_str(), row->key.c_str());
  if (latest) {
    // The stored message is the plugin's text with its {placeholders} and the
    // evidence they are filled from: rendered again in the reader's language.
    const Finding& f = latest->finding;
    std::printf("  %s%s\n", label("message:").c_str(), emit::fill_translated(f.rule, f.message, f.evidence, d).c_str());
    if (!latest->basis.empty())
      std::printf("  %s%s\n", label("basis:").c_str(), i18n::rule_text(f.rule, latest->basis.get()).c_str());
  }
  const std::string first = std::to_string(row->first_seen), last = std::to_string(row->last_seen);
  std::printf("  %s%s\n", label("seen:").c_str(),
              with(row->resolved ? tr("first in run {first}, last in run {last}; not found again by run {resolved}")
                                 : tr("first in run {first}, last in run {last}; still found by the latest run"),
                   {{"first", first}, {"last", last}, {"resolved", row->resolved ? std::to_string(*row->resolved) : ""}})
                  .c_str());
  std::printf("  %s", padded(tr("runs:"), 9).c_str());
  for (const auto& o : st.observations(fp))
    std::printf(" %lld%s", (long long)o.run_id,
                o.baseline == common::BaselineState::new_ ? (" (" + tr("new") + ")").c_str() : "");
  std::printf("\n  %s%s", label("review:").c_str(), state_words(row->review_state).c_str());
  if (row->last_review)
    std::printf(" (%s, %s): %s", common::escape_controls_line(i18n::review_role_name(row->last_review->role)).c_str(),
                row->last_review->at.c_str(), common::escape_controls_line(row->last_review->justification).c_str());
  if (row->pending_suppression)
    std::printf("\n            %s (#%lld)", review::pending_text(*row->pending_suppression).c_str(),
                (long long)row->pending_suppression->id);
  std::printf("\n");
  auto trail = st.reviews(fp);
  if (!trail.empty()) {
    std::printf("\n%s\n", tr("Review trail (oldest first)").c_str());
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
  if (!a.fingerprint.empty()) fp = resolve(st, a.fingerprint, a.store);
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
    std::printf("%s\n", fp.empty() ? tr("No reviews yet.").c_str()
                                   : with(tr("No reviews yet of {fingerprint}."), {{"fingerprint", short_fp(fp)}}).c_str());
    return kExitOk;
  }
  for (const auto& r : trail) print_review(r, fp.empty());
  return kExitOk;
}

}  // namespace

int cmd_review(const ReviewArgs& a, const Common&) {
  if (!std::filesystem::exists(a.store))
    return fail(with(tr("no store at {path} (fairaudit audit --store creates one)"), {{"path", a.store}}));
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
