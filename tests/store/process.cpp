#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "test_paths.hpp"

extern char** environ;

namespace fairaudit::testing {
namespace {

std::vector<char*> argv_of(const std::vector<std::string>& args, std::vector<std::string>& storage,
                           const std::string& exe = FAIRAUDIT_EXE) {
  storage.clear();
  storage.push_back(exe);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  return argv;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The environment without the locale's language (LC_ALL, LC_MESSAGES, LANG,
// LANGUAGE): the tests compare with English text unless they ask for
// another language, whatever the developer's locale is.
std::vector<char*> english_environment() {
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view kv(*e);
    bool language = false;
    for (std::string_view name : {"LC_ALL=", "LC_MESSAGES=", "LANG=", "LANGUAGE="})
      if (kv.substr(0, name.size()) == name) language = true;
    if (!language) env.push_back(*e);
  }
  env.push_back(nullptr);
  return env;
}

void decode(int status, Finished& f) {
  if (WIFEXITED(status)) f.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) f.signal = WTERMSIG(status);
}

}  // namespace

Finished run_fairaudit(const std::vector<std::string>& args) { return run_program(FAIRAUDIT_EXE, args); }

Finished run_program(const std::string& exe, const std::vector<std::string>& args) {
  char out_name[] = "/tmp/fairaudit-test-out-XXXXXX";
  char err_name[] = "/tmp/fairaudit-test-err-XXXXXX";
  int out_fd = mkstemp(out_name), err_fd = mkstemp(err_name);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot create temporary files");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> storage;
  auto argv = argv_of(args, storage, exe);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, exe.c_str(), &fa, nullptr, argv.data(), english_environment().data());
  posix_spawn_file_actions_destroy(&fa);
  close(out_fd);
  close(err_fd);
  Finished f;
  if (rc == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    decode(status, f);
  }
  f.out = slurp(out_name);
  f.err = slurp(err_name);
  unlink(out_name);
  unlink(err_name);
  if (rc != 0) throw std::runtime_error("cannot start " + exe);
  return f;
}

Background::Background(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  std::vector<std::string> storage;
  auto argv = argv_of(args, storage);
  int rc = posix_spawn(&pid_, FAIRAUDIT_EXE, &fa, nullptr, argv.data(), english_environment().data());
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  err_fd_ = fds[0];
  if (rc != 0) throw std::runtime_error("cannot start " + std::string(FAIRAUDIT_EXE));
}

Background::~Background() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (err_fd_ >= 0) close(err_fd_);
}

bool Background::read_line(std::string& line) {
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return true;
    }
    char buf[4096];
    ssize_t n = ::read(err_fd_, buf, sizeof buf);
    if (n <= 0) {
      if (buffer_.empty()) return false;
      line = std::move(buffer_);
      buffer_.clear();
      return true;
    }
    buffer_.append(buf, std::size_t(n));
  }
}

void Background::kill_now(int sig) { ::kill(pid_, sig); }

Finished Background::wait() {
  Finished f;
  std::string line;
  while (read_line(line)) f.err += line + "\n";
  int status = 0;
  waitpid(pid_, &status, 0);
  reaped_ = true;
  decode(status, f);
  return f;
}

}  // namespace fairaudit::testing
