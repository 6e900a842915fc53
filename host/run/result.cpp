#include "run/result.hpp"

#include <algorithm>
#include <tuple>

#include "common/hash.hpp"

namespace fairaudit::run {

std::string fingerprint(const std::string& rule, Scope scope, const std::string& org_unit, const std::string& round_id,
                        const std::string& key) {
  // Never line numbers, dates of the run or run ids: the same finding in
  // tomorrow's export has the same fingerprint. Unit separators keep the
  // fields from running into each other.
  std::string material = rule;
  material += '\x1f';
  material += to_string(scope);
  material += '\x1f';
  material += org_unit;
  material += '\x1f';
  material += round_id;
  material += '\x1f';
  material += key;
  return common::sha256_hex(material).substr(0, 32);
}

namespace {
int scope_rank(Scope s) { return s == Scope::run ? 0 : s == Scope::org_unit ? 1 : 2; }
}  // namespace

bool finding_order(const AuditFinding& a, const AuditFinding& b) {
  const auto& x = a.finding;
  const auto& y = b.finding;
  return std::forward_as_tuple(x.org_unit, scope_rank(x.scope), x.round_id, x.rule, x.key, a.fingerprint) <
         std::forward_as_tuple(y.org_unit, scope_rank(y.scope), y.round_id, y.rule, y.key, b.fingerprint);
}

bool counts_as_open(const AuditFinding& f) { return f.review_state != common::ReviewState::suppressed; }

void FindingTally::add(const AuditFinding& f) {
  if (!counts_as_open(f)) {
    ++suppressed;
    return;
  }
  const int s = int(f.severity);
  ++by_severity[s];
  if (f.baseline == common::BaselineState::new_) ++new_by_severity[s];
  ++by_rule[f.finding.rule][s];
}

void sort_findings(std::vector<AuditFinding>& findings) {
  // Stable: of two reports of the same finding, the first is kept.
  std::stable_sort(findings.begin(), findings.end(), finding_order);
  // The same fingerprint twice is one finding (a plugin reporting it twice).
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const AuditFinding& a, const AuditFinding& b) { return a.fingerprint == b.fingerprint; }),
                 findings.end());
}

}  // namespace fairaudit::run
