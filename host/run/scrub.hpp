// Applicant ids out of what a plugin writes as text. The SDK's contract puts
// an applicant id only in Finding::applicants, which the emitters show to the
// internal audience alone; a plugin that breaks it (an id in a message, a
// check's reason, a key or text evidence) would otherwise show the id to
// every audience, the union's included. The host knows the round's ids, so
// it removes them itself, whatever the plugin wrote.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"

namespace fairaudit::run {

// What an id is replaced with.
inline constexpr std::string_view kIdRemoved = "[applicant id]";

class IdScrubber {
 public:
  // The ids of `round`'s applicants (none for a record without any).
  explicit IdScrubber(const Round* round);
  bool empty() const { return ids_.empty(); }
  // Replaces each occurrence of an id that stands as a word of its own (not
  // inside a longer run of letters and digits) by kIdRemoved.
  void scrub(std::string& text) const;
  void scrub(Evidence& evidence) const;  // text values, nested ones included
  void scrub(Finding& f) const;          // message, key and text evidence
  void scrub(Check& c) const;            // reason, key and text evidence

 private:
  bool holds_id(const Evidence& evidence) const;
  Evidence rebuilt(const Evidence& evidence) const;
  std::vector<std::string_view> ids_;  // into the round, which outlives the scrubber
};

}  // namespace fairaudit::run
