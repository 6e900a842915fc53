#include "ingest/sniff.hpp"

#include <cstring>

namespace fairaudit::ingest {
namespace {

bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// UTF-16 without a byte-order mark: text in the ASCII range has a NUL byte
// beside every character. `offset` 1: little-endian (the NUL second).
bool nul_interleaved(std::string_view s, std::size_t offset) {
  std::size_t pairs = 0, hits = 0;
  for (std::size_t i = 0; i + 1 < s.size() && pairs < 64; i += 2, ++pairs) {
    const unsigned char text = static_cast<unsigned char>(s[i + 1 - offset]);
    const char nul = s[i + offset];
    if (nul == '\0' && text >= 0x09 && text < 0x7F) ++hits;
  }
  return pairs >= 2 && hits * 10 >= pairs * 9;
}

std::string spreadsheet_advice(ExpectedInput e) {
  return e == ExpectedInput::flat
             ? "save the sheet as CSV (UTF-8) and convert that"
             : "save the sheet as CSV (UTF-8) and read it through a mapping (fairaudit audit FILE.csv --mapping "
               "MAPPING)";
}

std::string utf16_advice(const char* from) {
  return std::string("convert it first, e.g. iconv -f ") + from + " -t UTF-8 FILE > FILE.utf8";
}

// A delimited text file (CSV, semicolon- or tab-separated) given where JSON
// Lines are read: its first record is a header of at least three fields, and
// every other whole record of `t` has as many. Records are read as RFC 4180
// has them (a field in double quotes may hold the separator and line breaks;
// "" inside quotes is a quote). A record that starts with '{' is JSON, so a
// JSON Lines file with one bad first line is never taken for CSV. The
// separator that gives the most fields, or 0.
char delimited(std::string_view t) {
  char best = 0;
  std::size_t most = 0;
  for (char sep : {',', ';', '\t', '|'}) {
    std::size_t header = 0, fields = 1, records = 0;
    bool quoted = false, at_start = true, same = true;
    for (std::size_t i = 0; i < t.size() && same && records < 20; ++i) {
      const char c = t[i];
      if (at_start && !quoted) {
        if (c == ' ' || c == '\r' || c == '\n') continue;  // blank lines and leading spaces (a TAB may be a separator)
        if (c == '{') return 0;
        at_start = false;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (c == sep) {
        ++fields;
      } else if (c == '\n') {  // a whole record (one cut by the end of the head is not counted)
        if (records++ == 0) header = fields;
        else same = fields == header;
        fields = 1;
        at_start = true;
      }
    }
    if (same && records > 0 && header >= 3 && header > most) {
      best = sep;
      most = header;
    }
  }
  return best;
}

const char* separator_name(char sep) {
  switch (sep) {
    case ',': return "commas";
    case ';': return "semicolons";
    case '\t': return "tabs";
    default: return "'|'";
  }
}

}  // namespace

std::optional<std::string> sniff_file_type(std::string_view h, ExpectedInput expected) {
  if (h.empty()) return std::nullopt;
  const std::string decompress = expected == ExpectedInput::flat ? "decompress it first" :
                                 "decompress it first, e.g. zcat FILE | fairaudit audit -";
  if (starts(h, "\x1F\x8B")) return "is a gzip-compressed file, not text: " + decompress;
  if (starts(h, "BZh") && h.size() > 3 && h[3] >= '1' && h[3] <= '9')
    return "is a bzip2-compressed file, not text: decompress it first (bzcat)";
  if (starts(h, std::string_view("\xFD" "7zXZ\0", 6))) return "is an xz-compressed file, not text: decompress it first (xzcat)";
  if (starts(h, "\x28\xB5\x2F\xFD")) return "is a zstd-compressed file, not text: decompress it first (zstdcat)";
  if (starts(h, "7z\xBC\xAF\x27\x1C")) return "is a 7-Zip archive, not text: extract the export from it first";
  if (starts(h, "PK\x03\x04") || starts(h, "PK\x05\x06")) {
    // The first entries' names follow the local headers: a workbook's are xl/…, an OpenDocument
    // spreadsheet starts with its mimetype.
    if (h.find("xl/") != std::string_view::npos || h.find("[Content_Types].xml") != std::string_view::npos) {
      if (h.find("word/") != std::string_view::npos) return "is a Word document (.docx), not an export";
      return "is an Excel workbook (.xlsx), not text: " + spreadsheet_advice(expected);
    }
    if (h.find("opendocument.spreadsheet") != std::string_view::npos)
      return "is an OpenDocument spreadsheet (.ods), not text: " + spreadsheet_advice(expected);
    return "is a zip archive, not text: extract the export from it first";
  }
  if (starts(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    return "is an old-style Office file (an .xls workbook or a .doc), not text: " + spreadsheet_advice(expected);
  if (starts(h, "%PDF-"))
    return "is a PDF document, not an export: fairaudit reads the ATS's data export, not a printed report";
  if (starts(h, std::string_view("SQLite format 3\0", 16)))
    return "is an SQLite database, not an export (a fairaudit store is read with fairaudit report --store FILE)";
  if (starts(h, "\x7F" "ELF")) return "is an executable program, not an export";
  if (starts(h, std::string_view("\xFF\xFE\0\0", 4))) return "is UTF-32 text (little-endian), not UTF-8: " + utf16_advice("UTF-32LE");
  if (starts(h, std::string_view("\0\0\xFE\xFF", 4))) return "is UTF-32 text (big-endian), not UTF-8: " + utf16_advice("UTF-32BE");
  if (starts(h, "\xFF\xFE")) return "is UTF-16 text (little-endian, with a byte-order mark), not UTF-8: " + utf16_advice("UTF-16LE");
  if (starts(h, "\xFE\xFF")) return "is UTF-16 text (big-endian, with a byte-order mark), not UTF-8: " + utf16_advice("UTF-16BE");
  if (h.size() >= 4 && nul_interleaved(h, 1))
    return "is UTF-16 text (little-endian, no byte-order mark), not UTF-8: " + utf16_advice("UTF-16LE");
  if (h.size() >= 4 && nul_interleaved(h, 0))
    return "is UTF-16 text (big-endian, no byte-order mark), not UTF-8: " + utf16_advice("UTF-16BE");
  if (expected == ExpectedInput::json_lines) {
    std::string_view t = h;
    if (starts(t, "\xEF\xBB\xBF")) t.remove_prefix(3);
    const std::size_t first = t.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos) {
      t.remove_prefix(first);
      if (starts(t, "<?xml") || starts(t, "<!DOCTYPE") || starts(t, "<!doctype") || starts(t, "<html") ||
          starts(t, "<HTML"))
        return "is an XML or HTML document, not JSON Lines";
      if (t.front() == '[')
        return "starts with '[': a JSON array, not JSON Lines (one record object per line). A flat ATS export in "
               "a JSON array is read through a mapping (--mapping MAPPING); a canonical one needs one record per "
               "line (jq -c '.[]' FILE)";
      if (t.front() != '{')
        if (const char sep = delimited(t))
          return std::string("looks like a delimited text file (a header and rows of fields separated by ") +
                 separator_name(sep) +
                 "), not JSON Lines: a flat ATS export is read through a mapping (fairaudit audit FILE --mapping "
                 "MAPPING; docs/ats-export.md), or converted once with fairaudit convert";
    }
  }
  return std::nullopt;
}

}  // namespace fairaudit::ingest
