// Plugins that break the contract before any round, or around it: a factory
// that exits, aborts, crashes or hangs, a static constructor that exits, a
// configure() that crashes, a plugin that prints to stdout and stderr, one
// that writes applicant ids into its messages. Each is run through the real
// executable, as a nightly job would meet it: the exit status is the
// documented one (never 0 when the run did not finish), the message names the
// plugin and what it did, and the output is whole or absent.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

#include "support/cli.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;
namespace fs = std::filesystem;

namespace {

// Applicant ids that look like nothing else in a report.
const std::vector<std::string> kIds = {"pseud-7781", "pseud-9932", "pseud-4410"};

std::string export_text() {
  std::string lines;
  for (const char* round : {"R-1", "R-FAULT-2"}) {
    lines += std::string(R"({"kind":"round","schema":1,"round_id":")") + round +
             R"(","org_unit":"oslo/x","jurisdiction":"NO-OSL","representative":{"appointed":false},"applicants":[)";
    for (std::size_t i = 0; i < kIds.size(); ++i)
      lines += std::string(i ? "," : "") + R"({"id":")" + kIds[i] + R"(","gender":"woman"})";
    lines += "]}\n";
  }
  return lines;
}

struct Audited {
  CliResult r;
  double seconds = 0;
};

// `fairaudit audit` of a two-round export with the policy enabling `plugins`.
Audited audit(const std::vector<std::string>& plugins, std::vector<std::string> extra = {},
          const std::vector<std::string>& env = {}) {
  const std::string dir = temp_dir("hostile");
  std::string list;
  for (const auto& p : plugins) list += (list.empty() ? "" : ",") + ("\"" + p + "\":{}");
  write_file(dir + "/p.json", R"({"policy":"t","version":"1","plugins":{)" + list + "}}");
  write_file(dir + "/export.jsonl", export_text());
  std::vector<std::string> args = {"audit",        dir + "/export.jsonl", "--policy", dir + "/p.json", "--plugin-dir",
                                   FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR};
  if (std::find(extra.begin(), extra.end(), "--format") == extra.end()) extra.insert(extra.end(), {"--format", "json"});
  args.insert(args.end(), extra.begin(), extra.end());
  const auto start = std::chrono::steady_clock::now();
  Audited out;
  out.r = run_fairaudit(args, "", "", env);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fs::remove_all(dir);
  return out;
}

// Under AddressSanitizer its SEGV handler would turn the deliberate crash
// into exit status 1; it is off for these runs, as in tests/run/isolate_test.cpp.
std::vector<std::string> crash_env() {
  std::vector<std::string> env;
#if defined(FAIRAUDIT_ASAN)
  const char* asan = std::getenv("ASAN_OPTIONS");
  env.push_back(std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") + "handle_segv=0");
#endif
  return env;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

void expect_plugin_failed_before_any_round(const Audited& run, const std::string& plugin, const std::string& what) {
  EXPECT_EQ(run.r.status, 3) << run.r.err;
  EXPECT_TRUE(has(run.r.err, "plugin '" + plugin + "' " + what)) << run.r.err;
  EXPECT_TRUE(has(run.r.err, "nothing was audited")) << run.r.err;
  EXPECT_EQ(run.r.out, "");  // no half report
}

}  // namespace

TEST(HostilePlugin, AFactoryThatExitsIsAPluginFailureNotASuccess) {
  expect_plugin_failed_before_any_round(audit({"factory-exits"}), "factory-exits",
                                        "ended its process (exit) while starting");
}

TEST(HostilePlugin, AFactoryThatAbortsIsAPluginFailure) {
  expect_plugin_failed_before_any_round(audit({"factory-aborts"}), "factory-aborts",
                                        "crashed with signal 6 (Aborted) while starting");
}

TEST(HostilePlugin, AFactoryThatCrashesIsAPluginFailure) {
  expect_plugin_failed_before_any_round(audit({"factory-crashes"}, {}, crash_env()), "factory-crashes",
                                        "crashed with signal 11 (Segmentation fault) while starting");
}

TEST(HostilePlugin, AFactoryThatHangsIsStoppedByThePluginTimeout) {
  const Audited run = audit({"factory-hangs"}, {"--plugin-timeout", "0.5"});
  expect_plugin_failed_before_any_round(run, "factory-hangs", "did not answer within 500 ms while starting");
  EXPECT_LT(run.seconds, 20.0);
}

TEST(HostilePlugin, AConfigureThatCrashesIsAPluginFailure) {
  expect_plugin_failed_before_any_round(audit({"configure-crashes"}, {}, crash_env()), "configure-crashes",
                                        "crashed with signal 11 (Segmentation fault) while being configured");
}

TEST(HostilePlugin, AStaticConstructorThatExitsRunsOutsideTheHost) {
  expect_plugin_failed_before_any_round(audit({"static-exits"}), "static-exits",
                                        "ended its process (exit) while starting");
}

// A policy's plugin processes start side by side and are awaited in the
// policy's order (by name): the plugin reported is the first that fails in
// that order, not the first to fail in time, and one that started well does
// not hide one that did not.
TEST(HostilePlugin, OfSeveralPluginsThatFailWhileStartingTheFirstInThePolicyIsReported) {
  // static-exits ends at once; factory-hangs, first by name, only after the timeout.
  const Audited hang = audit({"static-exits", "factory-hangs"}, {"--plugin-timeout", "0.5"});
  expect_plugin_failed_before_any_round(hang, "factory-hangs", "did not answer within 500 ms while starting");
  EXPECT_FALSE(has(hang.r.err, "static-exits")) << hang.r.err;
  const Audited second = audit({"prints-to-stdout", "static-exits"});
  expect_plugin_failed_before_any_round(second, "static-exits", "ended its process (exit) while starting");
  // A later plugin that cannot be started at all (not found; refused by the
  // gate from its file) does not hide an earlier one that failed while
  // starting, although its failure is known first.
  const Audited missing = audit({"static-exits", "zz-no-such-plugin"});
  expect_plugin_failed_before_any_round(missing, "static-exits", "ended its process (exit) while starting");
  EXPECT_FALSE(has(missing.r.err, "zz-no-such-plugin")) << missing.r.err;
  const Audited refused = audit({"factory-exits", "other-sdk-major"});
  expect_plugin_failed_before_any_round(refused, "factory-exits", "ended its process (exit) while starting");
  EXPECT_FALSE(has(refused.r.err, "other-sdk-major")) << refused.r.err;
}

// Without isolation the plugin's exit() ends fairaudit itself; the exit
// status is still a plugin failure, with a message, never 0.
TEST(HostilePlugin, InProcessAFactoryThatExitsEndsTheRunWithStatus3) {
  const Audited run = audit({"factory-exits"}, {"--no-isolate"});
  EXPECT_EQ(run.r.status, 3) << run.r.err;
  EXPECT_TRUE(has(run.r.err, "plugin 'factory-exits' ended the process (exit) while being loaded")) << run.r.err;
  EXPECT_TRUE(has(run.r.err, "the run did not finish")) << run.r.err;
  EXPECT_EQ(run.r.out, "");
}

TEST(HostilePlugin, InProcessAnExitInRoundEndsTheRunWithStatus3) {
  for (const char* threads : {"1", "2"}) {
    const Audited run = audit({"exits-on-round"}, {"--no-isolate", "--threads", threads});
    EXPECT_EQ(run.r.status, 3) << run.r.err;
    EXPECT_TRUE(has(run.r.err, "plugin 'exits-on-round' ended the process (exit) while checking a record"))
        << run.r.err;
    EXPECT_EQ(run.r.out, "");
  }
}

// Isolated, the same exit costs that round only.
TEST(HostilePlugin, IsolatedAnExitInRoundIsAFindingAndTheRunGoesOn) {
  const std::string dir = temp_dir("hostile-exit");
  write_file(dir + "/p.json", R"({"policy":"t","version":"1","plugins":{"exits-on-round":{}}})");
  write_file(dir + "/export.jsonl",
             R"({"kind":"round","schema":1,"round_id":"R-FAULT-1","org_unit":"oslo/x","jurisdiction":"NO-OSL","applicants":[]})"
             "\n"
             R"({"kind":"round","schema":1,"round_id":"R-2","org_unit":"oslo/x","jurisdiction":"NO-OSL","applicants":[]})"
             "\n");
  auto r = run_fairaudit({"audit", dir + "/export.jsonl", "--policy", dir + "/p.json", "--plugin-dir",
                          FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR, "--format", "json"});
  fs::remove_all(dir);
  EXPECT_EQ(r.status, 3) << r.err;
  rapidjson::Document d;
  d.Parse(r.out.c_str());
  ASSERT_FALSE(d.HasParseError()) << r.out;
  std::map<std::string, std::string> by_round;  // round -> rule (and the failure's kind)
  for (const auto& f : d["findings"].GetArray()) {
    std::string what = f["rule"].GetString();
    if (what == "host/plugin-failure") what += std::string(":") + f["evidence"]["failure"].GetString();
    by_round[f["round_id"].GetString()] = what;
  }
  EXPECT_EQ(by_round, (std::map<std::string, std::string>{{"R-FAULT-1", "host/plugin-failure:exit"},
                                                          {"R-2", "exits-on-round/seen"}}));
}

// A library in --plugin-dir under a shipped plugin's name replaces it for
// the run: said on stderr, in process and isolated, naming both files. The
// bundled plugin taken from its own directory is not announced.
TEST(HostilePlugin, APluginDirThatHidesABundledPluginIsSaid) {
  const std::string dir = temp_dir("hostile-shadow");
  fs::copy_file(fs::path(FAIRAUDIT_TEST_PLUGIN_DIR) / "process-integrity.so", dir + "/process-integrity.so");
  write_file(dir + "/p.json", R"({"policy":"t","version":"1","plugins":{"process-integrity":{}}})");
  write_file(dir + "/export.jsonl",
             R"({"kind":"round","schema":1,"round_id":"R-1","org_unit":"oslo/x","jurisdiction":"NO-OSL","applicants":[]})"
             "\n");
  for (const char* isolation : {"--isolate", "--no-isolate"}) {
    SCOPED_TRACE(isolation);
    auto r = run_fairaudit({"audit", dir + "/export.jsonl", "--policy", dir + "/p.json", "--plugin-dir", dir,
                            "--format", "json", isolation});
    EXPECT_LE(r.status, 1) << r.err;
    EXPECT_TRUE(has(r.err, "plugin 'process-integrity' is taken from " + (fs::weakly_canonical(dir) /
                                                                          "process-integrity.so").string() +
                               ", which hides the bundled "))
        << r.err;
    r = run_fairaudit({"audit", dir + "/export.jsonl", "--policy", dir + "/p.json", "--format", "json", isolation});
    EXPECT_LE(r.status, 1) << r.err;
    EXPECT_FALSE(has(r.err, "hides")) << r.err;
  }
  auto r = run_fairaudit({"plugins", "--plugin-dir", dir});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "  hides the bundled ")) << r.out;
  EXPECT_EQ(count(r.out, "hides the bundled"), 1u) << r.out;  // the other bundled plugins are listed as they are
  fs::remove_all(dir);
}

TEST(HostilePlugin, WhatAPluginPrintsReachesNoOutput) {
  for (const char* format : {"json", "sarif", "text"}) {
    const Audited run = audit({"prints-to-stdout", "representative-involvement"},
                          {"--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR, "--format", format});
    EXPECT_LE(run.r.status, 1) << run.r.err;  // the run finished
    EXPECT_TRUE(has(run.r.out, "representative-involvement")) << format;
    EXPECT_FALSE(has(run.r.out, "printed-by-the-plugin")) << format;
    EXPECT_FALSE(has(run.r.err, "printed-by-the-plugin")) << format;
    if (std::string(format) != "text") {
      rapidjson::Document d;
      d.Parse(run.r.out.c_str());
      EXPECT_FALSE(d.HasParseError()) << format << ": " << run.r.out.substr(0, 200);
    }
  }
}

TEST(HostilePlugin, ApplicantIdsAPluginWritesIntoTextsAreRemoved) {
  for (const char* audience : {"union", "representative", "internal"})
    for (const char* format : {"json", "text", "sarif", "html", "csv"}) {
      const Audited run = audit({"leaks-ids"}, {"--audience", audience, "--format", format, "--checks"});
      EXPECT_EQ(run.r.status, 0) << run.r.err;  // the leaks are notes
      EXPECT_TRUE(has(run.r.out, "[applicant id]")) << audience << " " << format;
      for (const auto& id : kIds) {
        std::string shouted;
        for (char c : id) shouted += char(std::toupper(static_cast<unsigned char>(c)));
        for (const auto& form : {id, shouted}) {
          EXPECT_FALSE(has(run.r.out, form)) << audience << " " << format << ": " << form;
          EXPECT_FALSE(has(run.r.err, form)) << audience << " " << format << ": " << form;
        }
      }
    }
}

// The processes named fa-test-orphan (what forks-on-round starts).
int orphans() {
  int n = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string comm;
    try {
      comm = read_file(e.path().string() + "/comm");
    } catch (...) {
      continue;  // ended meanwhile
    }
    if (comm.rfind("fa-test-orphan", 0) == 0) ++n;
  }
  return n;
}

// A process a plugin starts, with a copy of the records its plugin process
// holds, ends with the run.
TEST(HostilePlugin, AProcessAPluginStartsEndsWithTheRun) {
  const int before = orphans();
  const Audited run = audit({"forks-on-round"}, {"--isolate"});
  EXPECT_LE(run.r.status, 1) << run.r.err;
  // SIGKILL is sent before the run ends; the kernel may take a moment.
  int left = orphans() - before;
  for (int i = 0; i < 100 && left > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    left = orphans() - before;
  }
  EXPECT_EQ(left, 0) << "a process the plugin started outlived the run";
}

// Without isolation nothing bounds a plugin: the limits given are said not
// to apply rather than taken in silence.
TEST(HostilePlugin, LimitsGivenWithoutIsolationAreSaidNotToApply) {
  const Audited run = audit({"leaks-ids"}, {"--no-isolate", "--plugin-timeout", "2"});
  EXPECT_EQ(run.r.status, 0) << run.r.err;
  EXPECT_TRUE(has(run.r.err, "bound isolated plugins only")) << run.r.err;
  const Audited isolated = audit({"leaks-ids"}, {"--plugin-timeout", "2"});
  EXPECT_FALSE(has(isolated.r.err, "bound isolated plugins only")) << isolated.r.err;
}

// A round's result filed under a round the plugin was not given would be
// shown in the wrong place: the report is refused, and the plugin named.
TEST(HostilePlugin, AResultFiledUnderAnotherRoundIsRefused) {
  for (const char* isolation : {"--isolate", "--no-isolate"}) {
    const Audited run = audit({"files-elsewhere"}, {isolation});
    EXPECT_EQ(run.r.status, 3) << isolation << ": " << run.r.err;
    EXPECT_FALSE(has(run.r.out, "R-ELSEWHERE")) << isolation;
    EXPECT_TRUE(has(run.r.out, "host/plugin-failure")) << isolation;
    EXPECT_TRUE(has(run.r.err, "under another round's id or unit")) << isolation << ": " << run.r.err;
  }
}

// A pooled result of finish() names ids of rounds that are no longer at
// hand: they are removed all the same, isolated or not.
TEST(HostilePlugin, ApplicantIdsInWhatFinishReportsAreRemoved) {
  for (const char* isolation : {"--isolate", "--no-isolate"}) {
    const Audited run = audit({"leaks-ids"}, {isolation, "--audience", "internal"});
    EXPECT_EQ(run.r.status, 0) << run.r.err;
    rapidjson::Document d;
    d.Parse(run.r.out.c_str());
    ASSERT_FALSE(d.HasParseError()) << run.r.out;
    bool pooled = false;
    for (const auto& f : d["findings"].GetArray()) {
      const std::string message = f["message"].GetString();
      if (message.rfind("Pooled", 0) != 0) continue;
      pooled = true;
      EXPECT_EQ(message, "Pooled, not called: R-1: [applicant id], [applicant id], [applicant id]; R-FAULT-2: "
                         "[applicant id], [applicant id], [applicant id].")
          << isolation;
    }
    EXPECT_TRUE(pooled) << isolation << ": " << run.r.out;
    for (const auto& id : kIds) EXPECT_FALSE(has(run.r.out, id)) << isolation << ": " << id;
  }
}

TEST(HostilePlugin, PolicyCheckRunsNoPluginCodeInTheHost) {
  const std::string dir = temp_dir("hostile-check");
  write_file(dir + "/p.json", R"({"policy":"t","version":"1","plugins":{"factory-exits":{}}})");
  auto r = run_fairaudit({"policy", "check", dir + "/p.json", "--plugin-dir", FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
  fs::remove_all(dir);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_TRUE(has(r.err, "plugin 'factory-exits' ended its process (exit) while starting")) << r.err;
  EXPECT_FALSE(has(r.out, "is valid"));
}

// `fairaudit rules` names each plugin that cannot be described and still
// lists the rules of the others, in text and in JSON; the exit status says
// that something was left out.
TEST(HostilePlugin, TheRuleListingNamesWhatFailsAndListsTheRest) {
  const std::string dir = temp_dir("hostile-rules");
  for (const char* lib : {"factory-exits.so", "factory-crashes.so", "not-a-plugin.so", "throws-on-round.so"})
    fs::copy_file(fs::path(FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR) / lib, fs::path(dir) / lib);
  for (const std::string format : {"text", "json"}) {
    SCOPED_TRACE(format);
    auto r = run_fairaudit({"rules", "--format", format, "--plugin-dir", dir}, "", "", crash_env());
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(has(r.err, "plugin 'factory-exits' ended its process (exit) while starting")) << r.err;
    EXPECT_TRUE(has(r.err, "plugin 'factory-crashes' crashed")) << r.err;
    EXPECT_TRUE(has(r.err, "plugin 'not-a-plugin' (")) << r.err;
    EXPECT_EQ(count(r.err, "; its rules are not listed"), 3u) << r.err;
    // A plugin listed after the failing ones (alphabetically), and a bundled one.
    EXPECT_TRUE(has(r.out, "throws-on-round/")) << r.out;
    EXPECT_TRUE(has(r.out, "representative-involvement/appointed")) << r.out;
    if (format == "json") {
      rapidjson::Document d;
      d.Parse(r.out.c_str());
      EXPECT_FALSE(d.HasParseError()) << r.out;
    }
  }
  fs::remove_all(dir);
}

// `fairaudit plugins DIR` lists every plugin it can: a library that is no
// plugin is reported and skipped, one that cannot be used (refused, failing
// to start) is reported, and the listing goes on past each.
TEST(HostilePlugin, ThePluginListingGoesOnPastWhatIsNoPluginOrFails) {
  auto r = run_fairaudit({"plugins", FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR}, "", "", crash_env());
  EXPECT_EQ(r.status, 2) << r.err;  // some cannot be used
  EXPECT_TRUE(has(r.out, "not-a-plugin.so: not a fairaudit plugin (it carries no fairaudit stamp); skipped")) << r.out;
  EXPECT_TRUE(has(r.out, "factory-exits: cannot be used: plugin 'factory-exits' ended its process (exit) while starting"))
      << r.out;
  EXPECT_TRUE(has(r.out, "static-exits: cannot be used")) << r.out;
  EXPECT_TRUE(has(r.out, "factory-crashes: cannot be used: plugin 'factory-crashes' crashed")) << r.out;
  // Listed after all of those (alphabetically last).
  EXPECT_TRUE(has(r.out, "undeclared-rule 0.0.1")) << r.out;
  EXPECT_TRUE(has(r.out, "throws-on-round 0.0.1")) << r.out;

  // Only plugins and a library that is none: exit 0.
  const std::string dir = temp_dir("hostile-list");
  fs::copy_file(fs::path(FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR) / "not-a-plugin.so", dir + "/not-a-plugin.so");
  fs::copy_file(fs::path(FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR) / "throws-on-round.so", dir + "/throws-on-round.so");
  r = run_fairaudit({"plugins", dir});
  fs::remove_all(dir);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "throws-on-round 0.0.1")) << r.out;
  EXPECT_TRUE(has(r.out, "not a fairaudit plugin")) << r.out;
}
