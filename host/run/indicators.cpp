#include "run/indicators.hpp"

#include <array>
#include <iterator>

namespace fairaudit::run {

void Indicators::add_round(const Round& r) {
  UnitIndicators& u = units_[r.org_unit];
  ++u.rounds;
  u.applications += r.applicants.size();
  // Counted per round in arrays indexed by the answer, then added to the
  // unit's named groups once per round: no string or map work per applicant.
  constexpr std::size_t kGenders = std::size_t(Gender::declined) + 1;
  constexpr std::size_t kAnswers = std::size_t(Answer::not_asked) + 1;
  constexpr SelfIdField kFields[] = {SelfIdField::immigrant_background, SelfIdField::disability, SelfIdField::cv_gap};
  std::array<Funnel, kGenders> by_gender{};
  std::array<std::array<Funnel, kAnswers>, std::size(kFields)> by_answer{};
  for (const auto& a : r.applicants) {
    const bool qualified = a.qualified(), invited = a.reached(Stage::interview_invited),
               interviewed = a.reached(Stage::interview_held), hired = a.reached(Stage::hired);
    auto count = [&](Funnel& f) {
      ++f.applied;
      f.qualified += qualified;
      f.invited += invited;
      f.interviewed += interviewed;
      f.hired += hired;
    };
    count(by_gender[std::size_t(a.gender)]);
    for (std::size_t i = 0; i < std::size(kFields); ++i) count(by_answer[i][std::size_t(a.self_id.get(kFields[i]))]);
  }
  auto add = [&](const std::string& group, const Funnel& f) {
    Funnel& g = u.groups[group];
    g.applied += f.applied;
    g.qualified += f.qualified;
    g.invited += f.invited;
    g.interviewed += f.interviewed;
    g.hired += f.hired;
  };
  // The groups' names, made once.
  static const auto names = [&] {
    std::pair<std::array<std::string, kGenders>, std::array<std::array<std::string, kAnswers>, std::size(kFields)>> n;
    for (std::size_t v = 0; v < kGenders; ++v) n.first[v] = std::string("gender=") + to_string(Gender(v));
    for (std::size_t i = 0; i < std::size(kFields); ++i)
      for (std::size_t v = 0; v < kAnswers; ++v)
        n.second[i][v] = std::string(to_string(kFields[i])) + "=" + to_string(Answer(v));
    return n;
  }();
  for (std::size_t v = 0; v < kGenders; ++v)
    if (by_gender[v].applied) add(names.first[v], by_gender[v]);
  for (std::size_t i = 0; i < std::size(kFields); ++i)
    for (std::size_t v = 0; v < kAnswers; ++v)
      if (by_answer[i][v].applied) add(names.second[i][v], by_answer[i][v]);
}

bool Indicators::uses(const std::string& rule) { return rule == "representative-involvement/recommendation-in-time"; }

void Indicators::add_check(const std::string& rule, const Check& c) {
  if (c.scope != Scope::round || !uses(rule)) return;
  if (c.verdict != Verdict::complies && c.verdict != Verdict::breach) return;
  UnitIndicators& u = units_[c.org_unit];
  ++u.rep_checked;
  if (c.verdict == Verdict::complies) ++u.rep_in_time;
}

}  // namespace fairaudit::run
