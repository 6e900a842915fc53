#include "loader/loader.hpp"

#include <vector>  // Boost.DLL 1.74's library_info.hpp misses it
#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <set>

#include "common/names.hpp"

namespace fairaudit::loader {
namespace fs = std::filesystem;

LoadedPlugin load_plugin_file(const fs::path& path, const std::string& expected_name, const Stamp& host) {
  // The gate reads the file; only a plugin it lets through is loaded, since
  // loading runs the library's static constructors.
  check_gate(path, expected_name, host);
  auto lib = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code ec;
  // RTLD_LOCAL keeps one plugin's symbols from resolving another's.
  lib->load(path, ec, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  if (ec) throw LoadError("plugin '" + expected_name + "': cannot load " + path.string() + ": " + ec.message());
  if (!lib->has("fairaudit_create_plugin"))
    throw LoadError("plugin '" + expected_name + "': " + path.string() +
                    " carries a fairaudit stamp but exports no fairaudit_create_plugin");

  // An exception thrown by the plugin's code is copied into a LoadError while
  // the library is still mapped: its type and message live in the library.
  auto plugin_call = [&](auto&& fn) {
    try {
      return fn();
    } catch (const std::exception& e) {
      throw LoadError("plugin '" + expected_name + "' (" + path.string() + ") failed to start: " + e.what());
    } catch (...) {
      throw LoadError("plugin '" + expected_name + "' (" + path.string() + ") failed to start");
    }
  };
  auto& create = lib->get<PluginFactory>("fairaudit_create_plugin");
  Plugin* raw = plugin_call([&] { return create(); });
  if (!raw) throw LoadError("plugin '" + expected_name + "': its factory returned nothing");
  // The deleter holds the library: the plugin's code stays mapped until the
  // last reference to the object is gone.
  std::shared_ptr<Plugin> plugin(raw, [lib](Plugin* p) { delete p; });

  LoadedPlugin out;
  out.path = path;
  out.plugin = plugin;
  out.info = plugin_call([&] { return plugin->info(); });
  out.name = out.info.name;
  if (!expected_name.empty() && out.info.name != expected_name)
    throw LoadError("plugin library " + path.string() + " calls itself '" + out.info.name + "', not '" +
                    expected_name + "'");
  std::set<std::string> ids;
  for (const auto& r : out.info.rules)
    if (!ids.insert(r.id).second)
      throw LoadError("plugin '" + out.name + "' declares rule '" + r.id + "' twice");
  return out;
}

LoadedPlugin PluginLoader::load(const std::string& name) const { return load_plugin_file(find(name), name); }

fs::path PluginLoader::find(const std::string& name) const {
  if (!common::is_plugin_name(name))
    throw LoadError("'" + name + "' is not a plugin name (lower-case letters, digits and hyphens); "
                    "plugins are named, never given as paths");
  for (const auto& dir : dirs_) {
    fs::path p = dir / (name + ".so");
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
  }
  std::string searched;
  for (const auto& d : dirs_) searched += (searched.empty() ? "" : ", ") + d.string();
  throw LoadError("plugin '" + name + "' not found in the plugin directories (" +
                  (searched.empty() ? "none exist" : searched) +
                  "); add one with --plugin-dir or FAIRAUDIT_PLUGIN_PATH");
}

std::vector<fs::path> PluginLoader::available() const {
  std::vector<fs::path> out;
  std::set<std::string> seen;
  for (const auto& dir : dirs_) {
    std::vector<fs::path> here;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".so" && common::is_plugin_name(e.path().stem().string())) here.push_back(e.path());
    std::sort(here.begin(), here.end());
    for (auto& p : here)
      if (seen.insert(p.stem().string()).second) out.push_back(p);
  }
  return out;
}

}  // namespace fairaudit::loader
