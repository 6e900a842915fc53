// fairaudit coverage: which rules an export can answer. For every rule of
// the policy, whether the fields it reads (RuleInfo::needs) are recorded in
// all, some or none of the export's records, and which are not — what an
// analyst reads before trusting the first audit of a new export.
#pragma once

#include <string>
#include <vector>

#include "cli/common.hpp"

namespace fairaudit::cli {

struct CoverageArgs {
  std::vector<std::string> inputs;
  std::string mapping;  // a flat ATS export, converted as audit --mapping does
  std::string policy;   // default: the default policy, as audit
  std::string format = "text";
};

int cmd_coverage(const CoverageArgs& a, const Common& c);

}  // namespace fairaudit::cli
