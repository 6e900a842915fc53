#include "store/store.hpp"

#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <iterator>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/enums.hpp"
#include "codec/evidence_json.hpp"
#include "common/hash.hpp"
#include "common/phase.hpp"
#include "run/spill.hpp"
#include "store/codec.hpp"
#include "store/schema.hpp"

namespace fairaudit::store {
namespace {

// Where a night's store time goes, at --log-level debug (common/phase.hpp).
using Phase = common::Phase;

// The reviewed findings' standings (store.hpp, Standing) by fingerprint.
using Standings = std::unordered_map<std::string, Standing>;

Review review_from(Statement& s, int col) {
  Review r;
  r.id = s.int64(col);
  r.fingerprint = s.text(col + 1);
  r.at = s.text(col + 2);
  r.state = common::review_state_from_string(s.text(col + 3)).value_or(common::ReviewState::none);
  r.role = s.text(col + 4);
  r.reviewer = s.text(col + 5);
  r.justification = s.text(col + 6);
  return r;
}

constexpr const char* kReviewColumns = "r.id, r.fingerprint, r.at, r.state, r.role, r.reviewer, r.justification";

// Every finding's trail, oldest first (a person's work: small).
std::unordered_map<std::string, std::vector<Review>> trails(Connection& c) {
  std::unordered_map<std::string, std::vector<Review>> out;
  auto s = c.prepare(std::string("SELECT ") + kReviewColumns + " FROM reviews r ORDER BY r.id");
  while (s.step()) {
    Review r = review_from(s, 0);
    out[r.fingerprint].push_back(std::move(r));
  }
  return out;
}

// Every reviewed finding's standing today; `two_sides` says for a
// fingerprint whether its policy wants both sides for a suppression.
template <class TwoSides>
Standings standings(Connection& c, TwoSides&& two_sides) {
  Standings out;
  for (auto& [fp, trail] : trails(c)) out.emplace(fp, standing(trail, two_sides(fp)));
  return out;
}

// What the latest run of a policy recorded (a run being written in this
// connection's transaction included: tonight's policy decides tonight).
bool policy_two_sides(Connection& c, const std::string& policy_name) {
  auto s = c.prepare("SELECT suppression_needs_two_sides FROM runs WHERE policy_name = ? ORDER BY id DESC LIMIT 1");
  s.bind(1, policy_name);
  return s.step() && s.int64(0) != 0;
}

// For a finding on its own: the policy of the newest run that observed it.
bool finding_two_sides(Connection& c, const std::string& fingerprint) {
  auto s = c.prepare(
      "SELECT r.policy_name FROM observations o JOIN runs r ON r.id = o.run_id WHERE o.finding_id = "
      "(SELECT id FROM findings WHERE fingerprint = ?) ORDER BY o.run_id DESC LIMIT 1");
  s.bind(1, fingerprint);
  return s.step() && policy_two_sides(c, s.text(0));
}

Standings standings_of_policy(Connection& c, const std::string& policy_name) {
  const bool two = policy_two_sides(c, policy_name);
  return standings(c, [two](const std::string&) { return two; });
}

void apply_review(run::AuditFinding& f, const Standings& reviews) {
  auto it = reviews.find(f.fingerprint);
  if (it == reviews.end() || !it->second.last) {
    f.review_state = common::ReviewState::open;
    f.review_justification.clear();
  } else {
    f.review_state = it->second.state;
    f.review_justification = it->second.last->justification;
  }
  f.review_pending_by = it != reviews.end() && it->second.pending ? it->second.pending->role : std::string();
}

void apply_reviews(std::vector<run::AuditFinding>& findings, const Standings& reviews) {
  for (auto& f : findings) apply_review(f, reviews);
}

constexpr const char* kFindingColumns =
    "f.fingerprint, f.rule, f.plugin, f.scope, f.org_unit, f.round_id, f.key, d.severity, d.message, d.evidence, "
    "d.basis, coalesce(o.source_file, (SELECT path FROM run_inputs WHERE run_id = o.run_id AND position = o.input), ''), "
    "o.source_line, o.baseline, o.source_end_line";

run::AuditFinding finding_from(Statement& s) {
  run::AuditFinding af;
  af.fingerprint = s.text(0);
  af.finding.rule = s.text(1);
  af.plugin = s.text(2);
  af.finding.scope = common::scope_from_string(s.text(3)).value_or(Scope::round);
  af.finding.org_unit = s.text(4);
  af.finding.round_id = s.text(5);
  af.finding.key = s.text(6);
  af.severity = common::severity_from_string(s.text(7)).value_or(Severity::warning);
  af.finding.severity = af.severity;
  af.finding.message = s.text(8);
  af.finding.evidence = evidence_from_json(s.text(9));
  af.basis = s.text(10);
  af.source.file = s.text(11);
  af.source.line = std::uint64_t(s.int64(12));
  af.baseline = common::baseline_from_string(s.text(13)).value_or(common::BaselineState::none);
  af.end_line = std::uint64_t(s.int64(14));
  return af;
}

// A run's findings in the order every format uses; only those whose
// fingerprint `skip` does not contain (the evidence is parsed only for those).
std::vector<run::AuditFinding> load_findings(Connection& c, std::int64_t run_id,
                                             const std::unordered_set<std::string>* skip = nullptr) {
  auto s = c.prepare(std::string("SELECT ") + kFindingColumns +
                     " FROM observations o JOIN findings f ON f.id = o.finding_id"
                     " JOIN details d ON d.id = o.detail_id WHERE o.run_id = ?");
  s.bind(1, run_id);
  std::vector<run::AuditFinding> out;
  while (s.step())
    if (!skip || !skip->count(s.text(0))) out.push_back(finding_from(s));
  run::sort_findings(out);
  return out;
}

std::unordered_set<std::string> fingerprints_of(const std::vector<run::AuditFinding>& v) {
  std::unordered_set<std::string> out;
  out.reserve(v.size());
  for (const auto& f : v) out.insert(f.fingerprint);
  return out;
}

// Findings of the previous run that this one did not find, labelled "absent".
std::vector<run::AuditFinding> absent_from(Connection& c, std::optional<std::int64_t> previous,
                                           const std::vector<run::AuditFinding>& current) {
  std::vector<run::AuditFinding> absent;
  if (!previous) return absent;
  const auto now = fingerprints_of(current);
  absent = load_findings(c, *previous, &now);
  for (auto& f : absent) f.baseline = common::BaselineState::absent;
  return absent;
}

void count(BaselineSummary& cmp, const std::vector<run::AuditFinding>& findings) {
  cmp.new_findings = cmp.unchanged = cmp.suppressed = 0;
  for (const auto& f : findings) {
    if (f.review_state == common::ReviewState::suppressed) ++cmp.suppressed;
    else if (f.baseline == common::BaselineState::new_) ++cmp.new_findings;
    else ++cmp.unchanged;
  }
  cmp.resolved = cmp.absent.size();
}

constexpr const char* kRunColumns =
    "id, started_at, coalesce(finished_at, ''), tool_version, policy_name, policy_version, policy_sha256, "
    "policy_path, policy_files, plugins, selection, min_cell, fail_on, coalesce(exit_code, 0), previous_run, "
    "suppression_needs_two_sides";

// Columns 1 to 7 of kRunColumns, in order.
constexpr std::string RunInfo::*kRunTexts[] = {&RunInfo::started_at,     &RunInfo::finished_at,
                                               &RunInfo::tool_version,   &RunInfo::policy_name,
                                               &RunInfo::policy_version, &RunInfo::policy_sha256,
                                               &RunInfo::policy_path};

RunInfo run_from(Statement& s) {
  RunInfo i;
  i.id = s.int64(0);
  for (int c = 0; c < int(std::size(kRunTexts)); ++c) i.*kRunTexts[c] = s.text(c + 1);
  i.policy_files = strings_from_json(s.text(8));
  for (auto& [name, version] : pairs_from_json(s.text(9))) i.plugins.push_back({std::move(name), std::move(version)});
  i.selection = s.text(10);
  i.min_cell = int(s.int64(11));
  i.fail_on = s.text(12);
  i.exit_code = int(s.int64(13));
  i.previous_run = s.opt_int64(14);
  i.suppression_needs_two_sides = s.int64(15) != 0;
  return i;
}

bool is_hex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isxdigit(ch); });
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

bool is_review_role(const std::string& s) {
  return std::find(std::begin(kReviewRoles), std::end(kReviewRoles), s) != std::end(kReviewRoles);
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string selection_key(const std::set<std::string>& rounds, const std::vector<std::string>& org_units) {
  std::set<std::string> units(org_units.begin(), org_units.end());
  std::string out;
  for (const auto& r : rounds) out += (out.empty() ? "" : " ") + std::string("--round ") + r;
  for (const auto& u : units) out += (out.empty() ? "" : " ") + std::string("--org-unit ") + u;
  return out;
}

// ---------------------------------------------------------------- writing a run

RunWriter::RunWriter(Connection& c, RunInfo info, std::shared_ptr<EarlySort> early)
    : c_(&c),
      early_(std::move(early)),
      unchecked_(std::make_unique<ForeignKeysSuspended>(c)),
      tx_(std::make_unique<Transaction>(c)),
      info_(std::move(info)) {
  // Read under the write lock: a run waiting for another compares with the
  // one committed just before it.
  auto prev = c.prepare(
      "SELECT max(id) FROM runs WHERE policy_name = ? AND selection = ? AND finished_at IS NOT NULL");
  prev.bind(1, info_.policy_name).bind(2, info_.selection);
  info_.previous_run = prev.step() ? prev.opt_int64(0) : std::nullopt;

  auto ins = c.prepare(
      "INSERT INTO runs (started_at, tool_version, policy_name, policy_version, policy_sha256, policy_path, "
      "policy_files, plugins, selection, min_cell, fail_on, previous_run, suppression_needs_two_sides) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  ins.bind(1, info_.started_at).bind(2, info_.tool_version).bind(3, info_.policy_name).bind(4, info_.policy_version);
  ins.bind(5, info_.policy_sha256).bind(6, info_.policy_path).bind(7, strings_to_json(info_.policy_files));
  std::vector<std::pair<std::string, std::string>> plugins;
  for (const auto& p : info_.plugins) plugins.emplace_back(p.name, p.version);
  ins.bind(8, pairs_to_json(plugins)).bind(9, info_.selection).bind(10, info_.min_cell).bind(11, info_.fail_on);
  ins.bind(12, info_.previous_run).bind(13, info_.suppression_needs_two_sides ? 1 : 0);
  ins.run();
  info_.id = c.last_insert_id();
}

namespace {

int scope_rank(Scope s) { return s == Scope::run ? 0 : s == Scope::org_unit ? 1 : 2; }

// The previous run's rows in that order, for the merge: only the sort fields
// and ids go through the sort (a finding's message and evidence are fetched
// for the few the new run lacks), a tenth of the findings' size.
constexpr const char* kPreviousRows =
    "SELECT f.fingerprint, f.rule, f.org_unit, f.round_id, f.key, f.id, d.digest, d.id, "
    "CASE f.scope WHEN 'run' THEN 0 WHEN 'org_unit' THEN 1 ELSE 2 END AS rank"
    " FROM observations o JOIN findings f ON f.id = o.finding_id"
    " JOIN details d ON d.id = o.detail_id WHERE o.run_id = ?"
    " ORDER BY f.org_unit, rank, f.round_id, f.rule, f.key, f.fingerprint";

}  // namespace

// Store::sort_previous_early(): the previous run's rows, sorted by a
// statement on a connection of its own (SQLite sorts on the first step) and
// stepped once, its first row ready. A finished run's observations never
// change, so rows read in the connection's earlier snapshot are the rows
// the comparison would read; it checks only that the run is still the one
// it compares with.
// The early sort's page cache, which also bounds its sorter's memory.
constexpr int kEarlySortCacheKiB = 4096;

struct EarlySort {
  Connection c;
  std::optional<std::int64_t> run;  // the run sorted; none when the series has none yet
  std::optional<Statement> rows;
  bool has_row = false;
  std::exception_ptr error;
  std::thread thread;
  ~EarlySort() {
    if (thread.joinable()) thread.join();
  }
};

namespace {

// One of the previous run's rows: its sort fields and ids.
struct PreviousRow {
  std::string fingerprint, rule, org_unit, round_id, key, digest;
  std::int64_t finding_id = 0, detail_id = 0;
  int rank = 0;
};

// The previous run's findings, read in the order every format uses
// (run::finding_order; SQLite's BINARY collation compares bytes as
// std::string does), one row at a time: the merge with this run's findings
// holds one of them in memory, however many there are. The sort is SQLite's,
// which spills to temporary files past its cache.
// The merge's current row is the object's own PreviousRow.
class PreviousFindings : public PreviousRow {
 public:
  // `early`: the rows sorted before (EarlySort, of this run), else sorted
  // here. The early rows are read on a thread of their own, a few batches
  // ahead of the merge: their statement is on a connection no one else
  // uses, and stepping it is half of the comparison's time.
  PreviousFindings(Connection& c, std::optional<std::int64_t> run, EarlySort* early)
      : s_(early ? std::move(*early->rows) : c.prepare(kPreviousRows)),
        whole_(c.prepare(std::string("SELECT ") + kFindingColumns +
                         " FROM observations o JOIN findings f ON f.id = o.finding_id"
                         " JOIN details d ON d.id = o.detail_id WHERE o.run_id = ? AND o.finding_id = ?")),
        run_(run.value_or(-1)) {
    if (early) {
      if (!early->has_row) return;  // done: a statement stepped to its end must not be stepped again
      ahead_ = std::make_unique<Ahead>();
      ahead_->thread = std::thread([this] { read_ahead(); });
      spdlog::debug("store: the previous run's rows, sorted early, are read ahead on a thread of their own");
    } else {
      s_.bind(1, run_);
    }
    try {
      next();
    } catch (...) {
      stop_ahead();  // no destructor runs for an object whose constructor threw
      throw;
    }
  }
  ~PreviousFindings() { stop_ahead(); }
  PreviousFindings(const PreviousFindings&) = delete;
  PreviousFindings& operator=(const PreviousFindings&) = delete;

  bool done() const { return done_; }
  void next() {
    if (!ahead_) {
      done_ = !s_.step();
      if (!done_) {
        Row r = read(s_);
        take(r);
      }
      return;
    }
    if (batch_ && pos_ == batch_->size()) give_back();
    if (!batch_) {
      std::unique_lock lk(ahead_->mu);
      ahead_->cv.wait(lk, [&] { return !ahead_->ready.empty() || ahead_->finished; });
      if (ahead_->ready.empty()) {
        if (ahead_->error) std::rethrow_exception(ahead_->error);
        done_ = true;
        return;
      }
      batch_ = std::move(ahead_->ready.front());
      ahead_->ready.pop_front();
      pos_ = 0;
    }
    take((*batch_)[pos_++]);
    done_ = false;
  }
  // <0: this row comes before `f`; 0: it is `f`; >0: after.
  int order(const run::AuditFinding& af) const {
    const Finding& f = af.finding;
    if (int c = org_unit.compare(f.org_unit)) return c;
    if (rank != scope_rank(f.scope)) return rank < scope_rank(f.scope) ? -1 : 1;
    if (int c = round_id.compare(f.round_id)) return c;
    if (int c = rule.compare(f.rule)) return c;
    if (int c = key.compare(f.key)) return c;
    return fingerprint.compare(af.fingerprint);
  }
  // The whole finding (message, evidence), for one the new run lacks.
  run::AuditFinding finding() {
    whole_.bind(1, run_).bind(2, finding_id);
    if (!whole_.step()) throw StoreError("store: a finding of the previous run could not be read again");
    auto f = finding_from(whole_);
    whole_.reset();
    return f;
  }

 private:
  using Row = PreviousRow;
  static Row read(Statement& s) {
    Row r;
    r.fingerprint = s.text(0);
    r.rule = s.text(1);
    r.org_unit = s.text(2);
    r.round_id = s.text(3);
    r.key = s.text(4);
    r.finding_id = s.int64(5);
    r.digest = s.text(6);
    r.detail_id = s.int64(7);
    r.rank = int(s.int64(8));
    return r;
  }
  void take(Row& r) { static_cast<Row&>(*this) = std::move(r); }

  // The reading ahead: batches of rows, at most kBatches out at once.
  static constexpr std::size_t kBatch = 256, kBatches = 4;
  using Batch = std::vector<Row>;
  struct Ahead {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::unique_ptr<Batch>> ready;
    std::size_t out = 0;  // batches made and not given back
    bool stop = false, finished = false;
    std::exception_ptr error;
    std::thread thread;
  };
  void read_ahead() {
    Ahead& a = *ahead_;
    try {
      bool more = true;  // the early statement's first row is ready
      while (more) {
        {
          std::unique_lock lk(a.mu);
          a.cv.wait(lk, [&] { return a.out < kBatches || a.stop; });
          if (a.stop) break;
          ++a.out;
        }
        auto batch = std::make_unique<Batch>();
        batch->reserve(kBatch);
        while (more && batch->size() < kBatch) {
          batch->push_back(read(s_));
          more = s_.step();
        }
        std::lock_guard lk(a.mu);
        a.ready.push_back(std::move(batch));
        a.cv.notify_all();
      }
    } catch (...) {
      std::lock_guard lk(a.mu);
      a.error = std::current_exception();
    }
    std::lock_guard lk(a.mu);
    a.finished = true;
    a.cv.notify_all();
  }
  void stop_ahead() {
    if (!ahead_ || !ahead_->thread.joinable()) return;
    {
      std::lock_guard lk(ahead_->mu);
      ahead_->stop = true;
    }
    ahead_->cv.notify_all();
    ahead_->thread.join();
  }
  void give_back() {
    batch_.reset();
    std::lock_guard lk(ahead_->mu);
    --ahead_->out;
    ahead_->cv.notify_all();
  }

  Statement s_, whole_;
  std::int64_t run_;
  bool done_ = true;
  std::unique_ptr<Ahead> ahead_;
  std::unique_ptr<Batch> batch_;
  std::size_t pos_ = 0;
};

// What a nightly run's findings kept on disk are labelled with when they are
// read again (run::RunResult::label): one bit per finding, in their order,
// and the review trail's latest states (a person's work: small).
struct Labels {
  std::vector<bool> unchanged;
  Standings reviews;
};

// The previous run's findings this one no longer has, in order, as the
// merge passes them by: the first few in memory, and once they are many all
// of them on disk (a night after a change of policy may resolve most of the
// findings of the one before), so that memory does not grow with them.
class AbsentFindings {
 public:
  static constexpr std::size_t kInMemory = 4096;
  explicit AbsentFindings(BaselineSummary& cmp) : cmp_(cmp) {}
  void add(run::AuditFinding f) {
    cmp_.absent.push_back(std::move(f));
    ++count_;
    if (cmp_.absent.size() < kInMemory) return;
    if (!spill_) spill_ = std::make_shared<run::FindingSpill>();
    spill_->write_chunk(cmp_.absent);
    cmp_.absent.clear();
  }
  // After the last: the rest on disk too, if any went there.
  void finish(std::shared_ptr<const Standings> reviews) {
    cmp_.resolved = count_;
    if (!spill_) return;
    if (!cmp_.absent.empty()) spill_->write_chunk(cmp_.absent);
    cmp_.absent.clear();
    cmp_.absent.shrink_to_fit();
    spill_->finish();
    cmp_.absent_spilled = spill_;
    cmp_.absent_label = [reviews](run::AuditFinding& f) {
      f.baseline = common::BaselineState::absent;
      apply_review(f, *reviews);
    };
  }
  std::uint64_t count() const { return count_; }

 private:
  BaselineSummary& cmp_;
  std::shared_ptr<run::FindingSpill> spill_;
  std::uint64_t count_ = 0;
};

}  // namespace

const BaselineSummary& RunWriter::compare(run::RunResult& r) {
  label(r);
  observe(r);
  return cmp_;
}

const BaselineSummary& RunWriter::label(run::RunResult& r) {
  // One pass over the run's findings in order (of findings kept on disk,
  // their headers only), merged with the previous run's read in the same
  // order: each finding is labelled (new or unchanged, review state) and
  // counted; the previous run's findings the merge passes by are the absent
  // ones. Nothing here grows with the number of findings but one bit per
  // finding kept on disk (to label them again when they are read).
  if (labelled_) throw StoreError("store " + c_->path() + ": a run was compared twice");
  cmp_ = BaselineSummary{};
  cmp_.previous_run = info_.previous_run;
  Connection& c = *c_;

  auto labels = std::make_shared<Labels>();
  const bool two_sides = info_.suppression_needs_two_sides;
  labels->reviews = standings(c, [two_sides](const std::string&) { return two_sides; });
  std::optional<Phase> phase(std::in_place, "store", "the previous run's findings sorted");
  // Sorted while the run was under way (Store::sort_previous_early), when it
  // sorted the run this one is compared with; else here.
  std::shared_ptr<EarlySort> early = std::move(early_);
  if (early) {
    early->thread.join();
    if (early->error || !early->rows || early->run != info_.previous_run) {
      if (early->error) {
        try {
          std::rethrow_exception(early->error);
        } catch (const std::exception& e) {
          spdlog::debug("store: the previous run's findings were not sorted early: {}", e.what());
        }
      }
      early.reset();
    }
  }
  PreviousFindings prev(c, info_.previous_run, early.get());
  phase.emplace("store", "the findings compared");
  AbsentFindings absent(cmp_);
  auto take_absent = [&] {
    auto f = prev.finding();
    f.baseline = common::BaselineState::absent;
    apply_review(f, labels->reviews);
    absent.add(std::move(f));
    prev.next();
  };
  auto tally = std::make_shared<run::FindingTally>();
  // The previous run's ids and details' digest of every finding found again,
  // in order: observe() reads them back instead of sorting the previous run
  // a second time. An unnamed temporary file, gone with the process.
  known_rows_ = std::shared_ptr<std::FILE>(std::tmpfile(), [](std::FILE* f) {
    if (f) std::fclose(f);
  });
  if (!known_rows_) throw StoreError("store " + c.path() + ": cannot create a temporary file: " + std::strerror(errno));
  auto put = [&](const void* p, std::size_t n) {
    if (std::fwrite(p, 1, n, known_rows_.get()) != n)
      throw StoreError("store " + c.path() + ": cannot write a temporary file (disk full?)");
  };
  // What a finding is counted by (its rule and severity, the labels), for
  // the headers of findings on disk, which are the spill's to keep.
  run::AuditFinding counted;

  auto one = [&](const run::AuditFinding& af, run::AuditFinding& target) {
    while (!prev.done() && prev.order(af) < 0) take_absent();
    const bool known = !prev.done() && prev.order(af) == 0;
    target.baseline = known ? common::BaselineState::unchanged : common::BaselineState::new_;
    apply_review(target, labels->reviews);
    tally->add(target);
    if (target.review_state == common::ReviewState::suppressed) ++cmp_.suppressed;
    else if (known) ++cmp_.unchanged;
    else ++cmp_.new_findings;
    if (known) {
      const std::uint32_t digest_size = std::uint32_t(prev.digest.size());
      put(&prev.finding_id, sizeof prev.finding_id);
      put(&prev.detail_id, sizeof prev.detail_id);
      put(&digest_size, sizeof digest_size);
      put(prev.digest.data(), digest_size);
      prev.next();
    }
    return known;
  };
  if (r.spilled) {
    r.label = nullptr;
    r.labelled_tally = nullptr;
    r.spilled->for_each_header([&](const run::AuditFinding& af) {
      counted.finding.rule.assign(af.finding.rule);
      counted.severity = af.severity;
      counted.fingerprint.assign(af.fingerprint);
      labels->unchanged.push_back(one(af, counted));
    });
  } else {
    for (auto& af : r.findings) one(af, af);
  }
  while (!prev.done()) take_absent();
  absent.finish(std::shared_ptr<const Standings>(labels, &labels->reviews));
  phase.reset();
  if (r.spilled) {
    r.labelled_tally = tally;
    r.label = [labels](std::uint64_t i, run::AuditFinding& f) {
      f.baseline = i < labels->unchanged.size() && labels->unchanged[i] ? common::BaselineState::unchanged
                                                                         : common::BaselineState::new_;
      apply_review(f, labels->reviews);
    };
  }
  labelled_ = true;
  return cmp_;
}

namespace {
constexpr std::size_t kDigestHex = 64;  // a SHA-256 in hex
}  // namespace

void RunWriter::prepare_details(const run::AuditFinding& af, std::string& out) {
  // The details' digest is of severity, message, evidence (the codec's JSON)
  // and basis, joined by US, written into one buffer kept from finding to
  // finding (one per thread), the evidence's JSON in place. `out` is the
  // digest in hex, then the evidence's JSON (needed only for details not
  // stored yet, but as cheap to copy as to find again).
  thread_local common::JsonText material;
  material.Clear();
  const auto put = [](std::string_view part) { std::memcpy(material.Push(part.size()), part.data(), part.size()); };
  const Finding& f = af.finding;
  put(to_string(af.severity));
  put("\x1f");
  put(f.message);
  put("\x1f");
  const std::size_t evidence_at = material.GetSize();
  {
    codec::JsonWriter w(material);
    codec::write_evidence(w, f.evidence);
  }
  const std::size_t evidence_end = material.GetSize();
  put("\x1f");
  put(af.basis.get());
  out = common::sha256_hex(std::string_view(material.GetString(), material.GetSize()));
  out.append(material.GetString() + evidence_at, evidence_end - evidence_at);
}

void RunWriter::observe(const run::RunResult& r) {
  // The findings' observations, in the findings' order, each finding (and
  // its details, unless the previous run observed the same) written once.
  // Only the connection and what label() left is used: this may run on a
  // thread of its own while the output is written from the same findings.
  if (!labelled_ || compared_) throw StoreError("store " + c_->path() + ": a run's findings were written before it was compared");
  Connection& c = *c_;
  const std::int64_t id = info_.id;

  // The run's inputs first: observations refer to them.
  std::unordered_map<std::string, std::int64_t> input_position;
  auto ins_input = c.prepare(
      "INSERT INTO run_inputs (run_id, position, path, sha256, bytes, lines) VALUES (?,?,?,?,?,?)");
  for (std::size_t i = 0; i < r.inputs.size(); ++i) {
    const auto& in = r.inputs[i];
    ins_input.bind(1, id).bind(2, std::int64_t(i)).bind(3, in.path).bind(4, in.sha256).bind(5, in.bytes);
    ins_input.bind(6, in.lines).run();
    input_position.emplace(in.path, std::int64_t(i));
  }

  auto ins_finding = c.prepare(
      "INSERT INTO findings (fingerprint, rule, plugin, scope, org_unit, round_id, key) VALUES (?,?,?,?,?,?,?) "
      "ON CONFLICT (fingerprint) DO NOTHING");
  auto get_finding = c.prepare("SELECT id FROM findings WHERE fingerprint = ?");
  auto ins_detail = c.prepare(
      "INSERT INTO details (digest, severity, message, evidence, basis) VALUES (?,?,?,?,?) "
      "ON CONFLICT (digest) DO NOTHING");
  auto get_detail = c.prepare("SELECT id FROM details WHERE digest = ?");
  auto ins_obs = c.prepare(
      "INSERT INTO observations (run_id, finding_id, detail_id, baseline, input, source_file, source_line, "
      "source_end_line) VALUES (?,?,?,?,?,?,?,?)");

  // What label() kept of the previous run's findings found again.
  std::FILE* known_rows = known_rows_.get();
  if (std::fflush(known_rows) != 0 || std::fseek(known_rows, 0, SEEK_SET) != 0)
    throw StoreError("store " + c.path() + ": cannot read a temporary file again");
  struct {
    std::int64_t finding_id = 0, detail_id = 0;
    std::string digest;
  } prev;
  auto get = [&](void* p, std::size_t n) {
    if (std::fread(p, 1, n, known_rows) != n)
      throw StoreError("store " + c.path() + ": a temporary file was cut short during the run");
  };
  // Foreign keys are not checked while a run is written (unchecked_): the
  // ids of findings and details found again come from the previous run's
  // rows through that file, and are checked against the tables' largest ids
  // instead. fairaudit deletes no finding and no details, so an id up to
  // the largest names a row; the other ids are given by the insert of their
  // row, or read back by fingerprint or digest, below.
  auto largest_id = [&c](const char* sql) {
    auto s = c.prepare(sql);
    return s.step() ? s.int64(0) : std::int64_t(0);
  };
  const std::int64_t findings_end = largest_id("SELECT coalesce(max(id), 0) FROM findings");
  const std::int64_t details_end = largest_id("SELECT coalesce(max(id), 0) FROM details");
  // The id of the row an insert ... ON CONFLICT DO NOTHING just made, or,
  // when it made none (another series stored it first), the row's found by
  // its key.
  auto inserted_id = [&c](Statement& find, std::string_view key, const char* missing) {
    if (c.changes() == 1) return c.last_insert_id();
    find.bind(1, key);
    if (!find.step()) throw StoreError("store " + c.path() + ": " + missing);
    const std::int64_t found = find.int64(0);
    find.reset();
    return found;
  };
  std::optional<Phase> phase(std::in_place, "store", "the findings written");
  std::uint64_t details_looked_up = 0;

  run::for_each_finding_prepared(r, prepare_details, [&](const run::AuditFinding& af, const std::string& details) {
    const Finding& f = af.finding;
    // label() found it in the previous run, whose row the merge comes to.
    const bool known = af.baseline == common::BaselineState::unchanged;
    if (known) {
      std::uint32_t digest_size = 0;
      get(&prev.finding_id, sizeof prev.finding_id);
      get(&prev.detail_id, sizeof prev.detail_id);
      get(&digest_size, sizeof digest_size);
      if (digest_size > 1024 || prev.finding_id < 1 || prev.finding_id > findings_end || prev.detail_id < 1 ||
          prev.detail_id > details_end)
        throw StoreError("store " + c.path() + ": a temporary file was changed during the run");
      prev.digest.resize(digest_size);
      get(prev.digest.data(), digest_size);
    }

    std::int64_t finding_id = 0;
    if (known) {
      finding_id = prev.finding_id;
    } else {
      ins_finding.bind(1, af.fingerprint).bind(2, f.rule).bind(3, af.plugin).bind(4, to_string(f.scope));
      ins_finding.bind(5, f.org_unit).bind(6, f.round_id).bind(7, f.key).run();
      finding_id = inserted_id(get_finding, af.fingerprint, "a finding was not written");
    }

    // prepare_details(): the digest, then the evidence's JSON.
    if (details.size() < kDigestHex) throw StoreError("store " + c.path() + ": a finding's details were not prepared");
    const std::string_view digest(details.data(), kDigestHex);
    const std::string_view evidence(details.data() + kDigestHex, details.size() - kDigestHex);
    std::int64_t detail_id = 0;
    if (known && prev.digest == digest) {  // most findings persist with the same details
      detail_id = prev.detail_id;
    } else {
      ++details_looked_up;
      ins_detail.bind(1, digest).bind(2, to_string(af.severity)).bind(3, f.message).bind(4, evidence);
      ins_detail.bind(5, af.basis).run();
      detail_id = inserted_id(get_detail, digest, "a finding's details were not written");
    }

    ins_obs.bind(1, id).bind(2, finding_id).bind(3, detail_id);
    ins_obs.bind(4, to_string(known ? common::BaselineState::unchanged : common::BaselineState::new_));
    if (auto in = input_position.find(af.source.file); in != input_position.end()) {
      ins_obs.bind(5, in->second).bind_null(6);
    } else {
      ins_obs.bind_null(5).bind(6, af.source.file);
    }
    ins_obs.bind(7, af.source.line).bind(8, af.end_line).run();
    ++observed_;
  });
  phase.reset();
  spdlog::debug("store: {} findings, {} new or changed details, {} resolved", observed_, details_looked_up,
                cmp_.resolved);
  known_rows_.reset();
  compared_ = true;
}

void RunWriter::commit(const run::RunResult& r, const Catalogue& rules, int exit_code) {
  write(r, rules, exit_code);
  commit();
}

void RunWriter::write(const run::RunResult& r, const Catalogue& rules, int exit_code) {
  if (!compared_ || !tx_) throw StoreError("store " + c_->path() + ": a run was committed before it was compared");
  Connection& c = *c_;
  const std::int64_t id = info_.id;

  const std::string catalogue = catalogue_to_json(rules);
  const std::string catalogue_digest = common::sha256_hex(catalogue);
  c.prepare("INSERT INTO catalogues (digest, rules) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING")
      .bind(1, catalogue_digest)
      .bind(2, catalogue)
      .run();
  auto cat = c.prepare("SELECT id FROM catalogues WHERE digest = ?");
  cat.bind(1, catalogue_digest);
  const std::int64_t catalogue_id = cat.step() ? cat.int64(0) : 0;

  // First and last seen for everything this run observed; "WHERE true" lets
  // SQLite parse the upsert after a SELECT.
  // ?1: this run; ?2, ?3: its series (policy and selection).
  auto on_series = [&](const char* sql) {
    c.prepare(sql).bind(1, id).bind(2, info_.policy_name).bind(3, info_.selection).run();
  };
  std::optional<Phase> phase(std::in_place, "store", "tracking");
  on_series(
      "INSERT INTO tracking (policy_name, selection, finding_id, first_seen, last_seen) "
      "SELECT ?2, ?3, finding_id, ?1, ?1 FROM observations WHERE run_id = ?1 AND true "
      "ON CONFLICT (policy_name, selection, finding_id) DO UPDATE SET last_seen = excluded.last_seen, resolved = NULL");
  // Whatever this series tracked and this run did not see is resolved now.
  on_series(
      "UPDATE tracking SET resolved = ?1 WHERE policy_name = ?2 AND selection = ?3 AND resolved IS NULL "
      "AND last_seen < ?1");

  phase.reset();
  auto ins_rule = c.prepare(
      "INSERT INTO run_rules (run_id, rule, complies, breach, not_applicable, insufficient_data) VALUES (?,?,?,?,?,?)");
  for (const auto& [rule, t] : r.tally) {
    ins_rule.bind(1, id).bind(2, rule).bind(3, t.complies).bind(4, t.breach).bind(5, t.not_applicable);
    ins_rule.bind(6, t.insufficient_data).run();
  }

  info_.finished_at = now_utc();
  info_.exit_code = exit_code;
  const auto& n = r.counts;
  auto upd = c.prepare(
      "UPDATE runs SET finished_at = ?, exit_code = ?, catalogue_id = ?, lines = ?, rounds = ?, applications = ?, "
      "units = ?, measures = ?, not_selected = ?, rejected_lines = ?, plugin_failures = ?, findings = ?, "
      "new_findings = ?, unchanged_findings = ?, resolved_findings = ?, suppressed_findings = ?, rejected = ? "
      "WHERE id = ?");
  upd.bind(1, info_.finished_at).bind(2, exit_code).bind(3, catalogue_id).bind(4, n.lines).bind(5, n.rounds);
  upd.bind(6, n.applications).bind(7, n.units).bind(8, n.measures).bind(9, n.skipped).bind(10, n.rejected);
  upd.bind(11, n.plugin_failures).bind(12, observed_).bind(13, cmp_.new_findings);
  upd.bind(14, cmp_.unchanged).bind(15, std::uint64_t(cmp_.resolved)).bind(16, cmp_.suppressed);
  upd.bind(17, line_errors_to_json(r.rejected)).bind(18, id).run();
  written_ = true;
}

void RunWriter::write_withheld(const std::vector<Withheld>& rows) {
  if (!tx_) throw StoreError("store " + c_->path() + ": a run's plan was written outside its transaction");
  Phase phase("store", "the union audience's plan");
  auto ins = c_->prepare("INSERT OR IGNORE INTO run_withheld (run_id, scope, grp, measure) VALUES (?,?,?,?)");
  for (const auto& w : rows) ins.bind(1, info_.id).bind(2, w.scope).bind(3, w.group).bind(4, std::string(1, w.measure)).run();
  c_->prepare("INSERT OR IGNORE INTO run_plans (run_id) VALUES (?)").bind(1, info_.id).run();
}

void RunWriter::commit() {
  if (!written_ || !tx_) throw StoreError("store " + c_->path() + ": a run was committed before it was written");
  if (std::getenv("FAIRAUDIT_TEST_KILL_BEFORE_STORE_COMMIT")) std::raise(SIGKILL);  // for the kill test (tests/e2e)
  Phase phase("store", "commit");
  tx_->commit();
  tx_.reset();
  unchecked_.reset();
}

namespace {

// A stored run's findings kept on disk as the run's own were (run/spill.hpp):
// read from the store in the order every format uses, written to the spill
// in sorted chunks of `chunk` findings, and labelled when they are read
// again by their position (the baseline, one byte each) and the review
// trail (a person's work: small). The previous run's findings this one no
// longer has are found by SQLite, not by a set of this run's fingerprints.
void stream_findings(Connection& c, std::int64_t id, std::size_t chunk, StoredRun& out) {
  // The latest run of the run's policy decides whether a suppression needs two sides.
  struct Labels {
    std::vector<common::BaselineState> baseline;
    Standings reviews;
  };
  auto labels = std::make_shared<Labels>();
  labels->reviews = standings_of_policy(c, out.info.policy_name);
  auto tally = std::make_shared<run::FindingTally>();
  auto spill = std::make_shared<run::FindingSpill>();
  auto& cmp = out.comparison;
  cmp.new_findings = cmp.unchanged = cmp.suppressed = 0;

  auto s = c.prepare(std::string("SELECT ") + kFindingColumns +
                     ", CASE f.scope WHEN 'run' THEN 0 WHEN 'org_unit' THEN 1 ELSE 2 END AS rank"
                     " FROM observations o JOIN findings f ON f.id = o.finding_id"
                     " JOIN details d ON d.id = o.detail_id WHERE o.run_id = ?"
                     " ORDER BY f.org_unit, rank, f.round_id, f.rule, f.key, f.fingerprint");
  s.bind(1, id);
  std::vector<run::AuditFinding> batch;
  batch.reserve(chunk);
  run::AuditFinding last;
  bool first = true;
  auto flush = [&] {
    if (batch.empty()) return;
    spill->write_chunk(batch);
    last = std::move(batch.back());
    batch.clear();
  };
  while (s.step()) {
    batch.push_back(finding_from(s));
    auto& af = batch.back();
    // The spill's chunks and the labels' positions need the store's order
    // to be run::finding_order: checked, never assumed.
    const run::AuditFinding& before = batch.size() > 1 ? batch[batch.size() - 2] : last;
    if (!first && !run::finding_order(before, af))
      throw StoreError("store " + c.path() + ": the findings of run " + std::to_string(id) +
                       " were not read in their order");
    first = false;
    apply_review(af, labels->reviews);
    labels->baseline.push_back(af.baseline);
    tally->add(af);
    if (af.review_state == common::ReviewState::suppressed) ++cmp.suppressed;
    else if (af.baseline == common::BaselineState::new_) ++cmp.new_findings;
    else ++cmp.unchanged;
    if (batch.size() >= chunk) flush();
  }
  flush();
  spill->finish();

  if (cmp.previous_run) {
    // In the order every format uses (as PreviousFindings reads them), kept
    // on disk past the first few as a night's are.
    auto a = c.prepare(std::string("SELECT ") + kFindingColumns +
                       ", CASE f.scope WHEN 'run' THEN 0 WHEN 'org_unit' THEN 1 ELSE 2 END AS rank"
                       " FROM observations o JOIN findings f ON f.id = o.finding_id"
                       " JOIN details d ON d.id = o.detail_id WHERE o.run_id = ?1 AND NOT EXISTS"
                       " (SELECT 1 FROM observations n WHERE n.run_id = ?2 AND n.finding_id = o.finding_id)"
                       " ORDER BY f.org_unit, rank, f.round_id, f.rule, f.key, f.fingerprint");
    a.bind(1, *cmp.previous_run).bind(2, id);
    AbsentFindings absent(cmp);
    while (a.step()) {
      auto f = finding_from(a);
      f.baseline = common::BaselineState::absent;
      apply_review(f, labels->reviews);
      absent.add(std::move(f));
    }
    absent.finish(std::shared_ptr<const Standings>(labels, &labels->reviews));
  } else {
    cmp.resolved = 0;
  }

  out.result.spilled = spill;
  out.result.labelled_tally = tally;
  out.result.label = [labels](std::uint64_t i, run::AuditFinding& f) {
    if (i < labels->baseline.size()) f.baseline = labels->baseline[i];
    apply_review(f, labels->reviews);
  };
}

}  // namespace

// ---------------------------------------------------------------- the store

Store::Store(const std::string& path, std::chrono::milliseconds busy_timeout)
    : c_(path), busy_timeout_(busy_timeout) {
  prepare_store(c_, busy_timeout);
}

RunWriter Store::begin_run(RunInfo info) { return RunWriter(c_, std::move(info), std::move(early_)); }

void Store::sort_previous_early(const std::string& policy_name, const std::string& selection) {
  if (c_.read_only()) return;  // no run is stored, nor compared
  auto early = std::make_shared<EarlySort>();
  EarlySort* e = early.get();
  e->thread = std::thread([e, path = c_.path(), policy_name, selection, timeout = busy_timeout_] {
    try {
      e->c = Connection(path);
      sqlite3_busy_timeout(e->c.handle(), int(timeout.count()));
      // A small cache: it bounds the sort's memory (SQLite writes sorted
      // runs of that size to temporary files and merges them), and the rows
      // wait here, sorted, while the plugins run.
      e->c.exec("PRAGMA cache_size = -" + std::to_string(kEarlySortCacheKiB));
      // The run RunWriter's constructor finds (again, under the write lock).
      auto prev = e->c.prepare(
          "SELECT max(id) FROM runs WHERE policy_name = ? AND selection = ? AND finished_at IS NOT NULL");
      prev.bind(1, policy_name).bind(2, selection);
      e->run = prev.step() ? prev.opt_int64(0) : std::nullopt;
      if (!e->run) return;
      e->rows.emplace(e->c.prepare(kPreviousRows));
      e->rows->bind(1, *e->run);
      e->has_row = e->rows->step();
      sqlite3_db_release_memory(e->c.handle());  // the pages read for the sort
    } catch (...) {
      e->error = std::current_exception();
    }
  });
  early_ = std::move(early);
}

std::optional<std::int64_t> Store::latest_run(const std::string& policy_name) {
  auto s = c_.prepare(
      "SELECT max(id) FROM runs WHERE finished_at IS NOT NULL AND (?1 = '' OR policy_name = ?1)");
  s.bind(1, policy_name);
  return s.step() ? s.opt_int64(0) : std::nullopt;
}

std::optional<Store::SeriesRun> Store::latest_in_series(const std::string& policy_name, const std::string& selection) {
  auto s = c_.prepare(
      "SELECT id, started_at, rounds FROM runs WHERE policy_name = ? AND selection = ? AND finished_at IS NOT NULL "
      "ORDER BY id DESC LIMIT 1");
  s.bind(1, policy_name).bind(2, selection);
  if (!s.step()) return std::nullopt;
  return SeriesRun{s.int64(0), s.text(1), std::uint64_t(s.int64(2))};
}

std::optional<RunInfo> Store::run_info(std::int64_t id) {
  auto s = c_.prepare(std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ? AND finished_at IS NOT NULL");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return run_from(s);
}

StoredRun Store::load_run(std::int64_t id, std::size_t spill_above) {
  // One read transaction: a run committed meanwhile changes nothing we read.
  Transaction tx(c_, false);
  StoredRun out;
  out.result.indicators_kept = false;
  auto info = run_info(id);
  if (!info) throw StoreError("store " + path() + " has no run " + std::to_string(id));
  out.info = std::move(*info);

  auto s = c_.prepare(
      "SELECT lines, rounds, applications, units, measures, not_selected, rejected_lines, plugin_failures, rejected, "
      "(SELECT rules FROM catalogues WHERE id = catalogue_id) FROM runs WHERE id = ?");
  s.bind(1, id);
  if (s.step()) {
    auto& n = out.result.counts;
    n.lines = std::uint64_t(s.int64(0));
    n.rounds = std::uint64_t(s.int64(1));
    n.applications = std::uint64_t(s.int64(2));
    n.units = std::uint64_t(s.int64(3));
    n.measures = std::uint64_t(s.int64(4));
    n.skipped = std::uint64_t(s.int64(5));
    n.rejected = std::uint64_t(s.int64(6));
    n.plugin_failures = std::uint64_t(s.int64(7));
    out.result.rejected = line_errors_from_json(s.text(8));
    if (!s.is_null(9)) out.rules = catalogue_from_json(s.text(9));
  }
  auto in = c_.prepare("SELECT path, sha256, bytes, lines FROM run_inputs WHERE run_id = ? ORDER BY position");
  in.bind(1, id);
  while (in.step())
    out.result.inputs.push_back({in.text(0), in.text(1), std::uint64_t(in.int64(2)), std::uint64_t(in.int64(3))});
  auto rules = c_.prepare(
      "SELECT rule, complies, breach, not_applicable, insufficient_data FROM run_rules WHERE run_id = ?");
  rules.bind(1, id);
  while (rules.step()) {
    auto& t = out.result.tally[rules.text(0)];
    t.complies = std::uint64_t(rules.int64(1));
    t.breach = std::uint64_t(rules.int64(2));
    t.not_applicable = std::uint64_t(rules.int64(3));
    t.insufficient_data = std::uint64_t(rules.int64(4));
  }

  out.comparison.previous_run = out.info.previous_run;
  auto n = c_.prepare("SELECT count(*) FROM observations WHERE run_id = ?");
  n.bind(1, id);
  const std::uint64_t findings = n.step() ? std::uint64_t(n.int64(0)) : 0;
  if (spill_above == 0 || findings < spill_above) {
    out.result.findings = load_findings(c_, id);
    out.comparison.absent = absent_from(c_, out.info.previous_run, out.result.findings);
    const auto reviews = standings_of_policy(c_, out.info.policy_name);
    apply_reviews(out.result.findings, reviews);
    apply_reviews(out.comparison.absent, reviews);
    count(out.comparison, out.result.findings);
  } else {
    stream_findings(c_, id, spill_above, out);
  }
  tx.commit();
  return out;
}

std::vector<TrendPoint> Store::trends(std::int64_t run_id, int max_runs) {
  // One read transaction, unless asked from inside the run being written
  // (fairaudit audit --store renders before it commits): that one reads
  // what it wrote.
  std::optional<Transaction> tx;
  if (sqlite3_get_autocommit(c_.handle())) tx.emplace(c_, false);
  auto info = run_info(run_id);
  if (!info) return {};
  const char* window =
      "SELECT id FROM runs WHERE policy_name = ?1 AND selection = ?2 AND id <= ?3 AND finished_at IS NOT NULL "
      "ORDER BY id DESC LIMIT ?4";
  auto runs = c_.prepare(std::string("SELECT id, started_at FROM runs WHERE id IN (") + window + ") ORDER BY id");
  runs.bind(1, info->policy_name).bind(2, info->selection).bind(3, run_id).bind(4, max_runs);
  std::vector<std::pair<std::int64_t, std::string>> ids;
  while (runs.step()) ids.emplace_back(runs.int64(0), runs.text(1));

  // Open findings only: those suppressed today (Standing) are left out. A
  // reviewed finding is a group of its own, to be looked up.
  const auto reviews = standings_of_policy(c_, info->policy_name);
  auto obs = c_.prepare(std::string(
      "SELECT o.run_id, f.org_unit, d.severity, count(*), CASE WHEN EXISTS (SELECT 1 FROM reviews r WHERE "
      "r.fingerprint = f.fingerprint) THEN f.fingerprint ELSE '' END FROM observations o "
      "JOIN findings f ON f.id = o.finding_id JOIN details d ON d.id = o.detail_id "
      "WHERE o.run_id IN (") + window + ") GROUP BY 1, 2, 3, 5");
  obs.bind(1, info->policy_name).bind(2, info->selection).bind(3, run_id).bind(4, max_runs);
  std::map<std::pair<std::int64_t, std::string>, TrendPoint> points;
  std::set<std::string> units;
  while (obs.step()) {
    if (auto it = reviews.find(obs.text(4));
        it != reviews.end() && it->second.state == common::ReviewState::suppressed)
      continue;
    const std::string unit = obs.text(1);
    units.insert(unit);
    auto& p = points[{obs.int64(0), unit}];
    const std::string sev = obs.text(2);
    const auto n = std::uint64_t(obs.int64(3));
    if (sev == "error") p.error += n;
    else if (sev == "warning") p.warning += n;
    else p.note += n;
  }
  std::vector<TrendPoint> out;
  for (const auto& [id, started] : ids)
    for (const auto& unit : units) {
      TrendPoint p;
      if (auto it = points.find({id, unit}); it != points.end()) p = it->second;
      p.run_id = id;
      p.started_at = started;
      p.org_unit = unit;
      out.push_back(p);
    }
  if (tx) tx->commit();
  return out;
}

// ---------------------------------------------------------------- findings and reviews

std::string Store::resolve_fingerprint(const std::string& given) {
  const std::string prefix = lower(given);
  if (prefix.size() < 4 || prefix.size() > 32 || !is_hex(prefix))
    throw StoreError("'" + given + "' is not a fingerprint: give the finding's fingerprint or at least its first 4 "
                     "hex digits (fairaudit review list shows them)");
  auto s = c_.prepare("SELECT fingerprint FROM findings WHERE fingerprint GLOB ? ORDER BY fingerprint LIMIT 6");
  s.bind(1, prefix + "*");
  std::vector<std::string> hits;
  while (s.step()) hits.push_back(s.text(0));
  if (hits.empty()) throw StoreError("no finding in " + path() + " has a fingerprint starting with " + prefix);
  if (hits.size() > 1) {
    std::string list;
    for (std::size_t i = 0; i < hits.size() && i < 5; ++i) list += (i ? ", " : "") + hits[i].substr(0, 12);
    throw StoreError(prefix + " is ambiguous: it starts the fingerprints of " +
                     (hits.size() > 5 ? std::string("more than 5") : std::to_string(hits.size())) +
                     " findings (" + list + (hits.size() > 5 ? ", …" : "") + "); give more digits");
  }
  return hits.front();
}

namespace {

// The first columns of query_findings' rows, in order.
constexpr std::string FindingRow::*kFindingTexts[] = {&FindingRow::fingerprint, &FindingRow::rule,     &FindingRow::scope,
                                                      &FindingRow::org_unit,    &FindingRow::round_id, &FindingRow::key};

std::vector<FindingRow> query_findings(Connection& c, const std::string& policy, const std::string& fingerprint) {
  auto s = c.prepare(
      "SELECT f.fingerprint, f.rule, f.scope, f.org_unit, f.round_id, f.key, min(t.first_seen), max(t.last_seen), "
      "CASE WHEN count(*) = count(t.resolved) THEN max(t.resolved) END, "
      "(SELECT d.severity FROM observations o JOIN details d ON d.id = o.detail_id "
      " WHERE o.finding_id = f.id ORDER BY o.run_id DESC LIMIT 1) "
      "FROM findings f JOIN tracking t ON t.finding_id = f.id WHERE 1" +
      // Conditions only where given: "?2 = '' OR f.fingerprint = ?2" would
      // keep SQLite from the fingerprint's index and read every finding.
      std::string(policy.empty() ? "" : " AND t.policy_name = ?1") +
      std::string(fingerprint.empty() ? "" : " AND f.fingerprint = ?2") +
      " GROUP BY f.id ORDER BY f.org_unit, f.round_id, f.rule, f.key, f.fingerprint");
  if (!policy.empty()) s.bind(1, policy);
  if (!fingerprint.empty()) s.bind(2, fingerprint);
  std::vector<FindingRow> out;
  Standings reviews;
  if (fingerprint.empty()) {
    reviews = standings(c, [&](const std::string& fp) {
      return policy.empty() ? finding_two_sides(c, fp) : policy_two_sides(c, policy);
    });
  } else {
    // One finding: its own trail only.
    auto t = c.prepare(std::string("SELECT ") + kReviewColumns + " FROM reviews r WHERE r.fingerprint = ? ORDER BY r.id");
    t.bind(1, fingerprint);
    std::vector<Review> trail;
    while (t.step()) trail.push_back(review_from(t, 0));
    if (!trail.empty())
      reviews.emplace(fingerprint, standing(trail, policy.empty() ? finding_two_sides(c, fingerprint)
                                                                  : policy_two_sides(c, policy)));
  }
  while (s.step()) {
    FindingRow r;
    for (int c = 0; c < int(std::size(kFindingTexts)); ++c) r.*kFindingTexts[c] = s.text(c);
    r.first_seen = s.int64(6);
    r.last_seen = s.int64(7);
    r.resolved = s.opt_int64(8);
    r.severity = s.text(9);
    if (auto it = reviews.find(r.fingerprint); it != reviews.end()) {
      r.review_state = it->second.state;
      r.last_review = it->second.last;
      r.pending_suppression = it->second.pending;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<FindingRow> Store::findings(const FindingFilter& f) {
  Transaction tx(c_, false);
  auto rows = query_findings(c_, f.policy_name, {});
  std::erase_if(rows, [&](const FindingRow& r) {
    if (!f.include_resolved && r.resolved) return true;
    return f.review_state != common::ReviewState::none && r.review_state != f.review_state;
  });
  tx.commit();
  return rows;
}

std::optional<FindingRow> Store::finding(const std::string& fingerprint) {
  auto rows = query_findings(c_, {}, fingerprint);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<run::AuditFinding> Store::latest_observation(const std::string& fingerprint, int* min_cell) {
  auto s = c_.prepare(std::string("SELECT ") + kFindingColumns +
                      ", r.min_cell FROM observations o JOIN findings f ON f.id = o.finding_id"
                      " JOIN details d ON d.id = o.detail_id JOIN runs r ON r.id = o.run_id"
                      " WHERE f.fingerprint = ? ORDER BY o.run_id DESC LIMIT 1");
  s.bind(1, fingerprint);
  if (!s.step()) return std::nullopt;
  auto af = finding_from(s);
  if (min_cell) *min_cell = int(s.int64(15));
  return af;
}

std::vector<run::AuditFinding> Store::round_findings(std::int64_t run_id, const std::string& round_id) {
  Transaction tx(c_, false);
  auto s = c_.prepare(std::string("SELECT ") + kFindingColumns +
                      " FROM observations o JOIN findings f ON f.id = o.finding_id JOIN details d ON d.id = o.detail_id"
                      " WHERE o.run_id = ? AND f.round_id = ? ORDER BY o.finding_id");
  s.bind(1, run_id).bind(2, round_id);
  std::vector<run::AuditFinding> out;
  while (s.step()) out.push_back(finding_from(s));
  auto policy = c_.prepare("SELECT policy_name FROM runs WHERE id = ?");
  policy.bind(1, run_id);
  apply_reviews(out, standings_of_policy(c_, policy.step() ? policy.text(0) : std::string()));
  tx.commit();
  return out;
}

std::vector<Observation> Store::observations(const std::string& fingerprint) {
  auto s = c_.prepare(
      "SELECT o.run_id, r.started_at, r.policy_name, o.baseline FROM observations o JOIN runs r ON r.id = o.run_id "
      "WHERE o.finding_id = (SELECT id FROM findings WHERE fingerprint = ?) ORDER BY o.run_id");
  s.bind(1, fingerprint);
  std::vector<Observation> out;
  while (s.step())
    out.push_back({s.int64(0), s.text(1), s.text(2),
                   common::baseline_from_string(s.text(3)).value_or(common::BaselineState::none)});
  return out;
}

bool Store::suppression_needs_two_sides(const std::string& fingerprint) { return finding_two_sides(c_, fingerprint); }

std::unordered_map<std::string, Standing> Store::review_standings(const std::string& policy_name) {
  return standings_of_policy(c_, policy_name);
}

std::vector<std::string> Store::fingerprints_starting(const std::string& prefix, int limit) {
  auto s = c_.prepare("SELECT fingerprint FROM findings WHERE fingerprint GLOB ? ORDER BY fingerprint LIMIT ?");
  s.bind(1, prefix + "*").bind(2, limit);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

Review Store::add_review(Review r) {
  if (!common::is_reviewed(r.state))
    throw StoreError(std::string("review state '") + to_string(r.state) +
                     "' is not one of acknowledged, disputed, resolved, suppressed");
  if (!is_review_role(r.role)) throw StoreError("role '" + r.role + "' is not one of representative, union, hr");
  const bool blank = std::all_of(r.justification.begin(), r.justification.end(),
                                 [](unsigned char ch) { return std::isspace(ch); });
  if (blank) throw StoreError(std::string("a review needs a justification: say why the finding is ") + to_string(r.state));
  if (r.at.empty()) r.at = now_utc();
  Transaction tx(c_);
  auto known = c_.prepare("SELECT 1 FROM findings WHERE fingerprint = ?");
  known.bind(1, r.fingerprint);
  if (!known.step()) throw StoreError("no finding in " + path() + " has the fingerprint " + r.fingerprint);
  auto s = c_.prepare(
      "INSERT INTO reviews (fingerprint, at, state, role, reviewer, justification) VALUES (?,?,?,?,?,?)");
  s.bind(1, r.fingerprint).bind(2, r.at).bind(3, to_string(r.state)).bind(4, r.role).bind(5, r.reviewer).bind(6, r.justification);
  s.run();
  r.id = c_.last_insert_id();
  tx.commit();
  return r;
}

std::vector<Review> Store::reviews(const std::string& fingerprint) {
  auto s = c_.prepare(std::string("SELECT ") + kReviewColumns +
                      " FROM reviews r WHERE (?1 = '' OR r.fingerprint = ?1) ORDER BY r.id");
  s.bind(1, fingerprint);
  std::vector<Review> out;
  while (s.step()) out.push_back(review_from(s, 0));
  return out;
}

}  // namespace fairaudit::store
