// Control characters in text a person reads.
//
// A value that reaches a terminal, a spreadsheet or a log may carry bytes that
// are not text: ESC sequences that clear or rewrite the terminal ("\u001b[2J"
// in a round id), carriage returns that overwrite a line, bidirectional
// overrides that show text in another order than it is stored (CVE-2021-42574,
// "Trojan Source"). Codes refuse them when they are read (ingest); every text
// output escapes what still gets through (plugin messages, justifications,
// stores written by older versions) with escape_controls(), the one place
// that decides what is shown as is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fairaudit::common {

// The first control character in `s` (C0, DEL, C1, and the bidirectional
// embedding, override, isolate and mark characters and the Unicode line
// separators), as a code point; nullopt when there is none. `text`: TAB and
// LF are allowed (free text such as a description); codes allow neither, nor
// the characters that show as nothing (soft hyphen, zero widths, word
// joiner, U+FEFF).
// Bytes that are not UTF-8 are not reported here (the readers check the
// encoding themselves).
std::optional<char32_t> first_control(std::string_view s, bool text = false) noexcept;

// The length in bytes of a character that shows as nothing at s[i] (U+00AD
// soft hyphen, U+200B-U+200D zero widths, U+2060 word joiner, U+FEFF), its
// code point in `cp`; 0 when s[i] starts no such character.
std::size_t invisible_at(std::string_view s, std::size_t i, char32_t& cp) noexcept;

// "U+001B (ESC)": how a message names a control character without printing it.
std::string describe_code_point(char32_t c);

// `s` with every control character of first_control() written as \u001b
// (\u202e, ...): what a terminal shows and a spreadsheet keeps is the
// escape, not the effect. TAB and LF are kept (text reports and CSV fields
// hold line breaks); CR is escaped. Invalid UTF-8 is kept as it is.
std::string escape_controls(std::string_view s);

// The same, for one-line contexts: LF and TAB are escaped too.
std::string escape_controls_line(std::string_view s);

}  // namespace fairaudit::common
