// Test rounds for interview-call-diversity, written as canonical export lines
// (DESIGN §3) so that the plugin sees them exactly as the host would.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fairaudit/finding.hpp"

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
  std::string s = R"({"kind":"round","schema":1,"round_id":")" + round_id + R"(","org_unit":")" + org_unit +
                  R"(","jurisdiction":"NO-OSL","position":{"title_code":"2221","openings":1},)"
                  R"("advertised_at":"2026-03-01","closes_at":"2026-03-21","applicants":[)";
  for (std::size_t i = 0; i < people.size(); ++i) {
    const Person& p = people[i];
    if (i) s += ",";
    s += R"({"id":")" + round_id + "-a" + std::to_string(i) + R"(","gender":")" + p.gender +
         R"(","self_id":{"immigrant_background":")" + p.immigrant_background + R"(","disability":")" +
         p.disability + R"(","cv_gap":"no","priority_access":"no"})";
    if (!p.age_band.empty()) s += R"(,"age_band":")" + p.age_band + R"(")";
    s += std::string(R"(,"assessment":{"outcome":")") + (p.qualified ? "qualified" : "not_qualified") + R"("})";
    s += R"(,"events":[{"type":"applied","at":"2026-03-02"})";
    if (p.withdrawn) s += R"(,{"type":"withdrawn","at":"2026-03-23"})";
    if (p.invited || p.hired) s += R"(,{"type":"interview_invited","at":"2026-03-25"})";
    if (p.hired) s += R"(,{"type":"offered","at":"2026-04-03"},{"type":"hired","at":"2026-04-05"})";
    else if (p.invited) s += R"(,{"type":"rejected","at":"2026-04-05","reason_code":"better_qualified_hired"})";
    s += "]}";
  }
  s += "]}\n";
  return s;
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
