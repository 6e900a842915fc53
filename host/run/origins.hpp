// Where the records of a run come from, as the reports name it.
//
// The ingest reads the files it is given; the reports name what the user
// knows. Two differences are bridged here, before any finding is made:
//   - an export audited through a mapping (`audit --mapping`) is read as a
//     temporary canonical file with one line per round; each of its lines is
//     the round of rows `first`..`last` of the flat export, and every
//     location names that file and those rows;
//   - `--artifact-name` and `--source-root` report an input under a stable
//     name (a dated export, a path relative to a checkout), so that SARIF
//     artifact URIs and locations do not change from one night to the next.
// Read-only once built: the runner's threads look records up concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "fairaudit/model.hpp"

namespace fairaudit::run {

class Origins {
 public:
  // Records of `input` (as given to the ingest) are reported under `name`.
  void rename(const std::string& input, std::string name);

  // `input` is a converted export: its line n (1-based) is the round whose
  // rows run from `first` to `last` of the flat file `file` (a reported name).
  // Lines must be added in order, 1, 2, 3, ….
  void add_round(const std::string& input, const std::string& file, std::uint64_t first, std::uint64_t last);

  bool empty() const { return renames_.empty() && converted_.empty(); }

  // Rewrites a record's source into the reported file and first row.
  void apply(Source& source) const;
  // The last row of the record whose reported source is `source` (after
  // apply()); 0 when the record is one line.
  std::uint64_t end_line(const Source& source) const;
  // The reported name of an input.
  std::string name_of(const std::string& input) const;

 private:
  struct Span {
    std::uint32_t file;
    std::uint64_t first, last;
  };
  std::uint32_t file_index(const std::string& file);
  std::map<std::string, std::string> renames_;
  std::string converted_;          // the converted export's path ("" when none)
  std::vector<Span> spans_;        // its line n is spans_[n - 1]
  std::vector<std::string> files_;  // reported names of the flat files
  std::vector<std::unordered_map<std::uint64_t, std::uint64_t>> last_;  // per file: first row -> last row
};

}  // namespace fairaudit::run
