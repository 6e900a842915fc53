// The checklist groups a round's rules under a plain heading per plugin
// (host/emit/checklist.cpp): every plugin built beside the host has one, and
// it reads in each of nb, nn, sv and da — a new plugin without a heading, or a
// heading without a translation, fails here rather than showing a reader the
// plugin's file name.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "emit/checklist.hpp"
#include "i18n/i18n.hpp"
#include "po_reader.hpp"
#include "test_paths.hpp"

namespace checklist_headings_test {
namespace {

namespace i18n = fairaudit::i18n;

// Every plugin library built beside the host, and the host's own rules.
std::vector<std::string> bundled() {
  std::vector<std::string> out{"host"};
  for (const auto& e : std::filesystem::directory_iterator(FAIRAUDIT_TEST_PLUGIN_DIR))
    if (e.path().extension() == ".so") out.push_back(e.path().stem().string());
  return out;
}

TEST(ChecklistHeadings, EveryBundledPluginHasAHeadingInEveryLanguage) {
  const auto plugins = bundled();
  ASSERT_GE(plugins.size(), 9u) << "the bundled plugins were not found";
  const auto dirs = i18n::catalog_dirs({FAIRAUDIT_TEST_PLUGIN_DIR});
  for (const char* lang : {"nb", "nn", "sv", "da"}) {
    const std::string po = std::string(FAIRAUDIT_SOURCE_DIR) + "/host/po/" + lang + ".po";
    const auto catalog = i18n_test::read_po(po);
    i18n::use(*i18n::language_from_string(lang), dirs);
    for (const auto& p : plugins) {
      const char* msgid = fairaudit::emit::plugin_heading_msgid(p);
      ASSERT_NE(msgid, nullptr) << p << " has no checklist heading in host/emit/checklist.cpp";
      auto it = catalog.find(msgid);
      ASSERT_TRUE(it != catalog.end() && !it->second.msgstr.empty()) << po << ": no translation of \"" << msgid << "\"";
      // What the reader sees: the translation, and the plugin's name to find it by.
      EXPECT_EQ(fairaudit::emit::plugin_heading(p), it->second.msgstr + " (" + p + ")") << lang << " " << p;
    }
  }
  i18n::use(i18n::Language::en, {});
  EXPECT_EQ(fairaudit::emit::plugin_heading("interview-call-diversity"),
            "Who went on at each stage (interview-call-diversity)");
  EXPECT_EQ(fairaudit::emit::plugin_heading("someone-elses-plugin"), "someone-elses-plugin");
}

}  // namespace
}  // namespace checklist_headings_test
