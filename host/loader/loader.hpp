// Loading policy plugins with Boost.DLL.
//
// The API version is read before anything else in the library is called; a
// mismatch is refused with both versions named. Every object a plugin makes
// holds the library loaded (a shared_ptr deleter keeps the shared_library),
// so nothing outlives the code it belongs to. Plugins are loaded from one
// thread.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"

namespace fairaudit::loader {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadedPlugin {
  std::string name;
  std::filesystem::path path;
  std::shared_ptr<Plugin> plugin;  // keeps its library loaded
  PluginInfo info;
};

class PluginLoader {
 public:
  explicit PluginLoader(std::vector<std::filesystem::path> dirs) : dirs_(std::move(dirs)) {}

  // Finds NAME.so in the plugin directories and loads it. Throws LoadError:
  // not found (with the directories searched), not a fairaudit plugin, API
  // version mismatch, a name that does not match the library's own.
  LoadedPlugin load(const std::string& name) const;

  // Every plugin library in the directories (first one wins for a name).
  std::vector<std::filesystem::path> available() const;

  const std::vector<std::filesystem::path>& dirs() const { return dirs_; }

 private:
  std::vector<std::filesystem::path> dirs_;
};

// Loads a plugin library from an explicit path (tests use this for plugins
// that are deliberately broken).
LoadedPlugin load_plugin_file(const std::filesystem::path& path, const std::string& expected_name);

}  // namespace fairaudit::loader
