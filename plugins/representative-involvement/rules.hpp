// representative-involvement: is the equality representative (or union
// representative) involved in who is called to interview and who is hired?
//
// One file per rule; each defines the rule's metadata and its check.
#pragma once

#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"

namespace representative_involvement {

using namespace fairaudit;

struct Config {
  int min_working_days = 2;
  std::vector<std::string> roles;  // which representative roles count
  bool waiver_excuses_absence = true;
  Calendar calendar = Calendar::norway;
  std::vector<std::string> trekantmote_roles;

  bool counts(const std::string& role) const {
    for (const auto& r : roles)
      if (r == role) return true;
    return false;
  }
};

// The representative of the round if one is appointed, else nullptr.
inline const Representative* appointed(const Round& r) {
  return r.representative && r.representative->appointed ? &*r.representative : nullptr;
}

inline constexpr const char* kNoRepresentative = "no representative is appointed for this round (see appointed)";

RuleInfo appointed_info();
void check_appointed(const Round&, const Config&, Sink&);
RuleInfo invited_before_interviews_info();
void check_invited_before_interviews(const Round&, const Config&, Sink&);
RuleInfo saw_shortlist_info();
void check_saw_shortlist(const Round&, const Config&, Sink&);
RuleInfo attended_interview_info();
void check_attended_interview(const Round&, const Config&, Sink&);
RuleInfo recommendation_in_time_info();
void check_recommendation_in_time(const Round&, const Config&, Sink&);
RuleInfo statement_and_escalation_info();
void check_statement_and_escalation(const Round&, const Config&, Sink&);
RuleInfo routine_documented_info();
void check_routine_documented(const UnitRecord&, const Config&, Sink&);
RuleInfo meets_in_trekantmote_info();
void check_meets_in_trekantmote(const UnitRecord&, const Config&, Sink&);

}  // namespace representative_involvement
