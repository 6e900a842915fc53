// Plugin loading: found by name in the plugin directories, refused with a
// clear message when missing, not a plugin, or stamped with another toolchain
// or SDK version — refused from the file, before any of its code runs.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "loader/loader.hpp"
#include "common/paths.hpp"
#include "test_paths.hpp"

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

// The refused plugins' static constructors write a marker file into this
// directory and abort; the accepted one only writes its marker.
class LoaderGate : public ::testing::Test {
 protected:
  void SetUp() override {
    markers_ = fs::temp_directory_path() / ("fairaudit-gate-" + std::to_string(::getpid()));
    fs::remove_all(markers_);
    fs::create_directories(markers_);
    ::setenv("FAIRAUDIT_TEST_MARKER_DIR", markers_.c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("FAIRAUDIT_TEST_MARKER_DIR");
    fs::remove_all(markers_);
  }
  bool ran(const std::string& plugin) const { return fs::exists(markers_ / plugin); }
  static fs::path faulty(const std::string& name) { return fs::path(FAULTY_PLUGIN_DIR) / (name + ".so"); }
  static std::string refusal(const std::string& name) {
    try {
      loader::load_plugin_file(faulty(name), name);
    } catch (const loader::LoadError& e) {
      return e.what();
    }
    return "";
  }
  static constexpr const char* FAULTY_PLUGIN_DIR = FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR;
  fs::path markers_;
};

const std::string kHostSdk = loader::to_string(kSdkVersion);
const std::string kHostToolchain = loader::describe_toolchain(loader::host_stamp());

TEST_F(LoaderGate, AnotherToolchainIsRefusedNamingBothAndNothingOfItRuns) {
  std::string e = refusal("other-toolchain");
  EXPECT_NE(e.find("plugin 'other-toolchain'"), std::string::npos) << e;
  EXPECT_NE(e.find("was built with clang 99, libc++ (ABI 1), C++20"), std::string::npos) << e;
  EXPECT_NE(e.find("this fairaudit was built with " + kHostToolchain), std::string::npos) << e;
  EXPECT_NE(e.find("same compiler family and major version, standard library ABI and C++ standard"),
            std::string::npos)
      << e;
  EXPECT_FALSE(ran("other-toolchain"));
}

TEST_F(LoaderGate, AnotherSdkMajorIsRefusedNamingBothAndNothingOfItRuns) {
  std::string e = refusal("other-sdk-major");
  EXPECT_NE(e.find("built against fairaudit SDK 99." + std::to_string(kSdkVersion.minor)), std::string::npos) << e;
  EXPECT_NE(e.find("this fairaudit provides SDK " + kHostSdk), std::string::npos) << e;
  EXPECT_NE(e.find("rebuild the plugin against this fairaudit's SDK"), std::string::npos) << e;
  EXPECT_FALSE(ran("other-sdk-major"));
}

TEST_F(LoaderGate, ANewerSdkMinorIsRefusedNamingBothAndNothingOfItRuns) {
  std::string e = refusal("newer-sdk-minor");
  const std::string plugin_sdk = std::to_string(kSdkVersion.major) + ".99." + std::to_string(kSdkVersion.patch);
  EXPECT_NE(e.find("built against fairaudit SDK " + plugin_sdk + ", newer than this fairaudit's SDK " + kHostSdk),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("upgrade fairaudit to one with SDK " + std::to_string(kSdkVersion.major) + ".99 or later"),
            std::string::npos)
      << e;
  EXPECT_FALSE(ran("newer-sdk-minor"));
}

TEST_F(LoaderGate, APluginBuiltAgainstAnOlderMinorLoadsAndRuns) {
  // This host stands in for the next minor release; the plugin carries today's SDK.
  loader::Stamp newer_host = loader::host_stamp();
  newer_host.sdk.minor += 1;
  auto p = loader::load_plugin_file(faulty("older-sdk-minor"), "older-sdk-minor", newer_host);
  EXPECT_TRUE(ran("older-sdk-minor"));  // its code runs once the gate has passed
  EXPECT_EQ(p.info.name, "older-sdk-minor");
  struct Quiet final : Logger {
    void debug(std::string_view) override {}
    void info(std::string_view) override {}
    void warn(std::string_view) override {}
  } log;
  struct Collect final : Sink {
    void check(Check) override {}
    void finding(Finding f) override { rules.push_back(f.rule); }
    std::vector<std::string> rules;
  } sink;
  p.plugin->configure(Options{}, log);
  Round r;
  r.round_id = "R-1";
  p.plugin->round(r, sink);
  EXPECT_EQ(sink.rules, std::vector<std::string>{"seen"});
}

TEST(LoaderStamp, TheGateComparesToolchainFirstThenMajorThenMinor) {
  const loader::Stamp host{.sdk = {.major = 3, .minor = 2, .patch = 1},
                           .compiler = "gcc-12",
                           .stdlib = "libstdc++-cxx11",
                           .cplusplus = "202002L"};
  const auto verdict = [&](loader::Stamp plugin) {
    try {
      loader::check_stamp(plugin, host, "plugin 'p'");
    } catch (const loader::LoadError& e) {
      return std::string(e.what());
    }
    return std::string("loads");
  };
  auto with = [&](auto change) {
    loader::Stamp s = host;
    change(s);
    return verdict(s);
  };
  EXPECT_EQ(verdict(host), "loads");
  EXPECT_EQ(with([](auto& s) { s.sdk.patch = 9; }), "loads");
  EXPECT_EQ(with([](auto& s) { s.sdk.minor = 0; }), "loads");
  EXPECT_NE(with([](auto& s) { s.sdk.minor = 3; }).find("SDK 3.3.1, newer than this fairaudit's SDK 3.2.1"),
            std::string::npos);
  EXPECT_NE(with([](auto& s) { s.sdk.major = 2; }).find("SDK 2.2.1; this fairaudit provides SDK 3.2.1"),
            std::string::npos);
  EXPECT_NE(with([](auto& s) { s.sdk.major = 4, s.sdk.minor = 0; }).find("loads plugins built against SDK 3.0 to 3.2"),
            std::string::npos);
  // Another toolchain is named before a version that would also be refused.
  EXPECT_NE(with([](auto& s) { s.compiler = "clang-14", s.sdk.major = 9; })
                .find("built with clang 14, libstdc++ (C++11 ABI), C++20; this fairaudit was built with gcc 12, "
                      "libstdc++ (C++11 ABI), C++20"),
            std::string::npos);
  EXPECT_NE(with([](auto& s) { s.stdlib = "libstdc++-pre-cxx11"; }).find("pre-C++11 ABI"), std::string::npos);
  EXPECT_NE(with([](auto& s) { s.cplusplus = "201703L"; }).find("built with gcc 12, libstdc++ (C++11 ABI), C++17"),
            std::string::npos);
}

TEST(LoaderStamp, IsReadFromAStrippedLibrary) {
  const auto stamp = loader::read_stamp(fs::path(FAIRAUDIT_TEST_FAULTY_PLUGIN_DIR) / "stripped" / "older-sdk-minor.so",
                                        "older-sdk-minor");
  ASSERT_TRUE(stamp);
  EXPECT_EQ(loader::to_string(stamp->sdk), kHostSdk);
  EXPECT_EQ(loader::describe_toolchain(*stamp), kHostToolchain);
}

TEST(LoaderStamp, AFileThatIsNoLibraryIsRefusedBeforeLoading) {
  const fs::path p = fs::temp_directory_path() / ("fairaudit-not-elf-" + std::to_string(::getpid()) + ".so");
  std::ofstream(p) << "#!/bin/sh\necho hello\n";
  try {
    loader::load_plugin_file(p, "not-elf");
    ADD_FAILURE() << "loaded";
  } catch (const loader::LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a shared library (no ELF header)"), std::string::npos) << e.what();
  }
  fs::remove(p);
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
