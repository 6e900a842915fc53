// libFuzzer target: one line of the canonical export through the record
// parser (with the shipped limits and with tight ones), and the whole line through the PII guard,
// the file-type guess and the control-character escape.
//
// The parser reads an export written by another system, so any bytes must end
// in a record or a LineError; never a crash, a leak or undefined behaviour.
// A rejection must also keep its promise not to echo identifiers: the
// error's message is checked with the same guard.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>

#include "common/printable.hpp"
#include "ingest/pii.hpp"
#include "ingest/record.hpp"
#include "ingest/sniff.hpp"

using namespace fairaudit;

namespace {

void check(const ingest::ParseOutcome& out) {
  if (out.record.has_value() == out.error.has_value()) {
    std::fprintf(stderr, "parse_line gave %s\n", out.record ? "both a record and an error" : "neither record nor error");
    std::abort();
  }
  if (!out.error) return;
  (void)out.error->to_string();
  // Nothing of the line reaches a terminal as a control character.
  for (char c : out.error->to_string())
    if (static_cast<unsigned char>(c) < 0x20) {
      std::fprintf(stderr, "an error message holds a control character: %s\n", out.error->to_string().c_str());
      std::abort();
    }
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

// What a record is, as far as a recycled or in-place parse could get it
// wrong: the error, or the round's strings and the sizes of its lists.
std::string summary(const ingest::ParseOutcome& out) {
  std::string s;
  if (out.error) s += "error " + out.error->to_string() + "\n";
  if (!out.record) return s;
  const auto* r = std::get_if<Round>(&*out.record);
  if (!r) return s + "record " + std::to_string(out.record->index());
  s += r->round_id + "|" + r->org_unit + "|" + r->decision_reason + "|" + r->position.title_code + "|" +
       std::to_string(r->interviews.size()) + "|" + std::to_string(r->documents.size()) + "|" +
       (r->representative ? "rep " + std::to_string(r->representative->events.size()) : "norep") + "\n";
  for (const auto& a : r->applicants) {
    s += a.id + "," + std::to_string(int(a.gender)) + "," + a.age_band + "," + std::to_string(int(a.assessment.outcome));
    for (const auto& e : a.events) s += ";" + std::to_string(int(e.type)) + "@" + e.at.iso() + ":" + e.reason_code;
    s += "\n";
  }
  return s;
}

void same(const ingest::ParseOutcome& fresh, const ingest::ParseOutcome& other, const char* how) {
  if (summary(fresh) != summary(other)) {
    std::fprintf(stderr, "%s differs from a fresh parse:\n%s---\n%s", how, summary(fresh).c_str(),
                 summary(other).c_str());
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
  const ingest::ParseOutcome fresh = ingest::parse_line(line, source, ingest::Limits{});
  check(fresh);
  // Into an outcome kept from the previous inputs (the parser threads reuse
  // rounds), and in place in a NUL-terminated copy (as from a batch).
  static ingest::ParseOutcome recycled;
  ingest::parse_line_into(line, source, ingest::Limits{}, recycled);
  same(fresh, recycled, "a recycled parse");
  static std::string buffer;
  buffer.assign(line);
  ingest::ParseOutcome in_place;
  ingest::parse_line_in_place(buffer.data(), line.size(), source, ingest::Limits{}, in_place);
  same(fresh, in_place, "an in-place parse");
  for (auto cls : {ingest::FieldClass::code, ingest::FieldClass::org_unit, ingest::FieldClass::date,
                   ingest::FieldClass::any})
    (void)ingest::scan(line, cls);
  // The file-type guess of the reader, on the bytes as a file's first block.
  for (auto e : {ingest::ExpectedInput::json_lines, ingest::ExpectedInput::flat})
    if (auto what = ingest::sniff_file_type(line, e); what && what->find('\0') != std::string::npos) std::abort();
  (void)common::escape_controls(line);
  (void)common::first_control(line);
  return 0;
}
