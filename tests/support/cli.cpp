#include "support/cli.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_paths.hpp"

namespace fairaudit::testing {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string temp_dir(const std::string& tag) {
  std::string templ = (std::filesystem::temp_directory_path() / ("fa-" + tag + "-XXXXXX")).string();
  if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
  return templ;
}

CliResult run_fairaudit(const std::vector<std::string>& args, const std::string& cwd, const std::string& stdin_text,
                        const std::vector<std::string>& env, const ChildSetup& setup) {
  const std::string dir = temp_dir("cli");
  const std::string in = dir + "/in", out = dir + "/out", err = dir + "/err";
  write_file(in, stdin_text);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (chdir(cwd.empty() ? FAIRAUDIT_SOURCE_DIR : cwd.c_str()) != 0) _exit(125);
    int i = open(in.c_str(), O_RDONLY);
    int o = setup.stdout_path.empty() ? open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600)
                                      : open(setup.stdout_path.c_str(), O_WRONLY);
    int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(i, 0);
    dup2(o, 1);
    dup2(e, 2);
    // The reader's language comes from the locale when neither --lang nor
    // the policy names one: the tests expect the default, English, unless
    // they ask for another (a developer's LANG=nb_NO.UTF-8 must not turn
    // every comparison with an English golden file into a failure).
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"}) unsetenv(name);
    for (const auto& kv : env) putenv(const_cast<char*>(kv.c_str()));
    if (setup.umask >= 0) ::umask(mode_t(setup.umask));
    if (setup.file_size_limit >= 0) {
      const rlimit limit{rlim_t(setup.file_size_limit), rlim_t(setup.file_size_limit)};
      if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(124);
    }
    if (setup.core_files) {
      rlimit core{};
      if (getrlimit(RLIMIT_CORE, &core) != 0) _exit(124);
      core.rlim_cur = core.rlim_max;  // as far as this process may raise it
      if (setrlimit(RLIMIT_CORE, &core) != 0) _exit(124);
    }
    if (setup.time_limit > 0) ::alarm(setup.time_limit);  // kept across execv
    std::vector<char*> argv;
    std::string exe = FAIRAUDIT_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(126);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace fairaudit::testing
