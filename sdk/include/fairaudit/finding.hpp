// fairaudit plugin SDK — checks, findings, typed evidence, and the sink.
//
// A plugin reports, for every rule it evaluates on a round (or unit), a Check
// with a verdict and a one-line reason; every breach is also a Finding. Both
// are data: the host renders them, applies disclosure control, computes the
// fingerprint and sorts them. A plugin never writes output itself.
//
// Disclosure control works on the evidence's kinds:
//   - `count` values below the policy's min_cell are shown as "<5" to the
//     union audience;
//   - `rate`, `ratio`, `p_value` and `statistic` values are hidden from that
//     audience when a count in the same evidence object is small (or a pool
//     such as `n` whose complement `n - selected` is). So put the counts a
//     figure is derived from next to it. A count computed from other counts
//     (a shortfall) takes a key beginning `shortfall_`: it is hidden with the
//     figures, and is not itself a cell (docs/report.md, "Disclosure").
// Messages and reasons may name top-level evidence values as `{key}`; the
// host fills them in with disclosure applied, so never format counts into the
// text yourself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "fairaudit/api.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/time.hpp"

namespace fairaudit {

enum class Severity : std::uint8_t { note, warning, error };
enum class Scope : std::uint8_t { round, org_unit, run };
enum class Verdict : std::uint8_t { complies, breach, not_applicable, insufficient_data };

const char* to_string(Severity);
const char* to_string(Scope);
const char* to_string(Verdict);

class Evidence;

// One evidence value. The kind says how the host may show it.
struct EvidenceValue {
  enum class Kind : std::uint8_t {
    null,
    boolean,
    count,      // a number of people: subject to small-cell suppression
    number,     // a plain integer that says nothing about people (days, rank)
    rate,       // a share in [0, 1] derived from counts
    ratio,      // e.g. an impact ratio or odds ratio derived from counts
    p_value,    // derived from counts
    statistic,  // z, chi-square, … derived from counts
    real,       // a plain real number that says nothing about people (threshold)
    text,       // a code or a short word from a controlled list, never free text
    date,
    object,     // nested evidence (one entry per group, …)
    list,       // a list of nested evidence objects
  };
  Kind kind = Kind::null;
  bool b = false;
  std::int64_t i = 0;
  double d = 0;
  std::string s;
  Timestamp t;
  std::vector<Evidence> children;  // object: exactly one; list: any number
};

// Ordered key/value pairs. Order is kept as written, so output is stable.
class FAIRAUDIT_VISIBLE Evidence {
 public:
  Evidence& count(std::string key, std::int64_t v) { return put(std::move(key), EvidenceValue::Kind::count, v); }
  Evidence& number(std::string key, std::int64_t v) { return put(std::move(key), EvidenceValue::Kind::number, v); }
  Evidence& boolean(std::string key, bool v) {
    EvidenceValue e;
    e.kind = EvidenceValue::Kind::boolean;
    e.b = v;
    return add(std::move(key), std::move(e));
  }
  Evidence& rate(std::string key, double v) { return put_real(std::move(key), EvidenceValue::Kind::rate, v); }
  Evidence& ratio(std::string key, double v) { return put_real(std::move(key), EvidenceValue::Kind::ratio, v); }
  Evidence& p_value(std::string key, double v) { return put_real(std::move(key), EvidenceValue::Kind::p_value, v); }
  Evidence& statistic(std::string key, double v) { return put_real(std::move(key), EvidenceValue::Kind::statistic, v); }
  Evidence& real(std::string key, double v) { return put_real(std::move(key), EvidenceValue::Kind::real, v); }
  Evidence& text(std::string key, std::string v) {
    EvidenceValue e;
    e.kind = EvidenceValue::Kind::text;
    e.s = std::move(v);
    return add(std::move(key), std::move(e));
  }
  Evidence& date(std::string key, const Timestamp& t) {
    EvidenceValue e;
    e.kind = EvidenceValue::Kind::date;
    e.t = t;
    return add(std::move(key), std::move(e));
  }
  Evidence& null(std::string key) { return add(std::move(key), EvidenceValue{}); }
  Evidence& object(std::string key, Evidence child) {
    EvidenceValue e;
    e.kind = EvidenceValue::Kind::object;
    e.children.push_back(std::move(child));
    return add(std::move(key), std::move(e));
  }
  Evidence& list(std::string key, std::vector<Evidence> items) {
    EvidenceValue e;
    e.kind = EvidenceValue::Kind::list;
    e.children = std::move(items);
    return add(std::move(key), std::move(e));
  }

  const std::vector<std::pair<std::string, EvidenceValue>>& entries() const { return entries_; }
  const EvidenceValue* find(std::string_view key) const {
    for (const auto& [k, v] : entries_)
      if (k == key) return &v;
    return nullptr;
  }
  bool empty() const { return entries_.empty(); }
  // Room for n entries (a reader that knows how many are coming).
  void reserve(std::size_t n) { entries_.reserve(n); }

 private:
  Evidence& put(std::string key, EvidenceValue::Kind k, std::int64_t v) {
    EvidenceValue e;
    e.kind = k;
    e.i = v;
    return add(std::move(key), std::move(e));
  }
  Evidence& put_real(std::string key, EvidenceValue::Kind k, double v) {
    EvidenceValue e;
    e.kind = k;
    e.d = v;
    return add(std::move(key), std::move(e));
  }
  Evidence& add(std::string key, EvidenceValue v) {
    entries_.emplace_back(std::move(key), std::move(v));
    return *this;
  }
  std::vector<std::pair<std::string, EvidenceValue>> entries_;
};

struct Finding {
  std::string rule;  // the rule's short id as declared ("attended-interview"); the host prefixes the plugin
  // Unset: the rule's declared default. A plugin sets it only when the
  // evidence decides (e.g. significant and practically significant → error).
  // The policy's severity override wins over both.
  std::optional<Severity> severity;
  Scope scope = Scope::round;
  std::string round_id;  // empty unless scope is round
  std::string org_unit;  // empty when scope is run
  // What distinguishes this finding from others of the same rule and scope
  // (e.g. "gender/qualified>interview_invited/woman"); part of the fingerprint.
  std::string key;
  std::string message;  // may contain {evidence-key} placeholders
  Evidence evidence;
  std::vector<std::string> applicants;  // pseudonymous ids concerned; internal audience only
};

struct Check {
  std::string rule;  // short id, as for Finding
  Scope scope = Scope::round;
  std::string round_id;
  std::string org_unit;
  std::string key;  // as for Finding, when one rule gives several verdicts per round
  Verdict verdict = Verdict::not_applicable;
  std::string reason;  // one line; may contain {evidence-key} placeholders
  Evidence evidence;
};

// Where a plugin sends what it found. Calls come from the thread that called
// the plugin.
class FAIRAUDIT_VISIBLE Sink {
 public:
  virtual ~Sink() = default;
  virtual void check(Check c) = 0;
  virtual void finding(Finding f) = 0;
  // Whether the evidence of a check is kept (the host keeps it only when the
  // checklist is shown, e.g. `audit --checks` or one round). A plugin may skip
  // building evidence for a verdict that is not a breach when this is false;
  // a breach's evidence is always wanted, for its finding.
  virtual bool wants_check_evidence() const { return true; }
  // A host that only counts some rules' verdicts (the nightly run keeps the
  // checklist of no rule) counts this one here and returns true; the Check is
  // then never built. False: send it with check(). Added in SDK version 2.
  virtual bool counted(const std::string& rule, Scope scope, Verdict v) {
    (void)rule, (void)scope, (void)v;
    return false;
  }

  // A verdict on one rule for one round, with its reason; a breach is also
  // reported as a finding. Severity defaults to the rule's declared default.
  void round_verdict(const Round& round, const std::string& rule, Verdict v, std::string reason,
                     Evidence evidence = {}, std::vector<std::string> applicants = {},
                     std::optional<Severity> severity = std::nullopt, const std::string& key = {}) {
    emit_verdict(rule, Scope::round, round.round_id, round.org_unit, v, std::move(reason),
                 std::move(evidence), std::move(applicants), severity, key);
  }
  // The same for a rule evaluated on an org unit (unit records, pooled results).
  void unit_verdict(const std::string& org_unit, const std::string& rule, Verdict v, std::string reason,
                    Evidence evidence = {}, std::optional<Severity> severity = std::nullopt,
                    const std::string& key = {}) {
    static const std::string no_round;
    emit_verdict(rule, Scope::org_unit, no_round, org_unit, v, std::move(reason), std::move(evidence), {},
                 severity, key);
  }

 private:
  // The strings of the round are copied only into what is kept: a finding,
  // and a check the host does not merely count.
  void emit_verdict(const std::string& rule, Scope scope, const std::string& round_id, const std::string& org_unit,
                    Verdict v, std::string reason, Evidence evidence, std::vector<std::string> applicants,
                    std::optional<Severity> severity, const std::string& key) {
    const bool only_counted = counted(rule, scope, v);
    if (v == Verdict::breach) {
      Finding f;
      f.rule = rule;
      f.severity = severity;
      f.scope = scope;
      f.round_id = round_id;
      f.org_unit = org_unit;
      f.key = key;
      if (only_counted) {
        f.message = std::move(reason);
        f.evidence = std::move(evidence);
      } else {
        f.message = reason;
        if (wants_check_evidence())
          f.evidence = evidence;
        else
          f.evidence = std::move(evidence);
      }
      f.applicants = std::move(applicants);
      finding(std::move(f));
    }
    if (only_counted) return;
    Check c;
    c.rule = rule;
    c.scope = scope;
    c.round_id = round_id;
    c.org_unit = org_unit;
    c.key = key;
    c.verdict = v;
    c.reason = std::move(reason);
    c.evidence = std::move(evidence);
    check(std::move(c));
  }
};

}  // namespace fairaudit
