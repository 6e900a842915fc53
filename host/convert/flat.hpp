// Flat exports, one row per application: CSV with a header line, a JSON array
// of flat objects, or JSON Lines of flat objects. Every reader hands on rows
// as cells indexed by column, with the line the row starts on, and holds one
// row and one block of input in memory, whatever the size of the export.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "convert/bytes.hpp"
#include "convert/mapping.hpp"

namespace fairaudit::convert {

struct FlatRow {
  std::uint64_t line = 0;
  // One per column known so far (JSON exports may add columns as they go);
  // an empty cell and a missing one are the same.
  std::vector<std::string> cells;
  std::vector<bool> nested;  // JSON: the value was an object or array (not flat)
  std::string error;         // non-empty: the row could not be read, and why
};

class FlatReader {
 public:
  virtual ~FlatReader() = default;
  // Hands every row to `fn`, in input order (the row is reused between
  // calls). Throws InputError when the input as a whole cannot be read (no
  // header, a JSON array that is not valid JSON).
  virtual void for_each(const std::function<void(FlatRow&)>& fn) = 0;
  // CSV: the columns are fixed by the header before the first row.
  virtual bool fixed_columns() const { return false; }
  // Column names in order of first appearance (CSV: the header).
  const std::vector<std::string>& columns() const { return columns_; }
  // The format as detected, for the report: "CSV (';')", "JSON array", "JSON Lines".
  virtual std::string describe() const = 0;

 protected:
  std::vector<std::string> columns_;
};

// Opens `in` in the mapping's format (or detects it: the file name's
// extension, else the first byte: '[' a JSON array, '{' JSON Lines, anything
// else CSV).
std::unique_ptr<FlatReader> open_flat(ByteReader& in, const Mapping& mapping);

// Windows-1252 (Excel's "CSV" on Nordic Windows) to UTF-8.
std::string windows1252_to_utf8(std::string_view s);
bool valid_utf8(std::string_view s);

}  // namespace fairaudit::convert
