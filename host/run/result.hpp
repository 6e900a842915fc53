// What a run produced: findings with host-resolved severity and fingerprint,
// the per-rule verdict tallies, optional checks, rejected lines, inputs.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/enums.hpp"
#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "ingest/input.hpp"
#include "ingest/record.hpp"
#include "run/indicators.hpp"
#include "run/selection.hpp"

namespace fairaudit::run {

// Text many findings share, such as a rule's legal basis (about 600 bytes,
// the same for every finding of the rule): copying it copies a pointer, not
// the text. Reads as a const std::string&; assigning a string makes a new
// text of its own.
class SharedText {
 public:
  SharedText() = default;
  explicit SharedText(std::string text) : text_(std::make_shared<const std::string>(std::move(text))) {}
  SharedText& operator=(std::string text) {
    text_ = std::make_shared<const std::string>(std::move(text));
    return *this;
  }
  const std::string& get() const { return text_ ? *text_ : empty_text(); }
  operator const std::string&() const { return get(); }  // NOLINT: reads as the string it holds
  bool empty() const { return get().empty(); }
  // Whether both hold the very same text (not only equal ones).
  bool same(const SharedText& other) const { return text_ == other.text_; }

 private:
  static const std::string& empty_text() {
    static const std::string empty;
    return empty;
  }
  std::shared_ptr<const std::string> text_;
};

struct AuditFinding {
  Finding finding;  // finding.rule is the full id "plugin/rule"
  std::string plugin;
  Severity severity = Severity::warning;  // resolved: policy override > plugin's choice > rule default
  std::string fingerprint;                // stable across runs: rule, scope, unit, round, key
  Source source;                          // the record the finding is about (file, line); empty for run scope
  // The last line of that record's rows when it spans several (a round of a
  // flat export audited through a mapping: its first and last application
  // row); 0 when the record is the one line source.line.
  std::uint64_t end_line = 0;
  SharedText basis;                       // the rule's legal basis, shared with its rule
  // Set by the store (nightly runs); none without a store.
  common::BaselineState baseline = common::BaselineState::none;
  // Set by the store from the review trail; none without a store.
  common::ReviewState review_state = common::ReviewState::none;
  std::string review_justification;
  // The role of a suppression waiting for the other side (store::Standing::
  // pending), "" for none: review_state is what holds meanwhile.
  std::string review_pending_by;
};

struct AuditCheck {
  Check check;  // check.rule is the full id
  Source source;
};

struct RuleTally {
  std::uint64_t complies = 0, breach = 0, not_applicable = 0, insufficient_data = 0;
  void add(Verdict v) {
    switch (v) {
      case Verdict::complies: ++complies; break;
      case Verdict::breach: ++breach; break;
      case Verdict::not_applicable: ++not_applicable; break;
      case Verdict::insufficient_data: ++insufficient_data; break;
    }
  }
};

struct Counts {
  std::uint64_t lines = 0;  // non-blank lines read
  std::uint64_t rounds = 0;  // rounds audited (after selection)
  std::uint64_t applications = 0;
  std::uint64_t units = 0;
  std::uint64_t measures = 0;
  std::uint64_t skipped = 0;   // well-formed records not selected by --round / --org-unit
  std::uint64_t rejected = 0;  // bad lines
  std::uint64_t plugin_failures = 0;
};

class FindingSpill;
class SharedReading;
struct FindingTally;

struct RunResult {
  // Sorted, de-duplicated. Empty when the run had so many findings that they
  // were kept on disk instead (`spilled`): read them with for_each_finding,
  // or materialize() them for a consumer that needs them all at once.
  std::vector<AuditFinding> findings;
  std::shared_ptr<const FindingSpill> spilled;
  std::vector<AuditCheck> checks;      // only when asked for
  std::map<std::string, RuleTally> tally;  // every rule of every enabled plugin
  std::vector<ingest::LineError> rejected;  // the first kMaxKeptErrors
  std::vector<ingest::InputInfo> inputs;
  Counts counts;
  Indicators indicators;  // per org unit, for the report's indicator table
  // False for a run read back from the store, which keeps what a run found
  // and its counts, not the per-unit figures (the charts, the units table):
  // a report of it says they are not there rather than that they are nil.
  bool indicators_kept = true;
  // --round / --org-unit values that matched no record of the export.
  std::vector<UnmatchedSelection> unmatched;
  // Set by the store for findings kept on disk (which it cannot label in
  // place): called with each finding's position in for_each_finding's order
  // before the reader sees it, it gives the finding its baseline and review
  // state. `labelled_tally` is then the tally of the labelled findings.
  std::function<void(std::uint64_t, AuditFinding&)> label;
  std::shared_ptr<const FindingTally> labelled_tally;
  // Set while several threads read the findings on disk at once (the
  // store's and the output's): for_each_finding reads them through it.
  std::shared_ptr<SharedReading> shared_reading;
};

inline constexpr std::size_t kMaxKeptErrors = 1000;

// Every finding in order, from memory or from the spill file.
void for_each_finding(const RunResult& r, const std::function<void(const AuditFinding&)>& fn);
std::uint64_t finding_count(const RunResult& r);
// The counts of a run's findings, made in one place for every format (text,
// JSON, SARIF, HTML, the stderr summary line), so that no two of them can
// disagree: the severities count the open findings, those a review
// suppressed are counted apart (and only apart), and "findings" is the open
// ones.
using SeverityCounts = std::array<std::uint64_t, 3>;  // index: Severity
struct FindingTally {
  SeverityCounts by_severity{};  // open findings: not suppressed in review
  std::uint64_t suppressed = 0;
  SeverityCounts new_by_severity{};  // with a store: open findings the previous run did not have
  std::map<std::string, SeverityCounts> by_rule;  // open findings per rule (full id)

  void add(const AuditFinding& f);
  std::uint64_t findings() const { return by_severity[0] + by_severity[1] + by_severity[2]; }
  std::uint64_t new_findings() const { return new_by_severity[0] + new_by_severity[1] + new_by_severity[2]; }
};
// Whether a finding counts as open: not suppressed in review.
bool counts_as_open(const AuditFinding& f);
FindingTally tally_findings(const RunResult& r);
// Reads spilled findings back into r.findings (memory then grows with them).
void materialize(RunResult& r);

// Sorting and identity, in one place so every format agrees.
std::string fingerprint(const std::string& rule, Scope scope, const std::string& org_unit,
                        const std::string& round_id, const std::string& key);
bool finding_order(const AuditFinding& a, const AuditFinding& b);
// The same order as a three-way comparison (below 0: a first; 0: neither),
// for a sort that would otherwise ask finding_order twice.
int finding_compare(const AuditFinding& a, const AuditFinding& b);
void sort_findings(std::vector<AuditFinding>& findings);

}  // namespace fairaudit::run
