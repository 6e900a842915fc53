// fairaudit review list|show|set|history: the review trail of stored findings.
// Representatives, unions and HR mark a finding acknowledged, disputed,
// resolved or suppressed, always with a justification and their role; each
// review is appended, never overwritten (docs/nightly.md).
#pragma once

#include <string>

#include "cli/common.hpp"

namespace fairaudit::cli {

struct ReviewArgs {
  std::string store;
  std::string fingerprint;  // full or a unique prefix of at least 4 hex digits
  // list
  std::string policy;
  std::string state_filter;
  bool all = false;
  std::string format = "text";
  // show
  std::string audience = "representative";
  // set
  std::string state, role, justification, by;

  enum class Action { none, list, show, set, history };
  Action action = Action::none;  // the subcommand given
};

int cmd_review(const ReviewArgs& a, const Common& c);

}  // namespace fairaudit::cli
