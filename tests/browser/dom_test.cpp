// The HTML report in a real browser: Debian's chromium, headless, renders the
// report of the fixtures; the tests read the DOM after the page's script ran
// (--dump-dom) and keep a screenshot in the build directory
// (tests/browser/report.png). chromium comes from scripts/test-tools.sh.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>

#include "emit/report_support.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing::report {
namespace {

namespace fs = std::filesystem;

const std::string kOut = std::string(FAIRAUDIT_TEST_BINARY_DIR) + "/browser";

std::string chromium() {
  for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(c)) return c;
  return {};
}

// Runs chromium headless with a throw-away profile and no network services;
// returns its standard output.
std::string run_chromium(const std::vector<std::string>& args) {
  const std::string profile = temp_dir("chromium-profile");
  std::string cmd = chromium() +
                    " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
                    " --disable-component-update --disable-sync --disable-default-apps --mute-audio"
                    " --user-data-dir=" + profile;
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>" + profile + ".log";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[65536];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int status = pclose(p);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd << "\n" << read_file(profile + ".log");
  }
  fs::remove_all(profile);
  fs::remove(profile + ".log");
  return out;
}

class ReportBrowser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::create_directories(kOut);
    inputs_ = fixture_inputs();
    html_path_ = kOut + "/report.html";
    write_file(html_path_, audit_output(inputs_, "html", "representative"));
    json_ = audit_output(inputs_, "json", "representative");
  }
  void SetUp() override {
    ASSERT_FALSE(chromium().empty()) << "chromium is not installed: run scripts/test-tools.sh BUILD_DIR";
  }
  static std::string inner(const std::string& dom, const std::string& open_tag_prefix) {
    const auto a = dom.find(open_tag_prefix);
    if (a == std::string::npos) return "(absent)";
    const auto gt = dom.find('>', a), lt = dom.find('<', gt);
    return dom.substr(gt + 1, lt - gt - 1);
  }
  static std::vector<std::string> inputs_;
  static std::string html_path_, json_;
};
std::vector<std::string> ReportBrowser::inputs_;
std::string ReportBrowser::html_path_, ReportBrowser::json_;

TEST_F(ReportBrowser, SummaryFindingsAndChartsAreRendered) {
  const std::string dom = run_chromium({"--dump-dom", "file://" + html_path_});
  ASSERT_NE(dom.find("<main>"), std::string::npos) << dom.substr(0, 500);
  const auto json = parse_json(json_);

  // The summary counts.
  EXPECT_EQ(inner(dom, "data-summary=\"rounds\""), std::to_string(json["run"]["counts"]["rounds"].GetUint64()));
  EXPECT_EQ(inner(dom, "data-summary=\"findings\""), std::to_string(json["summary"]["findings"].GetUint64()));
  for (const char* s : {"error", "warning", "note"})
    EXPECT_EQ(inner(dom, std::string("data-summary=\"") + s + "\""), std::to_string(json["summary"][s].GetUint64()));

  // A finding of each plugin, with its message.
  for (const char* plugin : {"oslo-hiring-policy", "representative-involvement", "interview-call-diversity"}) {
    const auto a = dom.find(std::string("data-plugin=\"") + plugin + "\"");
    ASSERT_NE(a, std::string::npos) << plugin;
    EXPECT_NE(dom.find("<p class=\"message\">", a), std::string::npos);
  }

  // The charts, each with its title, SVG and text alternative.
  for (const auto& [id, title] : std::vector<std::pair<std::string, std::string>>{
           {"chart-rate-gender-invited", "Selection rate by gender: qualified → invited to interview (all rounds)"},
           {"chart-funnel-gender", "Applicant funnel by gender (all rounds)"},
           {"chart-involvement", "Representative involvement, rule by rule, per unit"}}) {
    const auto f = dom.find("<figure class=\"chart\" id=\"" + id + "\"");
    ASSERT_NE(f, std::string::npos) << id;
    EXPECT_EQ(inner(dom.substr(f), "<figcaption"), title);
    const std::string fig = dom.substr(f, dom.find("</figure>", f) - f);
    EXPECT_NE(fig.find("<svg"), std::string::npos) << id;
    EXPECT_NE(fig.find("<rect"), std::string::npos) << id << ": no bars drawn";
    EXPECT_EQ(inner(fig, "<title id="), title);
  }
  // The four-fifths line of the selection-rate charts.
  EXPECT_NE(dom.find("four-fifths line (0.8 × "), std::string::npos);

  // The filter script ran (the Content-Security-Policy allowed it by hash).
  const std::string total = std::to_string(json["findings"].Size());
  EXPECT_EQ(inner(dom, "<output id=\"filter-count\""), total + " of " + total + " findings shown");
  EXPECT_EQ(dom.find("<form id=\"filter\" hidden"), std::string::npos);
}

TEST_F(ReportBrowser, FilterFromTheAddressShowsOnlyErrors) {
  const std::string dom = run_chromium({"--dump-dom", "file://" + html_path_ + "#sev=error"});
  const auto json = parse_json(json_);
  const std::string errors = std::to_string(json["summary"]["error"].GetUint64());
  EXPECT_EQ(inner(dom, "<output id=\"filter-count\""),
            errors + " of " + std::to_string(json["findings"].Size()) + " findings shown");
  std::regex article(R"re(<article class="finding (\w+)"[^>]*?( hidden="")?>)re");
  std::size_t shown = 0;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), article); it != std::sregex_iterator(); ++it) {
    const bool hidden = (*it)[2].matched;
    EXPECT_EQ(hidden, (*it)[1] != "error") << it->str();
    shown += !hidden;
  }
  EXPECT_EQ(std::to_string(shown), errors);
}

TEST_F(ReportBrowser, Screenshot) {
  const std::string png = kOut + "/report.png";
  fs::remove(png);
  run_chromium({"--hide-scrollbars", "--window-size=1280,2000", "--screenshot=" + png, "file://" + html_path_});
  ASSERT_TRUE(fs::exists(png));
  const std::string data = read_file(png);
  EXPECT_EQ(data.substr(1, 3), "PNG");
  EXPECT_GT(data.size(), 50000u) << "a blank page would compress to almost nothing";
}

// Printing: chromium's print path lays the report out on pages (the print
// stylesheet leaves out navigation and filter and opens the chart tables).
TEST_F(ReportBrowser, PrintsToPdf) {
  const std::string pdf = kOut + "/report.pdf";
  fs::remove(pdf);
  run_chromium({"--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + html_path_});
  ASSERT_TRUE(fs::exists(pdf));
  const std::string data = read_file(pdf);
  EXPECT_EQ(data.rfind("%PDF-", 0), 0u);
  std::size_t pages = 0;
  for (auto p = data.find("/Type /Page"); p != std::string::npos; p = data.find("/Type /Page", p + 1))
    pages += data.compare(p, 12, "/Type /Pages") != 0;
  EXPECT_GT(pages, 3u);
}

}  // namespace
}  // namespace fairaudit::testing::report
