// Round ids are unique across an export: the stream (ingest/input.hpp) turns
// a round whose id an earlier line already used into a bad line that names
// the line of the first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fairaudit/model.hpp"
#include "ingest/record.hpp"

namespace fairaudit::ingest {

// Round ids seen so far, by a 64-bit hash of the id, with the line of the
// first: an open-addressing table of 14 bytes per slot (the hashes, the
// lines and the files in arrays of their own), at most three quarters full
// (a node-based map takes about 60 bytes per round), so a national export's
// 336,000 rounds take 7 MB.
class RoundIds {
 public:
  // `hint` follows the message of a duplicate ("" for none).
  explicit RoundIds(std::string hint = {}) : hint_(std::move(hint)) {}
  // The error for `round` when an earlier round had its id; records it otherwise.
  std::optional<LineError> check(const Round& round);

  // What insert() returns for a first line past 2^32 - 2.
  static constexpr std::uint64_t kLaterLine = UINT32_MAX;
  // The line of an earlier round with this hash, or 0 after recording `line`
  // (of the file numbered `file`); `*first_file`: that round's file number.
  std::uint64_t insert(std::uint64_t hash, std::uint64_t line, std::uint16_t file = 0,
                       std::uint16_t* first_file = nullptr);

 private:
  void grow();
  // The number of `file` among the files seen (the last one is the usual).
  std::uint16_t file_number(const std::string& file);
  std::string hint_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> lines_;
  std::vector<std::uint16_t> files_of_;
  std::vector<std::string> files_;  // by number; past 65,535 files the last number is shared
  std::size_t size_ = 0;
};

}  // namespace fairaudit::ingest
