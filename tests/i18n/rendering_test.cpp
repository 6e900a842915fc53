// What a reader sees in their language: the real executable on the Oslo
// fixture, in Norwegian, Swedish and Danish, chosen by --lang, by the
// policy's "language" and by the locale; and the review roles by the names
// people use at work.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "i18n/roles.hpp"
#include "support/cli.hpp"
#include "test_paths.hpp"

namespace rendering_test {
namespace {

namespace fs = std::filesystem;
using fairaudit::testing::run_fairaudit;

const std::string kExport = "fixtures/oslo/export.jsonl";
const std::string kPolicy = "policies/oslo-kommune.json";
// The environment of a reader whose locale says nothing: LANG=C.
const std::vector<std::string> kPlainLocale{"LC_ALL=", "LC_MESSAGES=", "LANG=C"};

bool has(const std::string& text, const std::string& word) { return text.find(word) != std::string::npos; }

// A store of one audit of the Oslo fixture in `dir`; the first finding's
// fingerprint, empty (with a test failure) when that did not work.
std::string audited_store(const std::string& dir, const std::string& store) {
  const auto audit = run_fairaudit(
      {"audit", kExport, "--policy", kPolicy, "--store", store, "--format", "json", "-o", dir + "/out.json"});
  EXPECT_EQ(audit.status, 1) << audit.err;
  const auto list = run_fairaudit({"review", "list", "--store", store, "--format", "json"});
  std::smatch m;
  if (!std::regex_search(list.out, m, std::regex(R"re("fingerprint": "([0-9a-f]+)")re"))) {
    ADD_FAILURE() << "no finding in the store: " << list.out;
    return {};
  }
  return m[1];
}

TEST(Rendering, NorwegianTextReportReadsNorwegianWithLocalDatesAndDecimals) {
  auto r = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "nb"}, "", "", kPlainLocale);
  ASSERT_EQ(r.status, 1) << r.err;
  const std::string& t = r.out;
  // The host's words, the plugins' sentences, the severity words.
  for (const char* word : {"Kontrollerte 28 ansettelsessaker (198 søknader)", "Funn etter enhet og ansettelsessak",
                           "Regler med brudd", "grunnlag:", "Avslutningsstatus 1", "ADVARSEL", "FEIL",
                           "ingen kvalifisert søker som har oppgitt innvandrerbakgrunn",
                           "Representanten ble invitert", "Trekantmøter registrert for 2026"})
    EXPECT_TRUE(has(t, word)) << word;
  // Dates as 05.04.2026, decimals with a comma (the four-fifths threshold).
  EXPECT_TRUE(std::regex_search(t, std::regex(R"(\b\d{2}\.\d{2}\.2026\b)")));
  EXPECT_FALSE(std::regex_search(t, std::regex(R"(\b2026-\d{2}-\d{2}\b)"))) << "an ISO date in the Norwegian text";
  EXPECT_TRUE(has(t, "under 0,8 av andelen"));

  EXPECT_FALSE(has(t, "under 0.8"));
  // No English verdict or severity word, no English sentence of a plugin.
  for (const char* english : {"BREACH", "complies", "insufficient", "WARNING", "ERROR", "NOTE ", "Findings by",
                              "Rules breached", "no qualified applicant", "The representative"})
    EXPECT_FALSE(has(t, english)) << english;
}

TEST(Rendering, NorwegianChecklistSaysEveryVerdictInNorwegian) {
  auto r = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "nb", "--round", "OSL-BGO-2026-0101"}, "",
                         "", kPlainLocale);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "Ansettelsessak OSL-BGO-2026-0101")) << r.out;
  EXPECT_TRUE(has(r.out, "oppfylt")) << r.out;
  for (const char* english : {"complies", "BREACH", "n/a ", "insufficient", "Round "})
    EXPECT_FALSE(has(r.out, english)) << english;
}

TEST(Rendering, DanishHtmlAndSwedishCsvHeadersWithNumbersKeptMachineReadable) {
  auto html = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "da", "--format", "html"}, "", "",
                            kPlainLocale);
  EXPECT_TRUE(has(html.out, "<html lang=\"da\">"));
  for (const char* word : {"Fund efter enhed og ansættelsessag", "Retsgrundlag:", "Reglerne og deres retsgrundlag",
                           "Ingen udtalelse fra repræsentanten er registreret"})
    EXPECT_TRUE(has(html.out, word)) << word;
  EXPECT_FALSE(has(html.out, "Findings by unit and round"));

  auto csv = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "sv", "--format", "csv-units"}, "", "",
                           kPlainLocale);
  const std::string header = csv.out.substr(0, csv.out.find("\r\n"));
  EXPECT_TRUE(has(header, "rekryteringar")) << header;
  EXPECT_FALSE(has(header, "rounds")) << header;
  // The share column stays a number a spreadsheet reads with ',' as the separator: 0.5000, not 0,5000.
  EXPECT_TRUE(std::regex_search(csv.out, std::regex(R"(,[01]\.\d{4},)"))) << csv.out;
  // The groups' columns name the attribute and the answer in words, not as codes.
  EXPECT_TRUE(has(header, "\"kön: kvinna, kvalificerade\"")) << header;
  EXPECT_FALSE(has(header, "gender=")) << header;
  auto longer = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "nb", "--format", "csv-units-long"},
                              "", "", kPlainLocale);
  EXPECT_TRUE(std::regex_search(longer.out, std::regex("\r\n[^,\r\n]+,kjønn,kvinne,\\d+,"))) << longer.out;
  EXPECT_FALSE(has(longer.out, ",gender,")) << longer.out;
}

// The evidence's method notes (which test, which interval) are the plugin's
// English in JSON; a reader of the HTML report reads them in their language,
// the figures they name kept, and an English reader reads them as written.
TEST(Rendering, MethodNotesReadInTheReadersLanguageInHtml) {
  const std::vector<std::string> audit{"audit", "fixtures/diversity/export.jsonl", "--policy",
                                       "fixtures/diversity/policy.json", "--format", "html", "--lang"};
  auto with = [&](const char* lang) {
    auto args = audit;
    args.push_back(lang);
    return run_fairaudit(args, "", "", kPlainLocale).out;
  };
  const std::string nb = with("nb"), sv = with("sv"), en = with("en");
  ASSERT_TRUE(has(en, "How the figures were computed")) << "no method notes in the report";
  for (const char* english : {"pooled two-proportion Z", "Lancaster mid-p, one-sided", "Katz log interval",
                              "four-fifths rule, UGESP", "with continuity correction across rounds",
                              "two gates: practical significance", "smallest impact ratio found"}) {
    EXPECT_TRUE(has(en, english)) << english;
    EXPECT_FALSE(has(nb, english)) << english;
    EXPECT_FALSE(has(sv, english)) << english;
  }
  for (const char* word : {"Lancasters mid-p, ensidig", "Metode for Z-testen", "p justert med Benjamini-Hochberg",
                           "Katz&#39; logaritmiske intervall", "med 0,5 lagt til tomme celler"})
    EXPECT_TRUE(has(nb, word)) << word;
  for (const char* word : {"Fishers exakta test, tvåsidigt", "Metod för urvalskvoten", "justerat med Holms metod"})
    EXPECT_TRUE(has(sv, word)) << word;
}

TEST(Rendering, ThePolicysLanguageThenTheLocaleThenEnglish) {
  const std::string dir = fairaudit::testing::temp_dir("i18n-policy");
  const std::string policy = dir + "/sv.json";
  fairaudit::testing::write_file(
      policy, R"({"policy": "oslo-sv", "version": "1", "language": "sv", "extends": ")" +
                  (fs::path(FAIRAUDIT_SOURCE_DIR) / kPolicy).string() + "\"}");
  // The policy's language, whatever the locale says.
  auto sv = run_fairaudit({"audit", kExport, "--policy", policy}, "", "", {"LC_ALL=", "LANG=da_DK.UTF-8"});
  EXPECT_TRUE(has(sv.out, "Granskade 28 rekryteringar")) << sv.out.substr(0, 300);
  // --lang over the policy.
  auto nn = run_fairaudit({"audit", kExport, "--policy", policy, "--lang", "nn"}, "", "", kPlainLocale);
  EXPECT_TRUE(has(nn.out, "Funn etter eining og tilsetjingssak"));
  // No --lang and no language in the policy: the locale, LC_ALL first.
  auto da = run_fairaudit({"audit", kExport, "--policy", kPolicy}, "", "", {"LC_ALL=da_DK.UTF-8", "LANG=sv_SE.UTF-8"});
  EXPECT_TRUE(has(da.out, "Kontrollerede 28 ansættelsessager"));
  // Nothing said anywhere: English, the same bytes as --lang en.
  auto plain = run_fairaudit({"audit", kExport, "--policy", kPolicy}, "", "", kPlainLocale);
  auto en = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "en"}, "", "", {"LANG=nb_NO.UTF-8"});
  EXPECT_TRUE(has(plain.out, "Audited 28 hiring rounds"));
  EXPECT_EQ(plain.out, en.out);
  // A language the policy cannot have is its error, named by key.
  fairaudit::testing::write_file(policy, R"({"policy": "x", "version": "1", "language": "de"})");
  auto bad = run_fairaudit({"policy", "check", policy}, "", "", kPlainLocale);
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(has(bad.err, "language")) << bad.err;
  fs::remove_all(dir);
}

TEST(Rendering, AnUnreadableCatalogIsWarnedAboutAndTheOthersStillTranslate) {
  const std::string dir = fairaudit::testing::temp_dir("i18n-badmo");
  fs::create_directories(dir + "/locale/nb/LC_MESSAGES");
  fairaudit::testing::write_file(dir + "/locale/nb/LC_MESSAGES/broken-plugin.mo", "not a catalog");
  auto r = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "nb", "--plugin-dir", dir}, "", "",
                         kPlainLocale);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(has(r.err, "catalog of broken-plugin cannot be read")) << r.err;
  EXPECT_TRUE(has(r.out, "Funn etter enhet og ansettelsessak"));
  EXPECT_TRUE(has(r.out, "Representanten ble invitert"));
  fs::remove_all(dir);
}

TEST(Rendering, JsonStaysEnglishAndIsoWhateverTheLanguage) {
  auto nb = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json", "--lang", "nb"}, "", "",
                          kPlainLocale);
  auto en = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json"}, "", "", kPlainLocale);
  EXPECT_EQ(nb.out, en.out);
}

TEST(ReviewRoles, LocalNamesMapToTheStoredRoles) {
  using fairaudit::i18n::review_role;
  for (const char* union_name : {"tillitsvalgt", "Tillitsvalgt", "tillitsvald", "hovedtillitsvalgt", "förtroendevald",
                                 "fackligt förtroendevald", "Fackligt  Förtroendevald", "tillidsrepræsentant",
                                 "TILLIDSREPRÆSENTANT", "tillidsrepraesentant", "union"})
    EXPECT_EQ(review_role(union_name), "union") << union_name;
  for (const char* rep : {"likestillingsrepresentant", "Likestillingsrepresentant", "jämställdhetsrepresentant",
                          "ligestillingsrepræsentant", "ligestillingsrepraesentant", "representative"})
    EXPECT_EQ(review_role(rep), "representative") << rep;
  for (const char* hr : {"HR", "personalavdeling", "personalavdelning", "personaleafdeling", "hr-konsulent"})
    EXPECT_EQ(review_role(hr), "hr") << hr;
  for (const char* other : {"", "verneombud", "tillitsvalgte og HR", "admin"})
    EXPECT_FALSE(review_role(other)) << other;
}

TEST(ReviewRoles, ReviewSetAcceptsTillitsvalgtAndStoresTheUnionRole) {
  const std::string dir = fairaudit::testing::temp_dir("i18n-review");
  const std::string store = dir + "/s.db";
  const std::string fp = audited_store(dir, store);
  ASSERT_FALSE(fp.empty());
  auto set = run_fairaudit({"review", "set", fp, "--store", store, "--state", "acknowledged", "--role",
                            "Tillitsvalgt", "--justification", "Drøftet i MBU", "--lang", "nb"},
                           "", "", kPlainLocale);
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_TRUE(has(set.out, "registrert")) << set.out;
  EXPECT_TRUE(has(set.out, "(tillitsvalgt)")) << set.out;
  auto history = run_fairaudit({"review", "history", fp, "--store", store, "--format", "json"});
  EXPECT_TRUE(has(history.out, "\"role\": \"union\"")) << history.out;
  // A role nobody has is refused in the reader's language, and nothing is recorded.
  auto bad = run_fairaudit({"review", "set", fp, "--store", store, "--state", "disputed", "--role", "verneombud",
                            "--justification", "x", "--lang", "sv"},
                           "", "", kPlainLocale);
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(has(bad.err, "rollen är inte en av")) << bad.err;
  EXPECT_FALSE(has(bad.err, "verneombud")) << "the value given is echoed";
  fs::remove_all(dir);
}

// The review commands speak the reader's language: the list's headers and
// words, a finding's labels, its message rendered again from the stored
// evidence, the roles by their local names, the errors; and a state is taken
// by its local name in any of the four languages.
TEST(ReviewInTheReadersLanguage, ListShowHistoryAndErrorsAndLocalStateNames) {
  const std::string dir = fairaudit::testing::temp_dir("i18n-review-lang");
  const std::string store = dir + "/s.db";
  const std::string fp = audited_store(dir, store);
  ASSERT_FALSE(fp.empty());
  auto set = run_fairaudit({"review", "set", fp, "--store", store, "--state", "bestridt", "--role", "tillitsvalgt",
                            "--justification", "Drøftet i MBU", "--lang", "nb"},
                           "", "", kPlainLocale);
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_TRUE(has(set.out, "bestridt (tillitsvalgt)")) << set.out;
  // Swedish and Danish state words too, whatever the language chosen.
  auto sv = run_fairaudit({"review", "list", "--store", store, "--state", "bestridd"}, "", "", kPlainLocale);
  EXPECT_EQ(sv.status, 0) << sv.err;
  EXPECT_TRUE(has(sv.out, "1 finding:")) << sv.out;
  auto da = run_fairaudit({"review", "list", "--store", store, "--state", "Åben", "--lang", "da"}, "", "", kPlainLocale);
  EXPECT_EQ(da.status, 0) << da.err;
  EXPECT_TRUE(has(da.out, "FINGERAFTRYK")) << da.out;
  EXPECT_TRUE(has(da.out, "åben")) << da.out;
  auto bad = run_fairaudit({"review", "list", "--store", store, "--state", "nope", "--lang", "sv"}, "", "", kPlainLocale);
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(has(bad.err, "disputed (bestridd)")) << bad.err;

  auto list = run_fairaudit({"review", "list", "--store", store, "--lang", "nb"}, "", "", kPlainLocale);
  ASSERT_EQ(list.status, 0) << list.err;
  for (const char* word : {"FINGERAVTRYKK", "NIVÅ", "GJENNOMGANG", "åpen", "bestridt", "kjøring 1"})
    EXPECT_TRUE(has(list.out, word)) << word << "\n" << list.out;
  for (const char* english : {"FINGERPRINT", "LEVEL", " open", "run 1", " note ", " findings:"})
    EXPECT_FALSE(has(list.out, english)) << english;

  auto show = run_fairaudit({"review", "show", fp, "--store", store, "--lang", "nb"}, "", "", kPlainLocale);
  ASSERT_EQ(show.status, 0) << show.err;
  for (const char* word : {"Funn " , "regel:", "melding:", "grunnlag:", "bestridt (tillitsvalgt,", "Vurderingshistorikk"})
    EXPECT_TRUE(has(show.out, word)) << word << "\n" << show.out;
  for (const char* english : {"Finding ", "rule:", "message:", "(union", "Review trail"})
    EXPECT_FALSE(has(show.out, english)) << english;

  auto history = run_fairaudit({"review", "history", "--store", store, "--lang", "sv"}, "", "", kPlainLocale);
  EXPECT_TRUE(has(history.out, "bestridd")) << history.out;
  // Swedish dates are ISO 8601 but no 'T': 2026-12-03 17:35 UTC; Norwegian 03.12.2026.
  EXPECT_TRUE(std::regex_search(history.out, std::regex(R"(#1 +\d{4}-\d\d-\d\d \d\d:\d\d UTC)"))) << history.out;
  auto nb_history = run_fairaudit({"review", "history", "--store", store, "--lang", "nb"}, "", "", kPlainLocale);
  EXPECT_TRUE(std::regex_search(nb_history.out, std::regex(R"(#1 +\d\d\.\d\d\.\d{4} \d\d:\d\d UTC)")))
      << nb_history.out;
  EXPECT_TRUE(has(history.out, "förtroendevald")) << history.out;
  EXPECT_FALSE(has(history.out, "union")) << history.out;

  auto missing = run_fairaudit({"review", "show", "abcdabcd", "--store", store, "--lang", "da"}, "", "", kPlainLocale);
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(has(missing.err, "fairaudit: fejl: intet fund i")) << missing.err;
  auto nostore = run_fairaudit({"review", "list", "--store", dir + "/none.db", "--lang", "nn"}, "", "", kPlainLocale);
  EXPECT_TRUE(has(nostore.err, "ingen database i")) << nostore.err;
  fs::remove_all(dir);
}

// The help in the reader's language: --lang, else the locale; the commands'
// and options' names, and the values they take, as typed.
TEST(Rendering, HelpReadsInTheReadersLanguage) {
  auto nb = run_fairaudit({"audit", "--help", "--lang", "nb"}, "", "", kPlainLocale);
  EXPECT_EQ(nb.status, 0) << nb.err;
  for (const char* word : {"Bruk:", "Valg:", "Eksportfiler", "--fail-on", "{error,warning,note,never}",
                           "Skriv ut denne hjelpeteksten"})
    EXPECT_TRUE(has(nb.out, word)) << word << "\n" << nb.out;
  for (const char* english : {"Usage:", "Options:", "Export files", "Print this help"})
    EXPECT_FALSE(has(nb.out, english)) << english << "\n" << nb.out;
  auto sv = run_fairaudit({"--help"}, "", "", {"LANG=sv_SE.UTF-8"});
  EXPECT_TRUE(has(sv.out, "Underkommandon:")) << sv.out;
  EXPECT_TRUE(has(sv.out, "Granska rekryteringar")) << sv.out;
  auto en = run_fairaudit({"--help"}, "", "", kPlainLocale);
  EXPECT_TRUE(has(en.out, "Usage:")) << en.out;
  EXPECT_TRUE(has(en.out, "Subcommands:")) << en.out;
  auto bad = run_fairaudit({"audit", "--nonsense", "--lang", "da"}, "", "", kPlainLocale);
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(has(bad.err, "Kør med --help for mere information.")) << bad.err;
}

// The notices and refusals of audit and validate, in the reader's language.
TEST(Rendering, NoticesAndRefusalsReadInTheReadersLanguage) {
  auto round = run_fairaudit({"audit", kExport, "--round", "NOPE", "--lang", "da"}, "", "", kPlainLocale);
  EXPECT_EQ(round.status, 2);
  for (const char* word : {"ingen --policy angivet; bruger standardpolitikken",
                           "fairaudit: fejl: --round NOPE svarer ikke til nogen ansættelsessag i eksporten",
                           "de nærmeste sags-id'er:", "intet blev skrevet"})
    EXPECT_TRUE(has(round.err, word)) << word << "\n" << round.err;
  // The summary line an audit writing to a file says on standard error.
  const std::string dir = fairaudit::testing::temp_dir("i18n-summary");
  auto audit = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--lang", "nb", "-o", dir + "/report.txt"}, "", "",
                             kPlainLocale);
  EXPECT_EQ(audit.status, 1) << audit.err;
  EXPECT_TRUE(has(audit.err, "fairaudit: policy oslo-kommune: 28 ansettelsessaker, 39 funn (7 feil, 19 advarsler, "
                             "13 merknader); avslutningsstatus 1: funn på eller over 'feil'"))
      << audit.err;
  fs::remove_all(dir);
  auto validate = run_fairaudit({"validate", kExport, "--lang", "nb"}, "", "", kPlainLocale);
  EXPECT_EQ(validate.status, 0) << validate.err;
  EXPECT_TRUE(std::regex_search(
      validate.out, std::regex(R"(\d+ linjer: 28 ansettelsessaker, \d+ enhetsposter og \d+ tiltaksposter gyldige; )"
                               R"(0 ugyldige)")))
      << validate.out;
}

}  // namespace
}  // namespace rendering_test
