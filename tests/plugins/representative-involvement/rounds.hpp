// Test rounds for representative-involvement, written as export lines. The
// base round complies with every rule; each test changes one thing.
#pragma once

#include <string>

namespace ri_test {

struct RoundSpec {
  std::string id = "R-1";
  std::string representative =
      R"({"appointed":true,"role":"likestillingsrepresentant","events":[)"
      R"({"type":"invited","at":"2026-03-20"},{"type":"shortlist_shared","at":"2026-03-22"},)"
      R"({"type":"attended_interview","at":"2026-03-26"},{"type":"recommendation_received","at":"2026-03-30"},)"
      R"({"type":"statement_filed","at":"2026-03-31","agrees":true}]})";
  std::string interviews = R"([{"applicant":"a-1","at":"2026-03-26","panel":[{"role":"manager","gender":"man"}]}])";
  std::string decision_at = R"("2026-04-10")";  // Friday after Easter 2026
  std::string line() const {
    return R"({"kind":"round","schema":1,"round_id":")" + id +
           R"(","org_unit":"oslo/bydel-a/helse","jurisdiction":"NO-OSL","recommendation_at":"2026-03-30",)"
           R"("decision_at":)" + decision_at +
           R"(,"applicants":[{"id":"a-1","events":[{"type":"interview_held","at":"2026-03-26"}]},{"id":"a-2"}],)"
           R"("interviews":)" + interviews + R"(,"representative":)" + representative + "}\n";
  }
};

inline std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto p = s.find(from);
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

inline std::string unit_line(const std::string& routine, const std::string& meetings, const std::string& period = "2026") {
  return R"({"kind":"unit","schema":1,"org_unit":"oslo/bydel-a/helse","period":")" + period + R"(")" +
         (routine.empty() ? "" : R"(,"representative_routine":)" + routine) + R"(,"meetings":)" + meetings + "}\n";
}

}  // namespace ri_test
