// The conversion itself: rows grouped into rounds whatever their order and
// however little memory it may use, every unmapped column and unknown value
// reported with its count, identifiers in mapped columns stopping their row
// without ever being echoed, and the output always valid canonical input.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <sstream>

#include "convert/convert.hpp"
#include "convert/flat.hpp"
#include "ingest/record.hpp"
#include "support/cli.hpp"

using namespace fairaudit;
using namespace fairaudit::convert;
using fairaudit::testing::read_file;
using fairaudit::testing::temp_dir;
using fairaudit::testing::write_file;

namespace {

const char* kMapping = R"({
  "mapping": "test", "version": "1",
  "input": {"date_formats": ["DD.MM.YYYY", "iso"]},
  "round": {
    "round_id": "Job",
    "org_unit": {"columns": ["Office", "Team"], "slug": true, "prefix": "acme"},
    "jurisdiction": {"value": "NO-OSL"},
    "decision_at": "Decided"
  },
  "applicant": {
    "id": "App",
    "gender": {"column": "Gender", "values": {"Kvinne": "woman", "Mann": "man", "Ønsker ikke å oppgi": "declined"}},
    "outcome": {"column": "Qualified", "values": {"Ja": "qualified", "Nei": "not_qualified"}},
    "events": {"applied": "Applied", "interview_invited": "Invited"},
    "status": {"column": "Status", "at": "When",
               "values": {"Avslag": "rejected", "Ansatt": "hired", "Under vurdering": null}}
  },
  "drop": ["Name"]
})";

const char* kHeader = "Job;Office;Team;Decided;App;Name;Gender;Qualified;Applied;Invited;Status;When;Note\n";

struct Converted {
  ConvertReport report;
  std::string output;
  std::vector<rapidjson::Document> rounds;
};

class ConvertTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_dir("convert"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& text) {
    std::string p = dir_ + "/" + name;
    write_file(p, text);
    return p;
  }

  Converted run(const std::vector<std::string>& inputs, ConvertOptions o = {}, const std::string& mapping = kMapping) {
    Mapping m = parse_mapping(mapping, "test.json");
    o.temp_dir = dir_;
    Converted r;
    r.report = convert::convert(m, inputs, o, [&](std::string_view s) { r.output.append(s); });
    std::istringstream in(r.output);
    std::string line;
    std::uint64_t n = 0;
    while (std::getline(in, line)) {
      // Everything written is canonical input that `fairaudit audit` accepts.
      auto parsed = ingest::parse_line(line, Source{"out", ++n}, ingest::Limits{});
      EXPECT_FALSE(parsed.error) << parsed.error->to_string();
      r.rounds.emplace_back();
      r.rounds.back().Parse(line.c_str());
    }
    return r;
  }

  std::string dir_;
};

std::vector<std::string> ids(const rapidjson::Value& round) {
  std::vector<std::string> out;
  for (const auto& a : round["applicants"].GetArray()) out.push_back(a["id"].GetString());
  return out;
}

const UnknownValue* unknown(const ConvertReport& r, const std::string& key, const std::string& value) {
  for (const auto& u : r.unknown_values)
    if (u.key == key && u.value == value) return &u;
  return nullptr;
}

const ColumnReport* column(const ConvertReport& r, const std::string& name) {
  for (const auto& c : r.columns)
    if (c.name == name) return &c;
  return nullptr;
}

// An export whose rows of three rounds are interleaved: R3, R1, R2, R1, R3, …
std::string unsorted_export() {
  std::string s = kHeader;
  const char* rounds[] = {"R3", "R1", "R2"};
  for (int i = 0; i < 30; ++i) {
    std::string r = rounds[i % 3];
    s += r + ";Oslo;Team " + r + ";01.04.2026;" + r + "-a" + std::to_string(i / 3) + ";Kari;" +
         (i % 2 ? "Mann" : "Kvinne") + ";Ja;0" + std::to_string(1 + i % 9) + ".03.2026;;Avslag;01.04.2026;\n";
  }
  return s;
}

}  // namespace

TEST_F(ConvertTest, UnsortedRowsAreGroupedIntoTheirRoundsInInputOrder) {
  auto r = run({file("e.csv", unsorted_export())});
  ASSERT_EQ(r.rounds.size(), 3u);
  // Rounds come out ordered by id; each has its ten applicants in export order.
  EXPECT_STREQ(r.rounds[0]["round_id"].GetString(), "R1");
  EXPECT_STREQ(r.rounds[2]["round_id"].GetString(), "R3");
  std::vector<std::string> want;
  for (int k = 0; k < 10; ++k) want.push_back("R1-a" + std::to_string(k));
  EXPECT_EQ(ids(r.rounds[0]), want);
  EXPECT_STREQ(r.rounds[0]["org_unit"].GetString(), "acme/oslo/team-r1");
  EXPECT_EQ(r.report.rounds, 3u);
  EXPECT_EQ(r.report.applications, 30u);
  EXPECT_EQ(r.report.sort.runs, 0u);  // fitted in memory
}

TEST_F(ConvertTest, SpillingToDiskGivesTheSameOutputAsMemory) {
  std::string in = file("e.csv", unsorted_export());
  auto big = run({in});
  ConvertOptions tight;
  tight.memory_limit = 1024;  // a few rows per temporary run
  auto small = run({in}, tight);
  EXPECT_GT(small.report.sort.runs, 3u);
  EXPECT_EQ(small.output, big.output);
  // The temporary runs were unlinked as soon as they were created.
  std::size_t left = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) left += e.path().filename() != "e.csv";
  EXPECT_EQ(left, 0u);
}

TEST_F(ConvertTest, RowsOfOneRoundInSeveralFilesAreMerged) {
  std::string a = std::string(kHeader) + "R1;Oslo;HR;01.04.2026;x1;;Kvinne;Ja;02.03.2026;;;;\n";
  std::string b = std::string(kHeader) + "R1;Oslo;HR;01.04.2026;x2;;Mann;Ja;03.03.2026;;;;\n";
  auto r = run({file("a.csv", a), file("b.csv", b)});
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_EQ(ids(r.rounds[0]), (std::vector<std::string>{"x1", "x2"}));
}

TEST_F(ConvertTest, StatusHistoryRowsBecomeOneApplicationWithEvents) {
  std::string s = kHeader;
  s += "R1;Oslo;HR;10.04.2026;x1;;Kvinne;Ja;02.03.2026;;Under vurdering;05.03.2026;\n";
  s += "R1;Oslo;HR;10.04.2026;x1;;Kvinne;Ja;02.03.2026;20.03.2026;Avslag;10.04.2026;\n";
  s += "R1;Oslo;HR;10.04.2026;x2;;Mann;Ja;03.03.2026;20.03.2026;Ansatt;10.04.2026;\n";
  auto r = run({file("e.csv", s)});
  ASSERT_EQ(r.rounds.size(), 1u);
  const auto& apps = r.rounds[0]["applicants"];
  ASSERT_EQ(apps.Size(), 2u);
  const auto& ev = apps[0]["events"];
  ASSERT_EQ(ev.Size(), 3u);  // applied (once, though on two rows), invited, rejected; "Under vurdering" is none
  EXPECT_STREQ(ev[0]["type"].GetString(), "applied");
  EXPECT_STREQ(ev[1]["type"].GetString(), "interview_invited");
  EXPECT_STREQ(ev[2]["type"].GetString(), "rejected");
  EXPECT_STREQ(ev[2]["at"].GetString(), "2026-04-10");
}

TEST_F(ConvertTest, UnmappedColumnsAndUnknownValuesAreReportedOnceWithTheirCounts) {
  std::string s = kHeader;
  s += "R1;Oslo;HR;01.04.2026;x1;Kari;Annet;Ja;02.03.2026;;Venter;03.03.2026;ring tilbake\n";
  s += "R1;Oslo;HR;01.04.2026;x2;Ola;Mann;Kanskje;02.03.2026;;Venter;04.03.2026;\n";
  s += "R1;Oslo;HR;01.04.2026;x3;Per;Annet;Ja;31.02.2026;;Avslag;01.04.2026;\n";
  auto r = run({file("e.csv", s)});
  const auto* g = unknown(r.report, "applicant.gender", "Annet");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->count, 2u);
  EXPECT_EQ(g->first, dir_ + "/e.csv:2");
  ASSERT_NE(unknown(r.report, "applicant.status", "Venter"), nullptr);
  EXPECT_EQ(unknown(r.report, "applicant.status", "Venter")->count, 2u);
  EXPECT_EQ(unknown(r.report, "applicant.outcome", "Kanskje")->count, 1u);
  // The unmapped column, by name and count only.
  const auto* note = column(r.report, "Note");
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->use, ColumnReport::Use::unmapped);
  EXPECT_EQ(note->filled, 1u);
  EXPECT_EQ(column(r.report, "Name")->use, ColumnReport::Use::dropped);
  EXPECT_EQ(column(r.report, "Name")->filled, 3u);
  // Not a date: counted, and the value not shown.
  bool date_issue = false;
  for (const auto& i : r.report.issues)
    if (i.key == "applicant.events.applied" && i.what.find("not a date") != std::string::npos) date_issue = i.count == 1;
  EXPECT_TRUE(date_issue);
  std::string text = r.report.text();
  EXPECT_NE(text.find("\"Note\": 1 row with a value"), std::string::npos) << text;
  // A value outside the vocabulary by its length, column and first row: never quoted.
  EXPECT_NE(text.find("applicant.gender (column \"Gender\"): a value of 5 characters (not shown): 2 rows (first at " +
                      dir_ + "/e.csv:2)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("Annet"), std::string::npos) << "a value outside the vocabulary was echoed";
  EXPECT_EQ(text.find("Kanskje"), std::string::npos) << "a value outside the vocabulary was echoed";
  EXPECT_EQ(text.find("ring tilbake"), std::string::npos) << "an unmapped value was echoed";
  EXPECT_EQ(text.find("31.02.2026"), std::string::npos) << "a value that is not a date was echoed";
  // The rows themselves are kept, without the unknown values.
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_EQ(r.rounds[0]["applicants"].Size(), 3u);
  EXPECT_FALSE(r.rounds[0]["applicants"][0].HasMember("gender"));
}

TEST_F(ConvertTest, AnIdentifierInAMappedColumnRejectsTheRowWithoutEchoingIt) {
  // A valid fødselsnummer (both mod-11 check digits hold) where the
  // application id belongs, an e-mail address in the gender column, and a
  // Swedish personnummer in a column the mapping does not read.
  std::string s = kHeader;
  s += "R1;Oslo;HR;01.04.2026;01017010170;;Kvinne;Ja;02.03.2026;;;;\n";
  s += "R1;Oslo;HR;01.04.2026;x2;;kari@example.com;Ja;02.03.2026;;;;\n";
  s += "R1;Oslo;HR;01.04.2026;x3;;Mann;Ja;02.03.2026;;;;811228-9874\n";
  auto r = run({file("e.csv", s)});
  EXPECT_EQ(r.report.rows_rejected, 2u);
  ASSERT_EQ(r.report.rejected.size(), 2u);
  EXPECT_EQ(r.report.rejected[0].where, dir_ + "/e.csv:2");
  EXPECT_NE(r.report.rejected[0].message.find("column \"App\""), std::string::npos);
  EXPECT_NE(r.report.rejected[0].message.find("no-fodselsnummer"), std::string::npos);
  EXPECT_NE(r.report.rejected[1].message.find("column \"Gender\""), std::string::npos);
  EXPECT_NE(r.report.rejected[1].message.find("email"), std::string::npos);
  std::string text = r.report.text();
  for (const char* secret : {"01017010170", "kari@example.com", "811228-9874"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
    EXPECT_EQ(r.output.find(secret), std::string::npos) << secret;
  }
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_EQ(ids(r.rounds[0]), (std::vector<std::string>{"x3"}));
}

TEST_F(ConvertTest, StrictStopsAtTheFirstRejectedRow) {
  std::string s = std::string(kHeader) + "R1;Oslo;HR;01.04.2026;x1;;Kvinne;Ja;02.03.2026;;;;\n" +
                  "R1;Oslo;HR;01.04.2026;01017010170;;Kvinne;Ja;02.03.2026;;;;\n";
  ConvertOptions o;
  o.strict = true;
  try {
    run({file("e.csv", s)}, o);
    FAIL() << "no StrictError";
  } catch (const common::StrictError& e) {
    EXPECT_NE(std::string(e.what()).find("e.csv:3"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("01017010170"), std::string::npos);
  }
}

TEST_F(ConvertTest, AMappedColumnMissingFromTheHeaderIsAnError) {
  std::string s = "Job;Office;Team;App;Gender\nR1;Oslo;HR;x1;Mann\n";
  try {
    run({file("e.csv", s)});
    FAIL();
  } catch (const MappingError& e) {
    std::string w = e.what();
    EXPECT_NE(w.find("\"Decided\""), std::string::npos) << w;
    EXPECT_NE(w.find("not in the header of"), std::string::npos) << w;
  }
}

TEST_F(ConvertTest, RowsOfOneRoundThatDisagreeAreReported) {
  std::string s = std::string(kHeader) + "R1;Oslo;HR;01.04.2026;x1;;Kvinne;Ja;02.03.2026;;;;\n" +
                  "R1;Oslo;HR;02.04.2026;x2;;Mann;Ja;02.03.2026;;;;\n";
  auto r = run({file("e.csv", s)});
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_STREQ(r.rounds[0]["decision_at"].GetString(), "2026-04-01");
  bool reported = false;
  for (const auto& i : r.report.issues)
    reported |= i.key == "round.decision_at" && i.unit == "round" && i.count == 1;
  EXPECT_TRUE(reported) << r.report.text();
}

TEST_F(ConvertTest, Windows1252ExportsNeedTheEncodingSetting) {
  // "Kjønn" and "Ønsker ikke å oppgi" as Excel's plain "CSV" writes them on Nordic Windows.
  const std::string csv = "Job;App;Kj\xF8nn\r\nR1;x1;\xD8nsker ikke \xE5 oppgi\r\n";
  const std::string mapping = R"({"mapping": "w", "version": "1", "input": {"encoding": "windows-1252"},
    "round": {"round_id": "Job", "org_unit": {"value": "acme/hr"}, "jurisdiction": {"value": "other"}},
    "applicant": {"id": "App",
                  "gender": {"column": "Kjønn", "values": {"Kvinne": "woman", "Ønsker ikke å oppgi": "declined"}}}})";
  auto r = run({file("e.csv", csv)}, {}, mapping);
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_STREQ(r.rounds[0]["applicants"][0]["gender"].GetString(), "declined");

  // Read as UTF-8 (the default), the header is refused with the remedy named.
  std::string utf8 = mapping;
  const std::string setting = "\"input\": {\"encoding\": \"windows-1252\"},";
  utf8.erase(utf8.find(setting), setting.size());
  try {
    run({file("f.csv", csv)}, {}, utf8);
    FAIL();
  } catch (const common::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("windows-1252"), std::string::npos) << e.what();
  }
}

TEST_F(ConvertTest, JsonLinesAndJsonArraysOfFlatObjects) {
  std::string mapping = R"({"mapping": "j", "version": "1", "input": {"format": "json"},
    "round": {"round_id": "job", "org_unit": {"value": "acme/hr"}, "jurisdiction": {"value": "other"}},
    "applicant": {"id": "app", "gender": {"column": "g", "values": {"F": "woman", "M": "man"}},
                  "events": {"applied": "on"}}})";
  std::string lines = "{\"job\": 17, \"app\": \"a1\", \"g\": \"F\", \"on\": \"2026-03-02\", \"extra\": {\"x\": 1}}\n"
                      "\n"
                      "{\"job\": 17, \"app\": \"a2\", \"g\": {\"nested\": true}}\n"
                      "{\"job\": 17, \"app\": \"a3\", \"g\": null, \"on\": \"2026-03-04\"}\n"
                      "not json\n";
  auto r = run({file("e.jsonl", lines)}, {}, mapping);
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_STREQ(r.rounds[0]["round_id"].GetString(), "17");  // a JSON number becomes its text
  EXPECT_EQ(ids(r.rounds[0]), (std::vector<std::string>{"a1", "a3"}));
  ASSERT_EQ(r.report.rejected.size(), 2u);
  EXPECT_NE(r.report.rejected[0].message.find("object or array"), std::string::npos);
  EXPECT_EQ(r.report.rejected[0].where, dir_ + "/e.jsonl:3");
  EXPECT_EQ(r.report.rejected[1].where, dir_ + "/e.jsonl:5");
  EXPECT_EQ(column(r.report, "extra")->use, ColumnReport::Use::unmapped);

  std::string array = "[\n  {\"job\": \"J\", \"app\": \"b1\", \"g\": \"M\", \"on\": \"2026-03-02\"},\n"
                      "  {\"job\": \"J\", \"app\": \"b2\", \"g\": \"X\"},\n  \"stray\"\n]\n";
  auto a = run({file("e.json", array)}, {}, mapping);
  ASSERT_EQ(a.rounds.size(), 1u);
  EXPECT_EQ(ids(a.rounds[0]), (std::vector<std::string>{"b1", "b2"}));
  ASSERT_EQ(a.report.rejected.size(), 1u);
  EXPECT_EQ(a.report.rejected[0].where, dir_ + "/e.json:4");
  EXPECT_EQ(unknown(a.report, "applicant.gender", "X")->first, dir_ + "/e.json:3");
}

TEST_F(ConvertTest, ARoundTheCanonicalReaderWouldRejectIsLeftOutAndReported) {
  // Two org-unit columns that slug to nothing leave the round without an
  // org unit, which the canonical format requires.
  std::string s = std::string(kHeader) + "R1;!!;--;01.04.2026;x1;;Kvinne;Ja;02.03.2026;;;;\n" +
                  "R2;Oslo;HR;01.04.2026;x2;;Mann;Ja;02.03.2026;;;;\n";
  std::string mapping = kMapping;
  mapping.replace(mapping.find("\"prefix\": \"acme\""), std::string("\"prefix\": \"acme\"").size(), "\"prefix\": \"\"");
  auto r = run({file("e.csv", s)}, {}, mapping);
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_STREQ(r.rounds[0]["round_id"].GetString(), "R2");
  EXPECT_EQ(r.report.rounds_rejected, 1u);
  ASSERT_EQ(r.report.rejected.size(), 1u);
  EXPECT_NE(r.report.rejected[0].message.find("org_unit"), std::string::npos) << r.report.rejected[0].message;
}

// What the mapping reads is what the ATS records: those fields are written
// for every round, empty where a round has none ("recorded as none"); the
// fields it does not read are left out ("not recorded in this export",
// docs/input-format.md). The canonical reader turns that into coverage.
TEST_F(ConvertTest, FieldsTheMappingReadsAreWrittenEvenWhenEmptyAndTheOthersLeftOut) {
  std::string with_parts = kMapping;
  const std::string anchor = R"("decision_at": "Decided")";
  with_parts.replace(with_parts.find(anchor), anchor.size(),
                     anchor + R"(, "decision_reason": "Reason",
    "representative": {"role": {"column": "Rep", "values": {"LR": "likestillingsrepresentant"}}},
    "documents": [{"type": "recommendation", "at": "Sent", "sent_to": ["union"]}])");
  const std::string header = "Job;Office;Team;Decided;Reason;Rep;Sent;App;Name;Gender;Qualified;Applied;Invited;Status;When;Note\n";
  const std::string rows = header +
                           "R1;Oslo;A;01.04.2026;;;;R1-a;Kari;Kvinne;Ja;01.03.2026;;Avslag;01.04.2026;\n"
                           "R2;Oslo;A;01.04.2026;best_qualified;LR;20.03.2026;R2-a;Kari;Mann;Ja;01.03.2026;;Ansatt;01.04.2026;\n";
  auto recorded = run({file("parts.csv", rows)}, {}, with_parts);
  ASSERT_EQ(recorded.rounds.size(), 2u);
  const auto& none = recorded.rounds[0];  // R1: the ATS records these parts; this round has none of them
  ASSERT_TRUE(none.HasMember("documents"));
  EXPECT_EQ(none["documents"].Size(), 0u);
  ASSERT_TRUE(none.HasMember("representative"));
  EXPECT_FALSE(none["representative"]["appointed"].GetBool());
  ASSERT_TRUE(none.HasMember("decision_reason"));
  EXPECT_STREQ(none["decision_reason"].GetString(), "");
  const auto& some = recorded.rounds[1];
  EXPECT_EQ(some["documents"].Size(), 1u);
  EXPECT_TRUE(some["representative"]["appointed"].GetBool());
  EXPECT_STREQ(some["decision_reason"].GetString(), "best_qualified");

  auto bare = run({file("e.csv", unsorted_export())});  // kMapping reads none of them
  ASSERT_FALSE(bare.rounds.empty());
  for (const auto& r : bare.rounds) {
    EXPECT_FALSE(r.HasMember("documents"));
    EXPECT_FALSE(r.HasMember("representative"));
    EXPECT_FALSE(r.HasMember("decision_reason"));
    EXPECT_FALSE(r.HasMember("interviews"));
  }
  std::string line = recorded.output.substr(0, recorded.output.find('\n'));
  auto parsed = ingest::parse_line(line, Source{"out", 1}, ingest::Limits{});
  ASSERT_TRUE(parsed.record);
  const auto& round = std::get<Round>(*parsed.record);
  EXPECT_TRUE(round.coverage.has(Field::documents));
  EXPECT_TRUE(round.coverage.has(Field::representative));
  EXPECT_TRUE(round.coverage.has(Field::decision_reason));
  EXPECT_FALSE(round.coverage.has(Field::interviews));
}

// A name typed into a vocabulary column (gender, a yes/no answer, a status)
// is never shown: not in the report, not in --strict's error.
TEST_F(ConvertTest, ANameOutsideAVocabularyIsNeverEchoed) {
  std::string s = std::string(kHeader) + "R1;Oslo;HR;01.04.2026;x1;;Kari Nordmann;Ja;02.03.2026;;;;\n" +
                  "R1;Oslo;HR;01.04.2026;x2;;Kvinne;Kari Nordmann;02.03.2026;;Kari Nordmann;03.03.2026;\n";
  auto r = run({file("e.csv", s)});
  const std::string text = r.report.text();
  EXPECT_EQ(text.find("Nordmann"), std::string::npos) << text;
  EXPECT_EQ(r.output.find("Nordmann"), std::string::npos) << r.output;
  EXPECT_NE(text.find("applicant.gender (column \"Gender\"): a value of 13 characters (not shown): 1 row"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("applicant.status (column \"Status\"): a value of 13 characters (not shown): 1 row"),
            std::string::npos)
      << text;
  ConvertOptions o;
  o.strict = true;
  try {
    run({file("e.csv", s)}, o);
    FAIL() << "no StrictError";
  } catch (const common::StrictError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("a value of 13 characters (not shown) is not in the mapping's vocabulary"), std::string::npos) << m;
    EXPECT_EQ(m.find("Nordmann"), std::string::npos) << m;
  }
}

// A file without its header row: the first data row is taken for the header,
// and its cells would be listed as column names. A cell that is an identifier
// stops the file instead, without being echoed.
TEST_F(ConvertTest, AHeaderCellHoldingAnIdentifierStopsTheFile) {
  const std::string s = "R1;Oslo;HR;01.04.2026;x1;kari@example.com;Kvinne;Ja;02.03.2026;;;;\n";
  try {
    run({file("e.csv", s)});
    FAIL() << "no error";
  } catch (const common::InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("column name 6 holds what looks like a direct identifier (email)"), std::string::npos) << m;
    EXPECT_NE(m.find("Is the header row missing?"), std::string::npos) << m;
    EXPECT_EQ(m.find("kari@example.com"), std::string::npos) << m;
  }
}

// A flat export that is not text gets one message naming what it seems to be.
TEST_F(ConvertTest, ACompressedOrSpreadsheetFileIsNamedForWhatItIs) {
  const std::pair<std::string, std::string> cases[] = {
      {std::string("\x1F\x8B\x08\x00\x00\x00", 6), "e.csv.gz: is a gzip-compressed file, not text: decompress it first"},
      {std::string("PK\x03\x04\x14\x00", 6) + "[Content_Types].xml xl/workbook.xml",
       "e.xlsx: is an Excel workbook (.xlsx), not text: save the sheet as CSV (UTF-8) and convert that"},
      {std::string("\xFF\xFEJ\0o\0b\0", 8), "e.csv: is UTF-16 text (little-endian, with a byte-order mark), not UTF-8"},
  };
  for (const auto& [bytes, expect] : cases) {
    const std::string name = expect.substr(0, expect.find(':'));
    try {
      run({file(name, bytes)});
      ADD_FAILURE() << "no error for " << name;
    } catch (const common::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what();
    }
  }
}

// The rejected rows as the line errors `audit --mapping` counts and lists.
TEST_F(ConvertTest, RejectedRowsBecomeLineErrorsWithTheirFileAndRow) {
  std::string s = kHeader;
  s += "R1;Oslo;HR;01.04.2026;01017010170;;Kvinne;Ja;02.03.2026;;;;\n";
  s += "R1;Oslo;HR;01.04.2026;x2;;Kvinne;Ja;02.03.2026;;;;\n";
  auto r = run({file("e.csv", s)});
  EXPECT_EQ(r.report.rejected_rows(), 1u);
  const auto errors = r.report.line_errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, dir_ + "/e.csv");
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_EQ(errors[0].kind, "identifier");
  EXPECT_EQ(errors[0].to_string().find("01017010170"), std::string::npos);
}

// A flat row that gives a column twice says two things: the row is refused
// with the column named (when it is a plain word) and the rest is read.
TEST_F(ConvertTest, AFlatRowGivingAColumnTwiceIsRefusedAndTheRestRead) {
  std::string mapping = R"({"mapping": "j", "version": "1", "input": {"format": "json"},
    "round": {"round_id": "job", "org_unit": {"value": "acme/hr"}, "jurisdiction": {"value": "other"}},
    "applicant": {"id": "app", "gender": {"column": "g", "values": {"F": "woman", "M": "man"}}}})";
  std::string lines = "{\"job\": 17, \"app\": \"a1\", \"g\": \"F\"}\n"
                      "{\"job\": 17, \"app\": \"a2\", \"g\": \"F\", \"g\": \"M\"}\n"
                      "{\"job\": 17, \"app\": \"a3\", \"x y\": \"Kari\", \"x y\": \"Nordmann\", \"g\": \"M\"}\n"
                      "{\"job\": 17, \"app\": \"a4\", \"g\": \"M\"}\n";
  auto r = run({file("e.jsonl", lines)}, {}, mapping);
  ASSERT_EQ(r.rounds.size(), 1u);
  EXPECT_EQ(ids(r.rounds[0]), (std::vector<std::string>{"a1", "a4"}));
  ASSERT_EQ(r.report.rejected.size(), 2u);
  EXPECT_EQ(r.report.rejected[0].where, dir_ + "/e.jsonl:2");
  EXPECT_EQ(r.report.rejected[0].message.rfind("g: is given twice in one object", 0), 0u) << r.report.rejected[0].message;
  EXPECT_EQ(r.report.rejected[1].where, dir_ + "/e.jsonl:3");
  EXPECT_EQ(r.report.rejected[1].message.find("x y"), std::string::npos) << r.report.rejected[1].message;
  EXPECT_EQ(r.report.rejected[1].message.find("Kari"), std::string::npos) << r.report.rejected[1].message;
  EXPECT_NE(r.report.rejected[1].message.find("(a key of 3 bytes, not shown)"), std::string::npos)
      << r.report.rejected[1].message;
}
