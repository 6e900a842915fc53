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
  const std::string_view scope_name = to_string(scope);
  std::string material;
  material.reserve(rule.size() + scope_name.size() + org_unit.size() + round_id.size() + key.size() + 4);
  material += rule;
  material += '\x1f';
  material += scope_name;
  material += '\x1f';
  material += org_unit;
  material += '\x1f';
  material += round_id;
  material += '\x1f';
  material += key;
  return common::sha256_hex(material, 32);
}

namespace {
int scope_rank(Scope s) { return s == Scope::run ? 0 : s == Scope::org_unit ? 1 : 2; }
}  // namespace

int finding_compare(const AuditFinding& a, const AuditFinding& b) {
  const auto& x = a.finding;
  const auto& y = b.finding;
  if (int c = x.org_unit.compare(y.org_unit)) return c;
  if (int c = scope_rank(x.scope) - scope_rank(y.scope)) return c;
  if (int c = x.round_id.compare(y.round_id)) return c;
  if (int c = x.rule.compare(y.rule)) return c;
  if (int c = x.key.compare(y.key)) return c;
  return a.fingerprint.compare(b.fingerprint);
}

bool finding_order(const AuditFinding& a, const AuditFinding& b) { return finding_compare(a, b) < 0; }

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
