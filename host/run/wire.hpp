// What crosses the pipe between the host and an isolated plugin process:
// the checks and findings of one call, as JSON. Evidence keeps its kinds, so
// disclosure control still works on what comes back.
#pragma once

#include <string>
#include <vector>

#include "fairaudit/finding.hpp"

namespace fairaudit::run {

struct Reported {
  std::vector<Check> checks;
  std::vector<Finding> findings;
};

std::string encode(const Reported& r);
Reported decode(const std::string& text);  // throws std::runtime_error on a malformed message

}  // namespace fairaudit::run
