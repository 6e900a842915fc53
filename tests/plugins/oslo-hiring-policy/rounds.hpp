// Builds canonical export lines (DESIGN §3) for the oslo-hiring-policy tests,
// so that each test states only what matters to its rule. Every line goes
// through the real ingest in the harness, as a record from an ATS export would.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace oslo_test {

// One applicant, written as A("a-10a001").imm("yes").ranked(2). Self-declarations
// default to `not_asked`, as when the employer's form did not carry the question.
struct A {
  std::string id;
  std::string immigrant = "not_asked";
  std::string disability = "not_asked";
  std::string cv_gap = "not_asked";
  std::string outcome = "qualified";
  std::optional<int> rank;
  std::optional<bool> equal_top;
  std::vector<std::pair<std::string, std::string>> events;  // (type, at); "applied" is added first

  explicit A(std::string applicant_id = {}) : id(std::move(applicant_id)) {}
  A& imm(std::string v) {
    immigrant = std::move(v);
    return *this;
  }
  A& dis(std::string v) {
    disability = std::move(v);
    return *this;
  }
  A& gap(std::string v) {
    cv_gap = std::move(v);
    return *this;
  }
  A& result(std::string v) {
    outcome = std::move(v);
    return *this;
  }
  A& ranked(int r) {
    rank = r;
    return *this;
  }
  A& equal(bool v) {
    equal_top = v;
    return *this;
  }
  A& with(std::vector<std::pair<std::string, std::string>> evs) {
    events = std::move(evs);
    return *this;
  }
};

struct Doc {
  std::string type;  // "recommendation", "applicant_list"
  std::optional<std::string> at;
  std::vector<std::string> sent_to;
  std::optional<bool> equality_statement;
};

// One round. The default timeline: advertised 2 March 2026, closing 20 March,
// recommendation Tuesday 14 April, decision Friday 17 April.
struct R {
  std::string id = "R-1";
  std::string jurisdiction = "NO-OSL";
  std::optional<std::string> recommendation_at = "2026-04-14";
  std::optional<std::string> decision_at = "2026-04-17";
  int openings = 1;
  std::string reserved_for;
  std::string decision_reason;
  std::vector<A> applicants;
  std::vector<Doc> documents;
};

inline std::string q(const std::string& s) { return "\"" + s + "\""; }

inline std::string line(const R& r) {
  std::string s = "{\"kind\":\"round\",\"schema\":1,\"round_id\":" + q(r.id) +
                  ",\"org_unit\":\"oslo/bydel-test/helse\",\"jurisdiction\":" + q(r.jurisdiction) +
                  ",\"position\":{\"title_code\":\"2221\",\"openings\":" + std::to_string(r.openings) +
                  ",\"internal_only\":false,\"reserved_for\":" + (r.reserved_for.empty() ? "null" : q(r.reserved_for)) +
                  "},\"advertised_at\":\"2026-03-02\",\"closes_at\":\"2026-03-20\"";
  if (r.recommendation_at) s += ",\"recommendation_at\":" + q(*r.recommendation_at);
  if (r.decision_at) s += ",\"decision_at\":" + q(*r.decision_at);
  if (!r.decision_reason.empty()) s += ",\"decision_reason\":" + q(r.decision_reason);
  s += ",\"applicants\":[";
  for (std::size_t i = 0; i < r.applicants.size(); ++i) {
    const A& a = r.applicants[i];
    if (i) s += ",";
    s += "{\"id\":" + q(a.id) + ",\"gender\":\"woman\",\"self_id\":{\"immigrant_background\":" + q(a.immigrant) +
         ",\"disability\":" + q(a.disability) + ",\"cv_gap\":" + q(a.cv_gap) +
         ",\"priority_access\":\"not_asked\"},\"assessment\":{\"outcome\":" + q(a.outcome);
    if (a.rank) s += ",\"rank\":" + std::to_string(*a.rank);
    if (a.equal_top) s += std::string(",\"equally_qualified_with_top\":") + (*a.equal_top ? "true" : "false");
    s += "},\"events\":[{\"type\":\"applied\",\"at\":\"2026-03-05\"}";
    for (const auto& [type, at] : a.events) s += ",{\"type\":" + q(type) + ",\"at\":" + q(at) + "}";
    s += "]}";
  }
  s += "],\"documents\":[";
  for (std::size_t i = 0; i < r.documents.size(); ++i) {
    const Doc& d = r.documents[i];
    if (i) s += ",";
    s += "{\"type\":" + q(d.type);
    if (d.at) s += ",\"at\":" + q(*d.at);
    s += ",\"sent_to\":[";
    for (std::size_t k = 0; k < d.sent_to.size(); ++k) s += (k ? "," : "") + q(d.sent_to[k]);
    s += "]";
    if (d.equality_statement) s += std::string(",\"equality_statement\":") + (*d.equality_statement ? "true" : "false");
    s += "}";
  }
  s += "]}\n";
  return s;
}

inline std::string lines(const std::vector<R>& rounds) {
  std::string s;
  for (const auto& r : rounds) s += line(r);
  return s;
}

}  // namespace oslo_test
