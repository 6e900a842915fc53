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

// A round's applicant ids, indexed for IdScrubber: their first bytes and
// lengths, and their hashes sorted. Made once per round, on the thread that
// admits it while the round is in cache, and read by every plugin's reply
// to it (made for each reply, the same index was six times the work, and in
// a run with plugin processes each time over a round no plugin thread had
// touched). Views into the round, which outlives the index's readers.
class IdIndex {
 public:
  IdIndex() = default;
  // The index of `round`'s ids (none for an empty round), reusing this
  // one's room.
  void assign(const Round& round);
  void assign(const std::vector<std::string>& ids);
  void clear();
  bool empty() const { return ids_.empty(); }

 private:
  friend class IdScrubber;
  void take(std::string_view id);
  void finish();
  std::vector<std::string_view> ids_;       // the longest first
  std::array<std::uint64_t, 4> first_bytes_{};  // the ids' first bytes, one bit each
  int only_first_ = -1;                         // the first byte of every id, when they share one
  std::vector<std::size_t> lengths_;            // the ids' lengths, each once, shortest first
  std::vector<std::uint64_t> hashes_;           // the ids' hashes, sorted
};

class IdScrubber {
 public:
  // The ids `index` holds (a round's, IdIndex::assign); the index outlives
  // the scrubber.
  explicit IdScrubber(const IdIndex& index) : index_(&index) {}
  // These ids, whatever their round (RunIds::found_in).
  explicit IdScrubber(std::vector<std::string> ids);
  // Neither copied nor moved: the index may be the scrubber's own, over
  // owned_'s strings.
  IdScrubber(const IdScrubber&) = delete;
  IdScrubber& operator=(const IdScrubber&) = delete;
  bool empty() const { return index_->empty(); }
  // Replaces each occurrence of an id that stands as a word of its own (not
  // inside a longer run of letters and digits) by kIdRemoved.
  void scrub(std::string& text) const;
  void scrub(Evidence& evidence) const;  // text values, nested ones included
  void scrub(Finding& f) const;          // message, key and text evidence
  void scrub(Check& c) const;            // reason, key and text evidence

 private:
  // False when no id stands as a word in `text`, so that scrub() would
  // leave it as it is: one pass over the text, each place where an id could
  // start and end as a word looked up among the ids' hashes. True for a
  // text that may hold one (a hash may collide), which scrub() then reads
  // id by id.
  bool may_hold(std::string_view text) const;
  bool holds_id(const Evidence& evidence) const;
  Evidence rebuilt(const Evidence& evidence) const;
  std::vector<std::string> owned_;
  IdIndex own_;  // over owned_, when the scrubber was given the ids
  const IdIndex* index_ = &own_;
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
