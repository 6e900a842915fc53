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
  for (const auto& f : {dead, alive, other}) write_file(f, "half a report with applicant ids");

  ASSERT_EQ(audit_to(dir + "/out.json", {}).status, 0);
  EXPECT_FALSE(fs::exists(dead)) << "the leftover of an ended run stays";
  EXPECT_TRUE(fs::exists(alive)) << "the file of a running process was removed";
  EXPECT_TRUE(fs::exists(other)) << "only leftovers of the file being written are its business";
  EXPECT_TRUE(fs::exists(dir + "/out.json"));
  fs::remove_all(dir);
}

// `ulimit -f` below the report's size: the write fails, the message says which
// file and why, the exit status is the one for an error, and nothing partial
// is left (before: the process ended on SIGXFSZ, exit 153, silent).
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
