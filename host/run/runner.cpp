#include "run/runner.hpp"

#include "run/memory.hpp"
#include "run/spill.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <variant>

namespace fairaudit::run {
namespace {

// Plugins log through the host's logger (one spdlog registry, the host's).
class HostLogger : public fairaudit::Logger {
 public:
  explicit HostLogger(std::string plugin) : prefix_(std::move(plugin) + ": ") {}
  void debug(std::string_view m) override { spdlog::debug("{}{}", prefix_, m); }
  void info(std::string_view m) override { spdlog::info("{}{}", prefix_, m); }
  void warn(std::string_view m) override { spdlog::warn("{}{}", prefix_, m); }

 private:
  std::string prefix_;
};

struct RuleEntry {
  const RuleInfo* info = nullptr;
  std::string full_id;                // "plugin/rule"
  RuleTally* tally = nullptr;         // in RunResult::tally (a std::map: the address is stable)
  bool off = false;                   // switched off by the policy's severity map
  bool indicator = false;             // its checks feed the per-unit indicators (run/indicators.hpp)
  std::optional<Severity> severity;   // the policy's override
  SharedText basis;                   // info->basis, shared by the rule's findings
};

using RuleTable = std::unordered_map<std::string, RuleEntry>;

// Whether the run keeps a check of rule `r` on `scope` whole rather than only
// counting its verdict: always with the checklist (`keep_all`), for checks on
// org units while they are kept aside for the selected rounds' units
// (`keep_units`), and for the rule that feeds the per-unit indicators.
bool kept_whole(const RuleEntry& r, Scope scope, bool keep_all, bool keep_units) {
  return keep_all || (keep_units && scope == Scope::org_unit) || r.indicator;
}

// Collects what one plugin call reports; committed only if the call returns.
// A verdict on a rule whose checks the run only counts is taken as that
// (Sink::counted): the plugin then builds no Check for it.
class BufferSink : public Sink {
 public:
  // `rules`: the plugin's; `keep_all`, `keep_units`: as for kept_whole().
  BufferSink(bool keep_evidence, const RuleTable& rules, bool keep_all, bool keep_units)
      : keep_evidence_(keep_evidence), rules_(rules), keep_all_(keep_all), keep_units_(keep_units) {}
  void check(Check c) override {
    if (!keep_evidence_) c.evidence = {};
    checks.push_back(std::move(c));
  }
  void finding(Finding f) override { findings.push_back(std::move(f)); }
  bool wants_check_evidence() const override { return keep_evidence_; }
  // As Run::prepare sorts checks: an undeclared rule goes to check() and
  // fails the call there; a rule switched off is dropped; the rest counted.
  bool counted(const std::string& rule, Scope scope, Verdict v) override {
    const auto it = rules_.find(rule);
    if (it == rules_.end() || kept_whole(it->second, scope, keep_all_, keep_units_)) return false;
    if (!it->second.off) verdicts.emplace_back(&it->second, v);
    return true;
  }
  std::vector<Check> checks;
  std::vector<Finding> findings;
  std::vector<std::pair<const RuleEntry*, Verdict>> verdicts;  // counted ones

 private:
  bool keep_evidence_;
  const RuleTable& rules_;
  bool keep_all_, keep_units_;
};

std::string truncate(std::string s, std::size_t n) {
  if (s.size() > n) s = s.substr(0, n) + "…";
  return s;
}

// Round ids seen so far, by a 64-bit hash of the id, with the line of the
// first: an open-addressing table of 12 bytes per slot (the hashes and the
// lines in arrays of their own), at most three quarters full (a node-based
// map takes about 60 bytes per round), so a national export's 336,000 rounds
// take 6 MB.
class SeenRounds {
 public:
  // What insert() returns for a first line past 2^32 - 2.
  static constexpr std::uint64_t kLaterLine = UINT32_MAX;
  // The line of an earlier round with this hash, or 0 after recording `line`.
  std::uint64_t insert(std::uint64_t hash, std::uint64_t line) {
    if (hash == 0) hash = 1;  // 0 marks an empty slot
    if ((size_ + 1) * 4 > hashes_.size() * 3) grow();
    const std::size_t mask = hashes_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      if (hashes_[i] == hash) return lines_[i];
      if (hashes_[i] == 0) {
        hashes_[i] = hash;
        lines_[i] = std::uint32_t(std::min<std::uint64_t>(line, kLaterLine));
        ++size_;
        return 0;
      }
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old_hashes(std::max<std::size_t>(1024, hashes_.size() * 2));
    std::vector<std::uint32_t> old_lines(old_hashes.size());
    old_hashes.swap(hashes_);
    old_lines.swap(lines_);
    size_ = 0;
    for (std::size_t i = 0; i < old_hashes.size(); ++i)
      if (old_hashes[i]) insert(old_hashes[i], old_lines[i]);
  }
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> lines_;
  std::size_t size_ = 0;
};

class Run {
 public:
  Run(std::vector<EnabledPlugin>& plugins, const policy::Policy& policy, const RunOptions& opt)
      : plugins_(plugins), policy_(policy), opt_(opt) {
    for (auto& p : plugins_) {
      loggers_.push_back(std::make_unique<HostLogger>(p.loaded.name));
      // Everything about a rule the runner needs per verdict, worked out once.
      RuleTable rules;
      for (const auto& r : p.loaded.info.rules) {
        RuleEntry& e = rules[r.id];
        e.info = &r;
        e.full_id = p.loaded.name + "/" + r.id;
        e.basis = r.basis;
        e.tally = &result_.tally[e.full_id];  // every rule appears, even with no verdict
        e.indicator = Indicators::uses(e.full_id);
        if (auto ov = policy_.severity.find(e.full_id); ov != policy_.severity.end()) {
          e.off = !ov->second.severity;
          e.severity = ov->second.severity;
        }
      }
      rules_.push_back(std::move(rules));
      // Forked before the parser threads start.
      isolated_.push_back(opt_.isolation.enabled ? std::make_unique<IsolatedPlugin>(*p.loaded.plugin, p.loaded.name,
                                                                                      opt_.isolation, opt_.limits)
                                                 : nullptr);
    }
  }

  RunResult run(const std::vector<std::string>& inputs) {
    ingest::StreamOptions so;
    so.limits = opt_.limits;
    so.threads = opt_.threads;
    if (opt_.progress)
      so.progress = [this](std::uint64_t bytes) { opt_.progress(bytes, result_.counts.rounds); };
    so.keep_raw = opt_.isolation.enabled;
    if (opt_.threads > 1 && !plugins_.empty()) {
      // Each plugin on a thread of its own, the records committed here in
      // input order: the same result as one thread, whatever the timing.
      PluginThreads threads(*this);
      so.recycler = &recycler_;
      result_.inputs = ingest::stream_batches(
          inputs, so, [&](std::vector<ingest::ParseOutcome>&& records) { threads.submit(std::move(records)); });
      seen_rounds_ = {};  // every round is in: the ids are not needed any more
      threads.drain();
      recycler_.clear();
      // What the parser and plugin threads freed goes back to the system
      // before the plugins' last calls, whose pooled reports are the run's
      // largest allocation: the peak then does not depend on how long the
      // threads ran (glibc keeps freed memory per thread otherwise).
      return_free_memory();
      threads.finish();
    } else {
      result_.inputs = ingest::stream_records(inputs, so, [this](ingest::ParseOutcome&& o) { consume(std::move(o)); });
      seen_rounds_ = {};
      return_free_memory();  // as above
      for (std::size_t i = 0; i < plugins_.size(); ++i) settle(invoke(i, nullptr, {}));
    }
    merge_deferred();
    result_.indicators.finish();
    // What the threads freed goes back to the system before the findings are
    // merged and written (glibc keeps it otherwise, per thread).
    return_free_memory();
    sort_findings(result_.findings);
    if (spill_) {
      spill_->write_chunk(result_.findings);
      result_.findings = {};
      spill_->finish();
      // Not their number: counting them takes a reading of its own (FindingSpill::size).
      spdlog::debug("the findings were kept on disk in {} sorted chunks", spill_->chunks());
      result_.spilled = std::move(spill_);
    }
    if (opt_.keep_checks)
      std::stable_sort(result_.checks.begin(), result_.checks.end(), [](const AuditCheck& a, const AuditCheck& b) {
        // Per unit: the rounds first, then the unit's own checks.
        const bool au = a.check.scope != Scope::round, bu = b.check.scope != Scope::round;
        return std::tie(a.check.org_unit, au, a.check.round_id, a.check.rule, a.check.key) <
               std::tie(b.check.org_unit, bu, b.check.round_id, b.check.rule, b.check.key);
      });
    return std::move(result_);
  }

 private:
  // What one plugin reported for one record (or for finish()), kept until it
  // is committed: nothing of it counts unless the call returned.
  // Prepared where the call was made (the plugin's thread), so that
  // committing it is little more than appending.
  struct Reply {
    std::vector<std::pair<const RuleEntry*, Verdict>> verdicts;  // checks the run only counts
    std::vector<std::pair<const RuleEntry*, AuditCheck>> checks;  // checks kept whole (rule: the full id)
    std::vector<AuditFinding> findings;                          // ready to keep
    bool failed = false;  // findings then holds the host/plugin-failure finding alone
  };
  // What a call is about: the record's source, scope, round and unit (for a
  // plugin-failure finding and an isolated plugin's request).
  struct Target {
    const Source* source;
    Scope scope;
    const std::string* round_id;
    const std::string* org_unit;
  };
  static Target target_of(const ingest::Record& rec) {
    static const std::string none;
    if (const auto* r = std::get_if<Round>(&rec)) return {&r->source, Scope::round, &r->round_id, &r->org_unit};
    if (const auto* u = std::get_if<UnitRecord>(&rec)) return {&u->source, Scope::org_unit, &none, &u->org_unit};
    const auto& m = std::get<MeasuresRecord>(rec);
    return {&m.source, Scope::org_unit, &none, &m.employer};
  }
  static Target finish_target() {
    static const Source run_source;
    static const std::string none;
    return {&run_source, Scope::run, &none, &none};
  }

  // Plugins on threads of their own (--threads above 1). A batch of records
  // is admitted here, in order; every plugin thread then calls its plugin on
  // the admitted records, in order; the replies are committed here, record by
  // record and plugin by plugin, in the order one thread would have made
  // them. Each plugin sees every call from the same thread (the SDK's
  // contract), and a bounded number of batches is in flight.
  class PluginThreads {
   public:
    explicit PluginThreads(Run& run) : run_(run), plugins_(run.plugins_.size()) {
      window_ = std::size_t(std::max(1, run_.opt_.threads)) * 2 + 2;
      for (std::size_t i = 0; i < plugins_; ++i) threads_.emplace_back([this, i] { serve(i); });
    }
    ~PluginThreads() {
      {
        std::lock_guard lk(mu_);
        stop_ = true;
      }
      cv_work_.notify_all();
      for (auto& t : threads_) t.join();
    }
    PluginThreads(const PluginThreads&) = delete;
    PluginThreads& operator=(const PluginThreads&) = delete;

    void submit(std::vector<ingest::ParseOutcome>&& records) {
      auto job = std::make_shared<Job>();
      job->records = std::move(records);
      job->admitted.resize(job->records.size());
      for (std::size_t r = 0; r < job->records.size(); ++r) job->admitted[r] = run_.admit(job->records[r]);
      job->replies.resize(job->records.size() * plugins_);
      dispatch(job);
      // Commit what is done; wait for the oldest batch when too many are out.
      while (!jobs_.empty()) {
        if (!done(*jobs_.front(), jobs_.size() > window_)) break;
        commit(*jobs_.front());
        jobs_.pop_front();
      }
    }

    // Commits every batch still out.
    void drain() {
      for (; !jobs_.empty(); jobs_.pop_front()) {
        done(*jobs_.front(), true);
        commit(*jobs_.front());
      }
    }
    void finish() {
      drain();
      auto job = std::make_shared<Job>();
      job->finish = true;
      job->replies.resize(plugins_);
      dispatch(job);
      done(*job, true);
      for (std::size_t i = 0; i < plugins_; ++i) run_.settle(std::move(job->replies[i]));
    }

   private:
    struct Job {
      std::vector<ingest::ParseOutcome> records;
      std::vector<char> admitted;  // handed to the plugins
      std::vector<Reply> replies;  // record-major: records × plugins
      std::size_t pending = 0;     // plugins not yet through this job
      bool finish = false;         // the run's end: call finish()
    };

    void dispatch(const std::shared_ptr<Job>& job) {
      {
        std::lock_guard lk(mu_);
        job->pending = plugins_;
        queue_.push_back(job);
        ++posted_;
      }
      cv_work_.notify_all();
      if (!job->finish) jobs_.push_back(job);
    }
    // Whether every plugin is through `job`; with `wait`, waits until it is.
    bool done(const Job& job, bool wait) {
      std::unique_lock lk(mu_);
      if (wait) cv_done_.wait(lk, [&] { return job.pending == 0; });
      return job.pending == 0;
    }
    void commit(Job& job) {
      for (std::size_t r = 0; r < job.records.size(); ++r) {
        if (!job.admitted[r]) continue;
        for (std::size_t i = 0; i < plugins_; ++i) run_.settle(std::move(job.replies[r * plugins_ + i]));
      }
      // Every plugin is through the batch: its records go back to be read over.
      run_.recycler_.give(std::move(job.records));
    }
    // Plugin i's thread: every job in the order posted.
    void serve(std::size_t i) {
      std::uint64_t next = 0;  // jobs this thread has taken
      for (;;) {
        std::shared_ptr<Job> job;
        {
          std::unique_lock lk(mu_);
          cv_work_.wait(lk, [&] { return stop_ || next < posted_; });
          if (stop_) return;
          job = queue_[next - first_];
          ++next;
        }
        if (job->finish) {
          job->replies[i] = run_.invoke(i, nullptr, {});
        } else {
          for (std::size_t r = 0; r < job->records.size(); ++r)
            if (job->admitted[r])
              job->replies[r * plugins_ + i] = run_.invoke(i, &*job->records[r].record, job->records[r].raw);
        }
        std::lock_guard lk(mu_);
        if (--job->pending == 0) {
          cv_done_.notify_all();
          // Every thread is through the oldest jobs: let them go.
          while (!queue_.empty() && queue_.front()->pending == 0) {
            queue_.pop_front();
            ++first_;
          }
        }
      }
    }

    Run& run_;
    const std::size_t plugins_;
    std::size_t window_ = 0;
    std::vector<std::thread> threads_;
    std::deque<std::shared_ptr<Job>> jobs_;  // posted, not yet committed (the caller's thread only)
    std::mutex mu_;
    std::condition_variable cv_work_, cv_done_;
    std::deque<std::shared_ptr<Job>> queue_;  // posted jobs from number first_ on
    std::uint64_t first_ = 0, posted_ = 0;
    bool stop_ = false;
  };

  void reject(ingest::LineError e) {
    if (opt_.strict) throw StrictError(std::move(e));
    ++result_.counts.rejected;
    spdlog::debug("rejected {}", e.to_string());
    if (result_.rejected.size() < kMaxKeptErrors) result_.rejected.push_back(std::move(e));
  }

  // One thread: each record to every plugin as it comes.
  void consume(ingest::ParseOutcome&& o) {
    if (!admit(o)) return;
    for (std::size_t i = 0; i < plugins_.size(); ++i) settle(invoke(i, &*o.record, o.raw));
  }

  // Counts the line and decides whether the plugins see its record: bad
  // lines and duplicate round ids are rejected, unselected records skipped.
  bool admit(ingest::ParseOutcome& o) {
    ++result_.counts.lines;
    if (o.error) {
      reject(std::move(*o.error));
      return false;
    }
    return std::visit([this](auto& rec) { return this->admit(rec); }, *o.record);
  }

  bool admit(Round& round) {
    // Round ids are unique across the export: a second record with the same
    // id is rejected, naming the line of the first.
    const std::uint64_t first = seen_rounds_.insert(std::hash<std::string>{}(round.round_id), round.source.line);
    if (first != 0) {
      reject(ingest::LineError{round.source.file, round.source.line, "round_id",
                               "duplicates the round id of " +
                                   (first == SeenRounds::kLaterLine ? std::string("an earlier line")
                                                                    : "line " + std::to_string(first)) +
                                   " (round ids must be unique in the export)",
                               "duplicate"});
      return false;
    }
    if (!opt_.selection.round_selected(round)) {
      ++result_.counts.skipped;
      return false;
    }
    ++result_.counts.rounds;
    if (deferring_units()) audited_units_.insert(round.org_unit);
    result_.counts.applications += round.applicants.size();
    result_.indicators.add_round(round);
    return true;
  }

  bool admit(UnitRecord& unit) {
    if (!deferring_units() && !opt_.selection.unit_selected(unit.org_unit)) {
      ++result_.counts.skipped;
      return false;
    }
    ++result_.counts.units;
    return true;
  }

  bool admit(MeasuresRecord&) {
    if (!opt_.selection.all() && opt_.selection.org_unit_prefixes.empty()) {
      ++result_.counts.skipped;
      return false;
    }
    ++result_.counts.measures;
    return true;
  }

  // Calls plugin i on a record (finish() when there is none) and prepares
  // what it reported. Touches nothing of the run's state, so each plugin's
  // calls can be made on a thread of their own.
  Reply invoke(std::size_t i, const ingest::Record* rec, const std::string& raw) {
    const Target t = rec ? target_of(*rec) : finish_target();
    std::string failure;
    try {
      if (isolated_[i]) {
        const CallKind kind = !rec                                      ? CallKind::finish
                              : std::holds_alternative<Round>(*rec)      ? CallKind::round
                              : std::holds_alternative<UnitRecord>(*rec) ? CallKind::unit
                                                                         : CallKind::measures;
        Reported rep = isolated_[i]->call(kind, rec ? *t.source : Source{}, raw);
        return prepare(i, *t.source, std::move(rep.checks), std::move(rep.findings));
      }
      BufferSink sink(opt_.keep_checks, rules_[i], opt_.keep_checks, deferring_units());
      // The checks' vector of this thread's previous call, emptied: checks a
      // round would otherwise grow a new one each call.
      thread_local std::vector<Check> spare_checks;
      sink.checks.swap(spare_checks);
      sink.checks.clear();
      Plugin& p = *plugins_[i].loaded.plugin;
      if (!rec) p.finish(sink);
      else if (const auto* r = std::get_if<Round>(rec)) p.round(*r, sink);
      else if (const auto* u = std::get_if<UnitRecord>(rec)) p.unit(*u, sink);
      else p.measures(std::get<MeasuresRecord>(*rec), sink);
      Reply reply = prepare(i, *t.source, std::move(sink.checks), std::move(sink.findings), std::move(sink.verdicts));
      spare_checks.swap(sink.checks);  // what prepare() left: moved-from checks, cleared next call
      return reply;
    } catch (const std::exception& e) {
      // Copied while the plugin's library, where the exception lives, is loaded.
      failure = truncate(e.what(), 200);
    } catch (...) {
      failure = "an exception that is not a std::exception";
    }
    Reply reply;
    reply.failed = true;
    reply.findings.push_back(plugin_failure(plugins_[i].loaded.name, t, failure));
    return reply;
  }

  // Adds what plugin i reported to the run's result, in the caller's order.
  void settle(Reply&& reply) {
    if (reply.failed) ++result_.counts.plugin_failures;
    for (const auto& [rule, verdict] : reply.verdicts) rule->tally->add(verdict);
    for (auto& [rule, check] : reply.checks) add_check(*rule, std::move(check));
    for (auto& f : reply.findings) add_finding(std::move(f));
  }

  // The finding that says plugin `plugin` failed at `t`.
  static AuditFinding plugin_failure(const std::string& plugin, const Target& t, const std::string& what) {
    const Source& src = *t.source;
    const std::string& round_id = *t.round_id;
    const std::string& org_unit = *t.org_unit;
    const Scope scope = t.scope;
    // The log is for the operator; the message may come from the plugin, so
    // it is cut short and never copied into a finding.
    spdlog::error("plugin '{}' failed{}: {}", plugin,
                  round_id.empty() ? std::string() : " on round at " + src.file + ":" + std::to_string(src.line), what);
    AuditFinding af;
    af.plugin = "host";
    af.finding.rule = kPluginFailureRule;
    af.finding.scope = scope;
    af.finding.round_id = round_id;
    af.finding.org_unit = org_unit;
    af.finding.key = plugin;
    af.finding.message = "The plugin {plugin} failed here ({failure}), so its rules could not be checked; see the log.";
    af.finding.evidence.text("plugin", plugin);
    // The kind of failure only: the plugin's own message stays in the log.
    const char* kind = what.rfind("crashed", 0) == 0                ? "crash"
                       : what.rfind("did not answer", 0) == 0       ? "timeout"
                       : what.rfind("ran out of memory", 0) == 0    ? "out of memory"
                       : what.rfind("sent an answer larger", 0) == 0 ? "oversized answer"
                       : what.rfind("exited with status", 0) == 0   ? "exit"
                                                                    : "exception";
    af.finding.evidence.text("failure", kind);
    af.severity = Severity::error;
    af.source = src;
    af.basis = plugin_failure_rule().basis;
    af.fingerprint = fingerprint(af.finding.rule, scope, org_unit, round_id, af.finding.key);
    return af;
  }

  // Checks the report against the plugin's rules and the policy: a rule the
  // plugin did not declare fails the whole report (nothing of it is kept).
  // `counted`: the verdicts the plugin's sink already took as counts.
  Reply prepare(std::size_t i, const Source& src, std::vector<Check>&& checks, std::vector<Finding>&& findings,
                std::vector<std::pair<const RuleEntry*, Verdict>>&& counted = {}) const {
    auto rule_of = [&](const std::string& short_id) -> const RuleEntry& {
      auto it = rules_[i].find(short_id);
      if (it == rules_[i].end())
        throw std::runtime_error("reported rule '" + short_id + "', which it does not declare");
      return it->second;
    };
    Reply reply;
    reply.verdicts = std::move(counted);
    reply.verdicts.reserve(reply.verdicts.size() + checks.size());
    for (auto& c : checks) {
      const RuleEntry& r = rule_of(c.rule);
      if (r.off) continue;  // rule switched off by the policy
      if (kept_whole(r, c.scope, opt_.keep_checks, deferring_units())) {
        c.rule = r.full_id;
        reply.checks.emplace_back(&r, AuditCheck{std::move(c), src});
      } else {
        reply.verdicts.emplace_back(&r, c.verdict);
      }
    }
    for (const auto& f : findings) rule_of(f.rule);
    const std::string& plugin = plugins_[i].loaded.name;
    for (auto& f : findings) {
      const RuleEntry& r = rule_of(f.rule);
      if (r.off) continue;
      AuditFinding af;
      af.severity = r.severity ? *r.severity : f.severity.value_or(r.info->default_severity);
      af.plugin = plugin;
      af.basis = r.basis;  // a pointer, not 600 bytes, per finding
      af.source = f.scope == Scope::run ? Source{} : src;
      f.rule = r.full_id;
      if (f.scope == Scope::run) f.org_unit.clear();
      if (f.scope != Scope::round) f.round_id.clear();
      af.fingerprint = fingerprint(f.rule, f.scope, f.org_unit, f.round_id, f.key);
      af.finding = std::move(f);
      reply.findings.push_back(std::move(af));
    }
    return reply;
  }

  // With only --round given, unit-level results are kept aside and shown for
  // the units of the selected rounds alone (units may come before rounds).
  bool deferring_units() const { return !opt_.selection.rounds.empty() && opt_.selection.org_unit_prefixes.empty(); }

  // A check kept whole (its rule already the full id).
  void add_check(const RuleEntry& r, AuditCheck&& c) {
    if (deferring_units() && c.check.scope == Scope::org_unit) return deferred_checks_.push_back(std::move(c));
    r.tally->add(c.check.verdict);
    result_.indicators.add_check(r.full_id, c.check);
    if (opt_.keep_checks) result_.checks.push_back(std::move(c));
  }
  void add_finding(AuditFinding f) {
    if (deferring_units() && f.finding.scope == Scope::org_unit) return deferred_findings_.push_back(std::move(f));
    keep(std::move(f));
  }
  // A full buffer of findings goes to disk as one sorted chunk.
  void keep(AuditFinding f) {
    result_.findings.push_back(std::move(f));
    if (opt_.spill_findings == 0 || result_.findings.size() < opt_.spill_findings) return;
    if (!spill_) spill_ = std::make_shared<FindingSpill>();
    spill_->write_chunk_sorted(result_.findings);
    result_.findings.clear();
    // The findings were made on the plugins' threads and freed here: what
    // that leaves free inside glibc's per-thread heaps goes back to the
    // system now and then, so that a long run's footprint does not creep up.
    // jemalloc returns unused pages by itself, as they age; purging them
    // here as well cost a 10M run 5 s of system time (pages given back and
    // faulted in again) for 18 MB less peak.
    if (spill_->chunks() % kTrimEveryChunks == 0 && !allocator_is_jemalloc()) return_free_memory();
  }
  static constexpr std::size_t kTrimEveryChunks = 8;
  void merge_deferred() {
    const auto wanted = [this](const std::string& unit) { return audited_units_.count(unit) > 0; };
    for (auto& c : deferred_checks_)
      if (wanted(c.check.org_unit)) {
        result_.tally[c.check.rule].add(c.check.verdict);
        if (opt_.keep_checks) result_.checks.push_back(std::move(c));
      }
    for (auto& f : deferred_findings_)
      if (wanted(f.finding.org_unit)) result_.findings.push_back(std::move(f));
  }

  std::vector<EnabledPlugin>& plugins_;
  const policy::Policy& policy_;
  const RunOptions& opt_;
  std::vector<std::unique_ptr<HostLogger>> loggers_;
  std::vector<RuleTable> rules_;
  SeenRounds seen_rounds_;
  std::vector<std::unique_ptr<IsolatedPlugin>> isolated_;
  RunResult result_;
  std::vector<AuditCheck> deferred_checks_;
  std::vector<AuditFinding> deferred_findings_;
  std::shared_ptr<FindingSpill> spill_;  // once the findings outgrow opt_.spill_findings
  ingest::RecordRecycler recycler_;       // committed batches' records, for the parser threads
  std::set<std::string> audited_units_;
};

bool has_prefix_path(const std::string& unit, const std::string& prefix) {
  if (prefix.empty()) return true;
  if (unit.size() < prefix.size() || unit.compare(0, prefix.size(), prefix) != 0) return false;
  return unit.size() == prefix.size() || unit[prefix.size()] == '/' || prefix.back() == '/';
}

}  // namespace

bool Selection::unit_selected(const std::string& org_unit) const {
  if (all()) return true;
  for (const auto& p : org_unit_prefixes)
    if (has_prefix_path(org_unit, p)) return true;
  return false;
}

bool Selection::round_selected(const Round& r) const {
  if (all()) return true;
  if (rounds.count(r.round_id)) return true;
  for (const auto& p : org_unit_prefixes)
    if (has_prefix_path(r.org_unit, p)) return true;
  return false;
}

RuleInfo plugin_failure_rule() {
  RuleInfo r;
  r.id = "plugin-failure";
  r.summary = "A plugin failed while checking a round, so its rules were not evaluated there.";
  r.rationale =
      "An audit that silently skips a round is worse than none: the failure is reported as a finding so the "
      "round can be checked by hand or after the plugin is fixed.";
  r.basis = "fairaudit: reliability guarantee (docs/guarantees.md)";
  r.default_severity = Severity::error;
  r.scope = Scope::round;
  return r;
}

std::vector<EnabledPlugin> enable_plugins(const policy::Policy& pol, const loader::PluginLoader& loader) {
  std::vector<EnabledPlugin> out;
  for (const auto& entry : pol.plugins) {
    EnabledPlugin ep;
    try {
      ep.loaded = loader.load(entry.name);
    } catch (const loader::LoadError& e) {
      throw policy::PolicyError(entry.file, "plugins." + entry.name, e.what());
    }
    ep.options = policy::resolve_options(entry, ep.loaded.info.options);
    HostLogger log(entry.name);
    try {
      ep.loaded.plugin->configure(ep.options, log);
    } catch (const OptionError& e) {
      std::string file = entry.file;
      if (auto it = entry.options.find(e.key()); it != entry.options.end()) file = it->second.file;
      throw policy::PolicyError(file, "plugins." + entry.name + ".options." + e.key(), e.what());
    } catch (const std::exception& e) {
      // Copied here, while the plugin's library (where the exception's type
      // and message live) is still loaded.
      throw policy::PolicyError(entry.file, "plugins." + entry.name, std::string("the plugin refused its options: ") +
                                                                         e.what());
    } catch (...) {
      throw policy::PolicyError(entry.file, "plugins." + entry.name, "the plugin refused its options");
    }
    // Metadata may depend on the options (e.g. a profile's default severities).
    try {
      ep.loaded.info = ep.loaded.plugin->info();
    } catch (const std::exception& e) {
      throw policy::PolicyError(entry.file, "plugins." + entry.name,
                                std::string("the plugin failed to describe itself: ") + e.what());
    }
    out.push_back(std::move(ep));
  }
  // Severity overrides must name a rule that exists.
  for (const auto& [rule, ov] : pol.severity) {
    const auto slash = rule.find('/');
    const std::string plugin = rule.substr(0, slash), id = rule.substr(slash + 1);
    if (plugin == "host" && id == plugin_failure_rule().id) continue;
    auto p = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.loaded.name == plugin; });
    if (p == out.end())
      throw policy::PolicyError(ov.file, "severity." + rule, "plugin '" + plugin + "' is not enabled in this policy");
    const auto& rules = p->loaded.info.rules;
    if (std::none_of(rules.begin(), rules.end(), [&](const auto& r) { return r.id == id; }))
      throw policy::PolicyError(ov.file, "severity." + rule, "plugin '" + plugin + "' has no rule '" + id + "'");
  }
  return out;
}

RunResult run_audit(std::vector<EnabledPlugin>& plugins, const policy::Policy& policy,
                    const std::vector<std::string>& inputs, const RunOptions& options) {
  Run r(plugins, policy, options);
  return r.run(inputs);
}

}  // namespace fairaudit::run
