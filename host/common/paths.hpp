// Where fairaudit looks for its plugins and policies.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fairaudit::common {

// The directory of the running executable.
std::filesystem::path executable_dir();

// Plugin directories in search order: `extra` (from --plugin-dir), then
// FAIRAUDIT_PLUGIN_PATH (':'-separated), then the build tree's and the
// installation's plugin directory. Only existing directories are returned.
std::vector<std::filesystem::path> plugin_dirs(const std::vector<std::string>& extra);

// The plugin directories fairaudit ships with (the build tree's, the
// installation's): the last of the search order.
std::vector<std::filesystem::path> bundled_plugin_dirs();

// The bundled library NAME.so that `found`, a plugin taken from a directory
// given with --plugin-dir or FAIRAUDIT_PLUGIN_PATH, hides; nullopt when
// `found` is itself a bundled one or hides none. A run said to apply the
// shipped rules must not silently apply another library's under their name.
std::optional<std::filesystem::path> hidden_bundled_plugin(const std::filesystem::path& found,
                                                           const std::string& name);

// Directories holding the shipped policies: next to the executable in the
// build tree, the source tree, the installation.
std::vector<std::filesystem::path> policy_dirs();

// The shipped docs (docs/ of the source tree for an executable in the build
// tree, the installed copy otherwise); empty when neither is there.
std::filesystem::path docs_dir();

}  // namespace fairaudit::common
