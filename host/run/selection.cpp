#include "run/selection.hpp"

#include <algorithm>
#include <numeric>

namespace fairaudit::run {
namespace {

constexpr std::size_t kNearest = 3;

char fold(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

}  // namespace

bool has_prefix_path(const std::string& unit, const std::string& prefix) {
  if (prefix.empty()) return true;
  if (unit.size() < prefix.size() || unit.compare(0, prefix.size(), prefix) != 0) return false;
  return unit.size() == prefix.size() || unit[prefix.size()] == '/' || prefix.back() == '/';
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t(0));
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

SelectionMatcher::SelectionMatcher(const std::set<std::string>& rounds, const std::vector<std::string>& org_unit_prefixes) {
  for (const auto& r : rounds) rounds_.push_back(Wanted{r, false, {}});
  std::set<std::string> units(org_unit_prefixes.begin(), org_unit_prefixes.end());
  for (const auto& u : units) units_.push_back(Wanted{u, false, {}});
}

void SelectionMatcher::near(Wanted& w, const std::string& id) {
  const std::size_t d = edit_distance(w.value, id);
  auto& n = w.nearest;
  const auto entry = std::make_pair(d, id);
  if (n.size() == kNearest && !(entry < n.back())) return;
  auto at = std::lower_bound(n.begin(), n.end(), entry);
  if (at != n.end() && *at == entry) return;
  n.insert(at, entry);
  if (n.size() > kNearest) n.pop_back();
}

void SelectionMatcher::unit_paths(const std::string& org_unit) {
  if (units_.empty() || org_unit.empty()) return;
  for (auto& w : units_)
    if (!w.matched && has_prefix_path(org_unit, w.value)) w.matched = true;
  // The path and its parents: --org-unit takes any of them.
  for (std::size_t slash = org_unit.find('/'); ; slash = org_unit.find('/', slash + 1)) {
    seen_units_.insert(org_unit.substr(0, slash));
    if (slash == std::string::npos) break;
  }
}

void SelectionMatcher::round(const std::string& round_id, const std::string& org_unit) {
  for (auto& w : rounds_) {
    if (w.matched) continue;
    if (w.value == round_id) {
      w.matched = true;
      w.nearest.clear();
    } else {
      near(w, round_id);
    }
  }
  unit_paths(org_unit);
}

void SelectionMatcher::unit(const std::string& org_unit) { unit_paths(org_unit); }

std::vector<UnmatchedSelection> SelectionMatcher::unmatched() const {
  std::vector<UnmatchedSelection> out;
  for (const auto& w : rounds_) {
    if (w.matched) continue;
    UnmatchedSelection u{"--round", w.value, {}};
    for (const auto& [d, id] : w.nearest) u.nearest.push_back(id);
    out.push_back(std::move(u));
  }
  for (auto w : units_) {
    if (w.matched) continue;
    for (const auto& path : seen_units_) near(w, path);
    UnmatchedSelection u{"--org-unit", w.value, {}};
    for (const auto& [d, id] : w.nearest) u.nearest.push_back(id);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace fairaudit::run
