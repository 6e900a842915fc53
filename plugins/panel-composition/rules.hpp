// panel-composition: who interviews the candidates of a round — at least two
// interviewers, not all of one gender, the same panel for every candidate (or
// a recorded reason for a change), and the representative on the panel where
// the policy asks for it.
//
// plugin.cpp holds the table of rules and options; each rule's check lives
// in the file named after the rule's id.
#pragma once

#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "fairaudit/profile.hpp"
#include "fairaudit/rule_table.hpp"

namespace panel_composition {

using namespace fairaudit;

// The employer the rules run for, which decides the legal basis each rule
// cites (docs/legal-sources.md, "Rules × profiles").
struct Config {
  Profile profile = Profile::oslo;
  int min_panel_size = 2;
  bool require_representative = false;
  std::vector<std::string> representative_roles{"likestillingsrepresentant", "tillitsvalgt", "union_rep"};

  bool is_representative(const std::string& role) const {
    for (const auto& r : representative_roles)
      if (r == role) return true;
    return false;
  }
};

using Call = RuleCall<Config>;

// The interviews of the round whose panel is recorded (an interview with an
// empty panel records no interviewer). When there are none, reports the
// rule's verdict (not_applicable without interviews, insufficient_data
// without panels) and returns an empty list.
std::vector<const Interview*> recorded_panels(const Round& r, const Call& call, Sink& sink);

// One check per rule, in the file named after it.
void panel_size(const Round& r, const Call& call, Sink& sink);
void panel_gender_mix(const Round&, const Call&, Sink&);
void same_panel(const Round&, const Call&, Sink&);
void representative_on_panel(const Round&, const Call&, Sink&);
// add-rule.py: new check declarations go above this line.

}  // namespace panel_composition
