// Disclosure control, applied by the host to every format.
//
// Audiences: `internal` sees everything; `representative` sees counts but no
// applicant ids; `union` sees no applicant ids, every count below the
// policy's min_cell as "<N", and no rate, ratio, p-value or statistic derived
// from such a count (hidden when any count in the same evidence object, or an
// enclosing one, is small).
#pragma once

#include <optional>
#include <string>

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
  // True when any count directly in this object is small.
  bool any_small(const Evidence& e) const;

 private:
  Audience audience_;
  int min_cell_;
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

}  // namespace fairaudit::emit
