// Applicant ids out of what a plugin writes as text. The SDK's contract puts
// an applicant id only in Finding::applicants, which the emitters show to the
// internal audience alone; a plugin that breaks it (an id in a message, a
// check's reason, a key or text evidence) would otherwise show the id to
// every audience, the union's included. The host knows the round's ids, so
// it removes them itself, whatever the plugin wrote.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
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
  // These ids, whatever their round (RunIds::found_in).
  explicit IdScrubber(std::vector<std::string> ids);
  // Moved, never copied: the ids are views into owned_'s strings.
  IdScrubber(IdScrubber&&) = default;
  IdScrubber(const IdScrubber&) = delete;
  IdScrubber& operator=(const IdScrubber&) = delete;
  bool empty() const {
    index();
    return ids_.empty();
  }
  // Replaces each occurrence of an id that stands as a word of its own (not
  // inside a longer run of letters and digits) by kIdRemoved.
  void scrub(std::string& text) const;
  void scrub(Evidence& evidence) const;  // text values, nested ones included
  void scrub(Finding& f) const;          // message, key and text evidence
  void scrub(Check& c) const;            // reason, key and text evidence

 private:
  // The ids' first bytes and lengths, made at the first text, not for every
  // call: most of a plugin's replies hold no text to scrub, and the runner
  // makes a scrubber per reply.
  void index() const;
  // The ids sorted longest first, and their hashes: made at the first place
  // in a text where an id could stand.
  void hash() const;
  // False when no id stands as a word in `text`, so that scrub() would
  // leave it as it is: one pass over the text, each place where an id could
  // start and end as a word looked up among the ids' hashes. True for a
  // text that may hold one (a hash may collide), which scrub() then reads
  // id by id.
  bool may_hold(std::string_view text) const;
  bool holds_id(const Evidence& evidence) const;
  Evidence rebuilt(const Evidence& evidence) const;
  const Round* round_ = nullptr;  // whose ids index() takes, if any
  std::vector<std::string> owned_;
  mutable bool indexed_ = false, hashed_ = false;
  mutable std::vector<std::string_view> ids_;  // into the round, which outlives the scrubber, or into owned_
  mutable std::array<std::uint64_t, 4> first_bytes_{};  // the ids' first bytes, one bit each
  mutable int only_first_ = -1;                         // the first byte of every id, when they share one
  mutable std::vector<std::size_t> lengths_;            // the ids' lengths, each once, shortest first
  mutable std::vector<std::uint64_t> hashes_;           // the ids' hashes, sorted
};

// Every text of a finding or check, as IdScrubber::scrub reads them.
void texts_of(const Finding& f, std::vector<std::string_view>& out);
void texts_of(const Check& c, std::vector<std::string_view>& out);

// The applicant ids of every round a run gave its plugins, for what a plugin
// reports from finish(): no round is at hand there, and a pooled result may
// name an id of any round. Kept as 64-bit hashes, beyond the first 65,536 in
// an unnamed temporary file, so that the run's memory does not grow with
// the export.
class RunIds {
 public:
  RunIds() = default;
  ~RunIds();
  RunIds(const RunIds&) = delete;
  RunIds& operator=(const RunIds&) = delete;

  void add(const Round& round);
  // The run's ids that occur in `texts` (as substrings: IdScrubber decides
  // which of them stand as words). From several threads at once, once the
  // last add() is done.
  std::vector<std::string> found_in(const std::vector<std::string_view>& texts) const;

 private:
  void spill();
  std::vector<std::uint64_t> hashes_;  // not yet in the file
  int fd_ = -1;
  std::uint64_t in_file_ = 0;  // hashes
  std::size_t min_len_ = SIZE_MAX, max_len_ = 0;
  mutable std::mutex read_;
};

}  // namespace fairaudit::run
