// interview-call-diversity — one check (or class) per rule; each lives in its
// own source file named after the rule, and plugin.cpp's table names them.
#pragma once

#include <map>
#include <memory>
#include <unordered_map>
#include <tuple>
#include <utility>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "fairaudit/rule_table.hpp"

namespace icd {

// What a round rule reads: the configuration and the round's counts from
// count_all(), worked out once for all rules.
struct RoundData {
  const Config& config;
  const std::vector<TransitionCounts>& counts;
};
using Call = fairaudit::RuleCall<RoundData>;

// One check per rule, in the file named after it.
void selection_rate_disparity(const Round& r, const Call& call, fairaudit::Sink& sink);
void intersectional_disparity(const Round& r, const Call& call, fairaudit::Sink& sink);
void unknown_share(const Round& r, const Call& call, fairaudit::Sink& sink);
void missing_group(const Round& r, const Call& call, fairaudit::Sink& sink);
// add-rule.py: new check declarations go above this line.

// pooled-disparity.cpp — state pooled over every round of an org unit and of
// each of its parents. Its size grows with units × analyses × transitions ×
// groups (and the group pairs of an attribute, whose number the vocabulary
// bounds), never with the number of rounds.
class PooledDisparity {
 public:
  explicit PooledDisparity(const Config& c) : config_(&c) {}
  // Adds a round, with its counts from count_all().
  void add(const Round& r, const std::vector<TransitionCounts>& counts);
  void add(const Round& r) { add(r, count_all(*config_, r)); }
  void report(fairaudit::Sink& sink) const;
  // For the benchmark: how many (unit, analysis, transition) cells are held.
  std::size_t cells() const;

 private:
  // One accumulator per unordered pair of groups (first < second), so that
  // the reference group can be chosen on the pooled totals at the end.
  struct PairSums {
    std::string first, second;
    st::CmhAccumulator sums;
  };
  // Flat and searched by small integer ids (the group names interned once,
  // see id_of): a cell holds a handful of groups, added to by every round of
  // the unit and of its sub-units. In the order groups first came; report()
  // sorts them by name.
  struct Cell {
    GroupCounts totals;
    std::vector<std::uint16_t> total_ids;  // the id of each of totals
    st::GroupCount unknown;
    std::vector<PairSums> pairs;
    std::vector<std::uint32_t> pair_keys;  // first id << 16 | second id, of each of pairs
    std::int64_t rounds = 0;  // 0: no round has reached this cell
    st::GroupCount& total(std::uint16_t id, const std::string& group);
    st::CmhAccumulator& pair(std::uint16_t first_id, std::uint16_t second_id, const std::string& first,
                             const std::string& second);
    const st::CmhAccumulator* find_pair(const std::string& first, const std::string& second) const;
  };
  // A group name's id within its analysis (its index in names_[analysis]),
  // the same in every cell of the analysis.
  std::uint16_t id_of(std::size_t analysis, const std::string& group);
  std::vector<std::vector<std::string>> names_;
  std::vector<std::uint16_t> round_ids_;  // the current round's groups' ids, reused
  // A unit's cells: analysis ai, transition ti at ai × transitions + ti.
  using UnitCells = std::vector<Cell>;
  // The cells a round of `org_unit` adds to: its own unit's, then each parent's.
  const std::vector<UnitCells*>& cells_of(const std::string& org_unit);
  const Config* config_;
  std::unordered_map<std::string, std::unique_ptr<UnitCells>> units_;
  std::unordered_map<std::string, std::vector<UnitCells*>> paths_;
};

}  // namespace icd
