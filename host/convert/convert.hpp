// Flat ATS exports -> canonical JSON Lines (docs/input-format.md: "an adapter maps them
// through a mapping file into the canonical form").
//
// One pass over the inputs maps every row through the mapping and the PII
// guard; the rows are grouped by round id in bounded memory (RowSorter); each
// round is assembled, written with RapidJSON's Writer and read back through
// the canonical reader (ingest::parse_line), so convert never writes a line
// that `fairaudit audit` would reject.
//
// Nothing is dropped silently: every column the mapping does not read, every
// value its vocabularies do not know and every value that is not a date or a
// number is reported once with its count. Values of unmapped columns are
// never read; a value that looks like a direct identifier rejects its row and
// is never echoed (only its kind and column are named).
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "convert/mapping.hpp"
#include "convert/sorter.hpp"
#include "common/errors.hpp"
#include "ingest/record.hpp"

namespace fairaudit::convert {

struct ConvertOptions {
  std::size_t memory_limit = std::size_t(128) << 20;  // rows held before spilling to temporary files
  std::string temp_dir;                               // empty: $TMPDIR or /tmp
  bool strict = false;                                // the first rejected row or round stops the conversion
  std::size_t max_rows_per_round = 200'000;
  ingest::Limits limits;
  std::string output_name = "-";  // names the output in messages about assembled rounds
};

// Thrown with `strict` at the first rejected row or round, and at the first
// value a vocabulary of the mapping does not know: common::StrictError.

struct ColumnReport {
  enum class Use { mapped, dropped, unmapped };
  std::string name;
  Use use = Use::unmapped;
  std::uint64_t filled = 0;  // rows with a value in it
};

// A value a vocabulary does not know. `value` tells distinct values apart
// and is never shown (the report names its length, column and first row: a
// cell outside a vocabulary may be a name typed into the wrong column).
struct UnknownValue {
  std::string key;     // the mapping key, e.g. "applicant.status"
  std::string column;  // the column(s) it came from
  std::string value;
  bool withheld = true;
  std::uint64_t count = 0;
  std::string first;  // "file:line" of the first row
  bool more = false;  // the entry counting the distinct values beyond the listed ones
};

// Anything else left out with a reason: not a date, not a number, free text
// in a code column, rows of one round that disagree, a status without a date.
struct Issue {
  std::string key, column, what;
  std::uint64_t count = 0;
  std::string first;
  std::string unit = "row";  // what is counted: rows, rounds or applications
};

struct Rejected {
  std::string where;    // "file:line"
  std::string message;  // names the column and the kind of problem, never the value
  std::string file;     // the flat file, as reported
  std::uint64_t line = 0;
  std::string kind = "mapping";  // a LineError kind: "identifier" for an identifier in a cell
};

struct InputSummary {
  std::string name, format;
  std::uint64_t rows = 0;
  // The flat file as read: its SHA-256, bytes and lines (a run audited
  // through the mapping lists these as its inputs).
  std::string sha256;
  std::uint64_t bytes = 0, lines = 0;
};

// Where a round of the canonical output came from: the input (an index into
// ConvertReport::inputs) and the lines of its first and last row there (the
// round's applications; rows of one round in several inputs: those of the
// first input).
struct RoundRows {
  std::uint32_t input = 0;
  std::uint64_t first = 0, last = 0;
};

struct ConvertReport {
  std::string mapping, mapping_version, mapping_file;
  std::vector<InputSummary> inputs;
  std::uint64_t rows = 0, rows_rejected = 0;
  std::uint64_t rows_in_rejected_rounds = 0;  // rows of the rounds left out (rounds_rejected)
  std::uint64_t rounds = 0, rounds_rejected = 0, applications = 0;
  std::vector<ColumnReport> columns;  // every column of every input, by name
  std::vector<UnknownValue> unknown_values;
  std::vector<Issue> issues;
  std::vector<Rejected> rejected;  // the first kMaxListed rows and rounds
  std::uint64_t rejected_not_listed = 0;
  SorterStats sort;
  // Line n (1-based) of the canonical output is the round round_rows[n - 1].
  std::vector<RoundRows> round_rows;

  static constexpr std::size_t kMaxListed = 100;

  // The report for a person extending the mapping (stderr of `fairaudit convert`).
  std::string text() const;
  // The rejected rows and rounds as the line errors of a run audited through
  // the mapping (`audit --mapping`): counted in its rejected_lines, listed
  // like the lines of a JSON Lines export.
  std::vector<ingest::LineError> line_errors() const;
  std::uint64_t rejected_rows() const { return rows_rejected + rows_in_rejected_rounds; }
};

// Converts the flat `inputs` ("-" is standard input) and hands the canonical
// JSON Lines to `write` in chunks. Throws InputError (an input cannot be
// read), MappingError (the export lacks a column the mapping needs),
// StrictError, std::runtime_error (temporary files).
ConvertReport convert(const Mapping& mapping, const std::vector<std::string>& inputs, const ConvertOptions& options,
                      const std::function<void(std::string_view)>& write);

}  // namespace fairaudit::convert
