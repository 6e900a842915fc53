// The bad-input catalogue: for each kind of bad line or file, the exact
// message a person gets from `fairaudit validate` and `audit`, and that the
// value planted in it (a name, an identity number, an e-mail address) is not
// in it. docs/input-format.md ("Messages, kind by kind") is this table: the
// test renders it and compares (FAIRAUDIT_UPDATE_DOCS=1 rewrites the section).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include "ingest/input.hpp"
#include "test_paths.hpp"

namespace fs = std::filesystem;
using namespace fairaudit;

namespace catalogue_test {
namespace {

const std::string kName = "Kari Nordmann";
const std::string kPnr = "19850709-9805";  // a valid Swedish personnummer (Luhn)
const std::string kFnr = "01019000083";     // a valid Norwegian fødselsnummer (both mod-11 digits)
const std::string kMail = "kari.nordmann@example.com";

// A valid round; each case changes one thing in it.
const std::string kRound =
    R"({"kind":"round","schema":1,"round_id":"R-1","org_unit":"oslo/x","jurisdiction":"NO-OSL",)"
    R"("position":{"openings":1,"internal_only":false},"advertised_at":"2026-01-02","decision_reason":"best-qualified",)"
    R"("applicants":[{"id":"a1","gender":"woman","self_id":{"immigrant_background":"no"},"age_band":"30-39",)"
    R"("assessment":{"outcome":"qualified","rank":1},"events":[{"type":"applied","at":"2026-01-05"}]}],)"
    R"("interviews":[{"applicant":"a1","at":"2026-01-10"}],)"
    R"("representative":{"appointed":true,"events":[{"type":"invited","at":"2026-01-06"}]},)"
    R"("documents":[{"type":"innstilling","at":"2026-01-20","sent_to":["likestillingsrepresentant"]}]})";
const std::string kUnit = R"({"kind":"unit","schema":1,"org_unit":"oslo/x","period":"2026"})";
const std::string kMeasures = R"({"kind":"measures","schema":1,"employer":"e1","year":2026})";

std::string with(std::string line, const std::string& from, const std::string& to) {
  const auto at = line.find(from);
  if (at == std::string::npos) throw std::logic_error("catalogue: no '" + from + "' in the base line");
  return line.replace(at, from.size(), to);
}
std::string R(const std::string& from, const std::string& to) { return with(kRound, from, to); }
std::string many_events(int n) {
  std::string ev;
  for (int i = 0; i < n; ++i) ev += std::string(i ? "," : "") + R"({"type":"applied","at":"2026-01-05"})";
  return R(R"([{"type":"applied","at":"2026-01-05"}])", "[" + ev + "]");
}
std::string deep(int n) { return R(R"("age_band":"30-39",)", R"("x":)" + std::string(n, '[') + std::string(n, ']') + ","); }

struct Case {
  const char* kind;     // kebab-case, unique
  const char* what;     // what the line or file holds, for the docs
  std::string content;  // the whole file
  std::string expected; // every message, "export.jsonl:LINE: PATH: MESSAGE", one per line
  std::string planted = kName;  // must not appear in the messages
};

const std::string kVocab = " (the value is not shown: a value outside the vocabulary may be personal data)";
const std::string kId = "); the value is withheld. An anonymized export must not contain it";

std::vector<Case> cases() {
  const std::string L = "export.jsonl:1: ";
  const std::string L2 = "export.jsonl:2: ";
  return {
      // ---- the line is not JSON
      {"truncated", "a line cut short inside a string", kRound.substr(0, 60),
       L + "not valid JSON at byte 61: a string without its closing quote (the line may be cut short)", "R-1"},
      {"truncated-object", "a line cut short between members", kRound.substr(0, 44),
       L + "not valid JSON at byte 45: the line ends in the middle of its JSON value (the line may be cut short)", "R-1"},
      {"invalid-utf8", "a Windows-1252 'ø' (byte F8) in a string", R("oslo/x", "oslo/\xF8"),
       L + "not valid JSON at byte 62: invalid UTF-8 encoding (the line looks like Windows-1252 or Latin-1 text: "
           "convert the file, e.g. iconv -f WINDOWS-1252 -t UTF-8)"},
      {"invalid-utf8-sequence", "a UTF-8 sequence cut short (E2 82 without its last byte)", R("oslo/x", "oslo/\xE2\x82x"),
       L + "not valid JSON at byte 62: invalid UTF-8 encoding"},
      {"nul-byte", "a NUL byte", R("R-1", std::string("R\0", 2) + "1"), L + "not valid JSON at byte 41: a NUL byte"},
      {"raw-tab", "a raw TAB inside a string", R("best-qualified", "best\tqualified"),
       L + "not valid JSON at byte 189: a raw control character (U+0009 (TAB)) inside a string; JSON writes it "
           "escaped (\\t, \\n, \\u0009)"},
      {"raw-control", "a raw ESC byte inside a string", R("R-1", "R\x1b[2J"),
       L + "not valid JSON at byte 41: a raw control character (U+001B (ESC)) inside a string; JSON writes it "
           "escaped (\\t, \\n, \\u0009)"},
      {"bad-escape", "an escape JSON does not know (\\x41)", R("R-1", "R\\x41"),
       L + "not valid JSON at byte 41: an invalid escape in a string (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
           "and \\uXXXX)"},
      {"bom-mid-file", "a byte-order mark at the start of line 2 (two files joined with cat)",
       kRound + "\n\xEF\xBB\xBF" + with(kRound, "R-1", "R-2") + "\n",
       L2 + "not valid JSON at byte 1: a byte-order mark (U+FEFF) where a value should start; files joined with cat "
            "keep each file's mark at the start of its first line: remove it"},
      {"single-quotes", "a string in single quotes", R("\"woman\"", "'" + kName + "'"),
       L + "not valid JSON at byte 235: a single quote where a value should start; JSON strings use double quotes"},
      {"capital-literal", "True instead of true", R("\"appointed\":true", "\"appointed\":True"),
       L + "not valid JSON at byte 480: a word where a value should start; JSON's literals are true, false and "
           "null, in lower case, and strings are quoted"},
      {"trailing-comma", "a comma before '}'", R("\"internal_only\":false}", "\"internal_only\":false,}"),
       L + "not valid JSON at byte 136: a comma before '}' (JSON allows no trailing comma)"},
      {"unquoted-key", "an object key without quotes", R("\"schema\":1", "schema:1"),
       L + "not valid JSON at byte 17: an object key must be a string in double quotes"},
      {"two-values", "two records on one line", kRound + " " + kUnit,
       L + "not valid JSON at byte " + std::to_string(kRound.size() + 2) +
           ": more than one JSON value on the line (each record on a line of its own)"},
      {"missing-comma", "two members without a comma between them", R(",\"schema\"", " \"schema\""),
       L + "not valid JSON at byte 17: Missing a comma or '}' after an object member."},
      {"number-too-big", "a number beyond what a double holds", R("\"openings\":1", "\"openings\":1e400"),
       L + "position.openings: not valid JSON at byte 112: a number too large to be read (the value is not shown)"},
      {"key-twice", "an applicant's gender given twice, a name the second time",
       R("\"gender\":\"woman\"", "\"gender\":\"woman\",\"gender\":\"" + kName + "\""),
       L + "applicants[0].gender: is given twice in one object; which of the values is meant cannot be told (JSON "
           "readers differ: some take the first, some the last), so the record is not read"},
      {"extension-key-twice", "an extension field given twice", R("\"kind\":\"round\",", "\"kind\":\"round\",\"x_note\":1,\"x_note\":2,"),
       L + "x_note: is given twice in one object; which of the values is meant cannot be told (JSON readers differ: "
           "some take the first, some the last), so the record is not read"},
      {"not-an-object", "an array on line 2", kRound + "\n[1,2]\n", L2 + "expected a JSON object, found an array"},
      {"a-string", "a bare string as a line", "\"" + kName + "\"\n", L + "expected a JSON object, found a string"},
      {"too-deep", "arrays nested 40 deep in an extension field", deep(40),
       L + "applicants[0].x[0]…: JSON nested deeper than the limit of 32"},
      // ---- the record
      {"kind-missing", "no \"kind\"", with(kRound, R"("kind":"round",)", ""), L + "kind: required field is missing"},
      {"kind-unknown", "a name as the kind", R("\"kind\":\"round\"", "\"kind\":\"" + kName + "\""),
       L + "kind: is not one of round|unit|measures" + kVocab},
      {"kind-number", "a number as the kind", R("\"kind\":\"round\"", "\"kind\":7"),
       L + "kind: expected one of round|unit|measures, found a number"},
      {"schema-missing", "no \"schema\"", R(R"("schema":1,)", ""), L + "schema: required field is missing"},
      {"schema-2", "schema version 2", R("\"schema\":1", "\"schema\":2"),
       L + "schema: schema version 2 is not supported (this fairaudit reads 1)"},
      {"schema-string", "the schema version as a string", R("\"schema\":1", "\"schema\":\"1\""),
       L + "schema: expected the number 1, found a string"},
      {"round-id-missing", "no round id", R(R"("round_id":"R-1",)", ""), L + "round_id: required field is missing"},
      {"round-id-empty", "an empty round id", R("\"R-1\"", "\"\""), L + "round_id: must not be empty"},
      {"round-id-escape", "an escape sequence that clears the terminal, in the round id", R("R-1", "R-1\\u001b[2J"),
       L + "round_id: holds a control character (U+001B (ESC)); codes are printable text (the value is not shown)"},
      {"round-id-bidi", "a right-to-left override in the round id", R("R-1", "R-1\\u202e"),
       L + "round_id: holds a control character (U+202E (a bidirectional or line-separator control)); codes are "
           "printable text (the value is not shown)"},
      {"round-id-zero-width", "a zero-width space in the round id (two ids that read the same)",
       R("R-1", "R-\\u200b1"),
       L + "round_id: holds a control character (U+200B (an invisible format character)); codes are printable text (the "
           "value is not shown)"},
      {"round-id-name", "a name as the round id", R("R-1", kName),
       L + "round_id: holds what looks like a direct identifier (free-text" + kId},
      {"round-id-pnr", "a personnummer as the round id", R("R-1", kPnr),
       L + "round_id: holds what looks like a direct identifier (se-personnummer" + kId, kPnr},
      {"round-id-number", "the round id as a number", R("\"R-1\"", "17"), L + "round_id: expected a string, found a number"},
      {"org-unit-slash", "an org unit with a leading '/'", R("oslo/x", "/oslo/x"),
       L + "org_unit: expected a '/'-separated path such as \"oslo/bydel-gamle-oslo/helse\""},
      {"org-unit-control", "a line feed in the org unit", R("oslo/x", "oslo/x\\n"),
       L + "org_unit: holds a control character (U+000A (LF)); codes are printable text (the value is not shown)"},
      {"jurisdiction-name", "a name as the jurisdiction", R("NO-OSL", kName),
       L + "jurisdiction: is not one of NO-OSL|NO-STATE|SE|DK|other" + kVocab},
      {"jurisdiction-lower", "the jurisdiction in lower case", R("NO-OSL", "no-osl"),
       L + "jurisdiction: is not one of NO-OSL|NO-STATE|SE|DK|other" + kVocab},
      {"jurisdiction-missing", "no jurisdiction", R(R"("jurisdiction":"NO-OSL",)", ""),
       L + "jurisdiction: required field is missing"},
      {"date-name", "a name as a date", R("\"advertised_at\":\"2026-01-02\"", "\"advertised_at\":\"" + kName + "\""),
       L + "advertised_at: is not an ISO-8601 date or date-time (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]) (the value is not "
           "shown)"},
      {"date-nordic", "a date written 31.12.2026", R("2026-01-02", "31.12.2026"),
       L + "advertised_at: is not an ISO-8601 date or date-time (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]); it has the form "
           "99.99.9999 (the value is not shown)"},
      {"date-impossible", "month 13", R("2026-01-02", "2026-13-01"),
       L + "advertised_at: is not an ISO-8601 date or date-time (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]); it has the form "
           "9999-99-99 (the value is not shown)"},
      {"date-number", "a date as a number", R("\"2026-01-02\"", "20260102"),
       L + "advertised_at: expected an ISO-8601 date, found a number"},
      {"openings-2-64", "2^64 where a whole number is expected", R("\"openings\":1", "\"openings\":18446744073709551616"),
       L + "position.openings: is out of range (0 to 100000) (the value is not shown)"},
      {"openings-fraction", "a fraction where a whole number is expected", R("\"openings\":1", "\"openings\":1.5"),
       L + "position.openings: expected a whole number (0 to 100000), found a number with a fractional part"},
      {"openings-decimal-point", "a whole number written 2.0", R("\"openings\":1", "\"openings\":2.0"),
       L + "position.openings: expected a whole number (0 to 100000) written as digits only, found one with a decimal "
           "point or an exponent"},
      {"openings-negative", "a negative count", R("\"openings\":1", "\"openings\":-1"),
       L + "position.openings: is out of range (0 to 100000) (the value is not shown)"},
      {"openings-string", "a number in quotes", R("\"openings\":1", "\"openings\":\"1\""),
       L + "position.openings: expected a whole number (0 to 100000), found a string"},
      {"boolean-string", "\"yes\" where true or false is expected", R("\"internal_only\":false", "\"internal_only\":\"yes\""),
       L + "position.internal_only: expected true or false, found a string"},
      {"position-array", "the position as an array", R(R"({"openings":1,"internal_only":false})", "[]"),
       L + "position: expected an object, found an array"},
      {"applicants-missing", "no applicants",
       R"({"kind":"round","schema":1,"round_id":"R-1","org_unit":"oslo/x","jurisdiction":"NO-OSL"})",
       L + "applicants: required field is missing"},
      {"applicants-object", "applicants as an object", R(R"("applicants":[)", R"("applicants":{"a":[)") ,
       L + "not valid JSON at byte 634: the line ends in the middle of its JSON value (the line may be cut short)"},
      {"applicant-string", "an applicant that is a string", R(R"("applicants":[{"id":"a1")", R"("applicants":["a1",{"id":"a1")"),
       L + "applicants[0]: expected an object, found a string"},
      {"applicant-id-missing", "an applicant without an id", R(R"({"id":"a1",)", "{"), L + "applicants[0].id: required field is missing"},
      {"applicant-id-empty", "an empty applicant id", R(R"({"id":"a1")", R"({"id":"")"), L + "applicants[0].id: must not be empty"},
      {"applicant-id-email", "an e-mail address as the applicant id", R(R"({"id":"a1")", "{\"id\":\"" + kMail + "\""),
       L + "applicants[0].id: holds what looks like a direct identifier (email" + kId, kMail},
      {"applicant-id-fnr", "a fødselsnummer as the applicant id", R(R"({"id":"a1")", "{\"id\":\"" + kFnr + "\""),
       L + "applicants[0].id: holds what looks like a direct identifier (no-fodselsnummer" + kId, kFnr},
      {"applicant-id-duplicate", "two applicants with one id",
       R(R"("applicants":[{"id":"a1")", R"("applicants":[{"id":"a1"},{"id":"a1")"),
       L + "applicants[1].id: duplicate applicant id within the round (ids must be unique per round; the value is withheld)"},
      {"gender-name", "a name as the gender", R("\"woman\"", "\"" + kName + "\""),
       L + "applicants[0].gender: is not one of woman|man|other|unknown|declined" + kVocab},
      {"gender-norwegian", "the gender in Norwegian", R("\"woman\"", "\"kvinne\""),
       L + "applicants[0].gender: is not one of woman|man|other|unknown|declined" + kVocab, "kvinne"},
      {"self-id-name", "a name as a self-declaration", R(R"("immigrant_background":"no")", "\"immigrant_background\":\"" + kName + "\""),
       L + "applicants[0].self_id.immigrant_background: is not one of yes|no|declined|unknown|not_asked" + kVocab},
      {"self-id-boolean", "a self-declaration as true", R(R"("immigrant_background":"no")", R"("immigrant_background":true)"),
       L + "applicants[0].self_id.immigrant_background: expected one of yes|no|declined|unknown|not_asked, found a boolean"},
      {"age-band-cpr", "a CPR number as the age band", R("30-39", "070985-1234"),
       L + "applicants[0].age_band: holds what looks like a direct identifier (dk-cpr" + kId, "070985-1234"},
      {"outcome-name", "a name as the assessment outcome", R("\"qualified\"", "\"" + kName + "\""),
       L + "applicants[0].assessment.outcome: is not one of qualified|not_qualified|not_assessed" + kVocab},
      {"rank-zero", "rank 0", R("\"rank\":1", "\"rank\":0"),
       L + "applicants[0].assessment.rank: is out of range (1 to 1000000) (the value is not shown)"},
      {"event-type-name", "a name as an event type", R("\"type\":\"applied\"", "\"type\":\"" + kName + "\""),
       L + "applicants[0].events[0].type: is not one of applied|screened|interview_invited|interview_held|"
           "reference_checked|recommended|offered|hired|rejected|withdrawn" + kVocab},
      {"event-at-missing", "an event without its date", R(R"({"type":"applied","at":"2026-01-05"})", R"({"type":"applied"})"),
       L + "applicants[0].events[0].at: required field is missing"},
      {"event-at-name", "a name as an event's date", R("\"at\":\"2026-01-05\"", "\"at\":\"" + kName + "\""),
       L + "applicants[0].events[0].at: is not an ISO-8601 date or date-time (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]]) (the "
           "value is not shown)"},
      {"events-too-many", "1,001 events for one applicant", many_events(1001),
       L + "applicants[0].events: has 1001 events, more than the limit of 1000"},
      {"reason-phone", "a phone number as the decision reason", R("best-qualified", "+47 22 33 44 55"),
       L + "decision_reason: holds what looks like a direct identifier (phone" + kId, "22 33 44 55"},
      {"reason-free-text", "a sentence as the decision reason", R("best-qualified", "she was the best"),
       L + "decision_reason: holds what looks like a direct identifier (free-text" + kId, "she was"},
      {"code-too-long", "a code of 65 characters", R("best-qualified", std::string(65, 'x')),
       L + "decision_reason: holds what looks like a direct identifier (free-text" + kId},
      {"string-too-long", "a string of 5,000 bytes in a code", R("best-qualified", std::string(5000, 'x')),
       L + "decision_reason: string of 5000 bytes is longer than the limit of 4096"},
      {"interview-unknown-applicant", "an interview of an applicant not in the round",
       R(R"({"applicant":"a1")", R"({"applicant":"a9")"), L + "interviews[0].applicant: is not the id of an applicant in this round"},
      {"representative-appointed-missing", "a representative without \"appointed\"", R(R"("appointed":true,)", ""),
       L + "representative.appointed: required field is missing"},
      {"rep-event-name", "a name as a representative's event type", R("\"type\":\"invited\"", "\"type\":\"" + kName + "\""),
       L + "representative.events[0].type: is not one of invited|shortlist_shared|attended_interview|waiver|"
           "recommendation_received|statement_filed|escalated" + kVocab},
      {"document-sent-to-string", "sent_to as a string", R(R"(["likestillingsrepresentant"])", "\"likestillingsrepresentant\""),
       L + "documents[0].sent_to: expected an array, found a string"},
      {"document-type-name", "a name as a document type", R("innstilling", kName),
       L + "documents[0].type: holds what looks like a direct identifier (free-text" + kId},
      // ---- fields the reader does not know (extensions)
      {"extension-email", "an e-mail address deep in an unknown field",
       R(R"("age_band":"30-39",)", "\"age_band\":\"30-39\",\"notes\":{\"contact\":[\"" + kMail + "\"]},"),
       L + "applicants[0].notes.contact[0]: holds what looks like a direct identifier (email" + kId, kMail},
      {"extension-name-key", "an e-mail address as a key name", R(R"("age_band":"30-39",)", "\"age_band\":\"30-39\",\"x\":{\"" + kMail + "\":1},"),
       L + "applicants[0].x: a key name holds what looks like a direct identifier (email); it is withheld. An "
           "anonymized export must not contain it", kMail},
      {"extension-pnr-number", "a personnummer written as a number", R(R"("age_band":"30-39",)", "\"age_band\":\"30-39\",\"ssn\":198507099805,"),
       L + "applicants[0].ssn: holds what looks like a direct identifier (se-personnummer" + kId, "198507099805"},
      {"extension-odd-key", "a personnummer under a key that is not a plain word",
       R(R"("age_band":"30-39",)", "\"age_band\":\"30-39\",\"x y\":\"" + kPnr + "\","),
       L + "applicants[0].(a key): holds what looks like a direct identifier (se-personnummer" + kId, kPnr},
      // ---- unit and measures records
      {"unit-period-missing", "a unit record without its period", with(kUnit, R"(,"period":"2026")", ""),
       L + "period: required field is missing"},
      {"unit-org-unit-empty", "a unit record with an empty org unit", with(kUnit, "oslo/x", ""),
       L + "org_unit: must not be empty"},
      {"measures-year", "a measures record of year 20026", with(kMeasures, "2026", "20026"),
       L + "year: is out of range (1900 to 2200) (the value is not shown)"},
      {"measures-year-fraction", "a measures record of year 2026.5", with(kMeasures, "2026", "2026.5"),
       L + "year: expected a whole number (1900 to 2200), found a number with a fractional part"},
      // ---- across lines
      {"round-id-duplicate", "the same round id on lines 1 and 2", kRound + "\n" + kRound + "\n",
       L2 + "round_id: duplicates the round id of line 1"},
      // ---- the file is not JSON Lines text
      {"gzip", "a gzip-compressed export", std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10) + "\xAB\xCD",
       L + "is a gzip-compressed file, not text: decompress it first, e.g. zcat FILE | fairaudit audit -"},
      {"bzip2", "a bzip2-compressed export", "BZh91AY&SY\x01\x02", L + "is a bzip2-compressed file, not text: decompress it first (bzcat)"},
      {"xz", "an xz-compressed export", std::string("\xFD" "7zXZ\0\0\x04", 8), L + "is an xz-compressed file, not text: decompress it first (xzcat)"},
      {"zstd", "a zstd-compressed export", "\x28\xB5\x2F\xFD\x04\x00", L + "is a zstd-compressed file, not text: decompress it first (zstdcat)"},
      {"xlsx", "an Excel workbook", std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "[Content_Types].xml...xl/workbook.xml",
       L + "is an Excel workbook (.xlsx), not text: save the sheet as CSV (UTF-8) and read it through a mapping "
           "(fairaudit audit FILE.csv --mapping MAPPING)"},
      {"ods", "an OpenDocument spreadsheet", std::string("PK\x03\x04\x14\x00\x00\x08", 8) + "mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
       L + "is an OpenDocument spreadsheet (.ods), not text: save the sheet as CSV (UTF-8) and read it through a mapping "
           "(fairaudit audit FILE.csv --mapping MAPPING)"},
      {"zip", "a zip archive", std::string("PK\x03\x04\x14\x00\x00\x00", 8) + "export.jsonl",
       L + "is a zip archive, not text: extract the export from it first"},
      {"xls", "an old Excel workbook (.xls)", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10),
       L + "is an old-style Office file (an .xls workbook or a .doc), not text: save the sheet as CSV (UTF-8) and read "
           "it through a mapping (fairaudit audit FILE.csv --mapping MAPPING)"},
      {"pdf", "a PDF report", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
       L + "is a PDF document, not an export: fairaudit reads the ATS's data export, not a printed report"},
      {"sqlite", "an SQLite database (a store)", std::string("SQLite format 3\0\x10\x00", 18),
       L + "is an SQLite database, not an export (a fairaudit store is read with fairaudit report --store FILE)"},
      {"utf16le-bom", "UTF-16 little-endian with a byte-order mark", std::string("\xFF\xFE{\0\"\0k\0", 8),
       L + "is UTF-16 text (little-endian, with a byte-order mark), not UTF-8: convert it first, e.g. iconv -f "
           "UTF-16LE -t UTF-8 FILE > FILE.utf8"},
      {"utf16be-bom", "UTF-16 big-endian with a byte-order mark", std::string("\xFE\xFF\0{\0\"\0k", 8),
       L + "is UTF-16 text (big-endian, with a byte-order mark), not UTF-8: convert it first, e.g. iconv -f UTF-16BE "
           "-t UTF-8 FILE > FILE.utf8"},
      {"utf16le", "UTF-16 little-endian without a byte-order mark", std::string("{\0\"\0k\0i\0n\0d\0", 12),
       L + "is UTF-16 text (little-endian, no byte-order mark), not UTF-8: convert it first, e.g. iconv -f UTF-16LE "
           "-t UTF-8 FILE > FILE.utf8"},
      {"utf16be", "UTF-16 big-endian without a byte-order mark", std::string("\0{\0\"\0k\0i\0n\0d", 12),
       L + "is UTF-16 text (big-endian, no byte-order mark), not UTF-8: convert it first, e.g. iconv -f UTF-16BE -t "
           "UTF-8 FILE > FILE.utf8"},
      {"utf32le", "UTF-32 little-endian with a byte-order mark", std::string("\xFF\xFE\0\0{\0\0\0", 8),
       L + "is UTF-32 text (little-endian), not UTF-8: convert it first, e.g. iconv -f UTF-32LE -t UTF-8 FILE > "
           "FILE.utf8"},
      {"json-array", "a JSON array of records instead of one per line", "[" + kRound + "]\n",
       L + "starts with '[': a JSON array, not JSON Lines (one record object per line). A flat ATS export in a JSON "
           "array is read through a mapping (--mapping MAPPING); a canonical one needs one record per line (jq -c "
           "'.[]' FILE)"},
      {"csv-semicolons", "an ATS's CSV report (semicolons, a byte-order mark) given as the export",
       "\xEF\xBB\xBFStillingsnr;Navn;E-post;Kj\xC3\xB8nn\r\n1001;" + kName + ";" + kMail + ";Kvinne\r\n",
       L + "looks like a delimited text file (a header and rows of fields separated by semicolons), not JSON Lines: a "
           "flat ATS export is read through a mapping (fairaudit audit FILE --mapping MAPPING; docs/ats-export.md), "
           "or converted once with fairaudit convert"},
      {"csv-commas", "a comma-separated file given as the export",
       "round_id,applicant,gender,name\nR-1,a1,woman,\"" + kName + ", jr\"\nR-1,a2,man,x\n",
       L + "looks like a delimited text file (a header and rows of fields separated by commas), not JSON Lines: a "
           "flat ATS export is read through a mapping (fairaudit audit FILE --mapping MAPPING; docs/ats-export.md), "
           "or converted once with fairaudit convert"},
      {"first-line-not-json", "a first line of words and commas, then records", "id, name, x\n" + kRound + "\n",
       L + "not valid JSON at byte 1: not a JSON value here (a string, a number, an object, an array, true, false or "
           "null)"},
      {"html", "an HTML page (a login page saved instead of the export)", "<!DOCTYPE html><html><body>" + kName + "</body></html>\n",
       L + "is an XML or HTML document, not JSON Lines"},
      {"elf", "a program", std::string("\x7F" "ELF\x02\x01\x01\0", 8), L + "is an executable program, not an export"},
  };
}

std::string messages_for(const std::string& content) {
  static int n = 0;
  const fs::path dir = fs::temp_directory_path() / ("fa-catalogue-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  fs::create_directories(dir);
  const fs::path file = dir / "export.jsonl";
  std::ofstream(file, std::ios::binary) << content;
  std::string out;
  ingest::StreamOptions so;
  ingest::stream_records({file.string()}, so, [&](ingest::ParseOutcome&& o) {
    if (!o.error) return;
    ingest::LineError e = *o.error;
    e.file = "export.jsonl";
    std::string text = e.to_string();
    // The duplicate-round message names the file of the first line by its path.
    for (auto at = text.find(file.string()); at != std::string::npos; at = text.find(file.string()))
      text.replace(at, file.string().size(), "export.jsonl");
    out += (out.empty() ? "" : "\n") + text;
  });
  fs::remove_all(dir);
  return out;
}

// The section of docs/input-format.md between the markers.
constexpr const char* kBegin = "<!-- catalogue: generated by tests/ingest/catalogue_test.cpp; do not edit -->\n";
constexpr const char* kEnd = "<!-- end of catalogue -->\n";

std::string table_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

std::string render_docs(const std::vector<Case>& all) {
  std::ostringstream out;
  out << kBegin << "\n| kind | the line or file holds | the message |\n|---|---|---|\n";
  for (const auto& c : all)
    out << "| `" << c.kind << "` | " << table_cell(c.what) << " | `" << table_cell(c.expected) << "` |\n";
  out << "\n" << kEnd;
  return out.str();
}

TEST(Catalogue, HasSixtyKindsOrMoreWithUniqueNames) {
  const auto all = cases();
  EXPECT_GE(all.size(), 60u);
  std::set<std::string> kinds;
  for (const auto& c : all) EXPECT_TRUE(kinds.insert(c.kind).second) << "kind listed twice: " << c.kind;
}

TEST(Catalogue, EachKindGetsItsMessageAndNoPlantedValue) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.kind);
    const std::string got = messages_for(c.content);
    EXPECT_EQ(got, c.expected);
    EXPECT_EQ(got.find(c.planted), std::string::npos) << got;
    EXPECT_EQ(got.find("Nordmann"), std::string::npos) << got;
    for (unsigned char ch : got) EXPECT_TRUE(ch >= 0x20 || ch == '\n') << "a control character in: " << got;
  }
}

TEST(Catalogue, IsTheTableInTheInputFormatDoc) {
  const fs::path doc = fs::path(FAIRAUDIT_SOURCE_DIR) / "docs" / "input-format.md";
  std::ifstream in(doc);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::string want = render_docs(cases());
  const auto b = text.find(kBegin), e = text.find(kEnd);
  if (std::getenv("FAIRAUDIT_UPDATE_DOCS")) {
    ASSERT_TRUE(b != std::string::npos && e != std::string::npos) << "the markers are missing in " << doc;
    text.replace(b, e + std::strlen(kEnd) - b, want);
    std::ofstream(doc) << text;
    return;
  }
  ASSERT_TRUE(b != std::string::npos && e != std::string::npos) << "the markers are missing in " << doc;
  EXPECT_EQ(text.substr(b, e + std::strlen(kEnd) - b), want)
      << "docs/input-format.md's catalogue differs from the test's: FAIRAUDIT_UPDATE_DOCS=1 rewrites it";
}

}  // namespace
}  // namespace catalogue_test
