// The shipped policies: every file in policies/ passes `fairaudit policy
// check`, and the Oslo and state policies give oslo-hiring-policy the profile
// their names promise.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "loader/loader.hpp"
#include "policy/policy.hpp"
#include "support/harness.hpp"
#include "test_paths.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace policy_files_test {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;
};

Outcome run(const std::string& command) {
  Outcome o;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return o;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe)) o.output += buf.data();
  const int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

std::string policy_path(const std::string& name) { return fairaudit::testing::source_path("policies/" + name); }

TEST(PolicyFiles, EveryShippedPolicyPassesPolicyCheck) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(fairaudit::testing::source_path("policies"))) {
    if (entry.path().extension() != ".json") continue;
    ++checked;
    const auto o = run(std::string("\"") + FAIRAUDIT_EXE + "\" policy check \"" + entry.path().string() + "\"");
    EXPECT_EQ(o.exit_code, 0) << entry.path() << ":\n" << o.output;
  }
  EXPECT_GE(checked, 3);
}

std::string effective_profile(const std::string& policy_file) {
  const auto pol = fairaudit::policy::load_policy(policy_path(policy_file));
  auto entry = std::find_if(pol.plugins.begin(), pol.plugins.end(),
                            [](const auto& p) { return p.name == "oslo-hiring-policy"; });
  if (entry == pol.plugins.end()) return "<not enabled>";
  fairaudit::loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR});
  const auto plugin = loader.load("oslo-hiring-policy");
  return fairaudit::policy::resolve_options(*entry, plugin.info.options).get_string("profile");
}

TEST(PolicyFiles, OsloKommuneUsesTheOsloProfile) {
  const auto pol = fairaudit::policy::load_policy(policy_path("oslo-kommune.json"));
  EXPECT_EQ(pol.name, "oslo-kommune");
  EXPECT_EQ(pol.jurisdiction, "NO-OSL");
  EXPECT_EQ(pol.files.size(), 2u);  // extends nordic-base.json
  EXPECT_EQ(effective_profile("oslo-kommune.json"), "oslo");
}

TEST(PolicyFiles, NorwayStateUsesTheStateProfile) {
  const auto pol = fairaudit::policy::load_policy(policy_path("norway-state.json"));
  EXPECT_EQ(pol.name, "norway-state");
  EXPECT_EQ(pol.jurisdiction, "NO-STATE");
  EXPECT_EQ(effective_profile("norway-state.json"), "state");
}

TEST(PolicyFiles, TheNordicBaseLeavesNationalRulesToItsChildren) {
  EXPECT_EQ(effective_profile("nordic-base.json"), "<not enabled>");
  const auto pol = fairaudit::policy::load_policy(policy_path("nordic-base.json"));
  EXPECT_EQ(pol.min_cell, 5);
  EXPECT_TRUE(std::any_of(pol.plugins.begin(), pol.plugins.end(),
                          [](const auto& p) { return p.name == "representative-involvement"; }));
}

}  // namespace

}  // namespace policy_files_test
