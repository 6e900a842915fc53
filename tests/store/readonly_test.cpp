// A store that can only be read — a read-only file in a read-only directory,
// as on a read-only file system or a copy handed to an auditor — can still
// be read by `report` and `review list|show|history`; writing to it fails
// with a message that says why. Run as root, the readers are run without the
// capabilities that let root write any file whatever its mode.
#include <gtest/gtest.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "support/cli.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;
namespace fs = std::filesystem;

namespace readonly_test {
namespace {

constexpr uid_t kNobody = 65534;

// Runs fairaudit with `args` as an unprivileged user when this test is root
// (as itself otherwise): its exit status and standard output and error.
CliResult run_unprivileged(const std::vector<std::string>& args) {
  int out[2], err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(out[0]);
    ::close(err[0]);
    // Root without the two capabilities that let it ignore a file's mode
    // (dropped from the bounding set, so the executed fairaudit does not
    // get them back) is held to modes as any user is, and still reaches a
    // checkout under a directory only root may enter (mktemp -d makes one).
    // Where they cannot be dropped, the user nobody, as before.
    if (::geteuid() == 0 && (::prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0 ||
                             ::prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0) &&
        (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0))
      ::_exit(126);
    if (::chdir(FAIRAUDIT_SOURCE_DIR) != 0) ::_exit(126);
    std::vector<char*> argv;
    std::string exe = FAIRAUDIT_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  CliResult r;
  auto drain = [](int fd, std::string& into) {
    std::array<char, 4096> buf;
    for (ssize_t n; (n = ::read(fd, buf.data(), buf.size())) > 0;) into.append(buf.data(), std::size_t(n));
    ::close(fd);
  };
  drain(out[0], r.out);
  drain(err[0], r.err);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

class ReadOnlyStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("readonly-store");
    store_ = dir_ + "/ro/store.db";
    fs::create_directories(dir_ + "/ro");
    auto a = run_fairaudit({"audit", "fixtures/oslo/export.jsonl", "--policy", "policies/oslo-kommune.json",
                            "--format", "json", "--store", store_, "--fail-on", "never"});
    ASSERT_EQ(a.status, 0) << a.err;
    // The writer closed the store: its log is checkpointed into the file.
    EXPECT_FALSE(fs::exists(store_ + "-wal") && fs::file_size(store_ + "-wal") > 0);
    ::chmod(store_.c_str(), 0444);
    ::chmod(dir_.c_str(), 0755);
    ::chmod((dir_ + "/ro").c_str(), 0555);  // no -shm or -wal can be made here
  }
  void TearDown() override {
    ::chmod((dir_ + "/ro").c_str(), 0755);
    fs::remove_all(dir_);
  }
  std::string dir_, store_;
};

TEST_F(ReadOnlyStore, ReviewListShowAndHistoryReadIt) {
  auto list = run_unprivileged({"review", "list", "--store", store_, "--format", "json"});
  ASSERT_EQ(list.status, 0) << list.err;
  const auto at = list.out.find("\"fingerprint\": \"");
  ASSERT_NE(at, std::string::npos) << list.out.substr(0, 300);
  const std::string fp = list.out.substr(at + 16, 12);
  auto show = run_unprivileged({"review", "show", fp, "--store", store_});
  EXPECT_EQ(show.status, 0) << show.err;
  EXPECT_NE(show.out.find("Finding " + fp), std::string::npos) << show.out;
  auto history = run_unprivileged({"review", "history", "--store", store_});
  EXPECT_EQ(history.status, 0) << history.err;
  EXPECT_NE(history.out.find("No reviews yet"), std::string::npos) << history.out;
}

TEST_F(ReadOnlyStore, ReportRendersItsLatestRunAsTheWritableStoreDoes) {
  auto ro = run_unprivileged({"report", "--store", store_, "--run", "latest", "--format", "json"});
  ASSERT_EQ(ro.status, 0) << ro.err;
  ::chmod((dir_ + "/ro").c_str(), 0755);
  ::chmod(store_.c_str(), 0644);
  auto rw = run_fairaudit({"report", "--store", store_, "--run", "latest", "--format", "json"});
  ASSERT_EQ(rw.status, 0) << rw.err;
  EXPECT_EQ(ro.out, rw.out);
  EXPECT_NE(ro.out.find("\"findings\""), std::string::npos);
}

// A writable file in a directory where no -wal or -shm file can be made:
// SQLite cannot run the write-ahead log there, so it is read as it is too.
TEST_F(ReadOnlyStore, AWritableFileInAReadOnlyDirectoryIsReadToo) {
  ::chmod(store_.c_str(), 0666);
  auto list = run_unprivileged({"review", "list", "--store", store_});
  EXPECT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("FINGERPRINT"), std::string::npos) << list.out;
}

TEST_F(ReadOnlyStore, WritingToItSaysItCanOnlyBeRead) {
  auto list = run_unprivileged({"review", "list", "--store", store_, "--format", "json"});
  ASSERT_EQ(list.status, 0) << list.err;
  const std::string fp = list.out.substr(list.out.find("\"fingerprint\": \"") + 16, 12);
  auto set = run_unprivileged({"review", "set", fp, "--store", store_, "--state", "acknowledged", "--role",
                               "representative", "--justification", "seen"});
  EXPECT_EQ(set.status, 2) << set.out;
  EXPECT_NE(set.err.find("can only be read"), std::string::npos) << set.err;
}

// A writer killed before it folded its write-ahead log into the file leaves
// the log beside it: a review recorded there is in the store. Read without
// the log (no -shm file can be made in a read-only directory), the store
// would look as it was before that review, with no word said.
TEST_F(ReadOnlyStore, ALogItCannotReadIsRefusedRatherThanSkipped) {
  ::chmod((dir_ + "/ro").c_str(), 0755);
  ::chmod(store_.c_str(), 0644);
  auto list = run_fairaudit({"review", "list", "--store", store_, "--format", "json"});
  ASSERT_EQ(list.status, 0) << list.err;
  const std::string fp = list.out.substr(list.out.find("\"fingerprint\": \"") + 16, 12);
  // A review committed to the log and left there, as by a writer killed
  // before it closed the store.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA wal_autocheckpoint = 0", nullptr, nullptr, nullptr), SQLITE_OK);
  const std::string insert =
      "INSERT INTO reviews (fingerprint, at, state, role, justification) SELECT fingerprint, "
      "'2026-12-07T00:00:00Z', 'disputed', 'union', 'only in the log' FROM findings WHERE substr(fingerprint, 1, 12) = '" +
      fp + "'";
  ASSERT_EQ(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  ASSERT_EQ(sqlite3_changes(db), 1);
  sqlite3_close(db);
  ASSERT_TRUE(fs::exists(store_ + "-wal") && fs::file_size(store_ + "-wal") > 0);
  fs::remove(store_ + "-shm");
  ::chmod(store_.c_str(), 0444);
  ::chmod((dir_ + "/ro").c_str(), 0555);

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"review", "history", "--store", store_},
           {"review", "list", "--store", store_},
           {"report", "--store", store_, "--run", "latest", "--format", "json"},
       }) {
    auto r = run_unprivileged(args);
    EXPECT_EQ(r.status, 2) << args[0] << " " << args[1] << ": " << r.out.substr(0, 300);
    EXPECT_NE(r.err.find("write-ahead log"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("No reviews yet"), std::string::npos) << r.out;
  }
  // Where the store can be written, the log is read and the review is there.
  ::chmod((dir_ + "/ro").c_str(), 0755);
  ::chmod(store_.c_str(), 0644);
  auto history = run_fairaudit({"review", "history", "--store", store_});
  EXPECT_EQ(history.status, 0) << history.err;
  EXPECT_NE(history.out.find("only in the log"), std::string::npos) << history.out;
}

}  // namespace
}  // namespace readonly_test
