// Output files and what a killed run leaves behind, on the real executable:
// the mode an output file gets (the umask, or the mode of the file it
// replaces), leftovers of dead runs removed by the next one, and a file-size
// limit reported instead of ending the process without a word.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/cli.hpp"

extern char** environ;

namespace output_files_test {
namespace {

using namespace fairaudit::testing;
namespace fs = std::filesystem;

const std::string kExport = "fixtures/oslo/export.jsonl";
const std::string kPolicy = "policies/oslo-kommune.json";

unsigned mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return unsigned(st.st_mode) & 07777u;
}

CliResult audit_to(const std::string& out, const ChildSetup& setup) {
  return run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json", "--audience", "internal", "--output",
                        out, "--fail-on", "never"},
                       "", "", {}, setup);
}

// The id of a process that has ended: one started and waited for.
pid_t ended_process() {
  pid_t pid = -1;
  char prog[] = "true";
  char* argv[] = {prog, nullptr};
  EXPECT_EQ(posix_spawnp(&pid, "true", nullptr, nullptr, argv, environ), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

// The id of a process that has ended but not been waited for (a zombie, as
// a run killed with -9 is until its parent reaps it); reaped by the caller.
pid_t zombie_process() {
  pid_t pid = -1;
  char prog[] = "true";
  char* argv[] = {prog, nullptr};
  EXPECT_EQ(posix_spawnp(&pid, "true", nullptr, nullptr, argv, environ), 0);
  // Until /proc says it has ended.
  for (int i = 0; i < 5000; ++i) {
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    if (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z') break;
    ::usleep(1000);
  }
  return pid;
}

// Internal output names applicants: with `umask 077` (what a careful nightly
// job sets) it is the owner's alone; with 022 it is what any other file of
// the user's would be. Replacing a file keeps that file's mode.
TEST(OutputFiles, TakeTheUmaskOrTheModeOfTheFileTheyReplace) {
  const std::string dir = temp_dir("output-mode");
  ASSERT_EQ(audit_to(dir + "/private.json", {.umask = 077}).status, 0);
  EXPECT_EQ(mode_of(dir + "/private.json"), 0600u);
  ASSERT_EQ(audit_to(dir + "/shared.json", {.umask = 022}).status, 0);
  EXPECT_EQ(mode_of(dir + "/shared.json"), 0644u);
  ASSERT_EQ(audit_to(dir + "/group.json", {.umask = 007}).status, 0);
  EXPECT_EQ(mode_of(dir + "/group.json"), 0660u);

  // A file its owner made private stays private when the night rewrites it.
  ASSERT_EQ(::chmod((dir + "/shared.json").c_str(), 0600), 0);
  ASSERT_EQ(audit_to(dir + "/shared.json", {.umask = 022}).status, 0);
  EXPECT_EQ(mode_of(dir + "/shared.json"), 0600u);
  fs::remove_all(dir);
}

// A run killed while writing leaves `.NAME.tmp-PID-XXXXXX`; the next write of
// the same file removes it once that process has ended, and leaves alone one
// whose process still runs (another run writing the same file just now).
TEST(OutputFiles, LeftoversOfEndedRunsAreRemovedByTheNextOne) {
  const std::string dir = temp_dir("output-leftovers");
  const std::string dead = dir + "/.out.json.tmp-" + std::to_string(ended_process()) + "-Ab12Cd";
  const std::string alive = dir + "/.out.json.tmp-" + std::to_string(::getpid()) + "-Ef34Gh";
  const std::string other = dir + "/.other.json.tmp-" + std::to_string(ended_process()) + "-Ij56Kl";
  const pid_t zombie = zombie_process();
  const std::string unreaped = dir + "/.out.json.tmp-" + std::to_string(zombie) + "-Mn78Op";
  for (const auto& f : {dead, alive, other, unreaped}) write_file(f, "half a report with applicant ids");

  ASSERT_EQ(audit_to(dir + "/out.json", {}).status, 0);
  int status = 0;
  ::waitpid(zombie, &status, 0);
  EXPECT_FALSE(fs::exists(dead)) << "the leftover of an ended run stays";
  EXPECT_FALSE(fs::exists(unreaped)) << "the leftover of a run ended but not yet waited for stays";
  EXPECT_TRUE(fs::exists(alive)) << "the file of a running process was removed";
  EXPECT_TRUE(fs::exists(other)) << "only leftovers of the file being written are its business";
  EXPECT_TRUE(fs::exists(dir + "/out.json"));
  fs::remove_all(dir);
}

// `ulimit -f` below the report's size: the write fails, the message says which
// file and why, the exit status is the one for an error, and nothing partial
// is left (before: the process ended on SIGXFSZ, exit 153, silent).
// Standard output that cannot be written (a full disk): every command says
// so and exits 2, not 0 as if its listing had reached its reader.
TEST(OutputFiles, StandardOutputThatCannotBeWrittenIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  const std::string dir = temp_dir("output-stdout-full");
  const std::string store = dir + "/store.db";
  ASSERT_EQ(run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json", "--store", store, "--fail-on",
                           "never", "--output", dir + "/out.json"})
                .status,
            0);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"validate", kExport},
           {"rules"},
           {"plugins"},
           {"policy", "show", kPolicy},
           {"coverage", kExport},
           {"review", "list", "--store", store},
           {"review", "history", "--store", store},
           {"report", "--store", store, "--run", "latest"},
           {"audit", kExport, "--policy", kPolicy, "--fail-on", "never"},
       }) {
    auto r = run_fairaudit(args, "", "", {}, {.stdout_path = "/dev/full"});
    EXPECT_EQ(r.status, 2) << args[0] << (args.size() > 1 ? " " + args[1] : "") << ": " << r.err;
    EXPECT_NE(r.err.find("cannot write standard output"), std::string::npos) << args[0] << ": " << r.err;
  }
  fs::remove_all(dir);
}

TEST(OutputFiles, AFileSizeLimitIsReportedNotFatal) {
  const std::string dir = temp_dir("output-fsize");
  auto r = audit_to(dir + "/out.json", {.file_size_limit = 4096});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("out.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir)) << "a partial file was left behind";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace output_files_test
