// Test support: run the real fairaudit executable.
#pragma once

#include <string>
#include <vector>

namespace fairaudit::testing {

struct CliResult {
  int status = -1;  // exit status, or 128 + signal
  std::string out, err;
};

// What the child process starts with besides its arguments, as a shell's
// `umask` and `ulimit -f` would set it; negative: inherited.
struct ChildSetup {
  int umask = -1;
  long long file_size_limit = -1;  // bytes
  bool core_files = false;         // RLIMIT_CORE unlimited, as a developer's shell may have it
  unsigned time_limit = 0;         // seconds; a run still going then is ended by SIGALRM (status 142)
  std::string stdout_path;         // standard output to this file (/dev/full) rather than to CliResult::out
};

// Runs `fairaudit ARGS…` with the working directory `cwd` (default: the
// source tree, so fixture paths are relative and outputs stable), optional
// standard input text and extra environment ("NAME=value").
CliResult run_fairaudit(const std::vector<std::string>& args, const std::string& cwd = "",
                        const std::string& stdin_text = "", const std::vector<std::string>& env = {},
                        const ChildSetup& setup = {});

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
// A fresh temporary directory for this test; removed by the caller.
std::string temp_dir(const std::string& tag);

}  // namespace fairaudit::testing
