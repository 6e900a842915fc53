// Grouping rows into rounds when the export is not sorted by round, in
// bounded memory: an external merge sort of (key, record) pairs.
//
// Records are kept in memory up to a byte limit; past it the buffer is sorted
// and written to a temporary file (a "run"), and at the end the runs are
// merged. Records with equal keys come out in the order they were added, so
// rows of one round keep the export's order. Temporary files are created
// with mode 0600 and unlinked at once, so they vanish with the process even
// if it is killed: they hold rows of special-category personal data.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fairaudit::convert {

struct SorterStats {
  std::uint64_t records = 0;
  std::uint64_t runs = 0;           // temporary files written (0: everything fitted in memory)
  std::uint64_t bytes_spilled = 0;  // written to temporary files, merge passes included
  std::uint64_t merge_passes = 0;
};

class RowSorter {
 public:
  // `memory_limit`: bytes of records (and their index) held before a spill;
  // `temp_dir`: where runs go ($TMPDIR or /tmp when empty).
  RowSorter(std::size_t memory_limit, std::string temp_dir);
  ~RowSorter();
  RowSorter(const RowSorter&) = delete;
  RowSorter& operator=(const RowSorter&) = delete;

  void add(std::string_view key, std::string_view record);

  // Calls `fn` for every record in key order (bytewise), equal keys in the
  // order added. Throws std::runtime_error when a temporary file fails.
  void finish(const std::function<void(std::string_view key, std::string_view record)>& fn);

  const SorterStats& stats() const { return stats_; }

 private:
  struct Entry {
    std::uint64_t offset;
    std::uint32_t key_len, rec_len;
    std::uint64_t seq;
  };
  void spill();
  void sort_buffer();
  std::FILE* new_run();
  void merge(std::vector<std::FILE*>& runs, const std::function<void(std::string_view, std::string_view)>& fn);

  std::size_t limit_;
  std::string temp_dir_;
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<std::FILE*> runs_;
  std::uint64_t seq_ = 0;
  SorterStats stats_;
};

// The temporary directory: $TMPDIR, else /tmp.
std::string default_temp_dir();

}  // namespace fairaudit::convert
