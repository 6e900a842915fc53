// The PII guard: finds direct identifiers in string values of the canonical
// export, which must be anonymized (docs/input-format.md and docs/guarantees.md).
//
// scan() says only WHAT KIND of identifier a value holds, never where or which,
// so no caller can echo the identifier by accident. It is called for every
// string of every record (about 15 per application, 10 million applications a
// night), so it allocates nothing, uses no regex, and returns after one pass
// over the bytes for an ordinary value (tens of nanoseconds; see bench/pii).
//
// What is recognised (a number counts only where it stands alone: not glued to
// a letter or digit, and not continuing into another number with '-', '+' or
// '.'):
//
//  * Swedish personnummer and samordningsnummer (folkbokföringslagen 1991:481
//    § 18; samordningsnummer: day of birth + 60): YYMMDD-NNNC, YYMMDD+NNNC,
//    YYMMDD NNNC, YYMMDDNNNC, YYYYMMDD-NNNC, YYYYMMDDNNNC; the date must exist
//    and C must be the Luhn check digit over the last ten digits.
//  * Norwegian fødselsnummer and D-nummer (Skatteetaten's description of the
//    folkeregister identity numbers; D-nummer: 4 added to the first digit of
//    the day): DDMMYYIIIKK, also with
//    one space or '-' after the date; both mod-11 check digits must hold and the
//    date must exist. Accepted choices, all reported as fødselsnummer (or
//    D-nummer when the day is raised by 40):
//      - H-numbers (month + 40), which health institutions give patients without
//        a known number: they identify a person in the system that issued them;
//      - synthetic test numbers, NAV's (month + 40) and Skatteetaten's Tenor
//        (month + 80): an export that carries them would carry real ones, so the
//        guard must stop them as it stops real numbers.
//    Not accepted: the retired H-number form (day + 80) and the control
//    computation that Skatteetaten introduces for numbers issued from
//    1 January 2032 (first check digit remainder 0–3 instead of 0). The century
//    table of the individual number is used only to decide whether 29 February
//    exists; an impossible century is not a reason to let a number through.
//  * Danish CPR numbers (lov om Det Centrale Personregister; the CPR office
//    stopped guaranteeing the modulus-11 check in 2007): DDMMYY-SSSS,
//    DDMMYY SSSS, DDMMYYSSSS with a date that exists in the century the 7th
//    digit gives (0–3: 1900s; 4 and 9: 2000–2036 else 1900s; 5–8: 2000–2057
//    else 1858–1899). A 10-digit number that is both a valid Swedish
//    personnummer and a valid CPR date is reported as Swedish, the more specific
//    test. Birth dates in the future are not rejected (the guard must not
//    depend on the clock).
//  * E-mail addresses: local@domain.tld with at least two labels and an
//    alphabetic top-level label of two or more letters.
//  * Phone numbers: '+' and a country code (8–15 digits, separated by spaces,
//    '-', '.', "(0)"); '00' and a country code (10–17 digits, a space after the
//    00 or the country code, or no separator at all and a Nordic country
//    code); Swedish national numbers with the trunk 0 (9–10 digits,
//    "070-123 45 67", "08-123 456 78", or 07xxxxxxxx unseparated); Norwegian
//    and Danish 8-digit numbers written with spaces ("22 33 44 55",
//    "912 34 567", "2233 4455"). Not reported: bare 8-digit numbers (they
//    cannot be told from basic-format dates like 20260328 and numeric codes),
//    and "0047-22334455" (a dash after 00 and the country code is how UUIDs
//    and reference numbers look).
//  * Free text in fields that should hold codes (FieldClass::code and
//    ::org_unit): whitespace between words, or longer than a code can be (more
//    than 64 bytes for a code, per '/'-separated segment for an org unit).
//
// Never reported: a value that is exactly a UUID (machine-made; its last hex
// group is now and then all digits), and digits glued to letters (hex HMACs).
// Names in fields of FieldClass::any cannot be recognised without a list of
// names and are not looked for.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace fairaudit::ingest {

enum class PiiKind {
  se_personnummer,
  se_samordningsnummer,
  no_fodselsnummer,
  no_d_nummer,
  dk_cpr,
  email,
  phone,
  free_text,
};

// Stable kebab-case name for messages: "se-personnummer", "no-d-nummer", ...
const char* to_string(PiiKind kind) noexcept;

// What a field is meant to hold; decides whether free text is an identifier.
//  code:     ids, vocabulary words, reason codes, title codes, roles
//  org_unit: a '/'-separated path of slugs
//  date:     ISO-8601 date or date-time (a well-formed one returns at once)
//  any:      anything else (only identifiers are looked for)
enum class FieldClass { code, org_unit, date, any };

// Longest value of a code field that is not taken for free text (an HMAC-SHA256
// in hex is 64 characters).
inline constexpr std::size_t kMaxCodeLength = 64;

// The kind of the first direct identifier found in `value`, or nullopt.
std::optional<PiiKind> scan(std::string_view value, FieldClass cls) noexcept;

// Only the free-text part of scan(): for a value that scan(value,
// FieldClass::any) has passed already (the record reader guards every string
// of a line while parsing it, then checks the code fields for free text).
std::optional<PiiKind> scan_free_text(std::string_view value, FieldClass cls) noexcept;

}  // namespace fairaudit::ingest
