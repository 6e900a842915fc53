#include "ingest/round_ids.hpp"

#include <algorithm>
#include <functional>

namespace fairaudit::ingest {

std::uint16_t RoundIds::file_number(const std::string& file) {
  if (!files_.empty() && files_.back() == file) return std::uint16_t(files_.size() - 1);
  for (std::size_t i = 0; i < files_.size(); ++i)
    if (files_[i] == file) return std::uint16_t(i);
  if (files_.size() == UINT16_MAX) return UINT16_MAX - 1;
  files_.push_back(file);
  return std::uint16_t(files_.size() - 1);
}

std::optional<LineError> RoundIds::check(const Round& round) {
  const std::uint16_t file = file_number(round.source.file);
  std::uint16_t first_file = file;
  const std::uint64_t first =
      insert(std::hash<std::string>{}(round.round_id), round.source.line, file, &first_file);
  if (first == 0) return std::nullopt;
  // Of the same file, the line says where; of another, the file as well
  // (two exports joined by a night's job).
  std::string where = first == kLaterLine ? std::string("an earlier line") : "line " + std::to_string(first);
  if (first_file != file && first_file < files_.size()) where += " of " + files_[first_file];
  else if (first != kLaterLine && first >= round.source.line) where += " of the same file, given as an earlier input";
  return LineError{round.source.file, round.source.line, "round_id", "duplicates the round id of " + where + hint_,
                   "duplicate"};
}

std::uint64_t RoundIds::insert(std::uint64_t hash, std::uint64_t line, std::uint16_t file, std::uint16_t* first_file) {
  if (hash == 0) hash = 1;  // 0 marks an empty slot
  if ((size_ + 1) * 4 > hashes_.size() * 3) grow();
  const std::size_t mask = hashes_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (hashes_[i] == hash) {
      if (first_file) *first_file = files_of_[i];
      return lines_[i];
    }
    if (hashes_[i] == 0) {
      hashes_[i] = hash;
      lines_[i] = std::uint32_t(std::min<std::uint64_t>(line, kLaterLine));
      files_of_[i] = file;
      ++size_;
      return 0;
    }
  }
}

void RoundIds::grow() {
  std::vector<std::uint64_t> old_hashes(std::max<std::size_t>(1024, hashes_.size() * 2));
  std::vector<std::uint32_t> old_lines(old_hashes.size());
  std::vector<std::uint16_t> old_files(old_hashes.size());
  old_hashes.swap(hashes_);
  old_lines.swap(lines_);
  old_files.swap(files_of_);
  size_ = 0;
  for (std::size_t i = 0; i < old_hashes.size(); ++i)
    if (old_hashes[i]) insert(old_hashes[i], old_lines[i], old_files[i]);
}

}  // namespace fairaudit::ingest
