// Running the real fairaudit executable from a test: to completion, or in the
// background so that a test can kill it mid-way.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace fairaudit::testing {

struct Finished {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out, err;
};

// Runs the executable with these arguments; stdout and stderr captured.
Finished run_fairaudit(const std::vector<std::string>& args);
// The same for another program (looked up on PATH), e.g. the sqlite3 shell.
Finished run_program(const std::string& exe, const std::vector<std::string>& args);

// A fairaudit process running in the background with stderr on a pipe.
class Background {
 public:
  explicit Background(const std::vector<std::string>& args);
  ~Background();  // kills and reaps the process if still running
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  pid_t pid() const { return pid_; }
  // The next line of stderr; false at end of file.
  bool read_line(std::string& line);
  void kill_now(int sig);
  Finished wait();  // stdout is not captured (sent to /dev/null)

 private:
  pid_t pid_ = -1;
  int err_fd_ = -1;
  std::string buffer_;
  bool reaped_ = false;
};

}  // namespace fairaudit::testing
