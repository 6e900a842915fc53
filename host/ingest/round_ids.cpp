#include "ingest/round_ids.hpp"

#include <algorithm>
#include <functional>

namespace fairaudit::ingest {

std::optional<LineError> RoundIds::check(const Round& round) {
  const std::uint64_t first = insert(std::hash<std::string>{}(round.round_id), round.source.line);
  if (first == 0) return std::nullopt;
  return LineError{round.source.file, round.source.line, "round_id",
                   "duplicates the round id of " +
                       (first == kLaterLine ? std::string("an earlier line") : "line " + std::to_string(first)) + hint_,
                   "duplicate"};
}

std::uint64_t RoundIds::insert(std::uint64_t hash, std::uint64_t line) {
  if (hash == 0) hash = 1;  // 0 marks an empty slot
  if ((size_ + 1) * 4 > hashes_.size() * 3) grow();
  const std::size_t mask = hashes_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (hashes_[i] == hash) return lines_[i];
    if (hashes_[i] == 0) {
      hashes_[i] = hash;
      lines_[i] = std::uint32_t(std::min<std::uint64_t>(line, kLaterLine));
      ++size_;
      return 0;
    }
  }
}

void RoundIds::grow() {
  std::vector<std::uint64_t> old_hashes(std::max<std::size_t>(1024, hashes_.size() * 2));
  std::vector<std::uint32_t> old_lines(old_hashes.size());
  old_hashes.swap(hashes_);
  old_lines.swap(lines_);
  size_ = 0;
  for (std::size_t i = 0; i < old_hashes.size(); ++i)
    if (old_hashes[i]) insert(old_hashes[i], old_lines[i]);
}

}  // namespace fairaudit::ingest
