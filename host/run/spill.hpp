// Findings of a large run kept on disk instead of in memory. The runner
// writes them out in sorted chunks as they come; the JSON and SARIF writers
// read them back one finding at a time, merged from the chunks in order and
// de-duplicated as they are read (with very many chunks, the first ones are
// merged into one file first, so that at most kFanIn files are open). Memory then depends on the chunk size, not
// on the export (issue 7: national exports have millions of findings).
//
// The files hold findings as the run produced them (pseudonymous ids
// included), in a directory only the user can read, removed when the run's
// result is gone.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "run/result.hpp"

namespace fairaudit::run {

class FindingSpill {
 public:
  FindingSpill();  // creates the private temporary directory
  ~FindingSpill();
  FindingSpill(const FindingSpill&) = delete;
  FindingSpill& operator=(const FindingSpill&) = delete;

  // Writes `sorted` (sorted, de-duplicated) as the next chunk.
  void write_chunk(const std::vector<AuditFinding>& sorted);
  // Writes `findings` as the next chunk, sorted and de-duplicated as
  // sort_findings() would (the first of equal findings kept), without moving
  // them: a sort of their indices.
  void write_chunk_sorted(const std::vector<AuditFinding>& findings);
  // After the last chunk: counts what will be read back.
  void finish();

  // After finish(): every finding in order, read back from disk (each call
  // merges the chunks again).
  void for_each(const std::function<void(const AuditFinding&)>& fn) const;
  std::uint64_t size() const { return count_; }
  const FindingTally& tally() const { return tally_; }
  // Chunks written by the run (before any merging).
  std::size_t chunks() const { return written_chunks_; }

  // Files merged at once (and open at once): 256 chunks hold a million
  // findings, about 8 million applications' worth.
  static constexpr std::size_t kFanIn = 256;

 private:
  void write(const std::vector<AuditFinding>& findings, const std::vector<std::uint32_t>& order);
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> chunks_;
  std::size_t written_ = 0, written_chunks_ = 0;
  std::uint64_t count_ = 0;
  FindingTally tally_;
};

}  // namespace fairaudit::run
