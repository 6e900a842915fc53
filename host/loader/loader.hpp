// Loading policy plugins with Boost.DLL, behind a gate that reads the file.
//
// The plugin's stamp (its SDK version and ABI tag, fairaudit/api.hpp) is read
// from the library file before the library is loaded, so a plugin built with
// another toolchain or SDK is refused, with both sides named, before any of
// its code runs (static constructors included). Every object a plugin makes
// holds the library loaded (a shared_ptr deleter keeps the shared_library),
// so nothing outlives the code it belongs to. Plugins are loaded from one
// thread.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"

namespace fairaudit::loader {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a library's stamp says: the SDK version it was built against and its
// toolchain, each as the SDK's macros spell it ("gcc-12", "libstdc++-cxx11",
// "202002L").
struct Stamp {
  SdkVersion sdk;
  std::string compiler;
  std::string stdlib;
  std::string cplusplus;
};

// This fairaudit's own stamp.
Stamp host_stamp();

// Reads the stamp from the library file without loading it; nullopt when the
// file is an ELF library without one. Throws LoadError when the file is not an
// ELF library for this machine or its stamp cannot be read. `name` is the
// plugin's name, for messages.
std::optional<Stamp> read_stamp(const std::filesystem::path& path, const std::string& name);

// "gcc 12, libstdc++ (C++11 ABI), C++20".
std::string describe_toolchain(const Stamp& stamp);
std::string to_string(const SdkVersion& version);

// Throws LoadError naming both sides unless `host` may load a plugin with
// this stamp: the same toolchain, the same SDK major, a minor no newer.
// `label` names the plugin in the message.
void check_stamp(const Stamp& plugin, const Stamp& host, const std::string& label);

// The whole gate for one library file: read its stamp and check it. Runs
// nothing of the library, so it may be called before any process that will
// load it is started.
void check_gate(const std::filesystem::path& path, const std::string& name, const Stamp& host = host_stamp());

struct LoadedPlugin {
  std::string name;
  std::filesystem::path path;
  // Keeps its library loaded; null for a plugin that lives in a process of
  // its own (run/isolate.hpp), of which the host holds the description only.
  std::shared_ptr<Plugin> plugin;
  PluginInfo info;
};

class PluginLoader {
 public:
  explicit PluginLoader(std::vector<std::filesystem::path> dirs) : dirs_(std::move(dirs)) {}

  // Finds NAME.so in the plugin directories and loads it. Throws LoadError:
  // not found (with the directories searched), refused by the gate (not a
  // fairaudit plugin, another toolchain, another SDK major, a newer minor), a
  // name that does not match the library's own.
  LoadedPlugin load(const std::string& name) const;

  // Where NAME.so is, by the same search and with the same errors as load(),
  // without opening the library (an isolated plugin is loaded in its own
  // process; run/isolate.hpp).
  std::filesystem::path find(const std::string& name) const;

  // Every plugin library in the directories (first one wins for a name).
  std::vector<std::filesystem::path> available() const;

  const std::vector<std::filesystem::path>& dirs() const { return dirs_; }

 private:
  std::vector<std::filesystem::path> dirs_;
};

// Loads a plugin library from an explicit path, once check_gate has passed
// (tests use this for plugins that are deliberately broken). `host` is what
// the gate compares with: this fairaudit, or in tests one that stands in for a
// newer release.
LoadedPlugin load_plugin_file(const std::filesystem::path& path, const std::string& expected_name,
                              const Stamp& host = host_stamp());

}  // namespace fairaudit::loader
