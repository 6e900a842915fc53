// Mapping files: how one ATS's flat export (one row per application, CSV or
// JSON) becomes the canonical round records of docs/input-format.md.
//
// A mapping is JSON with comments, like a policy. It names the column of each
// canonical field, the vocabulary of each coded column (`Kvinne` -> `woman`,
// `Innkalt til intervju` -> `interview_invited`), the date formats, and the
// columns dropped on purpose. Unknown keys are errors naming the file and the
// key, so a misspelt field never passes silently. docs/ats-export.md is the
// user's guide; policies/mappings/ holds the shipped mappings.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/time.hpp"

namespace fairaudit::convert {

class MappingError : public std::runtime_error {
 public:
  MappingError(const std::string& file, const std::string& key, const std::string& message)
      : std::runtime_error(file + (key.empty() ? "" : ": " + key) + ": " + message), file_(file), key_(key) {}
  const std::string& file() const { return file_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_, key_;
};

// Where a converted value goes in the canonical record. A mapped row is a
// vector of strings indexed by slot (empty: absent); documents take two slots
// each after kDocumentsBegin.
namespace slot {
enum : std::uint16_t {
  round_id,
  org_unit,
  jurisdiction,
  title_code,
  openings,
  internal_only,
  reserved_for,
  advertised_at,
  closes_at,
  requirements_documented_at,
  recommendation_at,
  decision_at,
  decision_reason,
  rep_appointed,
  rep_role,
  rep_agrees,
  rep_event_at,  // + RepEventType (7)
  applicant_id = rep_event_at + 7,
  gender,
  immigrant_background,
  disability,
  cv_gap,
  priority_access,
  age_band,
  outcome,
  rank,
  equally_qualified_with_top,
  meets_formal_requirements,
  event_at,                      // + Stage (10)
  event_reason = event_at + 10,  // + Stage (10)
  status_type = event_reason + 10,
  status_at,
  status_reason,
  interview_at,
  documents_begin,  // at, equality_statement per document
};
}  // namespace slot

// The first slot that belongs to an application rather than the round.
inline constexpr std::uint16_t kFirstApplicantSlot = slot::applicant_id;

enum class ValueType {
  code,      // copied through: ids, title codes, reason codes, age bands
  org_unit,  // a '/'-separated path, or slugs made from names
  word,      // one of a canonical vocabulary (gender, answers, outcomes, jurisdictions, stages)
  boolean,
  integer,
  date,
};

// A date format: "iso" (ISO-8601 date or date-time), or a pattern of YYYY,
// MM, DD, hh, mm, ss and literal characters, e.g. "DD.MM.YYYY",
// "MM/DD/YYYY hh:mm"; a trailing '*' ignores whatever follows. Day, month,
// hour and minute take one or two digits.
struct DateFormat {
  std::string pattern;
  bool iso = false;
};

// Parses `text` with the first format that fits, as a canonical ISO string
// ("2026-03-02" or "2026-03-02T14:30:00"); nullopt when none fits or the date
// does not exist.
std::optional<std::string> parse_date(std::string_view text, const std::vector<DateFormat>& formats);

struct FieldSpec {
  std::uint16_t slot = 0;
  std::string key;  // where it is written in the mapping, e.g. "applicant.gender"
  ValueType type = ValueType::code;
  std::vector<std::string> vocabulary;  // the canonical words a `word` field takes

  std::vector<std::string> columns;     // read from these (several: joined)
  std::string join = "/";
  std::optional<std::string> constant;  // or this value for every row
  bool optional = false;                // a column missing from the export is no error

  bool has_values = false;
  std::map<std::string, std::optional<std::string>> values;  // export word -> canonical (nullopt: nothing)
  bool ignore_case = false;
  std::optional<std::string> default_value;  // for an empty cell

  bool slug = false;  // org_unit: lower-case slugs made from names
  std::string prefix;
  std::vector<DateFormat> formats;  // dates: the mapping's input.date_formats unless given here
};

struct DocumentSpec {
  std::string type;
  std::vector<std::string> sent_to;
  std::uint16_t at_slot = 0, equality_slot = 0;
};

enum class InputFormat { automatic, csv, json };
enum class Encoding { utf8, windows1252 };

struct Mapping {
  std::string name, version, description;
  std::string file;    // the mapping file
  std::string sha256;  // of its bytes
  InputFormat format = InputFormat::automatic;
  char separator = 0;  // 0: detected from the header
  Encoding encoding = Encoding::utf8;
  std::vector<FieldSpec> fields;
  std::vector<DocumentSpec> documents;
  std::set<std::string> drop;  // columns left out on purpose (still reported with their counts)
  std::uint16_t slot_count = slot::documents_begin;

  const FieldSpec* field(std::uint16_t s) const;
  // Every column the mapping reads.
  std::set<std::string> mapped_columns() const;
};

// Loads a mapping file. Throws MappingError.
Mapping load_mapping(const std::filesystem::path& file);
// The same for text already in memory; `file` names it in errors.
Mapping parse_mapping(std::string_view text, const std::string& file);

// Lower-case ASCII and the Latin-1 letters of the Nordic languages (Æ Ø Å Ä Ö
// Ü É …), for `ignore_case` matching.
std::string fold_case(std::string_view s);
// "Bydel Gamle Oslo" -> "bydel-gamle-oslo"; æ -> ae, ø/ö -> o, å/ä -> a, ü -> u, é -> e.
std::string slugify(std::string_view s);

}  // namespace fairaudit::convert
