#include "serve/queries.hpp"

#include <map>

#include "common/enums.hpp"
#include "emit/complements.hpp"
#include "store/codec.hpp"

namespace fairaudit::serve {
namespace {

constexpr const char* kRunColumns =
    "id, started_at, policy_name, min_cell, findings, new_findings, unchanged_findings, resolved_findings, "
    "suppressed_findings";

RunRow run_from(store::Statement& s) {
  RunRow r;
  r.id = s.int64(0);
  r.started_at = s.text(1);
  r.policy_name = s.text(2);
  r.min_cell = s.int64(3);
  r.findings = s.int64(4);
  r.fresh = s.int64(5);
  r.persisting = s.int64(6);
  r.resolved = s.int64(7);
  r.suppressed = s.int64(8);
  return r;
}

// The policy of a run ("" for none): which policy's latest run decides
// whether a suppression needs two sides.
std::string policy_of(store::Store& st, std::int64_t run_id) {
  auto s = st.connection().prepare("SELECT policy_name FROM runs WHERE id = ?");
  s.bind(1, run_id);
  return s.step() ? s.text(0) : std::string();
}

}  // namespace

std::vector<RunRow> list_runs(store::Store& st, int limit, int offset) {
  auto s = st.connection().prepare(std::string("SELECT ") + kRunColumns +
                                   " FROM runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT ? OFFSET ?");
  s.bind(1, limit).bind(2, offset);
  std::vector<RunRow> out;
  while (s.step()) out.push_back(run_from(s));
  return out;
}

std::optional<RunRow> run_row(store::Store& st, std::int64_t id) {
  auto s = st.connection().prepare(std::string("SELECT ") + kRunColumns +
                                   " FROM runs WHERE id = ? AND finished_at IS NOT NULL");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return run_from(s);
}

std::vector<ListRow> list_findings(store::Store& st, const ListFilter& f) {
  // Two steps: the page's observations first, joined only with what the
  // given filters need, so that SQLite drives the query from the index that
  // fits (findings_by_unit, findings_by_rule) or walks the run's
  // observations in key order and stops at the page's end; then the
  // finding, severity, tracking and review state of those rows alone.
  const bool by_finding = !f.unit.empty() || !f.rule.empty();
  // With a unit or rule the findings of that unit or rule are walked in id
  // order by their index (CROSS JOIN keeps SQLite from walking the whole run
  // instead), each looked up among the run's observations.
  std::string page = "SELECT o.finding_id, o.detail_id, o.baseline FROM ";
  page += by_finding ? "findings f CROSS JOIN observations o ON o.run_id = ?1 AND o.finding_id = f.id"
                     : "observations o";
  if (!f.severity.empty()) page += " JOIN details d ON d.id = o.detail_id";
  page += " WHERE o.run_id = ?1";
  if (!f.unit.empty()) page += " AND f.org_unit = ?2";
  if (!f.rule.empty()) page += " AND f.rule = ?3";
  if (!f.severity.empty()) page += " AND d.severity = ?4";
  // The review state as the store works it out from the trail (a pending
  // suppression is not one yet: store::standing), for the reviewed findings,
  // which are few beside the run's: the set in that state is given to SQLite
  // once, as a JSON list of fingerprints, not looked up per row.
  const auto standings = st.review_standings(policy_of(st, f.run));
  std::string in_state = "[";
  if (!f.state.empty()) {
    const bool open = f.state == "open";
    for (const auto& [fp, sd] : standings) {
      const bool is_open = sd.state == common::ReviewState::open;
      if (open ? !is_open : to_string(sd.state) == f.state) {
        in_state += (in_state.size() > 1 ? ",\"" : "\"") + fp + "\"";  // fingerprints are hex digits
      }
    }
    page += open ? " AND o.finding_id NOT IN" : " AND o.finding_id IN";
    page += " (SELECT fr.id FROM findings fr WHERE fr.fingerprint IN (SELECT value FROM json_each(?5)))";
  }
  in_state += "]";
  // New since a run: not observed by that run or an earlier one of the
  // series, i.e. first seen in the series after it (tracking, indexed by
  // first_seen): SQLite seeks the run's observations of those findings
  // rather than walking the whole run.
  if (f.since)
    page += " AND o.finding_id IN (SELECT t.finding_id FROM tracking t JOIN runs me ON me.id = ?1 WHERE "
            "t.policy_name = me.policy_name AND t.selection = me.selection AND t.first_seen > ?6)";
  page += by_finding ? " ORDER BY f.id" : " ORDER BY o.finding_id";
  page += " LIMIT ?7 OFFSET ?8";
  const std::string sql =
      "SELECT f.fingerprint, f.rule, f.scope, f.org_unit, f.round_id, f.key, d.severity, p.baseline, "
      "t.first_seen, t.last_seen, t.resolved FROM (" + page + ") p JOIN findings f ON f.id = p.finding_id JOIN details d ON d.id = p.detail_id "
      "JOIN runs r ON r.id = ?1 "
      "LEFT JOIN tracking t ON t.policy_name = r.policy_name AND t.selection = r.selection AND t.finding_id = f.id "
      "ORDER BY p.finding_id";
  auto s = st.connection().prepare(sql);
  s.bind(1, f.run);
  if (!f.unit.empty()) s.bind(2, f.unit);
  if (!f.rule.empty()) s.bind(3, f.rule);
  if (!f.severity.empty()) s.bind(4, f.severity);
  if (!f.state.empty()) s.bind(5, in_state);
  if (f.since) s.bind(6, *f.since);
  s.bind(7, f.limit + 1).bind(8, f.offset);
  std::vector<ListRow> out;
  while (s.step()) {
    ListRow r;
    r.fingerprint = s.text(0);
    r.rule = s.text(1);
    r.scope = s.text(2);
    r.org_unit = s.text(3);
    r.round_id = s.text(4);
    r.key = s.text(5);
    r.severity = s.text(6);
    r.baseline = s.text(7);
    r.first_seen = s.int64(8);
    r.last_seen = s.int64(9);
    r.resolved = s.opt_int64(10);
    const auto it = standings.find(r.fingerprint);
    r.state = it == standings.end() ? "open" : to_string(it->second.state);
    out.push_back(std::move(r));
  }
  return out;
}

const store::Catalogue& run_catalogue(store::Store& st, std::int64_t run_id) {
  // A catalogue is kept once per distinct set of rules: most runs share one.
  thread_local std::map<std::pair<std::string, std::int64_t>, store::Catalogue> cache;
  auto s = st.connection().prepare("SELECT catalogue_id FROM runs WHERE id = ?");
  s.bind(1, run_id);
  const std::int64_t id = s.step() && !s.is_null(0) ? s.int64(0) : 0;
  const auto key = std::make_pair(st.path(), id);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  store::Catalogue c;
  if (id) {
    auto q = st.connection().prepare("SELECT rules FROM catalogues WHERE id = ?");
    q.bind(1, id);
    if (q.step()) c = store::catalogue_from_json(q.text(0));
  }
  if (cache.size() > 64) cache.clear();
  return cache.emplace(key, std::move(c)).first->second;
}

std::vector<run::AuditFinding> round_findings(store::Store& st, std::int64_t run_id, const std::string& round_id) {
  return st.round_findings(run_id, round_id);
}

emit::Disclosure served_disclosure(store::Store& st, std::int64_t run_id, const emit::Disclosure& base,
                                   const std::vector<const run::AuditFinding*>& findings) {
  if (base.audience() != emit::Audience::union_) return base;
  auto has = st.connection().prepare("SELECT 1 FROM run_plans WHERE run_id = ?");
  has.bind(1, run_id);
  const bool planned = has.step();
  auto plan = std::make_shared<emit::Complements>();
  auto rows = st.connection().prepare("SELECT grp, measure FROM run_withheld WHERE run_id = ? AND scope = ?");
  for (const run::AuditFinding* af : findings) {
    const std::string scope = emit::Complements::finding_scope(*af);
    if (scope.empty()) continue;
    if (!planned) {
      emit::Complements::every_count(*af)->each(
          [&](const std::string& sc, const std::string& g, char m) { plan->add(sc, g, m); });
      continue;
    }
    rows.bind(1, run_id).bind(2, scope);
    while (rows.step()) plan->add(scope, rows.text(0), rows.text(1).empty() ? 'n' : rows.text(1)[0]);
    rows.reset();
  }
  emit::Disclosure d = base;
  d.set_complements(std::move(plan));
  return d;
}

}  // namespace fairaudit::serve
