// What a file is, guessed from its first bytes, for a file that is not text
// in UTF-8: a compressed file, a spreadsheet, a PDF, UTF-16 text. Such a file
// gets one message that names what it seems to be and what to do, instead of
// one "invalid UTF-8" per line (docs/input-format.md, "Messages").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fairaudit::ingest {

enum class ExpectedInput {
  json_lines,  // the canonical export (audit, validate)
  flat,        // a flat ATS export read through a mapping (convert, audit --mapping)
};

// A message ("is a gzip-compressed file, not text: ...") when `head`, the
// first bytes of a file (a few KB, or all of a shorter file), say it is not
// what `expected` reads; nullopt when it may be. Never quotes the content.
std::optional<std::string> sniff_file_type(std::string_view head, ExpectedInput expected);

}  // namespace fairaudit::ingest
