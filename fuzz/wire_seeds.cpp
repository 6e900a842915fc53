// Writes seed messages for fuzz_wire with the real encoder, so the seeds
// follow the wire format as it changes. Usage: fuzz_wire_seeds DIR
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>

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
    std::ofstream out(dir / ("encoded-" + std::to_string(i) + ".json"), std::ios::binary);
    out << run::encode(seeds[i]);
    if (!out) {
      std::cerr << "fuzz_wire_seeds: cannot write " << dir << "\n";
      return 1;
    }
  }
  return 0;
}
