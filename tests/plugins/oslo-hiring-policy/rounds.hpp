// The oslo-hiring-policy tests' rounds, in the terms its rules use, written
// out by the shared builder (tests/support/round_builder.hpp). Every line goes
// through the real ingest in the harness, as a record from an ATS export would.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/round_builder.hpp"

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
  bool records_decision_reason = true;  // the test export records reasons: none is ""
  std::vector<A> applicants;
  std::vector<Doc> documents;
};

inline std::string line(const R& r) {
  fairaudit::testing::RoundLine out;
  out.id = r.id;
  out.jurisdiction = r.jurisdiction;
  out.position = "{\"title_code\":\"2221\",\"openings\":" + std::to_string(r.openings) +
                 ",\"internal_only\":false,\"reserved_for\":" +
                 (r.reserved_for.empty() ? "null" : fairaudit::testing::quoted(r.reserved_for)) + "}";
  out.advertised_at = "2026-03-02";
  out.closes_at = "2026-03-20";
  out.recommendation_at = r.recommendation_at;
  out.decision_at = r.decision_at;
  out.decision_reason = r.decision_reason;
  out.records_decision_reason = r.records_decision_reason;
  for (const A& a : r.applicants) {
    fairaudit::testing::ApplicantLine l(a.id);
    l.gender = "woman";
    l.answer("immigrant_background", a.immigrant)
        .answer("disability", a.disability)
        .answer("cv_gap", a.cv_gap)
        .answer("priority_access", "not_asked");
    l.outcome = a.outcome;
    l.rank = a.rank;
    l.equal_top = a.equal_top;
    l.event("applied", "2026-03-05");
    for (const auto& [type, at] : a.events) l.event(type, at);
    out.applicants.push_back(std::move(l));
  }
  out.documents.emplace();
  for (const Doc& d : r.documents) out.documents->push_back({d.type, d.at, d.sent_to, d.equality_statement});
  return out.line();
}

inline std::string lines(const std::vector<R>& rounds) {
  std::string s;
  for (const auto& r : rounds) s += line(r);
  return s;
}

}  // namespace oslo_test
