// Writes seed messages for fuzz_wire with the real encoder, so the seeds
// follow the wire format as it changes. Usage: fuzz_wire_seeds DIR
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>

#include "codec/record_binary.hpp"
#include "ingest/record.hpp"
#include "run/wire.hpp"

using namespace fairaudit;

namespace {

Evidence every_kind() {
  Evidence e;
  e.null("none")
      .boolean("documented", true)
      .count("invited", 7)
      .number("days", -3)
      .rate("selection_rate", 0.25)
      .ratio("impact_ratio", 0.8)
      .p_value("p", 0.0123)
      .statistic("z", -1.96)
      .real("threshold", 0.8)
      .text("group", "woman")
      .date("decided", *Timestamp::parse("2026-03-21"))
      .date("sent", *Timestamp::parse("2026-03-21T09:30:00+01:00"));
  return e;
}

Evidence nested() {
  Evidence inner;
  inner.count("applied", 12).count("invited", 3).rate("rate", 0.25);
  Evidence e;
  e.object("women", inner).list("groups", {inner, every_kind(), Evidence{}});
  e.real("nan", std::nan("")).real("inf", std::numeric_limits<double>::infinity());
  e.ratio("neg_inf", -std::numeric_limits<double>::infinity());
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_wire_seeds DIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);

  std::vector<run::Reported> seeds(4);
  // An empty answer: a plugin with nothing to say about this round.
  // One verdict per scope and verdict.
  for (int s = 0; s < 3; ++s)
    for (int v = 0; v < 4; ++v) {
      Check c;
      c.rule = "rule-" + std::to_string(s);
      c.scope = Scope(s);
      c.round_id = "R-2026-001";
      c.org_unit = "oslo/bydel-gamle-oslo/helse";
      c.key = v % 2 ? "women" : "";
      c.verdict = Verdict(v);
      c.reason = "{invited} of {applied} invited";
      c.evidence = v == 0 ? every_kind() : Evidence{};
      seeds[1].checks.push_back(c);
    }
  // Findings of every severity, with and without applicants.
  for (int sev = -1; sev < 3; ++sev) {
    Finding f;
    f.rule = "disability-interview";
    if (sev >= 0) f.severity = Severity(sev);
    f.scope = Scope::round;
    f.round_id = "R-2026-002";
    f.org_unit = "oslo/bydel-grunerlokka/oppvekst";
    f.key = "k" + std::to_string(sev + 1);
    f.message = "An applicant who declared a disability was not invited";
    f.evidence = every_kind();
    if (sev >= 1) f.applicants = {"A-0001", "A-0002"};
    seeds[2].findings.push_back(f);
  }
  // Verdicts the plugin process only counted, beside the checks.
  seeds[1].counted = {{0, Verdict::complies}, {2, Verdict::breach}, {1, Verdict::insufficient_data}};
  // Nested evidence with NaN and infinities, in both a check and a finding.
  Check c;
  c.rule = "selection-rate";
  c.verdict = Verdict::breach;
  c.evidence = nested();
  seeds[3].checks.push_back(c);
  Finding f;
  f.rule = "selection-rate";
  f.severity = Severity::warning;
  f.evidence = nested();
  seeds[3].findings.push_back(f);

  for (std::size_t i = 0; i < seeds.size(); ++i) {
    std::ofstream out(dir / ("encoded-" + std::to_string(i) + ".bin"), std::ios::binary);
    out << run::encode(seeds[i]);
    if (!out) {
      std::cerr << "fuzz_wire_seeds: cannot write " << dir << "\n";
      return 1;
    }
  }
  // Records as the host sends them to a plugin process: one of each kind,
  // parsed from export lines.
  const char* lines[] = {
      R"({"kind":"round","schema":1,"round_id":"R-1","org_unit":"oslo/x","jurisdiction":"NO-OSL",)"
      R"("position":{"title_code":"1065","openings":2},"advertised_at":"2026-01-05","decision_at":"2026-03-02T10:00:00Z",)"
      R"("applicants":[{"id":"A-1","gender":"woman","self_id":{"disability":"yes"},"assessment":{"outcome":"qualified","rank":1},)"
      R"("events":[{"type":"applied","at":"2026-01-10"},{"type":"interview_held","at":"2026-02-01"}]}],)"
      R"("representative":{"appointed":true,"role":"tillitsvalgt","events":[{"type":"statement_filed","at":"2026-02-20","agrees":false}]},)"
      R"("documents":[{"type":"recommendation","at":"2026-02-15","sent_to":["union"]}]})",
      R"({"kind":"unit","schema":1,"org_unit":"oslo/x","period":"2026","representative_routine":{"documented":true,"version":"2"},)"
      R"("meetings":[{"type":"trekantmote","at":"2026-04-01","roles":["manager"],"tags":["recruitment"]}]})",
      R"({"kind":"measures","schema":1,"employer":"se/x","year":2026,"employees":40,"area":"recruitment_promotion",)"
      R"("steps":{"investigate":"2026-02-01"},"grounds_covered":["sex"],"cooperation_documented":true})"};
  int n = 0;
  for (const char* line : lines) {
    const auto parsed = ingest::parse_line(line, Source{"export.jsonl", 1}, ingest::Limits{});
    if (!parsed.record) continue;  // a line the schema moved past: its seed is left out
    std::string bytes;
    codec::write_record(bytes, *parsed.record);
    std::ofstream out(dir / ("record-" + std::to_string(n++) + ".bin"), std::ios::binary);
    out << bytes;
    if (!out) {
      std::cerr << "fuzz_wire_seeds: cannot write " << dir << "\n";
      return 1;
    }
  }
  return 0;
}
