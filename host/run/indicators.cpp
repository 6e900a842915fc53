#include "run/indicators.hpp"

namespace fairaudit::run {

void Indicators::add_round(const Round& r) {
  UnitIndicators& u = units_[r.org_unit];
  ++u.rounds;
  u.applications += r.applicants.size();
  for (const auto& a : r.applicants) {
    auto count = [&](const std::string& group) {
      Funnel& f = u.groups[group];
      ++f.applied;
      if (a.qualified()) ++f.qualified;
      if (a.reached(Stage::interview_invited)) ++f.invited;
      if (a.reached(Stage::interview_held)) ++f.interviewed;
      if (a.reached(Stage::hired)) ++f.hired;
    };
    count(std::string("gender=") + to_string(a.gender));
    for (auto field : {SelfIdField::immigrant_background, SelfIdField::disability, SelfIdField::cv_gap})
      count(std::string(to_string(field)) + "=" + to_string(a.self_id.get(field)));
  }
}

void Indicators::add_check(const Check& c) {
  if (c.rule != "representative-involvement/recommendation-in-time" || c.scope != Scope::round) return;
  if (c.verdict != Verdict::complies && c.verdict != Verdict::breach) return;
  UnitIndicators& u = units_[c.org_unit];
  ++u.rep_checked;
  if (c.verdict == Verdict::complies) ++u.rep_in_time;
}

}  // namespace fairaudit::run
