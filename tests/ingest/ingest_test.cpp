// Ingest of one line: a good record becomes the typed model; each kind of bad
// line is a clear error with the JSON path and what was expected.
#include <gtest/gtest.h>

#include "ingest/record.hpp"
#include "ingest/round_ids.hpp"
#include "support/harness.hpp"

using namespace fairaudit;
using fairaudit::ingest::parse_line;

namespace {

const char* kGood = R"({"kind":"round","schema":1,"round_id":"OSL-BGO-2026-0412","org_unit":"oslo/bydel-gamle-oslo/helse",
"jurisdiction":"NO-OSL","position":{"title_code":"2221","openings":1,"internal_only":false,"reserved_for":null},
"advertised_at":"2026-03-01","closes_at":"2026-03-21","requirements_documented_at":"2026-02-20",
"recommendation_at":"2026-04-02","decision_at":"2026-04-05",
"applicants":[{"id":"a-7f3a91","gender":"woman","self_id":{"immigrant_background":"yes","disability":"declined","cv_gap":"no","priority_access":"no"},
"age_band":"30-39","assessment":{"outcome":"qualified","rank":2,"equally_qualified_with_top":false,"meets_formal_requirements":true},
"events":[{"type":"applied","at":"2026-03-02"},{"type":"interview_invited","at":"2026-03-25"},{"type":"interview_held","at":"2026-03-28"},
{"type":"rejected","at":"2026-04-05","reason_code":"better_qualified_hired"}]},
{"id":"a-11aa22","gender":"man","events":[{"type":"applied","at":"2026-03-03"}]}],
"interviews":[{"applicant":"a-7f3a91","at":"2026-03-28","panel":[{"role":"manager","gender":"man"},{"role":"union_rep","gender":"woman"}]}],
"representative":{"appointed":true,"role":"likestillingsrepresentant","events":[{"type":"invited","at":"2026-03-20"},
{"type":"statement_filed","at":"2026-04-03","agrees":false}]},
"documents":[{"type":"recommendation","at":"2026-04-02","sent_to":["union"],"equality_statement":true}]})";

// The good record with one substring replaced.
std::string with(const std::string& from, const std::string& to) {
  std::string s = kGood;
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

ingest::LineError error_of(const std::string& line) {
  auto o = parse_line(one_line(line), Source{"export.jsonl", 17}, ingest::Limits{});
  EXPECT_TRUE(o.error.has_value()) << line;
  return o.error.value_or(ingest::LineError{});
}

}  // namespace

TEST(Ingest, GoodRoundBecomesTheTypedModel) {
  auto o = parse_line(one_line(kGood), Source{"export.jsonl", 3}, ingest::Limits{});
  ASSERT_FALSE(o.error) << o.error->to_string();
  const Round& r = std::get<Round>(*o.record);
  EXPECT_EQ(r.source.line, 3u);
  EXPECT_EQ(r.round_id, "OSL-BGO-2026-0412");
  EXPECT_EQ(r.jurisdiction, Jurisdiction::no_oslo);
  EXPECT_EQ(r.position.title_code, "2221");
  EXPECT_TRUE(r.position.reserved_for.empty());  // null means open to all
  ASSERT_TRUE(r.decision_at);
  EXPECT_EQ(r.decision_at->iso(), "2026-04-05");
  ASSERT_EQ(r.applicants.size(), 2u);
  const Applicant& a = r.applicants[0];
  EXPECT_EQ(a.gender, Gender::woman);
  EXPECT_EQ(a.self_id.immigrant_background, Answer::yes);
  EXPECT_EQ(a.self_id.disability, Answer::declined);  // declined stays declined, never "no"
  EXPECT_EQ(a.self_id.cv_gap, Answer::no);
  EXPECT_EQ(a.assessment.outcome, Outcome::qualified);
  EXPECT_EQ(a.assessment.rank, 2);
  ASSERT_EQ(a.events.size(), 4u);
  EXPECT_EQ(a.events[3].type, Stage::rejected);
  EXPECT_EQ(a.events[3].reason_code, "better_qualified_hired");
  ASSERT_TRUE(a.first(Stage::interview_invited));
  EXPECT_EQ(a.first(Stage::interview_invited)->at.iso(), "2026-03-25");
  // A field that is absent is "not asked", not "no".
  EXPECT_EQ(r.applicants[1].self_id.immigrant_background, Answer::not_asked);
  EXPECT_EQ(r.applicants[1].assessment.outcome, Outcome::not_assessed);
  ASSERT_EQ(r.interviews.size(), 1u);
  EXPECT_EQ(r.interviews[0].panel[1].role, "union_rep");
  ASSERT_TRUE(r.representative);
  EXPECT_EQ(r.representative->events[1].agrees, false);
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].sent_to, std::vector<std::string>{"union"});
  EXPECT_EQ(r.first_interview()->iso(), "2026-03-28");
}

TEST(Ingest, UnitAndMeasuresRecords) {
  auto u = parse_line(R"({"kind":"unit","schema":1,"org_unit":"oslo/bydel-gamle-oslo/helse","period":"2026",
    "representative_routine":{"documented":true,"version":"2025-09"},
    "meetings":[{"type":"trekantmote","at":"2026-02-10","roles":["tjenesteleder","verneombud"],"tags":["recruitment"]}]})",
                      Source{"f", 1}, ingest::Limits{});
  ASSERT_FALSE(u.error) << u.error->to_string();
  const auto& unit = std::get<UnitRecord>(*u.record);
  EXPECT_TRUE(unit.representative_routine->documented);
  EXPECT_EQ(unit.meetings[0].roles.size(), 2u);
  auto m = parse_line(R"({"kind":"measures","schema":1,"employer":"trelleborg","year":2026,"employees":3001,
    "area":"recruitment_promotion","steps":{"investigate":"2026-02-01","analyse":"2026-03-01","act":"2026-04-01","follow_up":null},
    "grounds_covered":["sex","ethnicity","disability"],"cooperation_documented":true})",
                      Source{"f", 2}, ingest::Limits{});
  ASSERT_FALSE(m.error) << m.error->to_string();
  const auto& meas = std::get<MeasuresRecord>(*m.record);
  EXPECT_EQ(meas.employees, 3001);
  EXPECT_FALSE(meas.steps.follow_up.has_value());
  EXPECT_EQ(meas.grounds_covered.size(), 3u);
}

TEST(Ingest, TruncatedLine) {
  auto e = error_of(std::string(kGood).substr(0, 120));
  EXPECT_EQ(e.kind, "syntax");
  EXPECT_EQ(e.line, 17u);
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos) << e.message;
}

TEST(Ingest, InvalidUtf8) {
  auto e = error_of(with("\"2221\"", "\"22\xC3\x28" "1\""));
  EXPECT_EQ(e.kind, "syntax");
  EXPECT_NE(e.message.find("encoding"), std::string::npos) << e.message;
}

TEST(Ingest, WrongTypesNameThePath) {
  auto e = error_of(with("\"openings\":1", "\"openings\":\"one\""));
  EXPECT_EQ(e.path, "position.openings");
  EXPECT_NE(e.message.find("expected a whole number"), std::string::npos);
  e = error_of(with("\"appointed\":true", "\"appointed\":\"yes\""));
  EXPECT_EQ(e.path, "representative.appointed");
  e = error_of(with("{\"type\":\"interview_held\",\"at\":\"2026-03-28\"}", "{\"type\":\"interview_held\",\"at\":20260328}"));
  EXPECT_EQ(e.path, "applicants[0].events[2].at");
  EXPECT_NE(e.message.find("expected an ISO-8601 date"), std::string::npos);
}

// A date that does not parse is named by its path and its form, never quoted
// (it may be anything a person typed into the column).
TEST(Ingest, BadDateHasItsPathAndFormButIsNotQuoted) {
  auto e = error_of(with("\"decision_at\":\"2026-04-05\"", "\"decision_at\":\"2026-13-01\""));
  EXPECT_EQ(e.path, "decision_at");
  EXPECT_EQ(e.message.rfind("is not an ISO-8601 date", 0), 0u) << e.message;
  EXPECT_NE(e.message.find("it has the form 9999-99-99"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("2026-13-01"), std::string::npos) << e.message;
}

TEST(Ingest, MissingRequiredFields) {
  for (const auto& [field, path] : std::vector<std::pair<std::string, std::string>>{
           {"\"round_id\":\"OSL-BGO-2026-0412\",", "round_id"},
           {"\"org_unit\":\"oslo/bydel-gamle-oslo/helse\",", "org_unit"},
           {"\"jurisdiction\":\"NO-OSL\",", "jurisdiction"},
           {"\"schema\":1,", "schema"},
           {"\"id\":\"a-7f3a91\",", "applicants[0].id"},
           {"\"appointed\":true,", "representative.appointed"},
       }) {
    auto e = error_of(with(field, ""));
    EXPECT_EQ(e.path, path) << field;
    EXPECT_EQ(e.message, "required field is missing") << field;
  }
}

TEST(Ingest, DuplicateApplicantIdsWithoutEchoingThem) {
  auto e = error_of(with("\"id\":\"a-11aa22\"", "\"id\":\"a-7f3a91\""));
  EXPECT_EQ(e.path, "applicants[1].id");
  EXPECT_EQ(e.kind, "duplicate");
  EXPECT_EQ(e.message.find("a-7f3a91"), std::string::npos) << "an applicant id must not be echoed";
}

TEST(Ingest, UnknownKindAndVocabulary) {
  auto e = error_of(with("\"kind\":\"round\"", "\"kind\":\"hiring\""));
  EXPECT_EQ(e.path, "kind");
  EXPECT_NE(e.message.find("is not one of round|unit|measures"), std::string::npos);
  e = error_of(with("\"gender\":\"woman\"", "\"gender\":\"female\""));
  EXPECT_EQ(e.path, "applicants[0].gender");
  EXPECT_NE(e.message.find("woman|man|other|unknown|declined"), std::string::npos);
  e = error_of(with("\"immigrant_background\":\"yes\"", "\"immigrant_background\":true"));
  EXPECT_EQ(e.path, "applicants[0].self_id.immigrant_background");
  e = error_of(with("\"type\":\"invited\"", "\"type\":\"called\""));
  EXPECT_EQ(e.path, "representative.events[0].type");
}

TEST(Ingest, InterviewMustNameAnApplicantOfTheRound) {
  auto e = error_of(with("\"applicant\":\"a-7f3a91\"", "\"applicant\":\"a-000000\""));
  EXPECT_EQ(e.path, "interviews[0].applicant");
}

TEST(Ingest, UnsupportedSchemaVersion) {
  auto e = error_of(with("\"schema\":1", "\"schema\":2"));
  EXPECT_EQ(e.path, "schema");
  EXPECT_NE(e.message.find("not supported"), std::string::npos);
}

TEST(Ingest, TwoValuesOnOneLineAndNonObjects) {
  EXPECT_EQ(error_of(one_line(kGood) + " {}").kind, "syntax");
  EXPECT_NE(error_of("[1,2]").message.find("expected a JSON object"), std::string::npos);
}

TEST(Ingest, LimitsAreClearErrors) {
  ingest::Limits tight;
  tight.max_applicants = 1;
  auto o = parse_line(one_line(kGood), Source{"f", 1}, tight);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->kind, "limit");
  EXPECT_EQ(o.error->path, "applicants");
  EXPECT_NE(o.error->message.find("limit of 1"), std::string::npos);

  std::string deep = std::string(100, '[') + std::string(100, ']');
  o = parse_line(deep, Source{"f", 1}, ingest::Limits{});
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->kind, "limit");
  EXPECT_NE(o.error->message.find("nested deeper"), std::string::npos);

  ingest::Limits short_strings;
  short_strings.max_string_bytes = 8;
  o = parse_line(one_line(kGood), Source{"f", 1}, short_strings);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->path, "round_id");
}

TEST(Ingest, IdentifiersAreRejectedAndNeverEchoed) {
  auto e = error_of(with("\"id\":\"a-11aa22\"", "\"id\":\"kari.nordmann@example.no\""));
  EXPECT_EQ(e.kind, "identifier");
  EXPECT_EQ(e.path, "applicants[1].id");
  EXPECT_EQ(e.message.find("kari"), std::string::npos);
  EXPECT_EQ(e.to_string().find("example.no"), std::string::npos);
}

TEST(Ingest, ErrorMessagesWithholdValuesThatMightIdentify) {
  // A malformed date that holds a personal number is not echoed.
  auto e = error_of(with("\"decision_at\":\"2026-04-05\"", "\"decision_at\":\"19811218-9876\""));
  EXPECT_EQ(e.message.find("9876"), std::string::npos) << e.message;
}

// docs/input-format.md, "Coverage": absent (or null) is not recorded in this
// export; present and empty is recorded as none. A self-declared answer is
// recorded in a round when any applicant's self_id holds its key.
TEST(Ingest, CoverageTellsNotRecordedFromRecordedAsNone) {
  auto full = parse_line(one_line(kGood), Source{"t", 1}, {});
  ASSERT_TRUE(full.record) << full.error->to_string();
  const Coverage& all = std::get<Round>(*full.record).coverage;
  for (Field f : {Field::interviews, Field::representative, Field::documents, Field::immigrant_background,
                  Field::disability, Field::cv_gap, Field::priority_access})
    EXPECT_TRUE(all.has(f)) << to_string(f);
  EXPECT_FALSE(all.has(Field::decision_reason));  // kGood has none: not recorded

  // The same record without those keys (renamed: unknown keys are allowed), and with
  // decision_reason present and empty; null counts as absent.
  std::string absent = with(R"("representative":)", R"("representative":null,"representative_elsewhere":)");
  absent.replace(absent.find(R"("documents":)"), 12, R"("decision_reason":"","documents_elsewhere":)");
  auto a = parse_line(one_line(absent), Source{"t", 2}, {});
  ASSERT_TRUE(a.record) << a.error->to_string();
  const Round& r = std::get<Round>(*a.record);
  EXPECT_FALSE(r.coverage.has(Field::documents));
  EXPECT_FALSE(r.coverage.has(Field::representative));
  EXPECT_TRUE(r.coverage.has(Field::decision_reason));  // "": recorded as none
  EXPECT_TRUE(r.decision_reason.empty());

  auto empty = parse_line(one_line(with(R"("documents":[{"type":"recommendation","at":"2026-04-02","sent_to":["union"],"equality_statement":true}])",
                                        R"("documents":[])")),
                          Source{"t", 4}, {});
  ASSERT_TRUE(empty.record);
  EXPECT_TRUE(std::get<Round>(*empty.record).coverage.has(Field::documents));
  EXPECT_TRUE(std::get<Round>(*empty.record).documents.empty());

  auto no_self_id = parse_line(one_line(with(R"("self_id":{"immigrant_background":"yes","disability":"declined","cv_gap":"no","priority_access":"no"},)",
                                             R"("self_id":{"disability":"declined"},)")),
                               Source{"t", 5}, {});
  ASSERT_TRUE(no_self_id.record);
  const Coverage& s = std::get<Round>(*no_self_id.record).coverage;
  EXPECT_TRUE(s.has(Field::disability));
  EXPECT_FALSE(s.has(Field::cv_gap));
  EXPECT_FALSE(s.has(Field::immigrant_background));

  auto unit = parse_line(R"({"kind":"unit","schema":1,"org_unit":"oslo/x","period":"2026","meetings":[]})", Source{"t", 6}, {});
  ASSERT_TRUE(unit.record);
  const Coverage& u = std::get<UnitRecord>(*unit.record).coverage;
  EXPECT_TRUE(u.has(Field::meetings));
  EXPECT_FALSE(u.has(Field::representative_routine));
}

// A round id given twice names where it was first: the line, and the file
// when it is another one or the same file given again (two exports joined by
// a night's job), not a line that reads as the duplicate itself.
TEST(RoundIds, ADuplicateNamesTheFileOfTheFirstWhenItIsAnother) {
  fairaudit::ingest::RoundIds ids;
  auto round = [](const std::string& file, std::uint64_t line) {
    fairaudit::Round r;
    r.round_id = "R-1";
    r.source = {file, line};
    return r;
  };
  EXPECT_FALSE(ids.check(round("a.jsonl", 9)));
  auto later = ids.check(round("a.jsonl", 12));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->message, "duplicates the round id of line 9");
  auto other = ids.check(round("b.jsonl", 9));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->message, "duplicates the round id of line 9 of a.jsonl");
  auto again = ids.check(round("a.jsonl", 9));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->message, "duplicates the round id of line 9 of the same file, given as an earlier input");
}
