// i18n::use_all: every language's catalogs at once, each thread in its own
// language (i18n::Scoped), while use() keeps the CLI's one language.
#include <thread>

#include "support.hpp"

namespace fairaudit::testing::serve_pages {
namespace {

// Words of the host's catalog (host/po) in each language.
const std::map<i18n::Language, std::string> kRuns = {{i18n::Language::en, "Runs"},
                                                     {i18n::Language::nb, "Kjøringer"},
                                                     {i18n::Language::nn, "Køyringar"},
                                                     {i18n::Language::sv, "Körningar"},
                                                     {i18n::Language::da, "Kørsler"}};

TEST(Languages, UseKeepsOneLanguageAndUseAllLoadsEvery) {
  const auto dirs = i18n::catalog_dirs({FAIRAUDIT_TEST_PLUGIN_DIR});
  i18n::use(i18n::Language::nb, dirs);
  EXPECT_EQ(i18n::text("Runs"), "Kjøringer");
  {
    // The CLI's behaviour: a language other than the process's is English.
    i18n::Scoped sv(i18n::Language::sv);
    EXPECT_EQ(i18n::text("Runs"), "Runs");
    EXPECT_FALSE(i18n::loaded(i18n::Language::sv));
  }
  i18n::use_all(dirs);
  EXPECT_EQ(i18n::current(), i18n::Language::en);
  EXPECT_EQ(i18n::text("Runs"), "Runs");
  for (const auto& [lang, word] : kRuns) {
    i18n::Scoped s(lang);
    EXPECT_TRUE(i18n::loaded(lang));
    EXPECT_EQ(i18n::text("Runs"), word) << i18n::to_string(lang);
    // A plugin's catalog too, and plural forms.
    EXPECT_EQ(i18n::plural(2, "finding", "findings"), "2 " + i18n::text("findings"));
  }
}

TEST(Languages, ThreadsInDifferentLanguagesAtOnce) {
  i18n::use_all(i18n::catalog_dirs({FAIRAUDIT_TEST_PLUGIN_DIR}));
  std::vector<std::thread> threads;
  std::map<i18n::Language, int> wrong;
  for (const auto& [lang, word] : kRuns) wrong[lang] = 0;
  for (const auto& [lang, word] : kRuns)
    threads.emplace_back([&, lang = lang, word = word] {
      i18n::Scoped s(lang);
      int bad = 0;
      for (int i = 0; i < 5000; ++i)
        if (i18n::text("Runs") != word || i18n::text("Sign out").empty()) ++bad;
      wrong[lang] = bad;  // each thread writes its own entry only
    });
  for (auto& t : threads) t.join();
  for (const auto& [lang, bad] : wrong) EXPECT_EQ(bad, 0) << i18n::to_string(lang);
}

}  // namespace
}  // namespace fairaudit::testing::serve_pages
