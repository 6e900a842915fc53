// Plugin loading: found by name in the plugin directories, refused with a
// clear message when missing, not a plugin, or built for another API version.
#include <gtest/gtest.h>

#include <cstdlib>

#include "loader/loader.hpp"
#include "common/paths.hpp"

using namespace fairaudit;
namespace fs = std::filesystem;

namespace {
std::string load_error(const loader::PluginLoader& l, const std::string& name) {
  try {
    l.load(name);
  } catch (const loader::LoadError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Loader, LoadsARealPluginByNameAndReadsItsMetadata) {
  loader::PluginLoader l({FAIRAUDIT_TEST_PLUGIN_DIR});
  auto p = l.load("representative-involvement");
  EXPECT_EQ(p.info.name, "representative-involvement");
  EXPECT_EQ(p.info.rules.size(), 8u);
  for (const auto& r : p.info.rules) {
    EXPECT_FALSE(r.summary.empty()) << r.id;
    EXPECT_FALSE(r.basis.empty()) << r.id;
    EXPECT_FALSE(r.rationale.empty()) << r.id;
  }
}

TEST(Loader, UnknownPluginNamesTheDirectoriesSearched) {
  loader::PluginLoader l({FAIRAUDIT_TEST_PLUGIN_DIR});
  std::string e = load_error(l, "no-such-plugin");
  EXPECT_NE(e.find("plugin 'no-such-plugin' not found"), std::string::npos) << e;
  EXPECT_NE(e.find(FAIRAUDIT_TEST_PLUGIN_DIR), std::string::npos) << e;
}

TEST(Loader, ApiVersionMismatchNamesBothVersions) {
  loader::PluginLoader l({FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
  std::string e = load_error(l, "other-api-version");
  EXPECT_NE(e.find("API version 999"), std::string::npos) << e;
  EXPECT_NE(e.find("API version " + std::to_string(kApiVersion)), std::string::npos) << e;
  // The plugin's factory aborts: getting here at all shows it was never called.
}

TEST(Loader, ALibraryWithoutEntryPointsIsNotAPlugin) {
  loader::PluginLoader l({FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR});
  std::string e = load_error(l, "not-a-plugin");
  EXPECT_NE(e.find("is not a fairaudit plugin"), std::string::npos) << e;
}

TEST(Loader, PathsAreNotNames) {
  loader::PluginLoader l({FAIRAUDIT_TEST_PLUGIN_DIR});
  EXPECT_NE(load_error(l, "../plugins/representative-involvement").find("not a plugin name"), std::string::npos);
  EXPECT_NE(load_error(l, "/tmp/x").find("not a plugin name"), std::string::npos);
}

TEST(Loader, ThePluginStaysLoadedWhileItsObjectLives) {
  std::shared_ptr<Plugin> plugin;
  {
    loader::PluginLoader l({FAIRAUDIT_TEST_PLUGIN_DIR});
    auto loaded = l.load("representative-involvement");
    plugin = loaded.plugin;
  }  // the loader and the LoadedPlugin are gone; only the object remains
  // A virtual call into the library would crash if it had been unloaded.
  EXPECT_EQ(plugin->info().name, "representative-involvement");
}

TEST(Loader, PluginPathEnvironmentAddsDirectories) {
  ::setenv("FAIRAUDIT_PLUGIN_PATH", (std::string("/nonexistent:") + FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR).c_str(), 1);
  auto dirs = common::plugin_dirs({});
  ::unsetenv("FAIRAUDIT_PLUGIN_PATH");
  bool found = false;
  for (const auto& d : dirs) found = found || d == fs::weakly_canonical(FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR);
  EXPECT_TRUE(found);
  for (const auto& d : dirs) EXPECT_NE(d, fs::path("/nonexistent"));  // only existing directories
}
