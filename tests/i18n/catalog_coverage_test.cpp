// Every text a plugin says on the bundled fixtures — its rules' summaries,
// rationales, bases and local terms, its option descriptions, every check's
// reason and every finding's message — has a translation in each of nb, nn,
// sv and da, and the compiled catalog the host reads gives it. A message
// added to a plugin's code without a translation fails here when a fixture
// says it, and in i18n.plugin_messages (plugin_messages.py, the sources)
// whether or not one does.
//
// FAIRAUDIT_I18N_MISSING=<file>: also append the missing texts to <file> as
// PO entries with an empty msgstr, to translate.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "i18n/i18n.hpp"
#include "po_reader.hpp"
#include "support/harness.hpp"
#include "test_paths.hpp"

namespace catalog_coverage_test {
namespace {

using fairaudit::i18n::Language;
using fairaudit::testing::Harness;

std::string fixture(const std::string& relative) {
  std::ifstream in(fairaudit::testing::source_path(relative), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A plugin under one configuration, run over the fixtures.
struct Run {
  std::string plugin;
  std::string options;
};

// Each plugin under each of its profiles (a profile changes bases, and so
// texts); every other plugin built beside them with its default options, so
// that a new plugin is covered from its first build.
std::vector<Run> runs() {
  std::vector<Run> r{
      {"interview-call-diversity", "{}"},
      {"oslo-hiring-policy", R"({"profile":"oslo"})"},
      {"oslo-hiring-policy", R"({"profile":"state"})"},
      {"representative-involvement", R"({"profile":"oslo"})"},
      {"representative-involvement", R"({"profile":"state"})"},
      {"representative-involvement", R"({"profile":"se-kommun","calendar":"SE"})"},
      {"representative-involvement", R"({"profile":"dk-kommune","calendar":"DK"})"},
  };
  std::set<std::string> listed;
  for (const auto& run : r) listed.insert(run.plugin);
  for (const auto& e : std::filesystem::directory_iterator(FAIRAUDIT_TEST_PLUGIN_DIR))
    if (e.path().extension() == ".so" && !listed.count(e.path().stem().string()))
      r.push_back({e.path().stem().string(), "{}"});
  return r;
}

// The bundled fixtures in the canonical format: Oslo's, the diversity
// export's and the ATS samples' (Greenhouse, Varbi, Webcruiter).
const std::vector<std::string> kFixtures{"fixtures/oslo/export.jsonl", "fixtures/diversity/export.jsonl",
                                         "fixtures/ats/greenhouse/canonical.jsonl",
                                         "fixtures/ats/varbi/canonical.jsonl",
                                         "fixtures/ats/webcruiter/canonical.jsonl"};
const std::vector<std::string> kLanguages{"nb", "nn", "sv", "da"};

// plugin -> every text it said, in the code's English.
std::map<std::string, std::set<std::string>> said() {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& run : runs()) {
    Harness h(run.plugin, run.options);
    auto& texts = out[run.plugin];
    const auto info = h.info();
    texts.insert(info.description);
    for (const auto& r : info.rules)
      for (const auto* t : {&r.summary, &r.rationale, &r.basis, &r.local_term})
        if (!t->empty()) texts.insert(*t);
    for (const auto& o : info.options) texts.insert(o.description);
    for (const auto& f : kFixtures) {
      auto got = h.run(fixture(f));
      for (const auto& c : got.checks) texts.insert(c.reason);
      for (const auto& fd : got.findings) texts.insert(fd.message);
    }
  }
  return out;
}

std::string po_quote(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

TEST(CatalogCoverage, EveryTextThePluginsSayOnTheFixturesIsTranslatedInEveryLanguage) {
  const auto texts = said();
  const char* dump = std::getenv("FAIRAUDIT_I18N_MISSING");
  std::ofstream missing_out;
  if (dump) missing_out.open(dump, std::ios::app);
  std::size_t checked = 0;
  for (const auto& [plugin, set] : texts) {
    ASSERT_GT(set.size(), 10u) << plugin << " said almost nothing: the fixtures did not run";
    for (const auto& lang : kLanguages) {
      const std::string po = std::string(FAIRAUDIT_SOURCE_DIR) + "/plugins/" + plugin + "/po/" + lang + ".po";
      const auto catalog = i18n_test::read_po(po);
      std::size_t missing = 0;
      for (const auto& t : set) {
        ++checked;
        auto it = catalog.find(t);
        if (it != catalog.end() && !it->second.msgstr.empty()) continue;
        if (++missing <= 5) ADD_FAILURE() << po << ": no translation of \"" << t << "\"";
        if (dump) missing_out << "# " << plugin << " " << lang << "\nmsgid " << po_quote(t) << "\nmsgstr \"\"\n\n";
      }
      EXPECT_EQ(missing, 0u) << po << ": " << missing << " of " << set.size() << " texts untranslated";
    }
  }
  EXPECT_GT(checked, 0u);
}

// What the PO files say is what the host reads: each language's compiled
// catalog (build tree) gives each plugin's translation of its texts.
TEST(CatalogCoverage, TheCompiledCatalogsGiveThePoFilesTranslations) {
  const auto texts = said();
  const auto dirs = fairaudit::i18n::catalog_dirs({FAIRAUDIT_TEST_PLUGIN_DIR});
  ASSERT_EQ(dirs.size(), 1u) << "no locale/ directory beside the built plugins";
  for (const auto& lang : kLanguages) {
    fairaudit::i18n::use(*fairaudit::i18n::language_from_string(lang), dirs);
    for (const auto& [plugin, set] : texts) {
      const auto catalog =
          i18n_test::read_po(std::string(FAIRAUDIT_SOURCE_DIR) + "/plugins/" + plugin + "/po/" + lang + ".po");
      std::size_t same = 0;
      for (const auto& t : set) {
        auto it = catalog.find(t);
        if (it == catalog.end() || it->second.msgstr.empty()) continue;  // the first test reports it
        if (fairaudit::i18n::text(plugin, t) == it->second.msgstr) ++same;
        else ADD_FAILURE() << plugin << " " << lang << ": the catalog does not give the PO's \"" << t << "\"";
      }
      EXPECT_GT(same, 0u) << plugin << " " << lang;
    }
  }
  fairaudit::i18n::use(Language::en, {});
}

}  // namespace
}  // namespace catalog_coverage_test
