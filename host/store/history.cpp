// A series' history as each run had it: the trend of the HTML report reads
// each run's findings with the review trail as it stood at that run's end,
// so that a review made today does not rewrite what an earlier run showed.
// The trail is append-only (schema.cpp), so "as of" is a filter on `at`.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "store/store.hpp"

namespace fairaudit::store {

std::vector<TrendPoint> Store::trend_states(std::int64_t run_id, int max_runs) {
  std::optional<Transaction> tx;
  if (sqlite3_get_autocommit(c_.handle())) tx.emplace(c_, false);
  auto info = run_info(run_id);
  if (!info) return {};
  // The window and the run before it (whose findings tell what the window's
  // first run resolved). A run still being written has no finished_at: its
  // states are as of now, which is its end.
  auto runs = c_.prepare(
      "SELECT id, started_at, coalesce(finished_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), "
      "suppression_needs_two_sides FROM runs "
      "WHERE policy_name = ?1 AND selection = ?2 AND id <= ?3 AND (finished_at IS NOT NULL OR id = ?3) "
      "ORDER BY id DESC LIMIT ?4");
  runs.bind(1, info->policy_name).bind(2, info->selection).bind(3, run_id).bind(4, max_runs + 1);
  struct Run {
    std::int64_t id;
    std::string started, as_of;
    bool two_sides;  // as that run's policy had it
  };
  std::vector<Run> ids;
  while (runs.step()) ids.push_back({runs.int64(0), runs.text(1), runs.text(2), runs.int64(3) != 0});
  std::reverse(ids.begin(), ids.end());
  const bool has_before = static_cast<int>(ids.size()) > max_runs;

  std::map<std::pair<std::int64_t, std::string>, TrendPoint> points;
  std::set<std::string> units;
  // Each observation with the trail as it stood at the run's end: a finding
  // reviewed by then is a group of its own, whose state standing() works out.
  std::map<std::string, std::vector<Review>> trail;
  for (auto& r : reviews()) trail[r.fingerprint].push_back(std::move(r));
  auto obs = c_.prepare(
      "SELECT f.org_unit, o.baseline, d.severity, CASE WHEN EXISTS (SELECT 1 FROM reviews r WHERE r.fingerprint = "
      "f.fingerprint AND r.at <= ?2) THEN f.fingerprint ELSE '' END, count(*) FROM observations o "
      "JOIN findings f ON f.id = o.finding_id JOIN details d ON d.id = o.detail_id WHERE o.run_id = ?1 "
      "GROUP BY 1, 2, 3, 4");
  auto state_as_of = [&](const std::string& fp, const Run& run) -> std::string {
    if (fp.empty()) return {};
    std::vector<Review> by_then;
    for (const auto& r : trail[fp])
      if (r.at <= run.as_of) by_then.push_back(r);
    return to_string(standing(by_then, run.two_sides).state);
  };
  auto gone = c_.prepare(
      "SELECT f.org_unit, count(*) FROM observations p JOIN findings f ON f.id = p.finding_id WHERE p.run_id = ?1 "
      "AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.run_id = ?2 AND o.finding_id = p.finding_id) "
      "GROUP BY 1");
  for (std::size_t i = has_before ? 1 : 0; i < ids.size(); ++i) {
    const Run& run = ids[i];
    obs.reset();
    obs.bind(1, run.id).bind(2, run.as_of);
    while (obs.step()) {
      const std::string unit = obs.text(0), baseline = obs.text(1), sev = obs.text(2), state = state_as_of(obs.text(3), run);
      const auto n = std::uint64_t(obs.int64(4));
      units.insert(unit);
      TrendPoint& p = points[{run.id, unit}];
      if (state == "suppressed") {
        p.suppressed += n;
        continue;
      }
      if (state == "resolved") {
        p.resolved += n;
        continue;
      }
      if (baseline == "new") p.fresh += n;
      else p.persisting += n;
      if (sev == "error") p.error += n;
      else if (sev == "warning") p.warning += n;
      else p.note += n;
    }
    if (i == 0) continue;
    gone.reset();
    gone.bind(1, ids[i - 1].id).bind(2, run.id);
    while (gone.step()) {
      const std::string unit = gone.text(0);
      units.insert(unit);
      points[{run.id, unit}].resolved += std::uint64_t(gone.int64(1));
    }
  }
  std::vector<TrendPoint> out;
  for (std::size_t i = has_before ? 1 : 0; i < ids.size(); ++i)
    for (const auto& unit : units) {
      TrendPoint p;
      if (auto it = points.find({ids[i].id, unit}); it != points.end()) p = it->second;
      p.run_id = ids[i].id;
      p.started_at = ids[i].started;
      p.org_unit = unit;
      out.push_back(p);
    }
  if (tx) tx->commit();
  return out;
}

}  // namespace fairaudit::store
