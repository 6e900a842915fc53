// A reader of the HTML report in Norwegian, Swedish or Danish reads the
// figures of every finding in their language: each heading of a finding's
// details (the evidence keys of every bundled plugin, host/emit/sentences.cpp
// heading()) and each code among its values (adverse, practical_only,
// benjamini_hochberg, …). The real executable renders every bundled fixture
// in English and in each language; the details come in the same order, so a
// heading that reads as the English one is a heading left untranslated,
// unless it is a proper name or the same word in both languages (listed
// below), and a value that still holds an underscore, or is a code in
// English words, is a raw code.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/cli.hpp"

namespace html_headings_test {
namespace {

using fairaudit::testing::run_fairaudit;

struct Fixture {
  std::string export_file, policy;
};

// Every bundled fixture with the policy its golden file is made with
// (scripts/update-golden.sh).
const std::vector<Fixture> kFixtures{
    {"fixtures/oslo/export.jsonl", "policies/oslo-kommune.json"},
    {"fixtures/diversity/export.jsonl", "fixtures/diversity/policy.json"},
    {"fixtures/denmark/export.jsonl", "policies/denmark-kommune.json"},
    {"fixtures/sweden/export.jsonl", "policies/sweden-kommun.json"},
};
const std::vector<std::string> kPlainLocale{"LC_ALL=", "LC_MESSAGES=", "LANG=C"};

// Headings that are the same in a language as in English: a statistic's
// symbol or name, the Norwegian term the English keeps (trekantmøte), and
// words the two languages share.
const std::map<std::string, std::set<std::string>> kSameAsEnglish{
    {"nb", {"p", "Mantel-Haenszel p", "Trekantmøter"}},
    {"sv", {"p", "Mantel-Haenszel p", "Period", "Version"}},
    {"da", {"p", "Mantel-Haenszel p", "Version"}},
};

// Codes among the values that are the same word in a language as in
// English, and the policy's own words (the roles it names).
const std::map<std::string, std::set<std::string>> kSameCode{
    {"nb", {"analyse", "verneombud"}},
    {"sv", {"man", "verneombud"}},
    {"da", {"analyse", "verneombud"}},
};
const std::regex code_word("[a-z][a-z ]*");

struct Details {
  std::vector<std::string> headings;  // <dt>, <th> and <caption> of the evidence, in order
  std::vector<std::string> values;    // the text values (codes, dates, names), in order
};

// The evidence details of every finding of an HTML report: from each
// "The figures" block to the end of its finding.
Details details_of(const std::string& html) {
  Details out;
  static const std::regex heading(R"(<(dt|th scope="col"|caption)>([^<]*)</)");
  static const std::regex value(R"(data-kind="text"[^>]*>([^<]*)</)");
  for (std::size_t at = html.find("<details class=\"evidence-details\">"); at != std::string::npos;
       at = html.find("<details class=\"evidence-details\">", at + 1)) {
    const std::size_t end = html.find("</article>", at);
    const std::string block = html.substr(at, end - at);
    for (std::sregex_iterator it(block.begin(), block.end(), heading), e; it != e; ++it)
      out.headings.push_back((*it)[2]);
    for (std::sregex_iterator it(block.begin(), block.end(), value), e; it != e; ++it) out.values.push_back((*it)[1]);
  }
  return out;
}

std::string report(const Fixture& f, const std::string& lang) {
  auto r = run_fairaudit({"audit", f.export_file, "--policy", f.policy, "--format", "html", "--lang", lang}, "", "",
                         kPlainLocale);
  EXPECT_LE(r.status, 1) << f.export_file << " " << lang << ": " << r.err;
  return r.out;
}

TEST(HtmlHeadings, EveryDetailsHeadingAndCodeOfEveryBundledFixtureIsInTheReadersLanguage) {
  std::size_t compared = 0;
  for (const auto& f : kFixtures) {
    const Details en = details_of(report(f, "en"));
    ASSERT_FALSE(en.headings.empty()) << f.export_file << ": no evidence details in the English report";
    for (const std::string lang : {"nb", "sv", "da"}) {
      const Details local = details_of(report(f, lang));
      ASSERT_EQ(local.headings.size(), en.headings.size()) << f.export_file << " " << lang;
      ASSERT_EQ(local.values.size(), en.values.size()) << f.export_file << " " << lang;
      std::set<std::string> untranslated, raw;
      for (std::size_t i = 0; i < en.headings.size(); ++i) {
        ++compared;
        const std::string& h = local.headings[i];
        if (h == en.headings[i] && !kSameAsEnglish.at(lang).count(h)) untranslated.insert(h);
        if (h.find('_') != std::string::npos) raw.insert(h);
      }
      for (std::size_t i = 0; i < en.values.size(); ++i) {
        const std::string& v = local.values[i];
        if (v.find('_') != std::string::npos) raw.insert(v);
        // A code in words (lower-case letters) that reads as the English one.
        else if (v == en.values[i] && std::regex_match(v, code_word) && !kSameCode.at(lang).count(v)) raw.insert(v);
      }
      for (const auto& h : untranslated) ADD_FAILURE() << f.export_file << " " << lang << ": heading \"" << h << "\" is English";
      for (const auto& v : raw) ADD_FAILURE() << f.export_file << " " << lang << ": \"" << v << "\" is a raw key or code";
    }
  }
  EXPECT_GT(compared, 100u);
}

}  // namespace
}  // namespace html_headings_test
