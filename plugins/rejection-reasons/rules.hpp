// rejection-reasons: is it recorded why each qualified applicant was not
// called to interview or not hired, in the words of a controlled list; are
// the reasons that need a second look (language, personal fit) noted for
// review; and where someone ranked below a rejected applicant was hired, is
// the reason recorded?
//
// plugin.cpp holds the table of rules and options; each rule's check lives
// in the file named after the rule's id.
#pragma once

#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "fairaudit/profile.hpp"
#include "fairaudit/rule_table.hpp"

namespace rejection_reasons {

using namespace fairaudit;

// The employer the rules run for, which decides the legal basis each rule
// cites (docs/legal-sources.md, "Rules × profiles").
struct Config {
  Profile profile = Profile::oslo;
  // The controlled list: every rejection's reason_code is one of these.
  std::vector<std::string> reason_codes{"formal_requirements_not_met",
                                        "others_better_qualified",
                                        "better_qualified_hired",
                                        "equally_qualified_other_preferred",
                                        "preferential_right",
                                        "language",
                                        "personal_fit",
                                        "references",
                                        "no_show",
                                        "declined_offer",
                                        "late_application",
                                        "round_cancelled"};
  // Reasons noted for a second look (second-look).
  std::vector<std::string> review_codes{"language", "personal_fit"};
  // Reasons that say the ranking was followed: given to someone ranked above
  // the person hired, they explain nothing (rank-order).
  std::vector<std::string> ranking_codes{"better_qualified_hired", "others_better_qualified"};
};

using Call = RuleCall<Config>;

inline bool listed(const std::vector<std::string>& list, const std::string& code) {
  for (const auto& c : list)
    if (c == code) return true;
  return false;
}

// The applicant's first rejection, or nullptr.
inline const StageEvent* rejection(const Applicant& a) { return a.first(Stage::rejected); }

// One check per rule, in the file named after it.
void reason_recorded(const Round& r, const Call& call, Sink& sink);
void second_look(const Round&, const Call&, Sink&);
void rank_order(const Round&, const Call&, Sink&);
// add-rule.py: new check declarations go above this line.

}  // namespace rejection_reasons
