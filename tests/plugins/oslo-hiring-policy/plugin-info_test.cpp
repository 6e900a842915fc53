// What `fairaudit rules --plugin oslo-hiring-policy` prints and SARIF's
// tool.driver.rules is built from: every rule with its summary, rationale,
// legal basis and Norwegian term, and the options a policy may set.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "loader/loader.hpp"
#include "test_paths.hpp"

// Named after the file, so that a unity build can compile several test files
// of this folder in one unit.
namespace plugin_info_test {
namespace {

using fairaudit::OptionType;
using fairaudit::Severity;

fairaudit::loader::LoadedPlugin load() {
  fairaudit::loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR});
  return loader.load("oslo-hiring-policy");
}

TEST(OsloHiringPolicyInfo, DescribesEveryRuleWithItsBasis) {
  auto p = load();
  EXPECT_EQ(p.info.name, "oslo-hiring-policy");
  std::set<std::string> ids;
  for (const auto& r : p.info.rules) {
    ids.insert(r.id);
    EXPECT_FALSE(r.summary.empty()) << r.id;
    EXPECT_FALSE(r.rationale.empty()) << r.id;
    EXPECT_FALSE(r.basis.empty()) << r.id;
    EXPECT_FALSE(r.local_term.empty()) << r.id;
    EXPECT_EQ(r.scope, fairaudit::Scope::round) << r.id;
  }
  EXPECT_EQ(ids,
            (std::set<std::string>{"minority-interview", "disability-interview", "cv-gap-interview", "moderate-quota",
                                   "reserved-position", "recommendation-sent", "equality-statement"}));
  auto basis_of = [&](const std::string& id) {
    auto it = std::find_if(p.info.rules.begin(), p.info.rules.end(), [&](const auto& r) { return r.id == id; });
    return it == p.info.rules.end() ? std::string() : it->basis;
  };
  // Before configure() the plugin describes itself under the default profile
  // (oslo): no state law as the basis (tests/plugins/legal-bases checks
  // every rule under every profile against tests/data/legal-bases.json).
  EXPECT_EQ(basis_of("disability-interview").find("statsansatteloven"), std::string::npos);
  EXPECT_EQ(basis_of("cv-gap-interview").find("statsansatteloven"), std::string::npos);
  EXPECT_NE(basis_of("recommendation-sent").find("Dok 24 Del D"), std::string::npos);
  EXPECT_NE(basis_of("equality-statement").find("§ 4"), std::string::npos);
}

TEST(OsloHiringPolicyInfo, DefaultSeveritiesFollowTheOsloProfileUntilConfigured) {
  auto p = load();
  for (const auto& r : p.info.rules) {
    // Local practice in Oslo kommune: the interview duties; binding there:
    // the ranking, the recruitment scheme and the Dok 24 duties.
    const bool local_practice =
        r.id == "minority-interview" || r.id == "disability-interview" || r.id == "cv-gap-interview";
    EXPECT_EQ(r.default_severity, local_practice ? Severity::warning : Severity::error) << r.id;
  }
}

TEST(OsloHiringPolicyInfo, DeclaresItsOptionsAsData) {
  auto p = load();
  ASSERT_EQ(p.info.options.size(), 2u);
  const auto& profile = p.info.options[0];
  EXPECT_EQ(profile.key, "profile");
  EXPECT_EQ(profile.type, OptionType::string);
  EXPECT_EQ(std::get<std::string>(profile.default_value), "oslo");
  EXPECT_EQ(profile.choices, (std::vector<std::string>{"oslo", "state"}));
  EXPECT_FALSE(profile.description.empty());
  const auto& groups = p.info.options[1];
  EXPECT_EQ(groups.key, "quota_groups");
  EXPECT_EQ(groups.type, OptionType::string_list);
  EXPECT_EQ(std::get<fairaudit::StringList>(groups.default_value), (fairaudit::StringList{"disability", "cv_gap"}));
}

}  // namespace

}  // namespace plugin_info_test
