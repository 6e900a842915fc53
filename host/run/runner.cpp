#include "run/runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <variant>

#include "common/errors.hpp"
#include "common/phase.hpp"
#include "run/logger.hpp"
#include "run/memory.hpp"
#include "run/scrub.hpp"
#include "run/scheduler.hpp"
#include "run/sink.hpp"
#include "run/spill.hpp"

namespace fairaudit::run {
namespace {

std::string truncate(std::string s, std::size_t n) {
  if (s.size() > n) s = s.substr(0, n) + "…";
  return s;
}

class Run : private RecordCalls {
 public:
  Run(std::vector<EnabledPlugin>& plugins, const policy::Policy& policy, const RunOptions& opt)
      : plugins_(plugins),
        policy_(policy),
        opt_(opt),
        matcher_(opt.selection.rounds, opt.selection.org_unit_prefixes) {
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
        e.indicator = r.indicator != Indicator::none;
        e.verdict_slot = result_.indicators.rule_slot(e.full_id);
        if (auto ov = policy_.severity.find(e.full_id); ov != policy_.severity.end()) {
          e.off = !ov->second.severity;
          e.severity = ov->second.severity;
        }
      }
      rules_.push_back(std::move(rules));
      // Started, each in its own process, by enable_plugins (isolation);
      // told here which rules' checks the run only counts.
      isolated_.push_back(p.isolated.get());
      rule_order_.emplace_back();
      if (p.isolated) {
        std::vector<IsolatedPlugin::RuleUse> uses;
        for (const auto& r : p.loaded.info.rules) {
          const RuleEntry& e = rules_.back().at(r.id);
          uses.push_back({r.id, e.indicator, e.off});
          rule_order_.back().push_back(&e);
        }
        p.isolated->prepare_run(opt_.keep_checks, opt_.keep_checks, deferring_units(), uses);
      }
    }
  }

  RunResult run(const std::vector<std::string>& inputs) {
    ingest::StreamOptions so;
    so.limits = opt_.limits;
    so.limits.profile = ingest::profile_for_jurisdiction(policy_.jurisdiction);  // the Danish profile
    so.threads = opt_.threads;
    if (opt_.progress)
      so.progress = [this](std::uint64_t bytes) { opt_.progress(bytes, result_.counts.rounds); };
    so.duplicate_round_hint = " (round ids must be unique in the export)";
    if (opt_.threads > 1 && !plugins_.empty()) {
      // Each plugin on a thread of its own, the records committed here in
      // input order: the same result as one thread, whatever the timing.
      // With plugin processes, batches four times the size: each plugin
      // thread then takes about 75 rounds of the benchmark's export at a
      // time rather than 19, and it and its process wait for each other
      // half as often (voluntary context switches 16,000 → 8,000 over the 1M
      // isolation export, CPU about 4% less; bench/README.md). In process,
      // 256 KiB stays the fastest. Fewer of them are in flight, so that as
      // many records are (ingest's window and the plugin threads').
      if (any_isolated()) so.batch_bytes = 4 * ingest::kDefaultBatchBytes;
      PluginThreads threads(*this, plugins_.size(), opt_.threads, recycler_, so.batch_bytes / ingest::kDefaultBatchBytes);
      so.recycler = &recycler_;
      std::optional<common::Phase> phase(std::in_place, "run", "the records read and checked");
      result_.inputs = ingest::stream_batches(
          inputs, so, [&](std::vector<ingest::ParseOutcome>&& records) { threads.submit(std::move(records)); });
      threads.drain();
      phase.reset();
      recycler_.clear();
      // What the parser and plugin threads freed goes back to the system
      // before the plugins' last calls, whose pooled reports are the run's
      // largest allocation: the peak then does not depend on how long the
      // threads ran (glibc keeps freed memory per thread otherwise).
      return_free_memory();
      phase.emplace("run", "the plugins' last calls");
      threads.finish();
    } else {
      std::optional<common::Phase> phase(std::in_place, "run", "the records read and checked");
      result_.inputs = ingest::stream_records(inputs, so, [this](ingest::ParseOutcome&& o) { consume(std::move(o)); });
      while (!window_.empty()) settle_oldest();
      phase.reset();
      return_free_memory();  // as above
      phase.emplace("run", "the plugins' last calls");
      for (std::size_t i = 0; i < plugins_.size(); ++i) settle(invoke(i, nullptr, IdIndex{}));
    }
    common::Phase sorted("run", "the findings sorted and kept");
    if (any_isolated()) {
      const RecordsSent sent = records_sent();
      spdlog::debug("records sent to the plugin processes: {} rounds laid out in the shared memory, {} records there "
                    "in the record codec's form, {} through the pipes",
                    sent.placed, sent.in_ring, sent.through_pipe);
    }
    merge_deferred();
    result_.indicators.finish();
    if (!opt_.selection.all()) result_.unmatched = matcher_.unmatched();
    if (opt_.origins)
      for (auto& in : result_.inputs) in.path = opt_.origins->name_of(in.path);
    // What the threads freed goes back to the system before the findings are
    // merged and written (glibc keeps it otherwise, per thread), and from
    // then on what the end of the run frees.
    return_free_memory();
    return_memory_as_freed();
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
  static std::vector<std::string_view> texts_of(const std::vector<Check>& checks, const std::vector<Finding>& findings) {
    std::vector<std::string_view> texts;
    for (const auto& c : checks) run::texts_of(c, texts);
    for (const auto& f : findings) run::texts_of(f, texts);
    return texts;
  }
  static Target finish_target() {
    static const Source run_source;
    static const std::string none;
    return {&run_source, Scope::run, &none, &none};
  }

  void reject(ingest::LineError e) {
    if (opt_.origins) {
      Source at{e.file, e.line};
      opt_.origins->apply(at);
      e.file = std::move(at.file);
      e.line = at.line;
    }
    if (opt_.strict) throw common::StrictError(e.to_string(), e.file, e.line);
    ++result_.counts.rejected;
    spdlog::debug("rejected {}", e.to_string());
    if (result_.rejected.size() < kMaxKeptErrors) result_.rejected.push_back(std::move(e));
  }

  // One thread: each record to every plugin as it comes.
  void consume(ingest::ParseOutcome&& o) {
    if (!admit(o)) return;
    // Every plugin process gets the record before the first answer is
    // awaited, so they check it at the same time.
    // The record's message is made once, for all of them, and up to
    // kWindow records are out before the oldest one's answers are awaited
    // (committed in input order all the same).
    if (!any_isolated()) {
      index_ids(*o.record, single_ids_);
      for (std::size_t i = 0; i < plugins_.size(); ++i) settle(invoke(i, &*o.record, single_ids_));
      return;
    }
    const auto message = IsolatedPlugin::make_message(&*o.record);
    for (auto* p : isolated_)
      if (p) p->submit_message(message);
    window_.push_back(std::move(o));
    if (window_.size() >= kWindow) settle_oldest();
  }
  static void index_ids(const ingest::Record& rec, IdIndex& ids) {
    if (const auto* round = std::get_if<Round>(&rec)) ids.assign(*round);
    else ids.clear();
  }
  void settle_oldest() {
    const ingest::ParseOutcome& o = window_.front();
    index_ids(*o.record, single_ids_);
    for (std::size_t i = 0; i < plugins_.size(); ++i) settle(invoke(i, &*o.record, single_ids_));
    window_.pop_front();
  }

  // Counts the line and decides whether the plugins see its record: bad
  // lines (a duplicate round id among them) are rejected, unselected records
  // skipped.
  bool admit(ingest::ParseOutcome& o) override {
    ++result_.counts.lines;
    if (o.error) {
      reject(std::move(*o.error));
      return false;
    }
    return std::visit([this](auto& rec) { return this->admit(rec); }, *o.record);
  }

  bool admit(Round& round) {
    if (opt_.origins) opt_.origins->apply(round.source);
    if (!opt_.selection.all()) matcher_.round(round.round_id, round.org_unit);
    if (!opt_.selection.round_selected(round)) {
      ++result_.counts.skipped;
      return false;
    }
    ++result_.counts.rounds;
    run_ids_.add(round);
    if (deferring_units()) audited_units_.insert(round.org_unit);
    result_.counts.applications += round.applicants.size();
    result_.indicators.add_round(round);
    return true;
  }

  bool admit(UnitRecord& unit) {
    if (opt_.origins) opt_.origins->apply(unit.source);
    if (!opt_.selection.all()) matcher_.unit(unit.org_unit);
    if (!deferring_units() && !opt_.selection.unit_selected(unit.org_unit)) {
      ++result_.counts.skipped;
      return false;
    }
    ++result_.counts.units;
    return true;
  }

  bool admit(MeasuresRecord& measures) {
    if (opt_.origins) opt_.origins->apply(measures.source);
    if (!opt_.selection.all() && opt_.selection.org_unit_prefixes.empty()) {
      ++result_.counts.skipped;
      return false;
    }
    ++result_.counts.measures;
    return true;
  }

  // The record's message to the plugin processes, made once for all of them.
  std::shared_ptr<const std::string> message(const ingest::Record& rec) override {
    if (!any_isolated()) return nullptr;
    return IsolatedPlugin::make_message(&rec);
  }
  // Plugin i's thread: a plugin process gets a batch's records at once.
  void ahead(std::size_t i, const std::shared_ptr<const std::string>& message) override {
    if (isolated_[i]) isolated_[i]->submit_message(message);
  }

  // Calls plugin i on a record (finish() when there is none) and prepares
  // what it reported. Touches nothing of the run's state, so each plugin's
  // calls can be made on a thread of their own.
  Reply invoke(std::size_t i, const ingest::Record* rec, const IdIndex& ids) override {
    const Target t = rec ? target_of(*rec) : finish_target();
    // How long each plugin's last call took (its reports pooled over the
    // run): the slowest one is the part of the run no other thread shares.
    struct LastCall {
      const std::string* plugin;
      std::int64_t start;
      ~LastCall() {
        if (plugin) spdlog::debug("run: {}: its last call: {} ms wall", *plugin, (common::Phase::now() - start) / 1000000);
      }
    } last_call{rec ? nullptr : &plugins_[i].loaded.name, rec ? 0 : common::Phase::now()};
    std::string failure;
    FailureKind kind = FailureKind::exception;
    try {
      if (isolated_[i]) {
        Reported rep = isolated_[i]->call(rec);
        std::vector<std::pair<const RuleEntry*, Verdict>> counted;
        counted.reserve(rep.counted.size());
        for (const auto& [place, v] : rep.counted) counted.emplace_back(rule_order_[i][place], v);
        return prepare(i, rec, ids, *t.source, std::move(rep.checks), std::move(rep.findings), std::move(counted));
      }
      BufferSink sink(opt_.keep_checks, rules_[i], opt_.keep_checks, deferring_units());
      // The checks' vector of this thread's previous call, emptied: checks a
      // round would otherwise grow a new one each call.
      thread_local std::vector<Check> spare_checks;
      sink.checks.swap(spare_checks);
      sink.checks.clear();
      Plugin& p = *plugins_[i].loaded.plugin;
      {
        InProcessCall guard(plugins_[i].loaded.name.c_str(), rec ? "while checking a record" : "in finish()");
        if (!rec) p.finish(sink);
        else if (const auto* r = std::get_if<Round>(rec)) p.round(*r, sink);
        else if (const auto* u = std::get_if<UnitRecord>(rec)) p.unit(*u, sink);
        else p.measures(std::get<MeasuresRecord>(*rec), sink);
      }
      Reply reply =
          prepare(i, rec, ids, *t.source, std::move(sink.checks), std::move(sink.findings), std::move(sink.verdicts));
      spare_checks.swap(sink.checks);  // what prepare() left: moved-from checks, cleared next call
      return reply;
    } catch (const PluginFault& e) {
      kind = e.kind;
      failure = truncate(e.what(), 200);
    } catch (const std::exception& e) {
      // Copied while the plugin's library, where the exception lives, is loaded.
      failure = truncate(e.what(), 200);
    } catch (...) {
      failure = "an exception that is not a std::exception";
    }
    Reply reply;
    reply.failed = true;
    reply.findings.push_back(plugin_failure(plugins_[i].loaded.name, t, kind, failure));
    return reply;
  }

  // Adds what plugin i reported to the run's result, in the caller's order.
  void settle(Reply&& reply) override {
    if (reply.failed) ++result_.counts.plugin_failures;
    UnitIndicators* unit = nullptr;  // the round's, looked up once per reply
    for (const auto& [rule, verdict] : reply.verdicts) {
      rule->tally->add(verdict);
      if (reply.round_unit && rule->info->scope == Scope::round) {
        if (!unit) unit = &result_.indicators.unit(*reply.round_unit);
        Indicators::add_verdict(*unit, rule->verdict_slot, verdict);
      }
    }
    for (const auto& c : reply.indicated) {
      c.rule->tally->add(c.verdict);
      result_.indicators.add_check(c.rule->info->indicator, c.rule->full_id, c.rule->verdict_slot, c.org_unit,
                                   c.scope, c.verdict);
    }
    for (auto& [rule, check] : reply.checks) add_check(*rule, std::move(check));
    for (auto& f : reply.findings) add_finding(std::move(f));
  }

  // The finding that says plugin `plugin` failed at `t`.
  static AuditFinding plugin_failure(const std::string& plugin, const Target& t, FailureKind kind,
                                     const std::string& what) {
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
    af.finding.evidence.text("failure", to_string(kind));
    af.severity = Severity::error;
    af.source = src;
    af.basis = plugin_failure_rule().basis;
    af.fingerprint = fingerprint(af.finding.rule, scope, org_unit, round_id, af.finding.key);
    return af;
  }

  // Checks the report against the plugin's rules and the policy: a rule the
  // plugin did not declare fails the whole report (nothing of it is kept).
  // `counted`: the verdicts the plugin's sink already took as counts.
  // The round's applicant ids are removed from every text the plugin wrote,
  // and from what finish() reports every id of the run that occurs in it
  // (run/scrub.hpp).
  // `round_ids`: the record's (IdIndex::assign).
  Reply prepare(std::size_t i, const ingest::Record* rec, const IdIndex& round_ids, const Source& src,
                std::vector<Check>&& checks, std::vector<Finding>&& findings,
                std::vector<std::pair<const RuleEntry*, Verdict>>&& counted = {}) const {
    const IdScrubber ids = rec ? IdScrubber(round_ids) : IdScrubber(run_ids_.found_in(texts_of(checks, findings)));
    auto rule_of = [&](const std::string& short_id) -> const RuleEntry& {
      auto it = rules_[i].find(short_id);
      if (it == rules_[i].end())
        throw std::runtime_error("reported rule '" + short_id + "', which it does not declare");
      return it->second;
    };
    // What a plugin reports about a round while checking it is about that
    // round (the SDK's round_verdict fills in its id and unit): a result
    // filed under another round's id or unit would be shown in the wrong
    // place, or carry whatever the plugin put there (an applicant id as a
    // unit's heading). The whole report is refused, as for an undeclared rule.
    if (const Round* round = rec ? std::get_if<Round>(rec) : nullptr) {
      const auto elsewhere = [round](Scope scope, const std::string& round_id, const std::string& org_unit) {
        return scope == Scope::round && (round_id != round->round_id || org_unit != round->org_unit);
      };
      for (const auto& f : findings)
        if (elsewhere(f.scope, f.round_id, f.org_unit))
          throw std::runtime_error("reported a round's finding under another round's id or unit");
      for (const auto& c : checks)
        if (elsewhere(c.scope, c.round_id, c.org_unit))
          throw std::runtime_error("reported a round's check under another round's id or unit");
    }
    Reply reply;
    if (const Round* round = rec ? std::get_if<Round>(rec) : nullptr) reply.round_unit = &round->org_unit;
    reply.verdicts = std::move(counted);
    reply.verdicts.reserve(reply.verdicts.size() + checks.size());
    for (auto& c : checks) {
      const RuleEntry& r = rule_of(c.rule);
      if (r.off) continue;  // rule switched off by the policy
      if (!kept_whole(r, c.scope, opt_.keep_checks, deferring_units())) {
        reply.verdicts.emplace_back(&r, c.verdict);
      } else if (!opt_.keep_checks && !(deferring_units() && c.scope == Scope::org_unit)) {
        // Kept whole for the indicators alone: what they count is all
        // that is kept of it, so nothing of its texts is scrubbed or copied.
        reply.indicated.push_back({&r, c.scope, c.verdict, std::move(c.org_unit)});
      } else {
        ids.scrub(c);
        c.rule = r.full_id;
        reply.checks.emplace_back(&r, AuditCheck{std::move(c), src});
      }
    }
    for (const auto& f : findings) rule_of(f.rule);
    const std::string& plugin = plugins_[i].loaded.name;
    for (auto& f : findings) {
      const RuleEntry& r = rule_of(f.rule);
      if (r.off) continue;
      ids.scrub(f);
      AuditFinding af;
      af.severity = r.severity ? *r.severity : f.severity.value_or(r.info->default_severity);
      af.plugin = plugin;
      af.basis = r.basis;  // a pointer per finding, not a copy of the text
      af.source = f.scope == Scope::run ? Source{} : src;
      if (opt_.origins && f.scope != Scope::run) af.end_line = opt_.origins->end_line(src);
      f.rule = r.full_id;
      if (f.scope == Scope::run) f.org_unit.clear();
      if (f.scope != Scope::round) f.round_id.clear();
      af.fingerprint = fingerprint(f.rule, f.scope, f.org_unit, f.round_id, f.key);
      af.finding = std::move(f);
      reply.findings.push_back(std::move(af));
    }
    return reply;
  }

  // Whether any plugin of the run lives in a process of its own.
  bool any_isolated() const {
    return std::any_of(isolated_.begin(), isolated_.end(), [](const auto* p) { return p != nullptr; });
  }

  // With only --round given, unit-level results are kept aside and shown for
  // the units of the selected rounds alone (units may come before rounds).
  bool deferring_units() const { return !opt_.selection.rounds.empty() && opt_.selection.org_unit_prefixes.empty(); }

  // A check kept whole (its rule already the full id).
  void add_check(const RuleEntry& r, AuditCheck&& c) {
    if (deferring_units() && c.check.scope == Scope::org_unit) return deferred_checks_.push_back(std::move(c));
    r.tally->add(c.check.verdict);
    result_.indicators.add_check(r.info->indicator, r.full_id, c.check);
    if (opt_.keep_checks) result_.checks.push_back(std::move(c));
  }
  // By reference: a finding is moved once, into the kept findings (an
  // AuditFinding holds about ten strings, and moving a short one copies it).
  void add_finding(AuditFinding&& f) {
    if (deferring_units() && f.finding.scope == Scope::org_unit) return deferred_findings_.push_back(std::move(f));
    keep(std::move(f));
  }
  // A full buffer of findings goes to disk as one sorted chunk.
  void keep(AuditFinding&& f) {
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
  std::vector<IsolatedPlugin*> isolated_;
  static constexpr std::size_t kWindow = 64;
  std::deque<ingest::ParseOutcome> window_;  // and the records sent to them, not yet committed
  IdIndex single_ids_;  // one thread: the ids of the record its plugins are called on
  std::vector<std::vector<const RuleEntry*>> rule_order_;  // per isolated plugin: its rules as prepare_run() listed them  // per plugin: its process, or null in this one
  RunResult result_;
  std::vector<AuditCheck> deferred_checks_;
  std::vector<AuditFinding> deferred_findings_;
  std::shared_ptr<FindingSpill> spill_;  // once the findings outgrow opt_.spill_findings
  ingest::RecordRecycler recycler_;       // committed batches' records, for the parser threads
  std::set<std::string> audited_units_;
  SelectionMatcher matcher_;  // which --round / --org-unit values matched something
  RunIds run_ids_;            // of the rounds admitted, for what finish() reports
};

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

RunResult run_audit(std::vector<EnabledPlugin>& plugins, const policy::Policy& policy,
                    const std::vector<std::string>& inputs, const RunOptions& options) {
  Run r(plugins, policy, options);
  return r.run(inputs);
}

}  // namespace fairaudit::run
