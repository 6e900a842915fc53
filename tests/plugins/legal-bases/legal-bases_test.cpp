// Each rule's basis names the sources that bind the employer of the profile
// it runs under, and no other: Oslo kommune's own sources for `oslo`,
// statsansatteloven and the state's sources for `state` (docs/legal-sources.md,
// "Rules × profiles"). The table is tests/data/legal-bases.json: the sources
// with the text that cites each and the profiles each binds, and one row per
// rule and profile with the sources and sections its basis must cite. The
// plugins are the real libraries, configured with each profile, described as
// the host asks after configure().
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace {

using fairaudit::testing::Harness;
using fairaudit::testing::source_path;

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

bool contains(const std::string& text, const std::string& what) { return lower(text).find(lower(what)) != std::string::npos; }

struct Source {
  std::string cite;
  std::vector<std::string> names;
  std::set<std::string> binds;
};

struct Row {
  std::vector<std::string> sources, sections;
};

struct Table {
  std::map<std::string, std::vector<std::string>> profiles;  // plugin -> profiles
  std::map<std::string, Source> sources;
  std::map<std::pair<std::string, std::string>, Row> rows;   // (rule or plugin/*, profile) -> row
};

std::vector<std::string> strings(const rapidjson::Value& v) {
  std::vector<std::string> out;
  for (const auto& s : v.GetArray()) out.emplace_back(s.GetString());
  return out;
}

Table load_table() {
  std::ifstream in(source_path("tests/data/legal-bases.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document d;
  d.Parse(ss.str().c_str());
  EXPECT_FALSE(d.HasParseError());
  Table t;
  for (const auto& p : d["profiles"].GetObject()) t.profiles[p.name.GetString()] = strings(p.value);
  for (const auto& s : d["sources"].GetObject()) {
    Source src;
    src.cite = s.value["cite"].GetString();
    src.names = strings(s.value["names"]);
    for (const auto& b : strings(s.value["binds"])) src.binds.insert(b);
    t.sources[s.name.GetString()] = src;
  }
  for (const auto& r : d["rules"].GetArray()) {
    Row row{strings(r["sources"]), strings(r["sections"])};
    t.rows[{r["rule"].GetString(), r["profile"].GetString()}] = row;
  }
  return t;
}

TEST(LegalBases, EveryRuleCitesTheSourcesOfItsProfileAndNoOther) {
  const Table t = load_table();
  ASSERT_EQ(t.profiles.size(), 8u);
  int checked = 0;
  for (const auto& [plugin, profiles] : t.profiles) {
    for (const auto& profile : profiles) {
      // A plugin of one profile (se-active-measures) has no profile option.
      const bool one_profile = profiles.size() == 1;
      Harness h(plugin, one_profile ? std::string("{}") : R"({"profile": ")" + profile + R"("})");
      const auto info = h.info();
      ASSERT_FALSE(info.rules.empty());
      for (const auto& rule : info.rules) {
        const std::string id = plugin + "/" + rule.id;
        auto it = t.rows.find({id, profile});
        if (it == t.rows.end()) it = t.rows.find({plugin + "/*", profile});
        ASSERT_NE(it, t.rows.end()) << id << " under " << profile << " has no row in tests/data/legal-bases.json";
        const Row& row = it->second;
        SCOPED_TRACE(id + " under " + profile + ": " + rule.basis);
        for (const auto& key : row.sources) {
          ASSERT_TRUE(t.sources.count(key)) << "unknown source " << key;
          const Source& s = t.sources.at(key);
          EXPECT_TRUE(s.binds.count(profile)) << key << " is listed for " << profile << " but does not bind it";
          EXPECT_TRUE(contains(rule.basis, s.cite)) << "does not cite " << key << " (\"" << s.cite << "\")";
        }
        for (const auto& section : row.sections)
          EXPECT_TRUE(contains(rule.basis, section)) << "does not name " << section;
        for (const auto& [key, s] : t.sources) {
          if (s.binds.count(profile)) continue;
          for (const auto& name : s.names)
            EXPECT_FALSE(contains(rule.basis, name))
                << "names " << key << " (\"" << name << "\"), which does not bind the employer of " << profile;
        }
        ++checked;
      }
    }
  }
  // oslo-hiring-policy: 7 rules under 2 profiles; representative-involvement
  // 8 under 4; process-integrity 6, panel-composition 4, rejection-reasons 3,
  // each under 4; interview-call-diversity 5 under 4; dk-priority-access's 2
  // and se-active-measures' 4 under 1.
  EXPECT_EQ(checked, 7 * 2 + 8 * 4 + (6 + 4 + 3) * 4 + 5 * 4 + 2 * 1 + 4 * 1);
}

// The table answers the question docs/legal-sources.md raised: the rows that
// were WRONG-PROFILE now cite the profile's own source.
TEST(LegalBases, TheOsloProfileCitesNoStateLawAndTheStateProfileNoOsloAgreement) {
  Harness oslo("oslo-hiring-policy", R"({"profile": "oslo"})");
  for (const auto& r : oslo.info().rules) {
    EXPECT_FALSE(contains(r.basis, "statsansatteloven")) << r.id << ": " << r.basis;
  }
  Harness state("representative-involvement", R"({"profile": "state"})");
  for (const auto& r : state.info().rules) {
    EXPECT_FALSE(contains(r.basis, "Dok 24")) << r.id << ": " << r.basis;
    EXPECT_FALSE(contains(r.basis, "Oslo")) << r.id << ": " << r.basis;
  }
}

// meets-in-trekantmote says the roles it checks; attended-interview what
// counts as attending.
TEST(LegalBases, TextsSayWhatTheCheckRequires) {
  Harness four("representative-involvement", R"({"profile": "oslo"})");
  for (const auto& r : four.info().rules) {
    if (r.id == "meets-in-trekantmote") {
      EXPECT_NE(r.summary.find("tjenesteleder, tillitsvalgt, verneombud and likestillingsrepresentant"),
                std::string::npos)
          << r.summary;
    }
  }
  Harness three("representative-involvement",
                R"({"profile": "state", "trekantmote_roles": ["tjenesteleder", "tillitsvalgt", "verneombud"],
                    "attendance_panel_roles": ["likestillingsrepresentant"]})");
  for (const auto& r : three.info().rules) {
    if (r.id == "meets-in-trekantmote") {
      EXPECT_NE(r.summary.find("tjenesteleder, tillitsvalgt and verneombud"), std::string::npos) << r.summary;
      EXPECT_EQ(r.summary.find("likestillingsrepresentant"), std::string::npos) << r.summary;
    }
    if (r.id == "attended-interview") {
      EXPECT_NE(r.summary.find("Interview panel roles that count as attending: likestillingsrepresentant"), std::string::npos) << r.summary;
    }
  }
}

}  // namespace
