// libFuzzer target: one line of the canonical export through the record
// parser (with the shipped limits and with tight ones), and the whole line through the PII guard.
//
// The parser reads an export written by another system, so any bytes must end
// in a record or a LineError; never a crash, a leak or undefined behaviour.
// A rejection must also keep its promise not to echo identifiers: the
// error's message is checked with the same guard.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

#include "ingest/pii.hpp"
#include "ingest/record.hpp"

using namespace fairaudit;

namespace {

void check(const ingest::ParseOutcome& out) {
  if (out.record.has_value() == out.error.has_value()) {
    std::fprintf(stderr, "parse_line gave %s\n", out.record ? "both a record and an error" : "neither record nor error");
    std::abort();
  }
  if (!out.error) return;
  (void)out.error->to_string();
  // The message names paths, limits and vocabularies; a value that looks
  // like an identifier is withheld. Paths hold only keys known to the reader
  // and array indices, so the message itself must pass the guard.
  if (auto hit = ingest::scan(out.error->message, ingest::FieldClass::any);
      hit && *hit != ingest::PiiKind::free_text && *hit != ingest::PiiKind::phone) {
    std::fprintf(stderr, "an error message holds an identifier (%s): %s\n", ingest::to_string(*hit),
                 out.error->message.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const Source source{"fuzz.jsonl", 1};
  // The limits as shipped, and tight ones so that every limit is met at
  // every place it is checked.
  ingest::Limits tight;
  tight.max_line_bytes = 4'096;
  tight.max_applicants = 3;
  tight.max_events = 2;
  tight.max_depth = 4;
  tight.max_string_bytes = 24;
  check(ingest::parse_line(line, source, tight));
  check(ingest::parse_line(line, source, ingest::Limits{}));
  for (auto cls : {ingest::FieldClass::code, ingest::FieldClass::org_unit, ingest::FieldClass::date,
                   ingest::FieldClass::any})
    (void)ingest::scan(line, cls);
  (void)ingest::quote_for_error(line);
  return 0;
}
