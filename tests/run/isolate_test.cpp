// --isolate: a plugin that crashes, hangs, throws or eats memory costs one
// round of that plugin, reported as host/plugin-failure; the run completes
// with exit 3 and nothing of the other plugins is lost.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>

#include <sys/resource.h>

#include "support/cli.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  int status = -1;
  std::map<std::string, int> by_rule;       // findings per rule
  std::vector<std::string> failure_rounds;  // rounds with host/plugin-failure
  std::vector<std::string> failure_kinds;
  std::vector<std::string> seen_rounds;  // rounds the faulty plugin reported normally
  std::string err;
};

// A policy with representative-involvement and the faulty plugin, and an
// export of four rounds of which R-FAULT-2 is the one the plugin fails on;
// the arguments of an isolated audit of them.
std::vector<std::string> faulty_audit(const std::string& dir, const std::string& faulty) {
  write_file(dir + "/p.json", R"({"policy":"t","version":"1","plugins":{"representative-involvement":{},")" + faulty +
                                  R"(":{}}})");
  std::string lines;
  for (const char* id : {"R-1", "R-FAULT-2", "R-3", "R-4"})
    lines += std::string(R"({"kind":"round","schema":1,"round_id":")") + id +
             R"(","org_unit":"oslo/x","jurisdiction":"NO-OSL","applicants":[],"representative":{"appointed":false}})" + "\n";
  write_file(dir + "/export.jsonl", lines);
  return {"audit",        dir + "/export.jsonl", "--policy", dir + "/p.json", "--plugin-dir",
          FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR, "--format", "json", "--isolate"};
}

// A string member, or "(none)": a failure of the whole plugin (its process
// could not be started again) has no round, and the test says so instead of
// stopping at it.
std::string text(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? std::string(v[key].GetString()) : "(none)";
}

// Starting a plugin's process (fork, loading its library) takes seconds on
// a loaded machine under AddressSanitizer: the tests that are not about the
// timeout give every call a minute, so that only the fault they plant fails.
void allow_slow_starts(std::vector<std::string>& extra) {
  if (std::find(extra.begin(), extra.end(), "--plugin-timeout") == extra.end())
    extra.insert(extra.end(), {"--plugin-timeout", "60"});
}

Outcome run_with(const std::string& faulty, std::vector<std::string> extra = {},
                 const std::vector<std::string>& env = {}) {
  const std::string dir = temp_dir("isolate");
  std::vector<std::string> args = faulty_audit(dir, faulty);
  allow_slow_starts(extra);
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_fairaudit(args, "", "", env);
  fs::remove_all(dir);
  Outcome o;
  o.status = r.status;
  o.err = r.err;
  rapidjson::Document d;
  d.Parse(r.out.c_str());
  if (d.HasParseError()) return o;
  if (!d.IsObject() || !d.HasMember("findings") || !d["findings"].IsArray()) return o;
  for (const auto& f : d["findings"].GetArray()) {
    const std::string rule = text(f, "rule");
    ++o.by_rule[rule];
    if (rule == "host/plugin-failure") {
      o.failure_rounds.push_back(text(f, "round_id"));
      o.failure_kinds.push_back(f.HasMember("evidence") ? text(f["evidence"], "failure") : "(none)");
    }
    if (rule == faulty + "/seen") o.seen_rounds.push_back(text(f, "round_id"));
  }
  return o;
}

// Under AddressSanitizer its SEGV handler would turn the deliberate crash
// into exit status 1: it is off for the runs with many rounds.
std::vector<std::string> crash_env_for_batches() {
  std::vector<std::string> env;
#if defined(FAIRAUDIT_ASAN)
  const char* asan = std::getenv("ASAN_OPTIONS");
  env.push_back(std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") + "handle_segv=0");
#endif
  return env;
}

void expect_survived(const Outcome& o, const std::string& kind) {
  EXPECT_EQ(o.status, 3) << o.err;
  ASSERT_EQ(o.failure_rounds.size(), 1u) << o.err;
  EXPECT_EQ(o.failure_rounds[0], "R-FAULT-2") << o.err;
  EXPECT_EQ(o.failure_kinds[0], kind) << o.err;
  // The faulty plugin went on with the rounds after the fault (in a new process).
  EXPECT_EQ(o.seen_rounds, (std::vector<std::string>{"R-1", "R-3", "R-4"})) << o.err;
  // The other plugin lost nothing.
  const auto appointed = o.by_rule.find("representative-involvement/appointed");
  EXPECT_EQ(appointed == o.by_rule.end() ? 0 : appointed->second, 4) << o.err;
}

}  // namespace

TEST(Isolate, SegfaultInAPlugin) {
  std::vector<std::string> env;
#if defined(FAIRAUDIT_ASAN)
  // AddressSanitizer's SEGV handler would report the deliberate crash and
  // end the plugin process with exit status 1, so the host would see an exit
  // rather than the signal this test is about: the handler is off for this
  // run (the process inherits it across fork).
  const char* asan = std::getenv("ASAN_OPTIONS");
  env.push_back(std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") + "handle_segv=0");
#endif
  expect_survived(run_with("crashes-on-round", {}, env), "crash");
}

// A plugin's process holds applicants' records: its crash leaves no core
// file of them, even where the shell that started the audit allows core
// files.
TEST(Isolate, ACrashLeavesNoCoreFileOfTheRecords) {
#if defined(FAIRAUDIT_ASAN)
  GTEST_SKIP() << "AddressSanitizer turns core files off in the processes it runs";
#else
  std::ifstream in("/proc/sys/kernel/core_pattern");
  std::string pattern;
  std::getline(in, pattern);
  if (pattern.empty() || pattern[0] == '|' || pattern.find('/') != std::string::npos)
    GTEST_SKIP() << "core files go to a handler or another directory on this machine, not the working directory";
  rlimit core{};
  if (getrlimit(RLIMIT_CORE, &core) != 0 || core.rlim_max == 0) GTEST_SKIP() << "this machine allows no core files";
  const std::string dir = temp_dir("isolate-core");
  std::vector<std::string> args = faulty_audit(dir, "crashes-on-round");
  ChildSetup setup;
  setup.core_files = true;
  const auto r = run_fairaudit(args, dir, "", {}, setup);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("Segmentation fault"), std::string::npos) << r.err;
  std::vector<std::string> cores;
  const std::string prefix = pattern.substr(0, pattern.find('%'));
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) cores.push_back(e.path().filename().string());
  EXPECT_TRUE(cores.empty()) << cores.size() << " core file(s) left in the working directory";
  fs::remove_all(dir);
#endif
}

// A plugin's process is a fresh run of the executable with a command of its
// own; run by hand, without the host's pipes, it says what it is and stops.
TEST(Isolate, ThePluginProcessCommandRunByHandSaysWhatItIs) {
  const auto r = run_fairaudit({"__plugin-process", "x.so", "x", "0", "5000", "0"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not a command to run"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(Isolate, EndlessLoopInAPluginTimesOut) {
  auto o = run_with("hangs-on-round", {"--plugin-timeout", "0.5"});
  expect_survived(o, "timeout");
}

TEST(Isolate, ExceptionInAPlugin) { expect_survived(run_with("throws-on-round"), "exception"); }

// An isolated plugin's answer for one record is capped (64 MiB): a plugin
// that floods the host is stopped and restarted like one that hangs.
TEST(Isolate, AnOversizedAnswerIsAFailureNotAnAllocation) {
  expect_survived(run_with("floods-on-round"), "oversized answer");
}

TEST(Isolate, RunawayMemoryInAPlugin) {
#if defined(FAIRAUDIT_ASAN)
  GTEST_SKIP() << "the address-space limit is off under AddressSanitizer";
#else
  expect_survived(run_with("eats-memory", {"--plugin-memory", "256"}), "out of memory");
#endif
}

TEST(Isolate, SameFindingsAsInProcessForAHealthyPlugin) {
  const std::string base = FAIRAUDIT_SOURCE_DIR;
  auto in_process = run_fairaudit({"audit", "fixtures/oslo/export.jsonl", "--policy", "policies/oslo-kommune.json",
                                   "--format", "json", "--audience", "internal"});
  auto isolated = run_fairaudit({"audit", "fixtures/oslo/export.jsonl", "--policy", "policies/oslo-kommune.json",
                                 "--format", "json", "--audience", "internal", "--isolate"});
  EXPECT_EQ(in_process.status, isolated.status) << isolated.err;
  EXPECT_EQ(in_process.out, isolated.out);
}

TEST(Isolate, WithoutIsolationExceptionsAreStillCaught) {
  const std::string dir = temp_dir("noisolate");
  write_file(dir + "/p.json", R"({"policy":"t","version":"1","plugins":{"throws-on-round":{}}})");
  write_file(dir + "/export.jsonl",
             R"({"kind":"round","schema":1,"round_id":"R-FAULT","org_unit":"oslo/x","jurisdiction":"NO-OSL","applicants":[]})"
             "\n");
  auto r = run_fairaudit({"audit", dir + "/export.jsonl", "--policy", dir + "/p.json", "--plugin-dir",
                          FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.out.find("host/plugin-failure"), std::string::npos);
  fs::remove_all(dir);
}

// A plugin process gets the records in batches and answers a batch in one
// write. A fault on one record of a batch must still cost only that record:
// blamed on its round, every other round of the batch (and after it)
// audited, and every answer attributed to its own record.
namespace {

struct Batched {
  int status = -1;
  std::vector<std::string> failure_rounds, failure_kinds;
  std::vector<std::string> seen;        // rounds the faulty plugin reported, in output order
  bool lines_match = true;              // each finding's line is its round's line
  int other_plugin = 0;                 // findings of representative-involvement/appointed
  std::string err;
};

// `rounds` rounds, the ones in `faults` (1-based) with FAULT in their id, one
// line each, audited with `plugin` and representative-involvement.
Batched run_batched(const std::string& plugin, int rounds, const std::vector<int>& faults,
                    std::vector<std::string> extra, std::vector<std::string>* ids,
                    const std::vector<std::string>& env = {}) {
  const std::string dir = temp_dir("isolate-batch");
  write_file(dir + "/p.json",
             R"({"policy":"t","version":"1","plugins":{"representative-involvement":{},")" + plugin + R"(":{}}})");
  std::string lines;
  for (int i = 1; i <= rounds; ++i) {
    char id[32];
    const bool fault = std::find(faults.begin(), faults.end(), i) != faults.end();
    std::snprintf(id, sizeof id, fault ? "R-FAULT-%03d" : "R-%03d", i);
    ids->push_back(id);
    lines += std::string(R"({"kind":"round","schema":1,"round_id":")") + id +
             R"(","org_unit":"oslo/x","jurisdiction":"NO-OSL","applicants":[],"representative":{"appointed":false}})" +
             "\n";
  }
  write_file(dir + "/export.jsonl", lines);
  std::vector<std::string> args = {"audit",        dir + "/export.jsonl", "--policy", dir + "/p.json", "--plugin-dir",
                                   FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR, "--format", "json", "--isolate"};
  allow_slow_starts(extra);
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<std::string> all_env = crash_env_for_batches();
  all_env.insert(all_env.end(), env.begin(), env.end());
  auto r = run_fairaudit(args, "", "", all_env);
  fs::remove_all(dir);
  Batched o;
  o.status = r.status;
  o.err = r.err;
  rapidjson::Document d;
  d.Parse(r.out.c_str());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("findings") || !d["findings"].IsArray()) return o;
  for (const auto& f : d["findings"].GetArray()) {
    const std::string rule = text(f, "rule"), round = text(f, "round_id");
    const auto at = std::find(ids->begin(), ids->end(), round);
    const bool has_line = f.HasMember("location") && f["location"].IsObject() && f["location"].HasMember("line") &&
                          f["location"]["line"].IsInt();
    if (at == ids->end() || !has_line || f["location"]["line"].GetInt() != int(at - ids->begin()) + 1)
      o.lines_match = false;
    if (rule == "host/plugin-failure") {
      o.failure_rounds.push_back(round);
      o.failure_kinds.push_back(f.HasMember("evidence") ? text(f["evidence"], "failure") : "(none)");
    } else if (rule == plugin + "/seen") {
      o.seen.push_back(round);
    } else if (rule == "representative-involvement/appointed") {
      ++o.other_plugin;
    }
  }
  std::sort(o.seen.begin(), o.seen.end());
  return o;
}

// 300 rounds: faults on two rounds in a row early on (both inside the first
// batch) and one far into the run.
// `env`: more of the environment, made anew for each run.
void expect_blamed_within_batches(const std::string& plugin, const std::string& kind, std::vector<std::string> extra,
                                  const std::function<std::vector<std::string>()>& env = {}) {
  const std::vector<int> faults = {37, 38, 200};
  for (const char* threads : {"1", "2"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    std::vector<std::string> args = extra;
    args.insert(args.end(), {"--threads", threads});
    std::vector<std::string> ids;
    const Batched o = run_batched(plugin, 300, faults, args, &ids, env ? env() : std::vector<std::string>{});
    EXPECT_EQ(o.status, 3) << o.err;
    EXPECT_EQ(o.failure_rounds, (std::vector<std::string>{"R-FAULT-037", "R-FAULT-038", "R-FAULT-200"})) << o.err;
    EXPECT_EQ(o.failure_kinds, (std::vector<std::string>(3, kind)));
    // Every other round of the batches was audited, once, by the faulty
    // plugin too: the same findings as without the fault but for its rounds.
    std::vector<std::string> others;
    for (const auto& id : ids)
      if (id.find("FAULT") == std::string::npos) others.push_back(id);
    EXPECT_EQ(o.seen, others);
    EXPECT_EQ(o.other_plugin, 300);
    EXPECT_TRUE(o.lines_match) << "an answer was given to another record than its own";
  }
}

}  // namespace

TEST(IsolateBatches, ACrashInsideABatchIsBlamedOnItsRoundAndTheRestIsAudited) {
  expect_blamed_within_batches("crashes-on-round", "crash", {});
}

// The crashed process's rounds laid out in the shared memory for it are sent
// to the new one in the record codec's form when the new one cannot read
// them in place (as when the address is taken in it): no round of the batch
// is blamed for it, and every other round is still checked once.
TEST(IsolateBatches, ARestartedProcessThatCannotReadInPlaceGetsTheBatchInTheCodecsForm) {
  std::vector<std::string> dirs;
  expect_blamed_within_batches("crashes-on-round", "crash", {}, [&dirs] {
    dirs.push_back(temp_dir("isolate-restart-markers-" + std::to_string(dirs.size())));
    return std::vector<std::string>{"FAIRAUDIT_TEST_RING_ELSEWHERE_ON_RESTART=" + dirs.back()};
  });
  for (const auto& d : dirs) {
    // The first process of each plugin made its marker, and the one started
    // again found it: the test did what it says.
    EXPECT_TRUE(fs::exists(d + "/crashes-on-round")) << d;
    fs::remove_all(d);
  }
}

TEST(IsolateBatches, AnExitInsideABatchIsBlamedOnItsRound) {
  expect_blamed_within_batches("exits-on-round", "exit", {});
}

TEST(IsolateBatches, AHangInsideABatchIsTimedOutAndBlamedOnItsRound) {
  expect_blamed_within_batches("hangs-on-round", "timeout", {"--plugin-timeout", "0.3"});
}

// A record that takes longer than the timeout but returns is timed out as
// well, although its answer would have gone with those of its batch.
TEST(IsolateBatches, ARecordSlowerThanTheTimeoutIsTimedOutInsideABatch) {
  expect_blamed_within_batches("slow-on-round", "timeout", {"--plugin-timeout", "0.3"});
}

// Several plugins, each in its own process and batched, answer every record
// as in process: same bytes out, at one thread and at two.
TEST(IsolateBatches, SameOutputAsInProcessAtEachThreadCount) {
  for (const char* threads : {"1", "2"}) {
    auto in_process = run_fairaudit({"audit", "fixtures/oslo/export.jsonl", "--policy", "policies/oslo-kommune.json",
                                     "--format", "json", "--audience", "internal", "--no-isolate", "--threads", threads});
    auto isolated = run_fairaudit({"audit", "fixtures/oslo/export.jsonl", "--policy", "policies/oslo-kommune.json",
                                   "--format", "json", "--audience", "internal", "--isolate", "--threads", threads});
    EXPECT_EQ(in_process.status, isolated.status) << isolated.err;
    EXPECT_EQ(in_process.out, isolated.out);
  }
}

#if defined(FAIRAUDIT_TEST_GENERATOR)
namespace {
// An export of 20,000 generated applications in `dir`: its path, or empty
// (and a failure said) when the generator failed.
std::string generated_export(const std::string& dir, int seed) {
  const std::string file = dir + "/export.jsonl";
  const std::string gen = std::string(FAIRAUDIT_TEST_GENERATOR) + " --applications 20000 --seed " +
                          std::to_string(seed) + " -q -o " + file;
  if (std::system(gen.c_str()) == 0) return file;
  ADD_FAILURE() << gen;
  return {};
}
}  // namespace
#endif

// Where the system gives no sealed shared memory for records (the ring),
// every record goes to the plugin processes through their pipes, and with
// --checks every answer is large. The host writes to a pipe only what it can
// hold, counted in the pages a pipe is made of: counted in bytes, a write
// could wait on a plugin process that waits for the host to read its
// answers, and the run hung (this export, two threads). The output is the
// in-process one at each thread count.
TEST(IsolateBatches, RecordsThroughThePipesAloneGiveTheSameOutputAndNoHang) {
#if !defined(FAIRAUDIT_TEST_GENERATOR)
  GTEST_SKIP() << "the generator (bench/gen) is not built in this tree (-DFAIRAUDIT_BUILD_BENCH=OFF)";
#else
  const std::string dir = temp_dir("isolate-pipes");
  const std::string file = generated_export(dir, 7);
  ASSERT_FALSE(file.empty());
  auto audit = [&](const char* threads, const char* mode, const std::vector<std::string>& env) {
    ChildSetup setup;
    setup.time_limit = 120;
    return run_fairaudit({"audit", file, "--policy", "bench/all-plugins.json", "--format", "json", "--audience",
                          "internal", "--checks", "--fail-on", "never", "--threads", threads, mode,
                          "--plugin-timeout", "60"},
                         "", "", env, setup);
  };
  const auto in_process = audit("1", "--no-isolate", {});
  ASSERT_EQ(in_process.status, 0) << in_process.err;
  ASSERT_GT(in_process.out.size(), std::size_t(10) << 20) << "the answers were meant to be large";
  for (const char* threads : {"2", "16"}) {
    const auto piped = audit(threads, "--isolate", {"FAIRAUDIT_TEST_NO_RING=1"});
    ASSERT_NE(piped.status, 128 + SIGALRM) << "--threads " << threads << ": the run hung";
    EXPECT_EQ(piped.status, 0) << piped.err;
    EXPECT_TRUE(piped.out == in_process.out) << "--threads " << threads << " differs from the in-process run";
  }
  fs::remove_all(dir);
#endif
}

// Rounds go to the plugin processes laid out in shared memory, where each
// process reads them in place (run/round_in_place.hpp); a process that
// cannot map that memory at the host's address (as when something of its own
// lies there) says so, and from then on every process is sent the rounds in
// the record codec's form. Either way, on a generated export of thousands of
// rounds, at two threads, the output is the in-process one, and the log says
// which form was used.
TEST(IsolateBatches, RoundsReadInPlaceOrDecodedGiveTheInProcessOutput) {
#if !defined(FAIRAUDIT_TEST_GENERATOR)
  GTEST_SKIP() << "the generator (bench/gen) is not built in this tree (-DFAIRAUDIT_BUILD_BENCH=OFF)";
#else
  const std::string dir = temp_dir("isolate-in-place");
  const std::string file = generated_export(dir, 11);
  ASSERT_FALSE(file.empty());
  auto audit = [&](const char* mode, const std::vector<std::string>& env) {
    ChildSetup setup;
    setup.time_limit = 120;
    return run_fairaudit({"audit", file, "--format", "json", "--audience", "internal", "--fail-on", "never",
                          "--threads", "2", mode, "--plugin-timeout", "60", "--log-level", "debug"},
                         "", "", env, setup);
  };
  const auto in_process = audit("--no-isolate", {});
  ASSERT_EQ(in_process.status, 0) << in_process.err;
  ASSERT_GT(in_process.out.size(), std::size_t(100) << 10);
  const auto in_place = audit("--isolate", {});
  EXPECT_EQ(in_place.status, 0) << in_place.err;
  EXPECT_TRUE(in_place.out == in_process.out) << "rounds read in place: the output differs from the in-process run";
  EXPECT_NE(in_place.err.find("reads rounds where the host laid them out"), std::string::npos) << in_place.err;
  EXPECT_EQ(in_place.err.find("cannot read rounds"), std::string::npos) << in_place.err;
  // Every round of it was laid out (the shared memory had room for all).
  std::smatch sent;
  ASSERT_TRUE(std::regex_search(in_place.err, sent, std::regex(R"(sent to the plugin processes: (\d+) rounds laid out)")))
      << in_place.err;
  EXPECT_GT(std::stoul(sent[1]), 100u) << in_place.err;
  const auto decoded = audit("--isolate", {"FAIRAUDIT_TEST_RING_ELSEWHERE=1"});
  EXPECT_EQ(decoded.status, 0) << decoded.err;
  EXPECT_TRUE(decoded.out == in_process.out) << "rounds in the codec's form: the output differs from the in-process run";
  EXPECT_NE(decoded.err.find("cannot read rounds in the records' shared memory"), std::string::npos) << decoded.err;
  EXPECT_NE(decoded.err.find("sent to the plugin processes: 0 rounds laid out"), std::string::npos) << decoded.err;
  fs::remove_all(dir);
#endif
}
