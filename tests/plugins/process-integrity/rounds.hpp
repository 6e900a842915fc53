// The base round of the process plugins' tests (process-integrity,
// panel-composition, rejection-reasons), written out by the shared builder
// (tests/support/round_builder.hpp). It complies with every rule of the
// three plugins; each test changes one thing.
#pragma once

#include <string>

#include "support/round_builder.hpp"

namespace process_test {

using fairaudit::testing::ApplicantLine;
using fairaudit::testing::DocumentLine;
using fairaudit::testing::RoundLine;

inline ApplicantLine applicant(const std::string& id, const std::string& gender, const std::string& outcome,
                               int rank) {
  ApplicantLine a(id);
  a.gender = gender;
  a.outcome = outcome;
  if (rank > 0) a.rank = rank;
  return a;
}

// An interview panel as JSON: a manager (a woman) and an HR adviser (a man).
inline const std::string kPanel = R"([{"role":"manager","gender":"woman"},{"role":"hr","gender":"man"}])";

inline std::string interview(const std::string& applicant, const std::string& at,
                             const std::string& panel = kPanel) {
  return R"({"applicant":")" + applicant + R"(","at":")" + at + R"(","panel":)" + panel + "}";
}

// Advertised 2 to 16 March 2026; two of three qualified applicants
// interviewed by the same mixed panel; the one ranked first recommended on
// 30 March and hired on the decision of 8 April; everyone else rejected with
// a reason from the default list. The export records interviews, documents
// and decision reasons (none for this round).
inline RoundLine base_round(const std::string& id = "R-1") {
  RoundLine r;
  r.id = id;
  r.advertised_at = "2026-03-02";
  r.closes_at = "2026-03-16";
  r.recommendation_at = "2026-03-30";
  r.decision_at = "2026-04-08";
  r.records_decision_reason = true;
  r.applicants.push_back(applicant("a-1", "woman", "qualified", 1)
                             .event("applied", "2026-03-05")
                             .event("screened", "2026-03-18")
                             .event("interview_invited", "2026-03-19")
                             .event("interview_held", "2026-03-24")
                             .event("recommended", "2026-03-30")
                             .event("offered", "2026-04-08")
                             .event("hired", "2026-04-09"));
  r.applicants.push_back(applicant("a-2", "man", "qualified", 2)
                             .event("applied", "2026-03-06")
                             .event("screened", "2026-03-18")
                             .event("interview_invited", "2026-03-19")
                             .event("interview_held", "2026-03-25")
                             .event("rejected", "2026-04-08", "better_qualified_hired"));
  r.applicants.push_back(applicant("a-3", "woman", "qualified", 3)
                             .event("applied", "2026-03-07")
                             .event("screened", "2026-03-18")
                             .event("rejected", "2026-04-08", "others_better_qualified"));
  r.applicants.push_back(applicant("a-4", "man", "not_qualified", 0)
                             .event("applied", "2026-03-08")
                             .event("screened", "2026-03-18")
                             .event("rejected", "2026-03-18", "formal_requirements_not_met"));
  r.interviews = "[" + interview("a-1", "2026-03-24") + "," + interview("a-2", "2026-03-25") + "]";
  r.documents = std::vector<DocumentLine>{DocumentLine{"recommendation", "2026-03-30", {"union"}, true}};
  return r;
}

// The applicant of `r` with id `id` (the base round has a-1 … a-4).
inline ApplicantLine& person(RoundLine& r, const std::string& id) {
  for (auto& a : r.applicants)
    if (a.id == id) return a;
  return r.applicants.front();
}

// Removes every event of `type` from an applicant.
inline void drop_events(ApplicantLine& a, const std::string& type) {
  std::erase_if(a.events, [&](const auto& e) { return e.type == type; });
}

}  // namespace process_test
