// Policies: a mistake in a policy file must stop the run with the file and
// key named, never be silently ignored.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "loader/loader.hpp"
#include "policy/policy.hpp"
#include "run/runner.hpp"
#include "test_paths.hpp"

namespace fs = std::filesystem;
using namespace fairaudit;

namespace {

class PolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fa-policy-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  std::vector<run::EnabledPlugin> enable(const policy::Policy& p) {
    loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR});
    return run::enable_plugins(p, loader);
  }
  // The message of the PolicyError a load-and-enable raises.
  std::string error_of(const fs::path& file) {
    try {
      auto p = policy::load_policy(file);
      enable(p);
    } catch (const policy::PolicyError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

constexpr const char* kBase = R"({
  // the base every test policy extends
  "policy": "base", "version": "1",
  "disclosure": {"min_cell": 5},
  "plugins": {"representative-involvement": {"options": {"min_working_days_before_decision": 3,
                                                         "calendar": "SE"}}},
  "severity": {"representative-involvement/appointed": "error"},
})";

}  // namespace

TEST_F(PolicyTest, ExtendsMergesOptionsKeyByKeyAndChildWins) {
  write("base.json", kBase);
  auto child = write("child.json", R"({"policy": "child", "version": "2", "extends": "base.json",
    "disclosure": {"min_cell": 10},
    "plugins": {"representative-involvement": {"options": {"min_working_days_before_decision": 5}}},
    "severity": {"representative-involvement/saw-shortlist": "off"}})");
  auto p = policy::load_policy(child);
  EXPECT_EQ(p.name, "child");
  EXPECT_EQ(p.version, "2");
  EXPECT_EQ(p.min_cell, 10);
  ASSERT_EQ(p.files.size(), 2u);
  EXPECT_NE(p.files[0].find("base.json"), std::string::npos);  // base first
  auto plugins = enable(p);
  ASSERT_EQ(plugins.size(), 1u);
  EXPECT_EQ(plugins[0].options.get_int("min_working_days_before_decision"), 5);  // child's value
  EXPECT_EQ(plugins[0].options.get_string("calendar"), "SE");                    // kept from the base
  EXPECT_TRUE(plugins[0].options.get_bool("waiver_excuses_absence"));            // the declared default
  ASSERT_TRUE(p.severity.count("representative-involvement/appointed"));
  EXPECT_EQ(*p.severity["representative-involvement/appointed"].severity, Severity::error);
  EXPECT_FALSE(p.severity["representative-involvement/saw-shortlist"].severity.has_value());  // off
}

TEST_F(PolicyTest, ChildCanDisableAPluginOfTheBase) {
  write("base.json", kBase);
  auto child = write("child.json",
                     R"({"policy": "c", "version": "1", "extends": "base.json",
                         "plugins": {"representative-involvement": {"enabled": false}}, "severity": {}})");
  auto p = policy::load_policy(child);
  EXPECT_TRUE(p.plugins.empty());
}

TEST_F(PolicyTest, UnknownTopLevelKeyNamesFileAndKey) {
  auto f = write("p.json", R"({"policy": "p", "version": "1", "plugin": {}})");
  std::string e = error_of(f);
  EXPECT_NE(e.find("p.json"), std::string::npos) << e;
  EXPECT_NE(e.find("plugin:"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key"), std::string::npos) << e;
}

TEST_F(PolicyTest, UnknownOptionKeyIsAnErrorNamingTheDeclaredOnes) {
  auto f = write("p.json", R"({"policy": "p", "version": "1",
    "plugins": {"representative-involvement": {"options": {"min_days": 2}}}})");
  std::string e = error_of(f);
  EXPECT_NE(e.find("plugins.representative-involvement.options.min_days"), std::string::npos) << e;
  EXPECT_NE(e.find("min_working_days_before_decision"), std::string::npos) << e;
}

TEST_F(PolicyTest, OptionInTheBaseIsReportedAgainstTheBaseFile) {
  write("base.json", R"({"policy": "b", "version": "1",
    "plugins": {"representative-involvement": {"options": {"calendar": "FI"}}}})");
  auto child = write("child.json", R"({"policy": "c", "version": "1", "extends": "base.json"})");
  std::string e = error_of(child);
  EXPECT_NE(e.find("base.json: plugins.representative-involvement.options.calendar"), std::string::npos) << e;
  EXPECT_NE(e.find("calendar: is not one of: NO, SE, DK, weekends (the value is not shown)"), std::string::npos) << e;
  EXPECT_EQ(e.find("FI"), std::string::npos) << e;
}

TEST_F(PolicyTest, BadValuesAreErrors) {
  struct Case {
    const char* options;
    const char* expect;
  } cases[] = {
      {R"({"min_working_days_before_decision": "two"})", "expected a whole number"},
      {R"({"min_working_days_before_decision": 2.5})", "expected a whole number"},
      {R"({"min_working_days_before_decision": 99})", "out of range"},
      {R"({"waiver_excuses_absence": "yes"})", "expected true or false"},
      {R"({"representative_roles": "tillitsvalgt"})", "expected a list of strings"},
      {R"({"representative_roles": []})", "must name at least one role"},
  };
  for (const auto& c : cases) {
    auto f = write("p.json", std::string(R"({"policy": "p", "version": "1", "plugins": {"representative-involvement": {"options": )") +
                                 c.options + "}}}");
    std::string e = error_of(f);
    EXPECT_NE(e.find(c.expect), std::string::npos) << c.options << " -> " << e;
    EXPECT_NE(e.find("p.json"), std::string::npos) << e;
  }
}

TEST_F(PolicyTest, SeverityOverrideMustNameARealRule) {
  auto f = write("p.json", R"({"policy": "p", "version": "1",
    "plugins": {"representative-involvement": {}},
    "severity": {"representative-involvement/attended": "error"}})");
  std::string e = error_of(f);
  EXPECT_NE(e.find("severity.representative-involvement/attended"), std::string::npos) << e;
  EXPECT_NE(e.find("has no rule"), std::string::npos) << e;
  auto g = write("q.json", R"({"policy": "p", "version": "1", "plugins": {"representative-involvement": {}},
    "severity": {"representative-involvement/appointed": "fatal"}})");
  EXPECT_NE(error_of(g).find("is not one of error, warning, note, off"), std::string::npos);
}

TEST_F(PolicyTest, UnknownPluginAndPathsAreRefused) {
  auto f = write("p.json", R"({"policy": "p", "version": "1", "plugins": {"no-such-plugin": {}}})");
  std::string e = error_of(f);
  EXPECT_NE(e.find("plugin 'no-such-plugin' not found"), std::string::npos) << e;
  auto g = write("q.json", R"({"policy": "p", "version": "1", "plugins": {"../../tmp/evil": {}}})");
  e = error_of(g);
  EXPECT_NE(e.find("never by a path"), std::string::npos) << e;
}

TEST_F(PolicyTest, ExtendsCycleAndMissingBase) {
  write("a.json", R"({"policy": "a", "version": "1", "extends": "b.json"})");
  auto b = write("b.json", R"({"policy": "b", "version": "1", "extends": "a.json"})");
  EXPECT_NE(error_of(b).find("cycle"), std::string::npos);
  auto c = write("c.json", R"({"policy": "c", "version": "1", "extends": "missing.json"})");
  EXPECT_NE(error_of(c).find("does not exist"), std::string::npos);
}

TEST_F(PolicyTest, SyntaxErrorNamesTheLine) {
  auto f = write("p.json", "{\n \"policy\": \"p\",\n \"version\": \"1\"\n \"plugins\": {}\n}");
  std::string e = error_of(f);
  EXPECT_NE(e.find("line 4"), std::string::npos) << e;
}

TEST_F(PolicyTest, HashCoversTheWholeChain) {
  write("base.json", kBase);
  auto child = write("child.json", R"({"policy": "c", "version": "1", "extends": "base.json"})");
  const std::string before = policy::load_policy(child).sha256;
  EXPECT_EQ(before.size(), 64u);
  EXPECT_EQ(policy::load_policy(child).sha256, before);  // stable
  write("base.json", std::string(kBase) + "\n");           // a change in the base changes the hash
  EXPECT_NE(policy::load_policy(child).sha256, before);
}

TEST_F(PolicyTest, ShippedPoliciesAreValid) {
  // Every policy in policies/ loads, and every plugin it names exists with valid options.
  int n = 0;
  for (const auto& e : fs::directory_iterator(fs::path(FAIRAUDIT_SOURCE_DIR) / "policies")) {
    if (e.path().extension() != ".json") continue;
    ++n;
    EXPECT_EQ(error_of(e.path()), "") << e.path();
  }
  EXPECT_GE(n, 3);
}

// The guard: when a run is refused (docs/policies.md). Its options have their
// declared defaults, a child overrides the base key by key, and a value out
// of range or an unknown key names the file and key.
TEST_F(PolicyTest, GuardDefaultsOverridesAndBadValues) {
  auto none = policy::load_policy(write("none.json", R"({"policy": "p", "version": "1"})"));
  const policy::Guard defaults;
  for (const auto& o : policy::guard_options()) {
    EXPECT_DOUBLE_EQ(none.guard.*o.field, o.default_value) << o.key;
    EXPECT_DOUBLE_EQ(defaults.*o.field, o.default_value) << o.key;
  }
  write("base.json", R"({"policy": "base", "version": "1", "guard": {"max_round_drop": 0.3, "max_rejected_share": 0.1}})");
  auto child = policy::load_policy(
      write("child.json", R"({"policy": "c", "version": "1", "extends": "base.json", "guard": {"max_rejected_share": 0}})"));
  EXPECT_DOUBLE_EQ(child.guard.max_round_drop, 0.3);
  EXPECT_DOUBLE_EQ(child.guard.max_rejected_share, 0.0);

  std::string e = error_of(write("big.json", R"({"policy": "p", "version": "1", "guard": {"max_round_drop": 2}})"));
  EXPECT_NE(e.find("big.json: guard.max_round_drop: 2 is out of range (0 to 1)"), std::string::npos) << e;
  e = error_of(write("text.json", R"({"policy": "p", "version": "1", "guard": {"max_rejected_share": "2%"}})"));
  EXPECT_NE(e.find("guard.max_rejected_share: expected a number"), std::string::npos) << e;
  e = error_of(write("key.json", R"({"policy": "p", "version": "1", "guard": {"max_drop": 0.5}})"));
  EXPECT_NE(e.find("guard.max_drop: unknown key (expected one of: max_rejected_share, max_round_drop)"),
            std::string::npos)
      << e;
}

// Nothing of a policy file reaches a message, an output or the store unless
// it passed the identifier guard: every string and key name, at any depth.
TEST_F(PolicyTest, IdentifiersAnywhereInAPolicyAreRefusedAndNotEchoed) {
  struct Case {
    const char* what;
    std::string text;
    std::string planted;
    std::string path;  // where the message says it is
  } cases[] = {
      {"an e-mail address as the policy name", R"({"policy": "kari.nordmann@example.com", "version": "1"})",
       "kari.nordmann@example.com", ": policy: "},
      {"a personnummer as the version", R"({"policy": "p", "version": "19850709-9805"})", "19850709-9805", ": version: "},
      {"a phone number in the description", R"({"policy": "p", "version": "1", "description": "call +47 22 33 44 55"})",
       "22 33 44 55", ": description: "},
      {"an e-mail address as an option key",
       R"({"policy": "p", "version": "1", "plugins": {"representative-involvement": {"options": {"kari@example.com": 1}}}})",
       "kari@example.com", ": plugins.representative-involvement.options: "},
      {"a fødselsnummer in a list option",
       R"({"policy": "p", "version": "1", "plugins": {"representative-involvement": {"options": {"representative_roles": ["x", "01019000083"]}}}})",
       "01019000083", ": plugins.representative-involvement.options.representative_roles[1]: "},
      {"a personnummer as a number", R"({"policy": "p", "version": "1", "x": 198507099805})", "198507099805", ": x: "},
  };
  for (const auto& c : cases) {
    const std::string e = error_of(write("p.json", c.text));
    EXPECT_NE(e.find("looks like a direct identifier"), std::string::npos) << c.what << " -> " << e;
    EXPECT_NE(e.find(c.path), std::string::npos) << c.what << " -> " << e;
    EXPECT_EQ(e.find(c.planted), std::string::npos) << c.what << " is echoed: " << e;
  }
}

TEST_F(PolicyTest, NamesAndControlCharactersInCodesAreRefusedAndNotEchoed) {
  struct Case {
    const char* what;
    std::string text;
    std::string expect;
  } cases[] = {
      {"a name as the policy name", R"({"policy": "Kari Nordmann", "version": "1"})",
       "policy: expected a code such as oslo-kommune"},
      {"a name as the jurisdiction", R"({"policy": "p", "version": "1", "jurisdiction": "Kari Nordmann"})",
       "jurisdiction: expected a code such as oslo-kommune"},
      {"an ESC in the version", R"({"policy": "p", "version": "1\u001b[2J"})",
       "version: holds a control character (U+001B (ESC))"},
      {"a right-to-left override in the description", R"({"policy": "p", "version": "1", "description": "a\u202eb"})",
       "description: holds a control character (U+202E"},
      {"a name as a severity", R"({"policy": "p", "version": "1", "severity": {"representative-involvement/appointed": "Kari Nordmann"}})",
       "severity.representative-involvement/appointed: is not one of error, warning, note, off (the value is not shown)"},
      {"a name as an unknown key", R"({"policy": "p", "version": "1", "Kari Nordmann": 1})",
       "(a key of 13 bytes, not shown): unknown key"},
      {"a name as a plugin", R"({"policy": "p", "version": "1", "plugins": {"Kari Nordmann": {}}})",
       "plugins.(a key of 13 bytes, not shown): a policy names a plugin by its name"},
      {"a name as a calendar", R"({"policy": "p", "version": "1", "plugins": {"representative-involvement": {"options": {"calendar": "Kari Nordmann"}}}})",
       "plugins.representative-involvement.options.calendar: is not one of: "},
  };
  for (const auto& c : cases) {
    const std::string e = error_of(write("p.json", c.text));
    EXPECT_NE(e.find(c.expect), std::string::npos) << c.what << " -> " << e;
    EXPECT_EQ(e.find("Kari"), std::string::npos) << c.what << " is echoed: " << e;
    EXPECT_EQ(e.find('\x1b'), std::string::npos) << c.what << ": " << e;
  }
}

// A threshold given twice in one object is read as the first by this reader
// and as the last by jq or Python: the policy says two things and is refused,
// with the key's path, at any depth, in a base policy too.
TEST_F(PolicyTest, AKeyGivenTwiceInOneObjectIsRefusedWithItsPath) {
  struct Case {
    const char* what;
    std::string text;
    std::string path;
  } cases[] = {
      {"an option given twice",
       R"({"policy": "p", "version": "1", "plugins": {"representative-involvement": {"options":
          {"min_working_days_before_decision": 3, "min_working_days_before_decision": 10}}}})",
       ": plugins.representative-involvement.options.min_working_days_before_decision: "},
      {"a plugin given twice",
       R"({"policy": "p", "version": "1", "plugins": {"representative-involvement": {},
          "representative-involvement": {"enabled": false}}})",
       ": plugins.representative-involvement: "},
      {"the disclosure threshold given twice", R"({"policy": "p", "version": "1", "disclosure": {"min_cell": 5, "min_cell": 1}})",
       ": disclosure.min_cell: "},
      {"the policy's name given twice", R"({"policy": "p", "version": "1", "policy": "q"})", ": policy: "},
  };
  for (const auto& c : cases) {
    const std::string e = error_of(write("p.json", c.text));
    EXPECT_NE(e.find("is given twice in one object"), std::string::npos) << c.what << " -> " << e;
    EXPECT_NE(e.find(c.path), std::string::npos) << c.what << " -> " << e;
    EXPECT_NE(e.find("the policy is not used"), std::string::npos) << c.what << " -> " << e;
  }
  // In the base a policy extends: the base's file is named.
  write("base.json", R"({"policy": "base", "version": "1", "disclosure": {"min_cell": 5, "min_cell": 1}})");
  const std::string e = error_of(write("child.json", R"({"policy": "c", "version": "1", "extends": "base.json"})"));
  EXPECT_NE(e.find("base.json: disclosure.min_cell: is given twice"), std::string::npos) << e;
  // A policy whose objects share key names between them is not refused.
  EXPECT_EQ(error_of(write("ok.json", kBase)), "");
}
