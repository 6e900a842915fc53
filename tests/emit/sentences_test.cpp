// Evidence in sentences and the one-round checklist: what a reader is told
// is checked against the counts (each expected figure computed here from the
// counts, not read from the plugin's rates), in English and Norwegian; the
// checklist's order and grouping; no raw evidence key or verdict code in what
// a person reads.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "emit/disclosure.hpp"
#include "emit/sentences.hpp"
#include "i18n/i18n.hpp"
#include "report_support.hpp"
#include "support/cli.hpp"
#include "test_paths.hpp"

namespace sentences_test {
namespace {

using fairaudit::Evidence;
using fairaudit::emit::Audience;
using fairaudit::emit::Disclosure;
namespace i18n = fairaudit::i18n;
using fairaudit::testing::run_fairaudit;

const std::string kExport = "fixtures/oslo/export.jsonl";
const std::string kPolicy = "policies/oslo-kommune.json";
const std::vector<std::string> kPlainLocale{"LC_ALL=", "LC_MESSAGES=", "LANG=C", "LANGUAGE="};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A whole percentage as the sentence writes it, computed from the counts.
std::string pct(long long selected, long long n) {
  // Halves to even, as printf rounds.
  return std::to_string(static_cast<long long>(std::nearbyint(static_cast<double>(selected) / n * 100.0))) + " %";
}
std::string two_decimals(double v, bool comma) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  if (comma) s[s.find('.')] = ',';
  return s;
}

// The issue's example: 6 of 24 against 12 of 27, p = 0.10, one family of 3.
// A group's entry: its counts and the reference's, the rates and ratio from them.
Evidence entry(const char* group, long long n, long long selected, const char* reference, long long reference_n,
               long long reference_selected, const char* four_fifths) {
  Evidence g;
  g.text("group", group);
  g.count("n", n);
  g.count("selected", selected);
  g.rate("rate", double(selected) / double(n));
  g.text("reference_group", reference);
  g.count("reference_n", reference_n);
  g.count("reference_selected", reference_selected);
  g.rate("reference_rate", double(reference_selected) / double(reference_n));
  g.ratio("impact_ratio", (double(selected) / double(n)) / (double(reference_selected) / double(reference_n)));
  g.text("four_fifths", four_fifths);
  return g;
}

// The top of a comparison of gender from interview to hire, at the four-fifths line.
Evidence comparison() {
  Evidence e;
  e.text("attribute", "gender");
  e.text("stage_from", "interview_invited");
  e.text("stage_to", "hired");
  e.real("threshold", 0.8);
  return e;
}
Evidence with_group(Evidence e, Evidence g) {
  std::vector<Evidence> groups{std::move(g)};
  e.list("groups", std::move(groups));
  return e;
}

Evidence example(double p, double p_adjusted, bool significant, long long reference_selected = 12) {
  Evidence g = entry("man", 24, 6, "woman", 27, reference_selected, "adverse");
  g.p_value("p_value", p);
  g.p_value("p_adjusted", p_adjusted);
  g.boolean("statistical_significance", significant);
  Evidence e = comparison();
  e.text("reference_group", "woman");
  e.text("family", "round");
  e.text("adjustment", "holm");
  e.number("family_size", 3);
  return with_group(std::move(e), std::move(g));
}

TEST(Sentences, TheGroupComparisonSaysTheCountsRatesRatioAndWhatChanceSays) {
  i18n::use(i18n::Language::en, {});
  const Disclosure d(Audience::representative, 5);
  const auto s = fairaudit::emit::evidence_sentences("interview-call-diversity/disparity", example(0.10, 0.27, false), d);
  ASSERT_EQ(s.size(), 1u);
  const std::string& t = s[0];
  EXPECT_TRUE(has(t, "6 of 24 who reached interview_invited went on to hired (" + pct(6, 24) + ")")) << t;
  EXPECT_TRUE(has(t, "against 12 of 27 in woman (" + pct(12, 27) + ")")) << t;
  EXPECT_TRUE(has(t, "impact ratio " + two_decimals((6.0 / 24) / (12.0 / 27), false))) << t;
  EXPECT_TRUE(has(t, "below the four-fifths line (0.80)")) << t;
  EXPECT_TRUE(has(t, "happens by chance in 10 % of such rounds (p = 0.10)")) << t;
  EXPECT_TRUE(has(t, "adjusted for the 3 comparisons made in this round (Holm's method), p = 0.27")) << t;
  EXPECT_TRUE(has(t, "so it is not significant.")) << t;
  const auto sig = fairaudit::emit::evidence_sentences("x/y", example(0.004, 0.012, true), d);
  ASSERT_EQ(sig.size(), 1u);
  EXPECT_TRUE(has(sig[0], "in less than 1 % of such rounds (p = 0.004)")) << sig[0];
  EXPECT_TRUE(has(sig[0], ", so it is significant.")) << sig[0];
}

TEST(Sentences, NorwegianSentenceWithDecimalCommaAndPlural) {
  i18n::use(i18n::Language::nb, i18n::catalog_dirs({FAIRAUDIT_TEST_PLUGIN_DIR}));
  const Disclosure d(Audience::representative, 5);
  const auto s = fairaudit::emit::evidence_sentences("interview-call-diversity/disparity", example(0.10, 0.27, false), d);
  i18n::use(i18n::Language::en, {});
  ASSERT_EQ(s.size(), 1u);
  const std::string& t = s[0];
  EXPECT_TRUE(has(t, "6 av 24 som nådde")) << t;
  EXPECT_TRUE(has(t, "(" + pct(6, 24) + "), mot 12 av 27")) << t;
  EXPECT_TRUE(has(t, "forholdstall " + two_decimals((6.0 / 24) / (12.0 / 27), true))) << t;
  EXPECT_TRUE(has(t, "(p = 0,10)")) << t;
  EXPECT_TRUE(has(t, "3 sammenligninger")) << t;
  EXPECT_TRUE(has(t, "ikke signifikant")) << t;
  EXPECT_FALSE(has(t, " of ")) << t;
}

TEST(Sentences, AHiddenCountIsFewerThanMinCellAndNothingDerivedIsSaid) {
  i18n::use(i18n::Language::en, {});
  // Three of the reference group went on: below min_cell for the union.
  const Evidence e = example(0.10, 0.27, false, 3);
  const auto u = fairaudit::emit::evidence_sentences("x/y", e, Disclosure(Audience::union_, 5));
  ASSERT_EQ(u.size(), 1u);
  EXPECT_TRUE(has(u[0], "against fewer than 5 of 27")) << u[0];
  // The focal group's rate is its own counts' (as in the details table and
  // JSON); the reference's, the ratio and the tests are not.
  EXPECT_TRUE(has(u[0], "(" + pct(6, 24) + ")")) << u[0];
  EXPECT_EQ(std::count(u[0].begin(), u[0].end(), '%'), 1) << u[0];
  for (const char* derived : {"impact ratio", "p =", "four-fifths", "significant."})
    EXPECT_FALSE(has(u[0], derived)) << derived << " in: " << u[0];
  // The representative sees the count.
  const auto r = fairaudit::emit::evidence_sentences("x/y", e, Disclosure(Audience::representative, 5));
  EXPECT_TRUE(has(r[0], "against 3 of 27")) << r[0];
}

// A pool whose complement is small is withheld as exactly as a small count:
// "24 of 27" would give the 3 of the reference group who did not go on. And
// where every cell is large (24/6 against 27/12) nothing is hidden.
TEST(Sentences, APoolWhoseComplementIsSmallIsNotGivenAndLargeGroupsAreShownWhole) {
  i18n::use(i18n::Language::en, {});
  const auto u = fairaudit::emit::evidence_sentences("x/y", example(0.10, 0.27, false, 24), Disclosure(Audience::union_, 5));
  ASSERT_EQ(u.size(), 1u);
  EXPECT_TRUE(has(u[0], "against 24 of a number not shown")) << u[0];
  EXPECT_FALSE(has(u[0], "27")) << u[0];
  EXPECT_TRUE(has(u[0], "(" + pct(6, 24) + ")")) << u[0];
  EXPECT_EQ(std::count(u[0].begin(), u[0].end(), '%'), 1) << u[0];
  for (const char* derived : {"impact ratio", "p =", "four-fifths", "significant."})
    EXPECT_FALSE(has(u[0], derived)) << derived << " in: " << u[0];
  const auto large = fairaudit::emit::evidence_sentences("x/y", example(0.10, 0.27, false), Disclosure(Audience::union_, 5));
  ASSERT_EQ(large.size(), 1u);
  EXPECT_TRUE(has(large[0], "6 of 24")) << large[0];
  EXPECT_TRUE(has(large[0], "12 of 27")) << large[0];
  EXPECT_TRUE(has(large[0], "impact ratio 0.56")) << large[0];
  EXPECT_TRUE(has(large[0], "p = 0.10")) << large[0];
}

// Every group comparison of the fixture's findings, read from the internal
// JSON: the text report says each group's counts and, from the counts, the
// rate the sentence must show, in English and in Norwegian.
TEST(Sentences, FixtureFindingsSayTheCountsOfTheirEvidence) {
  const auto json = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json", "--audience", "internal"},
                                  "", "", kPlainLocale);
  auto doc = fairaudit::testing::report::parse_json(json.out);
  const auto en = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--audience", "internal"}, "", "", kPlainLocale);
  const auto nb =
      run_fairaudit({"audit", kExport, "--policy", kPolicy, "--audience", "internal", "--lang", "nb"}, "", "", kPlainLocale);
  int checked = 0;
  for (const auto& f : doc["findings"].GetArray()) {
    const auto& ev = f["evidence"];
    if (!ev.HasMember("groups") || !ev["groups"].IsArray()) continue;
    for (const auto& g : ev["groups"].GetArray()) {
      if (!g.HasMember("rate") || !g["n"].IsInt64() || g["n"].GetInt64() == 0) continue;
      if (!g["reference_n"].IsInt64() || g["reference_n"].GetInt64() == 0) continue;
      const long long n = g["n"].GetInt64(), sel = g["selected"].GetInt64();
      const long long rn = g["reference_n"].GetInt64(), rsel = g["reference_selected"].GetInt64();
      EXPECT_TRUE(has(en.out, std::to_string(sel) + " of " + std::to_string(n) + " who reached")) << sel << "/" << n;
      EXPECT_TRUE(has(en.out, "(" + pct(sel, n) + "), against " + std::to_string(rsel) + " of " + std::to_string(rn)))
          << sel << "/" << n << " " << rsel << "/" << rn;
      EXPECT_TRUE(has(nb.out, "(" + pct(sel, n) + "), mot " + std::to_string(rsel) + " av " + std::to_string(rn)))
          << sel << "/" << n << " " << rsel << "/" << rn;
      if (sel > 0 && rsel > 0)
        EXPECT_TRUE(has(en.out, "impact ratio " + two_decimals((1.0 * sel / n) / (1.0 * rsel / rn), false)));
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "the fixture has no group comparison finding";
}

// The visible text of an HTML page: no tags, no script, no style; and none
// of the charts' figures (host/emit/html/charts.cpp, not this part's).
std::string visible(const std::string& html) {
  std::string t = std::regex_replace(html, std::regex("<(script|style|figure)[^>]*>[\\s\\S]*?</\\1>"), " ");
  return std::regex_replace(t, std::regex("<[^>]*>"), " ");
}

TEST(Checklist, RepresentativeRulesFirstGroupedByPluginWithTheBasisOnEveryLine) {
  const auto r = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--round", "OSL-BGO-2026-0101"}, "", "",
                               kPlainLocale);
  ASSERT_LE(r.status, 1) << r.err;
  const std::string& t = r.out;
  const auto rep = t.find("For the representative"), other = t.find("The other rules"), stats = t.find("Statistics");
  ASSERT_NE(rep, std::string::npos) << t;
  ASSERT_NE(other, std::string::npos) << t;
  ASSERT_NE(stats, std::string::npos) << t;
  EXPECT_LT(rep, other);
  EXPECT_LT(other, stats);
  // Every representative-involvement round rule before the other rules.
  for (const char* rule : {"appointed", "invited-before-interviews", "saw-shortlist", "attended-interview",
                           "recommendation-in-time", "statement-and-escalation"}) {
    const auto at = t.find(std::string("representative-involvement/") + rule);
    ASSERT_NE(at, std::string::npos) << rule;
    EXPECT_LT(at, other) << rule;
  }
  EXPECT_LT(t.find("The representative's part in the hiring (representative-involvement)"), other);
  // The representative's own plugin heads its part; each plugin heading is
  // there once per part: the lines are grouped, not interleaved.
  EXPECT_EQ(t.find("  The representative's part in the hiring (representative-involvement)\n"),
            t.find("\n", rep) + 1);
  for (const auto& [from, to] : {std::pair{rep, other}, std::pair{other, stats}, std::pair{stats, t.size()}})
    for (const char* heading : {"(representative-involvement)\n", "(oslo-hiring-policy)\n", "(panel-composition)\n",
                                "(interview-call-diversity)\n"}) {
      const std::string part = t.substr(from, to - from);
      const auto first = part.find(heading);
      if (first != std::string::npos) EXPECT_EQ(part.find(heading, first + 1), std::string::npos) << heading;
    }
  // The process rules' representative parts are in the first part.
  EXPECT_LT(t.find("oslo-hiring-policy/recommendation-sent"), other);
  EXPECT_GT(t.find("panel-composition/panel-size"), other);
  // The basis under every rule line of the checklist, not only breached ones.
  const std::string list = t.substr(t.find("Checklist"), t.find("Findings by unit") - t.find("Checklist"));
  std::size_t rule_lines = 0, basis_lines = 0;
  const std::regex rule_line(R"(\n    (complies|BREACH|n/a|insufficient) +[a-z-]+/[a-z0-9-]+)");
  for (std::sregex_iterator it(list.begin(), list.end(), rule_line), end; it != end; ++it) ++rule_lines;
  for (std::size_t at = list.find("basis:"); at != std::string::npos; at = list.find("basis:", at + 1)) ++basis_lines;
  EXPECT_GT(rule_lines, 6u);
  EXPECT_EQ(basis_lines, rule_lines) << list;
  // No "pooled over 1 rounds" unit line for one round; statistics collapsed.
  EXPECT_FALSE(has(list, "pooled over 1 rounds")) << list;
  EXPECT_TRUE(has(list, "checks, nothing found") || has(list, "check, nothing found")) << list;
}

TEST(Checklist, NoRawKeysOrVerdictCodesInTextOrHtml) {
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, std::vector<std::string>{"--round", "OSL-BGO-2026-0101"}}) {
    for (const char* format : {"text", "html"}) {
      std::vector<std::string> args{"audit", kExport, "--policy", kPolicy, "--format", format};
      args.insert(args.end(), extra.begin(), extra.end());
      const auto r = run_fairaudit(args, "", "", kPlainLocale);
      ASSERT_LE(r.status, 1) << r.err;
      // In HTML: the findings and the checklist (the rules section quotes
      // the plugins' rationales, which may name a verdict code).
      std::string t = r.out;
      if (std::string(format) == "html") {
        const auto from = r.out.find("<section id=\"findings\""), to = r.out.find("<section id=\"rules\"");
        ASSERT_NE(from, std::string::npos);
        ASSERT_NE(to, std::string::npos);
        t = visible(r.out.substr(from, to - from));
        EXPECT_TRUE(extra.empty() || has(t, "For the representative")) << t;
      }
      for (const char* raw : {"insufficient_data", "not_applicable", "fisher p two sided", "fisher_p_two_sided",
                              "ci low", "ci_low", "mh rate ratio", "shortfall four fifths", "p adjusted"})
        EXPECT_FALSE(has(t, raw)) << raw << " in " << format << (extra.empty() ? "" : " checklist");
    }
  }
}


// A pooled comparison whose rounds added up show equal rates (26 of 38 and 13
// of 19, 68 % each) while round by round one group fared worse: the verdict
// is the within-round (Mantel-Haenszel) ratio, so the sentence must give it,
// or the details contradict the headline ("below 0.8 within rounds").
Evidence pooled(long long strata_reference_selected) {
  Evidence g = entry("man", 38, 26, "other", 19, 13, "not_adverse");
  g.count("strata_n", 30);
  g.count("strata_selected", 18);
  g.count("strata_reference_n", 16);
  g.count("strata_reference_selected", strata_reference_selected);
  g.ratio("mh_rate_ratio", 0.75);
  g.number("strata", 5);
  return with_group(comparison(), std::move(g));
}

TEST(Sentences, APooledComparisonGivesTheWithinRoundRatioItsVerdictUses) {
  i18n::use(i18n::Language::en, {});
  const Disclosure d(Audience::union_, 5);
  const auto s = fairaudit::emit::evidence_sentences("x/pooled", pooled(11), d);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_NE(s[0].find("impact ratio 1.00."), std::string::npos) << s[0];
  EXPECT_NE(s[0].find("Compared within each of the 5 rounds with both groups, the rate ratio is 0.75. That is below "
                      "the four-fifths line (0.80)."),
            std::string::npos)
      << s[0];
  // A small count among the rounds' cells hides the within-round ratio too.
  const auto small = fairaudit::emit::evidence_sentences("x/pooled", pooled(3), d);
  ASSERT_EQ(small.size(), 1u);
  EXPECT_EQ(small[0].find("Compared within"), std::string::npos) << small[0];
}

}  // namespace
}  // namespace sentences_test
