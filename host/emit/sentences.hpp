// Evidence in sentences: what a finding or a check counted and what it
// means, in the reader's language, built on the evidence shapes the SDK
// declares (fairaudit/shapes.hpp). The numbers stay in the details table
// (human headings: heading()) and in JSON.
//
// Disclosure control applies as in every other view of the evidence: a count
// below min_cell is "fewer than 5", and no rate, ratio or p-value derived
// from it (in its own object or an enclosing one) is put into a sentence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emit/disclosure.hpp"
#include "fairaudit/finding.hpp"

namespace fairaudit::emit {

// True when the evidence is a group comparison (shapes::group_comparison).
bool is_group_comparison(const Evidence& e);

// The sentences for one finding's or check's evidence, one a paragraph
// (empty when the evidence has no shape the host knows: the message then says
// it all). `rule_id` names the catalog the evidence's codes (groups, stages)
// are translated in.
std::vector<std::string> evidence_sentences(const std::string& rule_id, const Evidence& e, const Disclosure& d);

// The sentence of one group of a group comparison (`top`: the evidence that
// holds the `groups` list). Exposed for the tests.
std::string group_sentence(const std::string& rule_id, const Evidence& top, const Evidence& group,
                           const Disclosure& d);

// A heading people read for an evidence key, translated ("Fisher p, two-sided"
// for `fisher_p_two_sided`); keys the host does not know are shown with
// spaces for underscores.
std::string heading(std::string_view key);

// A code from a controlled list as a word: the rule's catalog's translation,
// else with spaces for underscores ("insufficient_data" -> "insufficient
// data"). Text that is not such a code is returned as it is.
std::string code_words(const std::string& rule_id, const std::string& value);

// A method note of the evidence (a `*_method` text: which test, which
// interval) in the reader's language: the notes the bundled plugins write are
// known sentences, their figures and codes kept; any other note is returned as
// it is. JSON and SARIF keep the plugin's English.
std::string method_words(const std::string& rule_id, const std::string& value);

// "fewer than 5" where the count is hidden, else the number.
std::string count_words(std::int64_t count, const Disclosure& d);

}  // namespace fairaudit::emit
