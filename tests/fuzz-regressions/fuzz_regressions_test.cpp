// Inputs that crashed, hung or fooled a parser, found by the fuzz targets in
// fuzz/ or while reading the code they exercise. Each goes to the same
// function as in its fuzz target and must be refused with that parser's own
// error: a LineError for a record line, PolicyError for a policy,
// std::runtime_error for a message from a plugin process. One test per file
// in inputs/TARGET/; a file named accepted-* is well-formed and must be
// accepted instead (its fault was in the parsing itself). Inputs too large to
// keep as files (deep nesting) are made here.
//
// Under scripts/sanitize.sh these run with AddressSanitizer and
// UndefinedBehaviorSanitizer, which is where the original faults showed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "ingest/record.hpp"
#include "policy/policy.hpp"
#include "run/wire.hpp"
#include "test_paths.hpp"

namespace fs = std::filesystem;
using namespace fairaudit;

namespace {

struct Input {
  std::string target;  // record, policy, wire
  fs::path file;
};

std::vector<Input> inputs() {
  std::vector<Input> out;
  for (const char* target : {"record", "policy", "wire"}) {
    const fs::path dir = fs::path(FAIRAUDIT_FUZZ_INPUTS) / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file()) out.push_back({target, e.path()});
  }
  std::sort(out.begin(), out.end(), [](const Input& a, const Input& b) { return a.file < b.file; });
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The policy under test stands for a file in the source tree's policies/, as
// in fuzz_policy, so "extends" reaches the shipped base policies.
const fs::path kPolicyName = fs::path(FAIRAUDIT_SOURCE_DIR) / "policies" / "fuzz-regression.json";

void expect_refused(const std::string& target, const std::string& bytes) {
  if (target == "record") {
    auto out = ingest::parse_line(bytes, Source{"regression.jsonl", 1}, ingest::Limits{});
    ASSERT_TRUE(out.error.has_value()) << "the line was accepted";
    EXPECT_FALSE(out.record.has_value());
    EXPECT_FALSE(out.error->message.empty());
  } else if (target == "policy") {
    EXPECT_THROW(policy::load_policy_text(bytes, kPolicyName), policy::PolicyError);
  } else {
    EXPECT_THROW(run::decode(bytes), std::runtime_error);
  }
}

void expect_accepted(const std::string& target, const std::string& bytes) {
  if (target == "record") {
    auto out = ingest::parse_line(bytes, Source{"regression.jsonl", 1}, ingest::Limits{});
    EXPECT_FALSE(out.error.has_value()) << out.error->to_string();
  } else if (target == "policy") {
    EXPECT_NO_THROW(policy::load_policy_text(bytes, kPolicyName));
  } else {
    EXPECT_NO_THROW(run::decode(bytes));
  }
}

class FuzzRegression : public testing::TestWithParam<Input> {};

TEST_P(FuzzRegression, GivesACleanAnswer) {
  const Input& in = GetParam();
  if (in.file.filename().string().rfind("accepted-", 0) == 0) expect_accepted(in.target, read(in.file));
  else expect_refused(in.target, read(in.file));
}

std::string test_name(const testing::TestParamInfo<Input>& info) {
  std::string name = info.param.target + "_" + info.param.file.stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, testing::ValuesIn(inputs()), test_name);

TEST(FuzzRegressions, InputsArePresent) {
  // An empty or misplaced inputs/ folder must not pass as "nothing crashed".
  EXPECT_GE(inputs().size(), 10u);
}

// 200 000 nested arrays overflowed the stack of RapidJSON's recursive parser
// (8 MiB) in the wire decoder and the policy loader; the record parser's
// depth check must keep refusing them too.
TEST(FuzzRegressions, DeepNestingIsRefusedWithoutExhaustingTheStack) {
  const std::string deep(200'000, '[');
  expect_refused("record", R"({"kind":"round","schema":1,"x":)" + deep);
  expect_refused("policy", R"({"policy":"p","version":"1","description":)" + deep);
  expect_refused("policy", deep);
  expect_refused("wire", deep);
  expect_refused("wire", R"({"checks":)" + deep);
}

// Evidence nested 20 000 objects deep: each level is a recursive call of the
// wire decoder, so the depth limit must stop it long before the stack ends.
TEST(FuzzRegressions, DeepEvidenceIsRefused) {
  std::string bytes;
  const auto u32 = [&](std::uint32_t n) { bytes.append(reinterpret_cast<const char*>(&n), 4); };
  const auto str = [&](const std::string& s) {
    u32(std::uint32_t(s.size()));
    bytes += s;
  };
  u32(0);  // no counted verdicts
  u32(1);  // one check
  str("r");
  bytes += char(Scope::round);
  str("R");
  str("u");
  str("");
  for (int i = 0; i < 20'000; ++i) {
    u32(1);  // one entry: an object
    str("o");
    bytes += char(EvidenceValue::Kind::object);
  }
  u32(0);  // the innermost object, empty
  bytes += char(Verdict::complies);
  str("");
  u32(0);  // no findings
  expect_refused("wire", bytes);
}

// Options nested deeper than a policy ever needs: --option values go through
// the same checks as a policy's.
TEST(FuzzRegressions, DeepOptionValueIsRefused) {
  const std::string deep = R"({"groups":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}";
  const std::vector<OptionSpec> specs = {OptionSpec::lists("groups", {}, {}, "groups")};
  try {
    policy::resolve_options_json("p", deep, specs, "--option");
    ADD_FAILURE() << "the value was accepted";
  } catch (const policy::PolicyError& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper than"), std::string::npos) << e.what();
  }
}

// The fixes must not refuse what the host's own encoder writes: every
// evidence kind, nesting, NaN and infinities, dates at both ends of the range
// the record parser can produce, every scope, verdict and severity.
TEST(FuzzRegressions, WhatTheEncoderWritesStillDecodes) {
  Evidence inner;
  inner.count("applied", 12).rate("rate", 0.25);
  Evidence e;
  e.null("none")
      .boolean("documented", false)
      .count("invited", 7)
      .number("days", -3)
      .rate("rate", 0.5)
      .ratio("ratio", std::numeric_limits<double>::infinity())
      .p_value("p", std::nan(""))
      .statistic("z", -std::numeric_limits<double>::infinity())
      .real("threshold", 0.8)
      .real("third", 1.0 / 3)
      .real("tiny", 5e-324)
      .real("negative_zero", -0.0)
      .text("group", std::string("a\0b", 3))
      .date("first", *Timestamp::parse("0000-01-01T00:30:00+01:00"))
      .date("last", *Timestamp::parse("9999-12-31T23:59:59-01:00"))
      .object("women", inner)
      .list("groups", {inner, Evidence{}});
  run::Reported r;
  for (int s = 0; s < 3; ++s)
    for (int v = 0; v < 4; ++v) {
      Check c;
      c.rule = "rule";
      c.scope = Scope(s);
      c.verdict = Verdict(v);
      c.evidence = e;
      r.checks.push_back(c);
    }
  for (int sev = -1; sev < 3; ++sev) {
    Finding f;
    f.rule = "rule";
    if (sev >= 0) f.severity = Severity(sev);
    f.scope = Scope::run;
    f.evidence = e;
    f.applicants = {"A-1", "A-2"};
    r.findings.push_back(f);
  }
  const std::string once = run::encode(r);
  run::Reported back;
  ASSERT_NO_THROW(back = run::decode(once));
  EXPECT_EQ(run::encode(back), once);
  ASSERT_EQ(back.findings.size(), 4u);
  EXPECT_FALSE(back.findings[0].severity.has_value());
  EXPECT_EQ(back.findings[3].severity, Severity::error);
  // Reals come back bit for bit, as the isolated run must equal the
  // in-process one.
  for (const char* key : {"threshold", "third", "tiny", "negative_zero"}) {
    const double want = e.find(key)->d, got = back.checks[0].evidence.find(key)->d;
    EXPECT_EQ(std::memcmp(&want, &got, sizeof want), 0) << key;
  }
  // Strings keep embedded NULs rather than being cut at them.
  const EvidenceValue* group = back.checks[0].evidence.find("group");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->s, std::string("a\0b", 3));
}

// The policy loader reads a policy given as text exactly as from its file.
TEST(FuzzRegressions, PolicyTextLoadsLikeItsFile) {
  const fs::path file = fs::path(FAIRAUDIT_SOURCE_DIR) / "policies" / "oslo-kommune.json";
  const policy::Policy from_file = policy::load_policy(file);
  const policy::Policy from_text = policy::load_policy_text(read(file), file);
  EXPECT_EQ(from_text.name, from_file.name);
  EXPECT_EQ(from_text.sha256, from_file.sha256);
  EXPECT_EQ(from_text.files, from_file.files);
  ASSERT_EQ(from_text.plugins.size(), from_file.plugins.size());
  for (std::size_t i = 0; i < from_file.plugins.size(); ++i) {
    EXPECT_EQ(from_text.plugins[i].name, from_file.plugins[i].name);
    EXPECT_EQ(from_text.plugins[i].options.size(), from_file.plugins[i].options.size());
  }
}

}  // namespace
