// UTF-8 check of a whole export line before it is parsed.
//
// RapidJSON can validate the encoding of each string it reads
// (kParseValidateEncodingFlag), but it does so byte by byte and only on the
// slow, copying path of its string scanner. Checking the line once here, eight
// bytes at a time while they are ASCII, lets the parser take its fast path and
// rejects exactly what it would: a line is accepted only if it is well-formed
// UTF-8 (RFC 3629) and holds no NUL byte.
#pragma once

#include <cstddef>
#include <string_view>

namespace fairaudit::ingest {

// Offset of the first byte that starts an ill-formed sequence (overlong form,
// UTF-16 surrogate, code point above U+10FFFF, stray continuation byte,
// sequence cut short) or is NUL; std::string_view::npos when the whole text
// is well-formed.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace fairaudit::ingest
