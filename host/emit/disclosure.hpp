// Disclosure control, applied by the host to every format.
//
// Audiences: `internal` sees everything; `representative` sees counts but no
// applicant ids; `union` sees no applicant ids, and of each evidence object
// (withheld()) exactly this is withheld, nothing more (docs/report.md,
// "Disclosure"):
//   - a count of people below min_cell, shown as "<N" (a cell);
//   - a total whose complement is small: of a pool `n` and its `selected`
//     (and the reference_, strata_ and unknown_ pairs), the pool when
//     n - selected is below min_cell, since n minus the shown part gives it;
//   - what is derived from a withheld cell in the same object: rates,
//     ratios, p-values, statistics, derived counts (the shortfalls), and in a
//     group comparison entry the verdict words and flags (four_fifths,
//     outcome, gates, the booleans). In a group comparison entry `rate`
//     derives from n and selected only, `reference_rate` from the reference
//     pair only; every other derived value from all of its counts.
// A derived count (a shortfall) is never a cell itself: it says nothing that
// the counts it comes from do not, so it hides nothing else when it is small.
//
// Across findings and tables (complements.hpp): a count that a shown total
// minus shown parts would give back is protected by hiding one more part;
// the renderers see those counts as withheld through for_finding() and the
// units table's rows, and what derives from them goes with them as above.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "emit/complements.hpp"
#include "fairaudit/finding.hpp"

namespace fairaudit::emit {

enum class Audience { internal, representative, union_ };
const char* to_string(Audience);
std::optional<Audience> audience_from_string(const std::string&);

class Disclosure {
 public:
  Disclosure(Audience a, int min_cell) : audience_(a), min_cell_(min_cell) {}
  Audience audience() const { return audience_; }
  int min_cell() const { return min_cell_; }
  bool shows_applicant_ids() const { return audience_ == Audience::internal; }
  bool small(std::int64_t count) const { return audience_ == Audience::union_ && count < min_cell_; }
  // "<5" for the union audience's small counts, else the number.
  std::string count_text(std::int64_t count) const;
  std::string small_text() const { return "<" + std::to_string(min_cell_); }
  // True when any cell directly in this object is withheld (a small count, or
  // a pool whose complement is small); derived counts do not count.
  bool any_small(const Evidence& e) const;
  // One flag per entry of `e` (in order): true when the entry is withheld
  // from this audience. Objects and lists are false here; their own entries
  // are decided by their own call. All false unless the audience is union.
  std::vector<bool> withheld(const Evidence& e) const;

  // The run's secondary suppression (Complements::build), computed once
  // before rendering; null for other audiences or before it is computed.
  void set_complements(std::shared_ptr<const Complements> c) { complements_ = std::move(c); }
  const Complements* complements() const { return complements_.get(); }
  // This disclosure for the evidence of one finding: withheld() then also
  // withholds the counts Complements hides in that finding. The same object
  // when there are none.
  Disclosure for_finding(const run::AuditFinding& af) const;
  // The same for a check (`--checks`, the one-round checklist): the counts
  // hidden in its scope, which a finding of the same rule and round shares.
  Disclosure for_check(const run::AuditCheck& ac) const;
  // The run's applications: withheld when small, or where they would narrow
  // a small group's count (Complements::run_applications).
  bool run_applications_withheld(std::uint64_t applications) const;
  // Their text: the number, "<5", or "hidden".
  std::string run_applications_text(std::uint64_t applications) const;

 private:
  // withheld() of the object's own cells and what derives from them.
  std::vector<bool> withheld_here(const Evidence& e) const;

  Audience audience_;
  int min_cell_;
  std::shared_ptr<const Complements> complements_;
  const std::set<Complements::GroupMeasure>* hidden_ = nullptr;  // of the finding for_finding() was given
};

// A value as text for people ("40.0%", "0.83", "p = 0.012", "<5", "hidden").
// `hidden` says whether derived values are to be hidden here.
std::string value_text(const EvidenceValue& v, const Disclosure& d, bool hidden);

// Fills {key} placeholders from the evidence's top-level values.
std::string fill(const std::string& text, const Evidence& evidence, const Disclosure& d);

// The same in the reader's language (i18n::current()): the text translated in
// the catalog of the rule's plugin (the part of `rule_id` before '/'), text
// values of the evidence too, then filled as fill() does — disclosure control
// applies to the translation exactly as to the English. The one function a
// renderer calls for a message or reason; in English it is fill().
std::string fill_translated(const std::string& rule_id, const std::string& text, const Evidence& evidence,
                            const Disclosure& d);

bool is_derived(EvidenceValue::Kind k);

// A value as text when `withheld` says whether this entry is withheld
// (Disclosure::withheld): a small count as "<N", anything else (a derived
// count `key` too) as "(hidden: small numbers)".
std::string shown_text(const EvidenceValue& v, const Disclosure& d, bool withheld, std::string_view key = {});

// A count key that is derived from other counts (the shortfalls of a group
// comparison), not a cell of people.
bool is_derived_count(std::string_view key);

}  // namespace fairaudit::emit
