// Mapping files: what a user writes is checked when it is loaded, every
// mistake names the file and the key, and the shipped mappings load.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "convert/mapping.hpp"
#include "test_paths.hpp"

using namespace fairaudit::convert;

namespace {

const std::string kMinimal = R"({
  // comments and trailing commas, as in policies
  "mapping": "t", "version": "1",
  "round": {"round_id": "Job", "org_unit": {"value": "acme/hr"}, "jurisdiction": {"value": "other"},},
  "applicant": {"id": "App", "gender": {"column": "Gender", "values": {"Female": "woman", "Male": "man"}}},
})";

std::string with(const std::string& from, const std::string& to) {
  std::string s = kMinimal;
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  s.replace(pos, from.size(), to);
  return s;
}

// The key a loading error names, or "" when the mapping loads.
std::string error_key(const std::string& text) {
  try {
    parse_mapping(text, "m.json");
  } catch (const MappingError& e) {
    EXPECT_EQ(e.file(), "m.json");
    EXPECT_EQ(std::string(e.what()).rfind("m.json: " + e.key(), 0), 0u) << e.what();
    return e.key();
  }
  return "";
}

}  // namespace

TEST(Mapping, AMinimalMappingLoads) {
  Mapping m = parse_mapping(kMinimal, "m.json");
  EXPECT_EQ(m.name, "t");
  EXPECT_EQ(m.mapped_columns(), (std::set<std::string>{"Job", "App", "Gender"}));
  const FieldSpec* g = m.field(slot::gender);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->values.at("Female"), "woman");
}

TEST(Mapping, UnknownKeysAreErrorsNamingFileAndKey) {
  EXPECT_EQ(error_key(with("\"version\": \"1\"", "\"version\": \"1\", \"colour\": 1")), "colour");
  EXPECT_EQ(error_key(with("\"gender\":", "\"gendr\":")), "applicant.gendr");
  EXPECT_EQ(error_key(with("\"column\": \"Gender\"", "\"column\": \"Gender\", \"valuez\": {}")),
            "applicant.gender.valuez");
  EXPECT_EQ(error_key(with("\"id\": \"App\"", "\"id\": \"App\", \"events\": {\"interviewed\": \"D\"}")),
            "applicant.events.interviewed");
}

TEST(Mapping, ValuesMustBeCanonicalWords) {
  EXPECT_EQ(error_key(with("\"Female\": \"woman\"", "\"Female\": \"women\"")), "applicant.gender.values.Female");
  EXPECT_EQ(error_key(with("{\"value\": \"other\"}", "{\"value\": \"NO\"}")), "round.jurisdiction.value");
  // null: a known word that means nothing.
  EXPECT_EQ(error_key(with("\"Male\": \"man\"", "\"Male\": null")), "");
}

TEST(Mapping, RequiredFieldsAndSourcesAreChecked) {
  EXPECT_EQ(error_key(with("\"round_id\": \"Job\", ", "")), "round.round_id");
  EXPECT_EQ(error_key(with("\"id\": \"App\", ", "")), "applicant.id");
  EXPECT_EQ(error_key(with("\"round_id\": \"Job\"", "\"round_id\": {\"column\": \"A\", \"value\": \"B\"}")),
            "round.round_id");
  EXPECT_EQ(error_key(with("\"round_id\": \"Job\"", "\"round_id\": \"\"")), "round.round_id");
}

TEST(Mapping, AColumnBothReadAndDroppedIsAnError) {
  EXPECT_EQ(error_key(with("\"version\": \"1\"", "\"version\": \"1\", \"drop\": [\"Gender\"]")), "applicant.gender");
}

TEST(Mapping, StatusNeedsItsDateColumnAndItsWords) {
  EXPECT_EQ(error_key(with("\"id\": \"App\"", "\"id\": \"App\", \"status\": {\"column\": \"S\", \"values\": {}}")),
            "applicant.status.at");
  EXPECT_EQ(error_key(with("\"id\": \"App\"",
                           "\"id\": \"App\", \"status\": {\"column\": \"S\", \"at\": \"D\", "
                           "\"values\": {\"Hired\": \"hire\"}}")),
            "applicant.status.values.Hired");
}

TEST(Mapping, DateFormatsAreChecked) {
  EXPECT_EQ(error_key(with("\"mapping\"", "\"input\": {\"date_formats\": [\"DD.MM\"]}, \"mapping\"")),
            "input.date_formats");
  EXPECT_EQ(error_key(with("\"mapping\"", "\"input\": {\"separator\": \"|\"}, \"mapping\"")), "input.separator");
}

TEST(Mapping, NotJsonNamesTheLine) {
  try {
    parse_mapping("{\n\"mapping\": \"t\",\n\"version\" \"1\"\n}", "m.json");
    FAIL();
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
}

TEST(Mapping, DatesInTheFormatsExportsUse) {
  std::vector<DateFormat> no = {{"DD.MM.YYYY", false}, {"DD.MM.YYYY hh:mm", false}, {"iso", true}};
  EXPECT_EQ(parse_date("05.03.2026", no), "2026-03-05");
  EXPECT_EQ(parse_date("5.3.2026", no), "2026-03-05");  // Excel drops leading zeros
  EXPECT_EQ(parse_date("05.03.2026 14:30", no), "2026-03-05T14:30:00");
  EXPECT_EQ(parse_date("2026-03-05", no), "2026-03-05");
  EXPECT_EQ(parse_date("29.02.2026", no), std::nullopt);  // 2026 is no leap year
  EXPECT_EQ(parse_date("29.02.2028", no), "2028-02-29");
  EXPECT_EQ(parse_date("05.03.26", no), std::nullopt);
  EXPECT_EQ(parse_date("05.03.2026 25:00", no), std::nullopt);
  std::vector<DateFormat> us = {{"MM/DD/YYYY", false}};
  EXPECT_EQ(parse_date("03/05/2026", us), "2026-03-05");
  EXPECT_EQ(parse_date("13/05/2026", us), std::nullopt);
  std::vector<DateFormat> star = {{"YYYY-MM-DD*", false}};
  EXPECT_EQ(parse_date("2026-03-05 kl. 14", star), "2026-03-05");
}

TEST(Mapping, SlugsForOrgUnitPaths) {
  EXPECT_EQ(slugify("Bydel Gr\xC3\xBCnerl\xC3\xB8kka"), "bydel-grunerlokka");
  EXPECT_EQ(slugify("Stadsbyggnadsf\xC3\xB6rvaltningen"), "stadsbyggnadsforvaltningen");
  // Characters that show as nothing, pasted from a word processor, are no
  // word boundary: the unit is the one its name reads as.
  EXPECT_EQ(slugify("Stadsbyggnads\xC2\xAD" "f\xC3\xB6rvaltningen"), "stadsbyggnadsforvaltningen");
  EXPECT_EQ(slugify("\xEF\xBB\xBF" "Bygg\xE2\x80\x8Blov\xE2\x81\xA0"), "bygglov");
  EXPECT_EQ(slugify("Bydel\xE2\x80\x8B \xE2\x80\x8DSagene"), "bydel-sagene");
  EXPECT_EQ(slugify("  \xC3\x86rfugl & S\xC3\xB8n / \xC3\x85s "), "aerfugl-son-as");
  EXPECT_EQ(fold_case("\xC3\x98NSKER IKKE \xC3\x85 OPPGI"), "\xC3\xB8nsker ikke \xC3\xA5 oppgi");
}

TEST(Mapping, TheShippedMappingsLoad) {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e : fs::directory_iterator(std::string(FAIRAUDIT_SOURCE_DIR) + "/policies/mappings")) {
    if (e.path().extension() != ".json") continue;
    Mapping m = load_mapping(e.path());
    EXPECT_EQ(m.name + ".json", e.path().filename().string()) << "a mapping's name is its file name";
    EXPECT_NE(m.field(slot::round_id), nullptr);
    ++n;
  }
  EXPECT_GE(n, 3);
}

// Conversions print the mapping's name and version ("mapping webcruiter-no
// 2026.1"): like a policy's, they are codes, so a person's name or a control
// sequence there is refused, and the message does not quote it.
TEST(Mapping, ItsNameAndVersionAreCodesAndNeverQuoted) {
  for (const auto& [from, to, key] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"\"mapping\": \"t\"", "\"mapping\": \"Kari Nordmann\"", "mapping"},
           {"\"version\": \"1\"", "\"version\": \"kari.nordmann@example.no\"", "version"},
           {"\"mapping\": \"t\"", "\"mapping\": \"t\\u001b[2J\"", "mapping"},
           {"\"mapping\": \"t\"", "\"mapping\": \"\"", "mapping"},
       }) {
    try {
      parse_mapping(with(from, to), "m.json");
      ADD_FAILURE() << to << " was accepted";
    } catch (const MappingError& e) {
      EXPECT_EQ(e.key(), key) << e.what();
      const std::string what = e.what();
      EXPECT_EQ(what.find("Kari"), std::string::npos) << what;
      EXPECT_EQ(what.find("nordmann"), std::string::npos) << what;
      EXPECT_EQ(what.find('\x1b'), std::string::npos) << what;
    }
  }
  EXPECT_EQ(error_key(with("\"mapping\": \"t\"", "\"mapping\": \"webcruiter-no\"")), "");
}

// An ATS word mapped twice in one table ("Kvinne" to woman and to man) is
// read one way here and the other way by jq: the mapping is refused with the
// key's path, in a small table and in a large one alike.
TEST(Mapping, AKeyGivenTwiceInOneObjectIsRefused) {
  EXPECT_EQ(error_key(with("\"Male\": \"man\"", "\"Male\": \"man\", \"Female\": \"man\"")), "applicant.gender.values.Female");
  std::string many;
  for (int i = 0; i < 40; ++i) many += "\"W" + std::to_string(i) + "\": \"woman\", ";
  EXPECT_EQ(error_key(with("\"Female\": \"woman\"", many + "\"W7\": \"man\", \"Female\": \"woman\"")),
            "applicant.gender.values.W7");
  EXPECT_EQ(error_key(with("\"mapping\": \"t\"", "\"mapping\": \"t\", \"mapping\": \"u\"")), "mapping");
  try {
    parse_mapping(with("\"Male\": \"man\"", "\"Male\": \"man\", \"Female\": \"man\""), "m.json");
    ADD_FAILURE() << "loaded";
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("is given twice in one object"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("the mapping is not used"), std::string::npos) << e.what();
  }
  // Forty distinct words load.
  EXPECT_EQ(error_key(with("\"Female\": \"woman\"", many + "\"Female\": \"woman\"")), "");
}

// A mapping nested a hundred thousand levels deep is refused with a message,
// not read by a recursion that ends the process.
TEST(Mapping, ANestingTooDeepIsRefused) {
  const std::string deep = "{\"mapping\": \"t\", \"version\": \"1\", \"x\": " + std::string(100000, '[') +
                           std::string(100000, ']') + "}";
  try {
    parse_mapping(deep, "m.json");
    ADD_FAILURE() << "loaded";
  } catch (const MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("nested deeper than 32 levels"), std::string::npos) << e.what();
  }
  // 32 levels are read (and then refused for what they say, not for their depth).
  const std::string ok = "{\"mapping\": \"t\", \"version\": \"1\", \"x\": " + std::string(30, '[') +
                         std::string(30, ']') + "}";
  try {
    parse_mapping(ok, "m.json");
  } catch (const MappingError& e) {
    EXPECT_EQ(std::string(e.what()).find("nested deeper"), std::string::npos) << e.what();
  }
}
