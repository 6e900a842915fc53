// Which values of --round and --org-unit matched nothing in the export, and
// the ids nearest to each (by edit distance), so that a mistyped id stops the
// run with a message naming what was probably meant instead of "0 findings".
// Round ids and org-unit paths are the export's pseudonymous keys of rounds
// and units, never anything about an applicant.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fairaudit::run {

struct UnmatchedSelection {
  std::string option;  // "--round" or "--org-unit"
  std::string value;
  std::vector<std::string> nearest;  // at most 3, nearest first
};

// Whether org unit `unit` is `prefix` or below it ("oslo/bydel-x" is below
// "oslo", not below "osl"): what --org-unit selects.
bool has_prefix_path(const std::string& unit, const std::string& prefix);

// Levenshtein distance over bytes, ASCII letters compared without case.
std::size_t edit_distance(std::string_view a, std::string_view b);

class SelectionMatcher {
 public:
  SelectionMatcher(const std::set<std::string>& rounds, const std::vector<std::string>& org_unit_prefixes);

  // Every round and unit record of the export, selected or not, in input order.
  void round(const std::string& round_id, const std::string& org_unit);
  void unit(const std::string& org_unit);

  std::vector<UnmatchedSelection> unmatched() const;

 private:
  struct Wanted {
    std::string value;
    bool matched = false;
    std::vector<std::pair<std::size_t, std::string>> nearest;  // (distance, id), sorted, at most 3
  };
  static void near(Wanted& w, const std::string& id);
  void unit_paths(const std::string& org_unit);
  std::vector<Wanted> rounds_, units_;
  std::set<std::string> seen_units_;  // every org-unit path and its parents (only when --org-unit is given)
};

}  // namespace fairaudit::run
