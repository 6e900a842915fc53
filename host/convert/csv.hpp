// CSV as ATS exports and spreadsheets write it (RFC 4180): fields separated
// by ',' or ';' (Nordic spreadsheets use ';', because ',' is their decimal
// mark), a field in double quotes may hold separators, line breaks and quotes
// written twice (""), records end with CRLF or LF, and a UTF-8 byte-order mark
// may lead (Excel's "CSV UTF-8").
//
// Written here rather than taken from Debian: libcsv (3.0.3, 2013) has had no
// release since and reports no line numbers; libfccp fixes the column count at
// compile time. This reader is small, streams from a ByteReader, and is fuzzed
// (fuzz/csv).
//
// Deliberately lenient, as spreadsheets are: a quote inside an unquoted field
// is kept as a character, and the last record may lack its line break. Errors
// (text after a closing quote, a quote never closed, a record over the limit)
// are reported for that record with its line, and reading resumes on the next
// line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "convert/bytes.hpp"

namespace fairaudit::convert {

struct CsvOptions {
  char separator = 0;  // 0: the one of ',', ';' and TAB that the header line uses most
  std::size_t max_record_bytes = 16u << 20;
  std::size_t max_fields = 10'000;
};

// One record. The vector keeps its strings between records (no allocation per
// field once the widest record has been seen); `size` is how many are in use.
struct CsvRow {
  std::vector<std::string> fields;
  std::size_t size = 0;
  std::uint64_t line = 0;  // the line the record starts on (1-based)
  std::string error;       // non-empty: the record is malformed, and says why

  std::string_view operator[](std::size_t i) const { return fields[i]; }
  bool blank() const { return size == 0 || (size == 1 && fields[0].empty()); }
};

class CsvReader {
 public:
  CsvReader(ByteReader& in, CsvOptions options);

  // Reads the next record; false at the end of the input. Throws InputError
  // for an input that is not UTF-8 or single-byte text (a UTF-16 byte-order mark).
  bool next(CsvRow& row);

  char separator() const { return sep_; }
  bool had_bom() const { return bom_; }

 private:
  struct Cursor {
    ByteReader* in;
    std::uint64_t line;
  };
  bool read_record(Cursor& cur, CsvRow& row);
  void skip_line(Cursor& cur);
  void detect_separator();

  ByteReader& in_;
  CsvOptions options_;
  Cursor cur_;
  char sep_ = 0;
  bool started_ = false, bom_ = false;
};

// The separator's name for messages: "','", "';'", "TAB".
std::string separator_name(char sep);

// Writes one field as RFC 4180 wants it: quoted when it holds the separator, a
// quote, CR or LF. For tests, the fuzz target and the benchmark generator.
std::string csv_field(std::string_view value, char sep);
// One record with its CRLF; a record of one empty field is written `""`, so
// that it does not read back as a blank line.
std::string csv_record(const std::vector<std::string>& fields, char sep);

}  // namespace fairaudit::convert
