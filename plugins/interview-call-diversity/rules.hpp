// interview-call-diversity — one function (or class) per rule; each lives in
// its own source file named after the rule.
#pragma once

#include <map>
#include <tuple>
#include <utility>
#include <string>
#include <vector>

#include "analysis.hpp"

namespace icd {

// selection-rate-disparity.cpp
void selection_rate_disparity(const Config& c, const Round& r, fairaudit::Sink& sink);
// intersectional-disparity.cpp
void intersectional_disparity(const Config& c, const Round& r, fairaudit::Sink& sink);
// unknown-share.cpp
void unknown_share(const Config& c, const Round& r, fairaudit::Sink& sink);
// missing-group.cpp
void missing_group(const Config& c, const Round& r, fairaudit::Sink& sink);

// pooled-disparity.cpp — state pooled over every round of an org unit and of
// each of its parents. Its size grows with units × analyses × transitions ×
// groups (and the group pairs of an attribute, whose number the vocabulary
// bounds), never with the number of rounds.
class PooledDisparity {
 public:
  explicit PooledDisparity(const Config& c) : config_(&c) {}
  void add(const Round& r);
  void report(fairaudit::Sink& sink) const;
  // For the benchmark: how many (unit, analysis, transition) cells are held.
  std::size_t cells() const { return cells_.size(); }

 private:
  struct Cell {
    std::map<std::string, st::GroupCount> totals;
    st::GroupCount unknown;
    // One accumulator per unordered pair of groups (first < second), so that
    // the reference group can be chosen on the pooled totals at the end.
    std::map<std::pair<std::string, std::string>, st::CmhAccumulator> pairs;
    std::int64_t rounds = 0;
  };
  // (org unit, analysis index, transition index)
  using CellKey = std::tuple<std::string, std::size_t, std::size_t>;
  const Analysis& analysis(std::size_t i) const;
  const Config* config_;
  std::map<CellKey, Cell> cells_;
};

}  // namespace icd
