// Ingest: one JSON line of the canonical export -> one typed record.
//
// Parse, don't validate twice: this is the only place that reads raw JSON of
// the export. Every rejection names the line, the JSON path and what was
// expected; no value of the line is ever echoed (a value outside a
// vocabulary may be a name), and every string and key name at any depth,
// known field or not, passes the identifier guard (ingest/pii.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "fairaudit/model.hpp"
#include "ingest/profile.hpp"

namespace fairaudit::ingest {

// Limits that keep one hostile or broken line from exhausting the machine.
struct Limits {
  std::size_t max_line_bytes = 16u << 20;  // 16 MiB
  std::size_t max_applicants = 50'000;
  std::size_t max_events = 1'000;  // per applicant, and representative events per round
  std::size_t max_depth = 32;      // JSON nesting
  std::size_t max_string_bytes = 4'096;
  // Fields the jurisdiction forbids in any record (ingest/profile.hpp).
  IngestProfile profile = IngestProfile::none;
};

using Record = std::variant<Round, UnitRecord, MeasuresRecord>;

struct LineError {
  std::string file;
  std::uint64_t line = 0;
  std::string path;     // JSON path in the record, e.g. "applicants[3].events[1].at"; empty for the whole line
  std::string message;  // what was expected
  std::string kind;     // "syntax", "schema", "limit", "identifier", "duplicate"

  std::string to_string() const;  // "file:line: path: message"
};

struct ParseOutcome {
  std::optional<Record> record;
  std::optional<LineError> error;
  std::string raw;  // the line itself, only when StreamOptions::keep_raw (plugin isolation)
};

// Parses one line (without its newline). `source` names the file and line.
ParseOutcome parse_line(std::string_view line, const Source& source, const Limits& limits);
// The same into `out`, which may hold an earlier line's outcome: a round is
// read into the round already there, its strings and vectors reused, and
// comes out as parse_line would give it.
void parse_line_into(std::string_view line, const Source& source, const Limits& limits, ParseOutcome& out);
// The same on a line the caller lets the parser overwrite: `text[length]`
// must be a NUL byte, and the text is changed (strings are unescaped where
// they stand) — no copy of the line is made. `out.raw` is left as it is.
void parse_line_in_place(char* text, std::size_t length, const Source& source, const Limits& limits,
                         ParseOutcome& out);

// The bit (0-63) of an object key in the reader's check for keys given twice
// in one object: no two keys of one object of schemas/export.schema.json
// share one (a valid record costs no second look; tests/ingest checks it).
unsigned record_key_hash(std::string_view key) noexcept;

}  // namespace fairaudit::ingest
