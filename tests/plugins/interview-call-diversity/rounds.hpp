// Test rounds for interview-call-diversity, in the terms its rules use,
// written out by the shared builder (tests/support/round_builder.hpp) so that
// the plugin sees them exactly as the host would.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fairaudit/finding.hpp"
#include "support/round_builder.hpp"

namespace icd_test {

// One applicant, described by what the rules look at.
struct Person {
  std::string gender = "man";
  std::string immigrant_background = "no";
  std::string disability = "no";
  std::string age_band;  // empty: not given
  bool qualified = true;
  bool invited = false;
  bool hired = false;
  bool withdrawn = false;

  Person& imm(std::string answer) {
    immigrant_background = std::move(answer);
    return *this;
  }
  Person& invite() {
    invited = true;
    return *this;
  }
  Person& hire() {
    hired = true;
    return *this;
  }
  Person& withdraw() {
    withdrawn = true;
    return *this;
  }
};

// A qualified applicant of a gender, not invited (chain imm/invite/hire/withdraw).
inline Person P(std::string gender) {
  Person p;
  p.gender = std::move(gender);
  return p;
}

// `n` copies of a person.
inline void add(std::vector<Person>& people, int n, const Person& p) {
  for (int i = 0; i < n; ++i) people.push_back(p);
}

inline std::string round_line(const std::string& round_id, const std::string& org_unit,
                              const std::vector<Person>& people) {
  fairaudit::testing::RoundLine r;
  r.id = round_id;
  r.org_unit = org_unit;
  r.position = R"({"title_code":"2221","openings":1})";
  r.advertised_at = "2026-03-01";
  r.closes_at = "2026-03-21";
  for (std::size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    fairaudit::testing::ApplicantLine a(round_id + "-a" + std::to_string(i));
    a.gender = p.gender;
    a.answer("immigrant_background", p.immigrant_background)
        .answer("disability", p.disability)
        .answer("cv_gap", "no")
        .answer("priority_access", "no");
    a.age_band = p.age_band;
    a.outcome = p.qualified ? "qualified" : "not_qualified";
    a.event("applied", "2026-03-02");
    if (p.withdrawn) a.event("withdrawn", "2026-03-23");
    if (p.invited || p.hired) a.event("interview_invited", "2026-03-25");
    if (p.hired) a.event("offered", "2026-04-03").event("hired", "2026-04-05");
    else if (p.invited) a.event("rejected", "2026-04-05", "better_qualified_hired");
    r.applicants.push_back(std::move(a));
  }
  return r.line();
}

// The evidence entry of one compared group in a disparity check or finding.
inline const fairaudit::Evidence* group_entry(const fairaudit::Evidence& ev, const std::string& group) {
  const auto* list = ev.find("groups");
  if (!list) return nullptr;
  for (const auto& child : list->children)
    if (const auto* g = child.find("group"); g && g->s == group) return &child;
  return nullptr;
}

inline double real_of(const fairaudit::Evidence& ev, const std::string& key) {
  const auto* v = ev.find(key);
  return v ? v->d : -1;
}
inline long long int_of(const fairaudit::Evidence& ev, const std::string& key) {
  const auto* v = ev.find(key);
  return v ? v->i : -1;
}
inline std::string text_of(const fairaudit::Evidence& ev, const std::string& key) {
  const auto* v = ev.find(key);
  return v ? v->s : std::string("<missing>");
}
inline bool bool_of(const fairaudit::Evidence& ev, const std::string& key) {
  const auto* v = ev.find(key);
  return v && v->b;
}

// Options that keep a test to gender and to qualified → interview_invited,
// unless it says otherwise.
inline const char* kGenderOnly =
    R"({"attributes":["gender"],"intersections":[],"transitions":[["qualified","interview_invited"]],)"
    R"("expected_groups":[]})";

}  // namespace icd_test
