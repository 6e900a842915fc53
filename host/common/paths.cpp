#include "common/paths.hpp"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "fairaudit_paths.hpp"

namespace fairaudit::common {
namespace fs = std::filesystem;

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

namespace {
void add_dir(std::vector<fs::path>& out, const fs::path& p) {
  std::error_code ec;
  if (p.empty() || !fs::is_directory(p, ec)) return;
  fs::path c = fs::weakly_canonical(p, ec);
  for (const auto& existing : out)
    if (existing == c) return;
  out.push_back(c);
}
}  // namespace

std::vector<fs::path> plugin_dirs(const std::vector<std::string>& extra) {
  std::vector<fs::path> out;
  for (const auto& e : extra) add_dir(out, e);
  if (const char* env = std::getenv("FAIRAUDIT_PLUGIN_PATH")) {
    std::string s = env;
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t end = s.find(':', start);
      if (end == std::string::npos) end = s.size();
      add_dir(out, s.substr(start, end - start));
      start = end + 1;
    }
  }
  for (const auto& d : bundled_plugin_dirs()) add_dir(out, d);
  return out;
}

std::vector<fs::path> bundled_plugin_dirs() {
  std::vector<fs::path> out;
  // <prefix>/bin/fairaudit -> <prefix>/lib/fairaudit/plugins; build/host/fairaudit -> build/plugins
  add_dir(out, executable_dir().parent_path() / FAIRAUDIT_INSTALL_PLUGIN_RELDIR);
  add_dir(out, executable_dir().parent_path() / "plugins");
  add_dir(out, FAIRAUDIT_BUILD_PLUGIN_DIR);
  add_dir(out, FAIRAUDIT_INSTALL_PLUGIN_DIR);
  return out;
}

std::optional<fs::path> hidden_bundled_plugin(const fs::path& found, const std::string& name) {
  std::error_code ec;
  const auto bundled = bundled_plugin_dirs();
  for (const auto& d : bundled)
    if (fs::equivalent(found.parent_path(), d, ec)) return std::nullopt;  // it is a bundled one
  for (const auto& d : bundled) {
    const fs::path q = d / (name + ".so");
    if (fs::is_regular_file(q, ec) && !fs::equivalent(q, found, ec)) return q;
  }
  return std::nullopt;
}

std::vector<fs::path> policy_dirs() {
  std::vector<fs::path> out;
  // An installed executable uses the installed policies; one in the build
  // tree (build/host/fairaudit) those of the source tree.
  add_dir(out, executable_dir().parent_path() / FAIRAUDIT_INSTALL_POLICY_RELDIR);
  add_dir(out, executable_dir().parent_path().parent_path() / "policies");
  add_dir(out, FAIRAUDIT_SOURCE_POLICY_DIR);
  add_dir(out, FAIRAUDIT_INSTALL_POLICY_DIR);
  return out;
}

fs::path docs_dir() {
  std::vector<fs::path> out;
  add_dir(out, executable_dir().parent_path() / FAIRAUDIT_INSTALL_DOC_RELDIR);
  add_dir(out, executable_dir().parent_path().parent_path() / "docs");
  add_dir(out, FAIRAUDIT_SOURCE_DOC_DIR);
  add_dir(out, FAIRAUDIT_INSTALL_DOC_DIR);
  for (const auto& d : out)
    if (fs::exists(d / "rules.md")) return d;
  return {};
}

}  // namespace fairaudit::common
