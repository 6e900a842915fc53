// The process plugins' message catalogs (plugins/<plugin>/po/{nb,nn,sv,da}.po)
// translate every text the plugins show: each rule's summary, rationale,
// basis under every profile and local term, each option's description, the
// plugin's description, and the reason of every verdict they gave on the
// Oslo fixture and the test rounds; each translation keeps the msgid's
// placeholders.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "plugins/process-integrity/rounds.hpp"
#include "support/harness.hpp"

namespace catalogs_test {

using fairaudit::testing::Harness;
using fairaudit::testing::source_path;
using namespace process_test;

namespace {

const std::vector<std::string> kPlugins{"process-integrity", "panel-composition", "rejection-reasons"};
const std::vector<std::string> kLanguages{"nb", "nn", "sv", "da"};
const std::vector<std::string> kProfiles{"oslo", "state", "se-kommun", "dk-kommune"};

std::string unquote(const std::string& line, std::size_t from) {
  std::string out;
  const auto open = line.find('"', from);
  for (std::size_t i = open + 1; i < line.size() && line[i] != '"'; ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      ++i;
      out += line[i] == 'n' ? '\n' : line[i];
    } else {
      out += line[i];
    }
  }
  return out;
}

// msgid -> msgstr of a PO file (single-form entries, continuation lines).
std::map<std::string, std::string> read_po(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::map<std::string, std::string> out;
  std::string id, str, line;
  std::string* current = nullptr;
  auto flush = [&] {
    if (!id.empty()) out[id] = str;
    id.clear();
    str.clear();
  };
  while (std::getline(in, line)) {
    if (line.rfind("msgid ", 0) == 0) {
      flush();
      id = unquote(line, 5);
      current = &id;
    } else if (line.rfind("msgstr ", 0) == 0) {
      str = unquote(line, 6);
      current = &str;
    } else if (!line.empty() && line[0] == '"' && current) {
      *current += unquote(line, 0);
    }
  }
  flush();
  return out;
}

std::multiset<std::string> placeholders(const std::string& s) {
  static const std::regex key(R"(\{[a-z_]+\})");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), key); it != std::sregex_iterator(); ++it)
    out.insert(it->str());
  return out;
}

// Every text the plugin shows under every profile, and the reasons of its
// verdicts on the fixture and on rounds that make each rule fire.
std::set<std::string> texts_of(const std::string& plugin) {
  std::set<std::string> texts;
  for (const auto& profile : kProfiles) {
    Harness h(plugin, R"({"profile": ")" + profile + R"("})");
    const auto info = h.info();
    texts.insert(info.description);
    for (const auto& r : info.rules) {
      for (const auto* t : {&r.summary, &r.rationale, &r.basis, &r.local_term})
        if (!t->empty()) texts.insert(*t);
    }
    for (const auto& o : info.options) texts.insert(o.description);
  }
  std::ifstream in(source_path("fixtures/oslo/export.jsonl"));
  std::stringstream jsonl;
  jsonl << in.rdbuf();
  RoundLine odd = base_round("R-ODD");
  person(odd, "a-2").event("interview_held", "2026-04-10");
  person(odd, "a-2").events[4].reason_code = "personal_fit";
  person(odd, "a-3").events.pop_back();
  odd.interviews = "[" + interview("a-1", "2026-03-24", R"([{"role":"manager","gender":"woman"}])") + "]";
  for (const std::string& lines : {jsonl.str(), odd.line()}) {
    // panel-composition's representative rule gives its reasons only where
    // the policy asks for a representative.
    Harness h(plugin, plugin == "panel-composition" ? R"({"require_representative_on_panel": true})" : "{}");
    auto out = h.run(lines);
    for (const auto& c : out.checks)
      if (c.reason.rfind("not recorded in this export", 0) != 0) texts.insert(c.reason);
  }
  return texts;
}

}  // namespace

TEST(Catalogs, EveryTextOfTheProcessPluginsIsTranslatedWithItsPlaceholders) {
  for (const auto& plugin : kPlugins) {
    const auto texts = texts_of(plugin);
    ASSERT_GT(texts.size(), 20u) << plugin;
    for (const auto& lang : kLanguages) {
      const auto po = read_po(source_path("plugins/" + plugin + "/po/" + lang + ".po"));
      for (const auto& text : texts) {
        auto it = po.find(text);
        ASSERT_NE(it, po.end()) << plugin << " " << lang << ".po lacks: " << text;
        EXPECT_FALSE(it->second.empty()) << plugin << " " << lang << ".po: " << text;
        EXPECT_NE(it->second, text) << plugin << " " << lang << ".po leaves it in English: " << text;
        EXPECT_EQ(placeholders(it->second), placeholders(text)) << plugin << " " << lang << ".po: " << text;
      }
    }
  }
}

}  // namespace catalogs_test
