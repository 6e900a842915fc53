// The HTML report's charts tell what the tables tell: the funnel plot's
// control limits against SciPy, the involvement chart's counts against the
// rules' verdict tallies, the summary tiles against the table by rule.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "emit/chart.hpp"
#include "emit/html/charts.hpp"
#include "emit/report_support.hpp"

namespace fairaudit::testing::report {
namespace {

// Spiegelhalter's interpolated limits, computed offline with SciPy 1.10.1
// (Debian 12's python3-scipy) by:
//   from scipy.stats import binom
//   r = binom.ppf(p, n, t)
//   a = (binom.cdf(r, n, t) - p) / (binom.cdf(r, n, t) - binom.cdf(r - 1, n, t))
//   print(int(r), (r - a) / n)
TEST(FunnelLimits, MatchSciPy) {
  struct Case {
    std::int64_t n;
    double theta, p;
    std::int64_t ppf;
    double limit;
  };
  const Case cases[] = {
      {20, 0.3, 0.025, 2, 0.0811765060},      {20, 0.3, 0.975, 10, 0.4872551466},
      {50, 0.42, 0.001, 11, 0.2014109836},    {50, 0.42, 0.999, 32, 0.6292506985},
      {200, 0.1, 0.025, 12, 0.0576907220},    {1000, 0.55, 0.975, 581, 0.5802923854},
      {7, 0.5, 0.025, 1, 0.0448979592},       {5000, 0.237, 0.001, 1093, 0.2184670188},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(emit::binomial_quantile(c.n, c.theta, c.p), c.ppf) << c.n << " " << c.theta << " " << c.p;
    EXPECT_NEAR(emit::binomial_limit(c.n, c.theta, c.p), c.limit, 1e-8) << c.n << " " << c.theta << " " << c.p;
  }
  // The funnel narrows as units grow.
  EXPECT_LT(emit::binomial_limit(50, 0.3, 0.975) - emit::binomial_limit(50, 0.3, 0.025),
            emit::binomial_limit(20, 0.3, 0.975) - emit::binomial_limit(20, 0.3, 0.025));
}

// The limits of a ratio of two proportions on the log scale, computed
// offline with Python 3.11's statistics.NormalDist (its own inverse normal,
// not Boost's) by:
//   s = sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
//   print(p1 / p2 * exp(NormalDist().inv_cdf(p) * s))
TEST(FunnelLimits, RatioLimitsMatchPython) {
  struct Case {
    double n1, n2, p1, p2, p, limit;
  };
  const Case cases[] = {
      {40, 60, 0.3, 0.5, 0.975, 1.0262717953},   {40, 60, 0.3, 0.5, 0.025, 0.3507842675},
      {12, 200, 0.42, 0.61, 0.001, 0.2378833108}, {500, 450, 0.18, 0.22, 0.999, 1.2240029355},
      {7, 9, 0.5, 0.4, 0.975, 3.7194166783},
  };
  for (const Case& c : cases)
    EXPECT_NEAR(emit::ratio_limit(c.n1, c.n2, c.p1, c.p2, c.p), c.limit, 1e-8) << c.n1 << " " << c.n2 << " " << c.p;
  // Narrower for a larger unit, around the pooled ratio.
  EXPECT_LT(emit::ratio_limit(400, 600, 0.3, 0.5, 0.975), emit::ratio_limit(40, 60, 0.3, 0.5, 0.975));
  EXPECT_GT(emit::ratio_limit(400, 600, 0.3, 0.5, 0.975), 0.6);
}

// Applicants of one gender in a unit: `qualified` of them, `invited` of
// those invited to interview.
void add_applicants(Round& round, Gender g, int qualified, int invited) {
  for (int i = 0; i < qualified; ++i) {
    Applicant a;
    a.id = "A" + std::to_string(round.applicants.size());
    a.gender = g;
    a.assessment.outcome = Outcome::qualified;
    a.events.push_back({Stage::applied, {}, {}});
    if (i < invited) a.events.push_back({Stage::interview_invited, {}, {}});
    round.applicants.push_back(std::move(a));
  }
}

// The funnel plot compares units by their impact ratio (the lower group's
// invitation rate over the higher's, in the unit), with limits at each
// unit's own size: a large unit far below the pooled ratio is flagged, a
// small one with the same ratio is not, and a unit with the pooled ratio is
// within the limits.
TEST(FunnelPlot, ComparesTheUnitsImpactRatiosAtTheirOwnSize) {
  run::RunResult r;
  struct Unit {
    const char* name;
    int women, women_invited, men, men_invited;
  };
  const Unit units[] = {
      {"oslo/large-low", 200, 40, 200, 100},  // 0.40, far below
      {"oslo/small-low", 10, 2, 10, 5},       // 0.40 too, but small
      {"oslo/typical", 300, 120, 300, 150},   // 0.80
      {"oslo/typical-2", 300, 125, 300, 145},
      {"oslo/no-men-invited", 10, 5, 10, 0},  // no ratio
  };
  for (const Unit& u : units) {
    Round round;
    round.round_id = u.name;
    round.org_unit = u.name;
    add_applicants(round, Gender::woman, u.women, u.women_invited);
    add_applicants(round, Gender::man, u.men, u.men_invited);
    r.indicators.add_round(round);
  }
  r.indicators.finish();
  const std::string html = emit::html::funnel_plot(r, "gender", emit::Disclosure(emit::Audience::internal, 1));
  ASSERT_FALSE(html.empty());
  // Women: 292 of 820 invited; men: 400 of 820: the pooled ratio 0.73.
  EXPECT_NE(html.find("the ratio is 0.73"), std::string::npos) << html;
  std::map<std::string, std::string> position;
  std::regex row(R"re(<tr><th scope="row">([^<]+)</th>(?:<td[^>]*>[^<]*</td>){6}<td>([^<]+)</td></tr>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it)
    position[(*it)[1]] = (*it)[2];
  ASSERT_EQ(position.size(), 4u) << html;
  EXPECT_EQ(position["oslo/large-low"], "below the 99.8 % limit");
  EXPECT_EQ(position["oslo/small-low"], "within the limits");
  EXPECT_EQ(position["oslo/typical-2"], "within the limits");
  EXPECT_NE(html.find("<td data-kind=\"ratio\" class=\"num\">0.40</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("1 unit(s) left out: no applicant of man was invited there"), std::string::npos) << html;
}

RuleInfo round_rule(const std::string& id, Indicator indicator = Indicator::none) {
  RuleInfo r;
  r.id = id;
  r.summary = "The rule " + id + ".";
  r.scope = Scope::round;
  r.indicator = indicator;
  return r;
}

// The round the issue names: the representative was never invited and
// attended nothing, yet got the recommendation in time. Each rule shows its
// own verdicts; "not recorded" is its own part, never a complied round.
TEST(InvolvementChart, EachRuleItsOwnVerdicts) {
  const std::string p = "representative-involvement/";
  std::map<std::string, RuleInfo> rules = {
      {p + "invited-before-interviews", round_rule("invited-before-interviews")},
      {p + "attended-interview", round_rule("attended-interview")},
      {p + "recommendation-in-time", round_rule("recommendation-in-time", Indicator::representative_in_time)},
      {"other-plugin/some-rule", round_rule("some-rule")}};
  run::RunResult r;
  auto check = [&](const std::string& rule, Verdict v) {
    Check c;
    c.rule = rule.substr(rule.find('/') + 1);
    c.scope = Scope::round;
    c.round_id = "R1";
    c.org_unit = "oslo/bydel-x";
    c.verdict = v;
    r.indicators.add_check(rules[rule].indicator, rule, c);
  };
  check(p + "recommendation-in-time", Verdict::complies);
  check(p + "invited-before-interviews", Verdict::breach);
  check(p + "attended-interview", Verdict::insufficient_data);
  check("other-plugin/some-rule", Verdict::complies);
  const std::string html = emit::html::involvement_chart(r, rules);
  ASSERT_FALSE(html.empty());
  EXPECT_NE(html.find("The rule invited-before-interviews."), std::string::npos);
  EXPECT_EQ(html.find("The rule some-rule."), std::string::npos) << "a rule of another plugin";
  // In time: 1 of 1; invited: 0 of 1; attended: nothing recorded.
  EXPECT_NE(html.find("1 of 1 complied"), std::string::npos);
  EXPECT_NE(html.find("0 of 1 complied"), std::string::npos);
  EXPECT_NE(html.find("no verdict"), std::string::npos);
  EXPECT_EQ(html.find("100"), std::string::npos) << "a share that hides the other rules";
  // The table: unit, rule, complies, breach, n.a., not recorded.
  EXPECT_NE(html.find("<td>" + p + "attended-interview</td><td data-kind=\"rounds\" class=\"num\">0</td><td "
                      "data-kind=\"rounds\" class=\"num\">0</td><td data-kind=\"rounds\" class=\"num\">0</td><td "
                      "data-kind=\"rounds\" class=\"num\">1</td>"),
            std::string::npos)
      << html;
}

class ChartsOnFixtures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { inputs_ = new std::vector<std::string>(fixture_inputs()); }
  static std::vector<std::string>* inputs_;
};
std::vector<std::string>* ChartsOnFixtures::inputs_ = nullptr;

// Summed over units, the chart's counts are the run's verdict tally of each
// rule (the "breach / complies / n.a. / insufficient data" column of the
// table by rule).
TEST_F(ChartsOnFixtures, InvolvementCountsAreTheRulesTallies) {
  const InProcess p = audit_in_process(*inputs_, emit::Audience::representative);
  const std::string html = emit::html::involvement_chart(p.result, p.ctx.rules, 100000);
  ASSERT_FALSE(html.empty());
  std::regex row(
      R"re(<tr><th scope="row">[^<]*</th><td>([^<]+)</td><td data-kind="rounds" class="num">(\d+)</td><td data-kind="rounds" class="num">(\d+)</td><td data-kind="rounds" class="num">(\d+)</td><td data-kind="rounds" class="num">(\d+)</td></tr>)re");
  std::map<std::string, std::array<std::uint64_t, 4>> sums;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it)
    for (int i = 0; i < 4; ++i) sums[(*it)[1]][i] += std::stoull((*it)[i + 2]);
  ASSERT_GE(sums.size(), 4u);
  for (const auto& [rule, s] : sums) {
    const auto t = p.result.tally.find(rule);
    ASSERT_NE(t, p.result.tally.end()) << rule;
    EXPECT_EQ(s[0], t->second.complies) << rule;
    EXPECT_EQ(s[1], t->second.breach) << rule;
    EXPECT_EQ(s[2], t->second.not_applicable) << rule;
    EXPECT_EQ(s[3], t->second.insufficient_data) << rule;
  }
}

// The summary's tiles are the sums of the table by rule, and the findings
// the JSON lists as open.
TEST_F(ChartsOnFixtures, TilesAgreeWithTheTables) {
  const std::string html = audit_output(*inputs_, "html", "representative");
  auto tile = [&](const std::string& key) {
    std::smatch m;
    const std::regex re("data-summary=\"" + key + "\">(\\d+)<");
    EXPECT_TRUE(std::regex_search(html, m, re)) << key;
    return m.empty() ? std::uint64_t(0) : std::stoull(m[1]);
  };
  const auto at = html.find("<table class=\"by-rule\">");
  ASSERT_NE(at, std::string::npos);
  const std::string table = html.substr(at, html.find("</table>", at) - at);
  std::regex row(
      R"re(<tr><th scope="row">[^<]+</th><td data-kind="findings" class="num">(\d+)</td><td data-kind="findings" class="num">(\d+)</td><td data-kind="findings" class="num">(\d+)</td>)re");
  std::uint64_t errors = 0, warnings = 0, notes = 0, rows = 0;
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row); it != std::sregex_iterator(); ++it, ++rows) {
    errors += std::stoull((*it)[1]);
    warnings += std::stoull((*it)[2]);
    notes += std::stoull((*it)[3]);
  }
  ASSERT_GT(rows, 0u);
  EXPECT_EQ(tile("error"), errors);
  EXPECT_EQ(tile("warning"), warnings);
  EXPECT_EQ(tile("note"), notes);
  EXPECT_EQ(tile("findings"), errors + warnings + notes);
  const auto json = parse_json(audit_output(*inputs_, "json", "representative"));
  std::uint64_t listed = 0;
  for (const auto& f : json["findings"].GetArray()) listed += !f.HasMember("review_state") ||
                                                               std::string(f["review_state"].GetString()) != "suppressed";
  EXPECT_EQ(tile("findings"), listed);
}

}  // namespace
}  // namespace fairaudit::testing::report
