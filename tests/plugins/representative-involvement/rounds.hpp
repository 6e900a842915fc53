// Test rounds for representative-involvement, written out by the shared
// builder (tests/support/round_builder.hpp). The base round complies with
// every rule; each test changes one thing.
#pragma once

#include <string>

#include "support/round_builder.hpp"

namespace ri_test {

using fairaudit::testing::replace;

struct RoundSpec {
  std::string id = "R-1";
  std::string representative =
      R"({"appointed":true,"role":"likestillingsrepresentant","events":[)"
      R"({"type":"invited","at":"2026-03-20"},{"type":"shortlist_shared","at":"2026-03-22"},)"
      R"({"type":"attended_interview","at":"2026-03-26"},{"type":"recommendation_received","at":"2026-03-30"},)"
      R"({"type":"statement_filed","at":"2026-03-31","agrees":true}]})";
  std::string interviews = R"([{"applicant":"a-1","at":"2026-03-26","panel":[{"role":"manager","gender":"man"}]}])";
  std::string decision_at = R"("2026-04-10")";  // Friday after Easter 2026; JSON, so "null" for none
  std::string line() const {
    fairaudit::testing::RoundLine r;
    r.id = id;
    r.org_unit = "oslo/bydel-a/helse";
    r.recommendation_at = "2026-03-30";
    if (decision_at != "null") r.decision_at = decision_at.substr(1, decision_at.size() - 2);
    r.applicants.push_back(fairaudit::testing::ApplicantLine("a-1").event("interview_held", "2026-03-26"));
    r.applicants.push_back(fairaudit::testing::ApplicantLine("a-2"));
    r.interviews = interviews;
    r.representative = representative;
    return r.line();
  }
};

inline std::string unit_line(const std::string& routine, const std::string& meetings, const std::string& period = "2026") {
  return fairaudit::testing::unit_line("oslo/bydel-a/helse", period, routine, meetings);
}

}  // namespace ri_test
