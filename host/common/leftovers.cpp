#include "common/leftovers.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <string>
#include <string_view>

namespace fairaudit::common {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 10) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Whether process `pid` has ended: there is none, or it is a zombie (a run
// killed with -9 whose parent has not yet waited for it: it writes nothing
// any more, and its leftovers are as stale as those of one reaped).
bool process_gone(long pid) {
  if (pid <= 0) return false;
  if (::kill(pid_t(pid), 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  // "PID (COMM) STATE …": the command name may hold spaces and parentheses,
  // so the state is the field after the last ')'.
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

}  // namespace

std::string owned_prefix(const std::string& prefix) { return prefix + std::to_string(::getpid()) + "-"; }

std::size_t remove_leftovers(const std::filesystem::path& dir, const std::string& prefix) {
  namespace fs = std::filesystem;
  std::size_t removed = 0;
  std::error_code ec;
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
    bool stale = false;
    const auto dash = rest.find('-');
    if (dash != std::string_view::npos && all_digits(rest.substr(0, dash)) && rest.size() - dash - 1 == 6) {
      stale = process_gone(std::stol(std::string(rest.substr(0, dash))));
    } else if (rest.size() == 6 && rest.find('-') == std::string_view::npos) {
      // Made before names carried the process id: no run writes for a day.
      const auto age = std::chrono::system_clock::now() - std::chrono::system_clock::from_time_t(st.st_mtime);
      stale = age > std::chrono::hours(24);
    }
    if (!stale) continue;
    std::error_code rm;
    if (fs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
  }
  return removed;
}

unsigned current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Umask:", 0) == 0) return unsigned(std::stoul(line.substr(6), nullptr, 8)) & 0777u;
  // No /proc: the classic way, set and restored at once.
  const mode_t m = ::umask(077);
  ::umask(m);
  return unsigned(m) & 0777u;
}

}  // namespace fairaudit::common
