// Findings of a large run kept on disk instead of in memory. The runner
// writes them out in sorted chunks as they come; at the end the chunks are
// merged into one sorted, de-duplicated file that the JSON and SARIF writers
// read back one finding at a time. Memory then depends on the chunk size, not
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
  // Merges the chunks into the final file; counts what it keeps.
  void finish();

  // After finish(): every finding in order, read back from disk.
  void for_each(const std::function<void(const AuditFinding&)>& fn) const;
  std::uint64_t size() const { return count_; }
  const FindingTally& tally() const { return tally_; }
  std::size_t chunks() const { return chunks_.size(); }

 private:
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> chunks_;
  std::filesystem::path merged_;
  std::uint64_t count_ = 0;
  FindingTally tally_;
};

}  // namespace fairaudit::run
