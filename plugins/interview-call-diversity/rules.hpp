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
  const std::vector<RoundResult>& results;  // evaluate_round(), in the order of counts
};
using Call = fairaudit::RuleCall<RoundData>;

// One check per rule, in the file named after it.
void selection_rate_disparity(const Round& r, const Call& call, fairaudit::Sink& sink);
void intersectional_disparity(const Round& r, const Call& call, fairaudit::Sink& sink);
void unknown_share(const Round& r, const Call& call, fairaudit::Sink& sink);
void missing_group(const Round& r, const Call& call, fairaudit::Sink& sink);
// add-rule.py: new check declarations go above this line.

// pooled-disparity.cpp — state pooled over the rounds of each org unit. Its
// size grows with units × analyses × transitions × groups (and the group
// pairs of an attribute, whose number the vocabulary bounds), never with the
// number of rounds. A unit keeps the sums of its own rounds; report() adds
// each unit's into its parents, leaving out what a sub-unit already reported.
class PooledDisparity {
 public:
  explicit PooledDisparity(const Config& c) : config_(&c) {}
  // Adds a round, with its counts from count_all().
  void add(const Round& r, const std::vector<TransitionCounts>& counts);
  void add(const Round& r) { add(r, count_all(*config_, r)); }
  void report(fairaudit::Sink& sink) const;
  // For the benchmark: how many (unit, analysis, transition) cells are held.
  std::size_t cells() const;

  // The sums of one pair of groups (first < second by id) over the rounds in
  // which both took part.
  struct PairSums {
    std::uint32_t key = 0;  // first id << 16 | second id
    std::string first, second;
    st::CmhAccumulator sums;  // first as the focal group
    st::GroupCount first_n, second_n;
    double first_expected = 0;   // Σ n_first · s_second / n_second
    double second_expected = 0;  // Σ n_second · s_first / n_first
  };
  // Flat and searched by small integer ids (the group names interned once,
  // see id_of): a cell holds a handful of groups. In the order groups first
  // came; report() sorts them by name.
  struct Cell {
    GroupCounts totals;
    std::vector<std::uint16_t> total_ids;  // the id of each of totals
    st::GroupCount unknown;
    std::vector<PairSums> pairs;
    std::int64_t rounds = 0;  // 0: no round has reached this cell
    st::GroupCount& total(std::uint16_t id, const std::string& group);
    PairSums& pair(std::uint16_t first_id, std::uint16_t second_id, const std::string& first,
                   const std::string& second);
    void merge(const Cell& other);
  };
  // A unit's cells: analysis ai, transition ti at ai × transitions + ti.
  using UnitCells = std::vector<Cell>;

 private:
  // A group name's id within its analysis (its index in names_[analysis]),
  // the same in every cell of the analysis.
  std::uint16_t id_of(std::size_t analysis, const std::string& group);
  std::uint16_t id_in(std::size_t analysis, const std::string& group) const;
  std::vector<std::vector<std::string>> names_;
  std::vector<std::uint16_t> round_ids_;  // the current round's groups' ids, reused
  const Config* config_;
  std::unordered_map<std::string, std::unique_ptr<UnitCells>> units_;  // own rounds only
};

}  // namespace icd
