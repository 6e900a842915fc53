// Findings kept on disk come back exactly as they went out: every evidence
// kind bit for bit (NaN and infinities too), in order, duplicates dropped,
// and a damaged file is an error, never a wrong finding.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include <unistd.h>

#include "run/spill.hpp"

using namespace fairaudit;

namespace {

run::AuditFinding make(const std::string& unit, const std::string& round, const std::string& fp) {
  run::AuditFinding af;
  af.finding.rule = "interview-call-diversity/selection-rate-disparity";
  af.finding.severity = Severity::error;
  af.finding.scope = Scope::round;
  af.finding.round_id = round;
  af.finding.org_unit = unit;
  af.finding.key = "gender/qualified>interview_invited";
  af.finding.message = "{group}: rate below {threshold} — æøå \"quoted\"\nsecond line";
  Evidence inner;
  inner.count("n", 7).rate("rate", 1.0 / 3).p_value("p", 5e-324);
  Evidence e;
  e.null("nothing");
  e.boolean("flag", true);
  e.count("n", -3);
  e.number("days", std::numeric_limits<std::int64_t>::max());
  e.ratio("nan", std::nan(""));
  e.statistic("inf", -std::numeric_limits<double>::infinity());
  e.real("threshold", 0.1 + 0.2);
  e.text("group", "woman");
  e.date("at", Timestamp::from_days_seconds(20520, 3600));
  e.object("unknown", inner);
  e.list("groups", {inner, Evidence{}, inner});
  af.finding.evidence = e;
  af.finding.applicants = {"a-1", "a-2"};
  af.plugin = "interview-call-diversity";
  af.severity = Severity::warning;
  af.fingerprint = fp;
  af.source = {"export.jsonl", 42};
  af.basis = "Likestillings- og diskrimineringsloven § 26";
  return af;
}

// Evidence as text that tells every kind and every bit apart.
std::string dump(const Evidence& e) {
  std::string out = "{";
  for (const auto& [k, v] : e.entries()) {
    out += k + ":" + std::to_string(int(v.kind)) + "=";
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v.d, sizeof bits);
    out += std::to_string(v.b) + "," + std::to_string(v.i) + "," + std::to_string(bits) + "," + v.s + "," +
           std::to_string(v.t.days()) + "," + std::to_string(v.t.seconds());
    for (const auto& c : v.children) out += dump(c);
    out += ";";
  }
  return out + "}";
}

std::string dump(const run::AuditFinding& f) {
  return f.finding.rule + "|" + std::to_string(f.finding.severity ? int(*f.finding.severity) : -1) + "|" +
         std::to_string(int(f.finding.scope)) + "|" + f.finding.round_id + "|" + f.finding.org_unit + "|" +
         f.finding.key + "|" + f.finding.message + "|" + dump(f.finding.evidence) + "|" + f.finding.applicants[0] +
         f.finding.applicants[1] + "|" + f.plugin + "|" + std::to_string(int(f.severity)) + "|" + f.fingerprint + "|" +
         f.source.file + ":" + std::to_string(f.source.line) + "|" + f.basis;
}

}  // namespace

TEST(Spill, FindingsComeBackExactlyInOrderWithoutDuplicates) {
  std::vector<run::AuditFinding> first = {make("oslo/a", "R-1", "f1"), make("oslo/c", "R-3", "f3")};
  std::vector<run::AuditFinding> second = {make("oslo/a", "R-1", "f1"), make("oslo/b", "R-2", "f2")};
  run::FindingSpill spill;
  spill.write_chunk(first);
  spill.write_chunk(second);
  spill.finish();
  EXPECT_EQ(spill.chunks(), 2u);
  std::vector<std::string> back;
  spill.for_each([&](const run::AuditFinding& f) { back.push_back(dump(f)); });
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(spill.size(), 3u);
  EXPECT_EQ(back[0], dump(first[0]));   // oslo/a, once
  EXPECT_EQ(back[1], dump(second[1]));  // oslo/b
  EXPECT_EQ(back[2], dump(first[1]));   // oslo/c
  EXPECT_EQ(spill.tally().by_severity[int(Severity::warning)], 3u);
}

TEST(Spill, ADamagedFileIsAnErrorNotAWrongFinding) {
  // A temporary directory of this test's own, to find the spill's files in.
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  const auto root = std::filesystem::temp_directory_path() / ("fa-spill-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root);
  ::setenv("TMPDIR", root.c_str(), 1);
  {
    run::FindingSpill spill;
    spill.write_chunk({make("oslo/a", "R-1", "f1"), make("oslo/b", "R-2", "f2")});
    spill.finish();
    std::filesystem::path merged;
    for (const auto& d : std::filesystem::directory_iterator(root)) merged = d.path() / "merged";
    ASSERT_TRUE(std::filesystem::exists(merged));
    // Cut the last finding short, as a full disk or another process could.
    std::filesystem::resize_file(merged, std::filesystem::file_size(merged) - 5);
    std::size_t seen = 0;
    EXPECT_THROW(spill.for_each([&](const run::AuditFinding&) { ++seen; }), std::runtime_error);
    EXPECT_EQ(seen, 1u);  // the intact first one, and no made-up second one
  }
  if (before) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
  std::filesystem::remove_all(root);
}
