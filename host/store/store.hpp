// The store: an SQLite file that keeps every run of `fairaudit audit --store`,
// every finding by fingerprint (first seen, last seen, resolved), which runs
// observed it, and the append-only review trail (docs/nightly.md).
//
// A run is written in one transaction, after the audit itself: a run killed
// at any moment leaves the previous state intact. Two runs against one store
// queue on the write lock (busy timeout) and each compares with the run
// committed before it.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "run/result.hpp"
#include "run/run_info.hpp"
#include "store/sqlite.hpp"

namespace fairaudit::store {

// Reviewer roles, as the schema's CHECK constraints have them (the review
// states a reviewer may set are common::is_reviewed()).
inline constexpr const char* kReviewRoles[] = {"representative", "union", "hr"};
bool is_review_role(const std::string& s);

// "2026-05-04T02:00:13Z"
std::string now_utc();

using Catalogue = std::map<std::string, RuleInfo>;  // "plugin/rule" -> metadata

// A run's metadata (what `fairaudit audit` knew when it started), its
// comparison with the previous run and its trend points are run::RunInfo,
// run::BaselineSummary and run::TrendPoint: emit renders the same values.
using run::BaselineSummary;
using run::RunInfo;
using run::TrendPoint;

// The canonical text of a --round/--org-unit selection ("" for everything).
std::string selection_key(const std::set<std::string>& rounds, const std::vector<std::string>& org_units);

class Store;
struct EarlySort;  // store.cpp: Store::sort_previous_early()

// One run being written. Construction takes the write lock; nothing is visible
// to other connections until commit(); destruction without commit rolls back.
class RunWriter {
 public:
  RunWriter(RunWriter&&) noexcept = default;
  ~RunWriter() = default;  // rolls back unless committed

  std::int64_t run_id() const { return info_.id; }
  const RunInfo& info() const { return info_; }

  // Labels every finding: baseline "new" or "unchanged", review state and
  // justification from the trail; returns the comparison (absent findings
  // labelled "absent"). Writes the findings' observations as it goes: one
  // pass over the findings in order, merged with the previous run's read in
  // the same order, so that memory does not grow with their number. Findings
  // kept on disk (r.spilled) are labelled when they are read again
  // (r.label, r.labelled_tally).
  const BaselineSummary& compare(run::RunResult& r);
  // compare() in two steps. label(): the labels and the comparison, nothing
  // written yet (of findings kept on disk only their headers are read);
  // observe(): the findings' observations, written from the findings as
  // labelled. observe() touches nothing but this writer's connection and
  // reads `r`, so it may run on a thread of its own while the output is
  // rendered from `r` (the connection is then that thread's alone).
  const BaselineSummary& label(run::RunResult& r);
  void observe(const run::RunResult& r);
  // What observe() makes of each finding before it writes it (the details'
  // digest, and their evidence as JSON): given to the run's shared reading
  // (run::SharedReading), it is made on the reading's thread, not on the
  // thread that writes the store.
  static void prepare_details(const run::AuditFinding& af, std::string& out);
  // Writes the rest of the run (catalogue, tracking, tallies, counts and exit
  // code); nothing is visible to others yet. compare() must come first.
  void write(const run::RunResult& r, const Catalogue& rules, int exit_code);
  // The union audience's plan of counts hidden across findings and tables
  // (emit/complements.hpp, each()), as (scope, group, measure) rows: written
  // in the run's transaction, so a run is never visible without it.
  struct Withheld {
    std::string scope, group;
    char measure = 'n';
  };
  void write_withheld(const std::vector<Withheld>& rows);
  // Commits what write() wrote. `fairaudit audit` commits only once its
  // output is in place: a run is never stored without its output.
  void commit();
  // write() and commit().
  void commit(const run::RunResult& r, const Catalogue& rules, int exit_code);

 private:
  friend class Store;
  RunWriter(Connection& c, RunInfo info, std::shared_ptr<EarlySort> early);
  Connection* c_;
  std::shared_ptr<EarlySort> early_;  // the previous run's rows, sorted while the run was under way
  // Foreign keys unchecked while the run is written (sqlite.hpp): every id
  // its rows refer to was read in its transaction, and observe() checks the
  // ones that came through a temporary file. Before tx_: on again once it ends.
  std::unique_ptr<ForeignKeysSuspended> unchecked_;
  std::unique_ptr<Transaction> tx_;
  RunInfo info_;
  BaselineSummary cmp_;
  std::uint64_t observed_ = 0;  // findings written by compare()
  std::shared_ptr<std::FILE> known_rows_;  // label() for observe(): the previous run's rows found again
  bool labelled_ = false, compared_ = false, written_ = false;
};

// A stored run, rebuilt to be rendered again.
struct StoredRun {
  RunInfo info;
  run::RunResult result;  // findings with their baseline and today's review state
  Catalogue rules;
  BaselineSummary comparison;  // suppressed counted with today's review states
};

struct Review {
  std::int64_t id = 0;
  std::string fingerprint, at;
  common::ReviewState state = common::ReviewState::none;
  std::string role, reviewer, justification;
};

// The two sides of a review: the employer (hr) and the employees (the union
// and the representative speak for them).
enum class Side : std::uint8_t { employer, employees };
Side side_of(const std::string& role);

// What a finding's review trail amounts to: its effective review state.
// Worked out here and nowhere else, so that review list/show, every report,
// the nightly comparison and exit code and the server agree.
//
// Without two sides the newest review decides. With them
// (RunInfo::suppression_needs_two_sides), a suppression by one side is
// pending: the finding keeps the state it had until the other side also
// suppresses, with no other state set in between; another state set in
// between cancels the pending suppression; a second suppression by the same
// side is still one side. A suppression of a finding already suppressed
// keeps it suppressed.
struct Standing {
  common::ReviewState state = common::ReviewState::open;
  std::optional<Review> last;     // the review that set `state`; none while open
  std::optional<Review> pending;  // the newest suppression waiting for the other side
};
// `trail` oldest first, of one finding.
Standing standing(const std::vector<Review>& trail, bool two_sides);

// A finding as the review commands list it.
struct FindingRow {
  std::string fingerprint, rule, scope, org_unit, round_id, key;
  std::string severity;  // as last observed
  std::int64_t first_seen = 0, last_seen = 0;
  std::optional<std::int64_t> resolved;  // the run that no longer found it (in every series)
  common::ReviewState review_state = common::ReviewState::open;
  std::optional<Review> last_review;  // the review that set review_state
  std::optional<Review> pending_suppression;  // Standing::pending
};

struct FindingFilter {
  std::string policy_name;    // empty: every policy
  bool include_resolved = false;
  common::ReviewState review_state = common::ReviewState::none;  // none: any; open = never reviewed
};

struct Observation {
  std::int64_t run_id = 0;
  std::string started_at, policy_name;
  common::BaselineState baseline = common::BaselineState::none;
};

class Store {
 public:
  static constexpr std::chrono::milliseconds kDefaultBusyTimeout{60000};

  // Opens or creates the store and migrates it. Throws StoreError (StoreBusy
  // when another writer holds it past the timeout).
  explicit Store(const std::string& path, std::chrono::milliseconds busy_timeout = kDefaultBusyTimeout);

  Connection& connection() { return c_; }
  const std::string& path() const { return c_.path(); }

  // Starts writing a run (takes the write lock, may wait busy_timeout).
  RunWriter begin_run(RunInfo info);
  // Starts sorting the findings of the newest finished run of a policy and
  // selection, on a thread and a connection of their own, while the run to
  // be compared with it is still under way: the next begin_run()'s
  // comparison (RunWriter::label) then takes the rows sorted, unless another
  // run of the series was stored meanwhile (it sorts that one itself then).
  // The sort is the comparison's larger part, and only it could not start
  // before every finding was in.
  void sort_previous_early(const std::string& policy_name, const std::string& selection);

  // The newest run, of one policy when a name is given.
  std::optional<std::int64_t> latest_run(const std::string& policy_name = {});
  // The newest stored run of a policy and selection (the run a new one is
  // compared with), with the rounds it audited: what a night is checked
  // against before it may be stored.
  struct SeriesRun {
    std::int64_t id = 0;
    std::string started_at;
    std::uint64_t rounds = 0;
  };
  std::optional<SeriesRun> latest_in_series(const std::string& policy_name, const std::string& selection);
  std::optional<RunInfo> run_info(std::int64_t id);
  // Runs of at least `spill_above` findings (0: none) are not read into
  // memory: their findings are kept on disk (result.spilled, labelled as
  // they are read again) and every format streams them.
  StoredRun load_run(std::int64_t id, std::size_t spill_above = 0);
  // Open findings per org unit for the last `max_runs` runs of the series of
  // `run_id`, up to it; a zero point for every unit seen in the window.
  std::vector<TrendPoint> trends(std::int64_t run_id, int max_runs = 30);
  // The same window with each run's states as of that run (TrendPoint::fresh
  // …): the review trail read up to the run's end (store/history.cpp).
  std::vector<TrendPoint> trend_states(std::int64_t run_id, int max_runs = 30);

  // A full fingerprint, or a prefix of at least 4 hex digits that names
  // exactly one finding. Throws StoreError naming the candidates otherwise.
  std::string resolve_fingerprint(const std::string& prefix);
  std::vector<FindingRow> findings(const FindingFilter& f);
  std::optional<FindingRow> finding(const std::string& fingerprint);
  // The finding as its newest observation recorded it (message, evidence).
  std::optional<run::AuditFinding> latest_observation(const std::string& fingerprint, int* min_cell = nullptr);
  std::vector<Observation> observations(const std::string& fingerprint);
  // What a run found in one round, in the run's order, with today's review
  // states (as load_run labels them): a round's checklist without the run.
  std::vector<run::AuditFinding> round_findings(std::int64_t run_id, const std::string& round_id);

  // Whether a suppression of the finding needs both sides: what the latest
  // run of the policy of the newest run that observed it recorded.
  bool suppression_needs_two_sides(const std::string& fingerprint);
  // Every reviewed finding's standing today, by fingerprint, as the latest
  // run of `policy_name` decides on two sides (what load_run labels a run
  // of that policy with). A finding not in it was never reviewed: open.
  std::unordered_map<std::string, Standing> review_standings(const std::string& policy_name);
  // The fingerprints that start with `prefix` (lower-case hex), at most `limit`.
  std::vector<std::string> fingerprints_starting(const std::string& prefix, int limit = 6);

  // Appends a review. Throws StoreError for an unknown state or role, an
  // empty justification or an unknown fingerprint.
  Review add_review(Review r);
  // Oldest first; every finding's when the fingerprint is empty.
  std::vector<Review> reviews(const std::string& fingerprint = {});

 private:
  Connection c_;
  std::chrono::milliseconds busy_timeout_;
  std::shared_ptr<EarlySort> early_;
};

}  // namespace fairaudit::store
