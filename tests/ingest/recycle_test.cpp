// Records read into a recycled outcome (the parser threads reuse the rounds a
// consumer hands back) must be exactly what a fresh read gives: no field of
// the previous line may survive, whatever came before.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "ingest/record.hpp"
#include "test_paths.hpp"

using namespace fairaudit;
using fairaudit::ingest::parse_line;
using fairaudit::ingest::parse_line_in_place;
using fairaudit::ingest::parse_line_into;
using fairaudit::ingest::ParseOutcome;

namespace {

// Every field of the round model. A field added to the model must be added
// here and in ingest/record.cpp's readers, which set every field of a
// recycled round: the size checks below fail until both are looked at.
static_assert(sizeof(Round) == 432, "Round changed: update describe() and the readers in ingest/record.cpp");
static_assert(sizeof(Applicant) == 120, "Applicant changed: update describe() and read_applicant");

template <typename T>
std::string opt(const std::optional<T>& v) {
  if (!v) return "-";
  std::ostringstream s;
  if constexpr (std::is_same_v<T, Timestamp>)
    s << v->iso();
  else
    s << *v;
  return s.str();
}

std::string describe(const Round& r) {
  std::ostringstream s;
  s << r.source.file << ':' << r.source.line << '|' << r.round_id << '|' << r.org_unit << '|'
    << int(r.jurisdiction) << "|pos:" << r.position.title_code << ',' << r.position.openings << ','
    << r.position.internal_only << ',' << r.position.reserved_for << '|' << opt(r.advertised_at) << ','
    << opt(r.closes_at) << ',' << opt(r.requirements_documented_at) << ',' << opt(r.recommendation_at) << ','
    << opt(r.decision_at) << '|' << r.decision_reason << "|recorded:" << r.coverage.recorded << '\n';
  for (const auto& a : r.applicants) {
    s << " app:" << a.id << ',' << int(a.gender) << ',' << int(a.self_id.immigrant_background) << ','
      << int(a.self_id.disability) << ',' << int(a.self_id.cv_gap) << ',' << int(a.self_id.priority_access) << ','
      << a.age_band << ',' << int(a.assessment.outcome) << ',' << opt(a.assessment.rank) << ','
      << opt(a.assessment.equally_qualified_with_top) << ',' << opt(a.assessment.meets_formal_requirements) << ','
      << a.referred_by_jobcenter << '\n';
    for (const auto& e : a.events) s << "  ev:" << int(e.type) << ',' << e.at.iso() << ',' << e.reason_code << '\n';
  }
  for (const auto& i : r.interviews) {
    s << " iv:" << i.applicant << ',' << i.at.iso() << '\n';
    for (const auto& p : i.panel) s << "  panel:" << p.role << ',' << int(p.gender) << '\n';
  }
  if (r.representative) {
    s << " rep:" << r.representative->appointed << ',' << r.representative->role << '\n';
    for (const auto& e : r.representative->events)
      s << "  rev:" << int(e.type) << ',' << e.at.iso() << ',' << opt(e.agrees) << '\n';
  } else {
    s << " rep:none\n";
  }
  for (const auto& d : r.documents) {
    s << " doc:" << d.type << ',' << opt(d.at) << ',' << opt(d.equality_statement);
    for (const auto& t : d.sent_to) s << ',' << t;
    s << '\n';
  }
  return s.str();
}

std::string describe(const ParseOutcome& o) {
  std::string out;
  if (o.error) out += "error:" + o.error->to_string() + "(" + o.error->kind + ")\n";
  if (!o.record) return out + "no record\n";
  if (const auto* r = std::get_if<Round>(&*o.record)) return out + describe(*r);
  if (const auto* u = std::get_if<UnitRecord>(&*o.record)) return out + "unit:" + u->org_unit + "," + u->period;
  return out + "measures:" + std::get<MeasuresRecord>(*o.record).employer;
}

const std::vector<std::string> kLines = {
    // Every field given.
    R"({"kind":"round","schema":1,"round_id":"R-FULL","org_unit":"oslo/bydel-a/helse","jurisdiction":"NO-OSL",)"
    R"("position":{"title_code":"2221","openings":3,"internal_only":true,"reserved_for":"disability"},)"
    R"("advertised_at":"2026-03-01","closes_at":"2026-03-21","requirements_documented_at":"2026-02-20",)"
    R"("recommendation_at":"2026-04-02","decision_at":"2026-04-05","decision_reason":"best_qualified",)"
    R"("applicants":[{"id":"a1","gender":"woman","self_id":{"immigrant_background":"yes","disability":"declined",)"
    R"("cv_gap":"no","priority_access":"yes"},"age_band":"30-39","assessment":{"outcome":"qualified","rank":2,)"
    R"("equally_qualified_with_top":false,"meets_formal_requirements":true},"referred_by_jobcenter":true,)"
    R"("events":[{"type":"applied","at":"2026-03-02"},)"
    R"({"type":"interview_invited","at":"2026-03-25"},{"type":"rejected","at":"2026-04-05","reason_code":"better_qualified_hired"}]},)"
    R"({"id":"a2","gender":"man","age_band":"50-59","events":[{"type":"applied","at":"2026-03-03"},)"
    R"({"type":"hired","at":"2026-04-06","reason_code":"a_long_reason_code_that_is_not_short"}]},)"
    R"({"id":"a3","gender":"other","assessment":{"outcome":"not_qualified"}}],)"
    R"("interviews":[{"applicant":"a1","at":"2026-03-28","panel":[{"role":"manager","gender":"man"},)"
    R"({"role":"likestillingsrepresentant","gender":"woman"}]},{"applicant":"a2","at":"2026-03-29"}],)"
    R"("representative":{"appointed":true,"role":"likestillingsrepresentant","events":[{"type":"invited","at":"2026-03-20"},)"
    R"({"type":"statement_filed","at":"2026-04-03","agrees":false}]},)"
    R"("documents":[{"type":"recommendation","at":"2026-04-02","sent_to":["union","representative"],"equality_statement":true},)"
    R"({"type":"applicant_list"}]})",
    // Only what is required.
    R"({"kind":"round","schema":1,"round_id":"R-MIN","org_unit":"bergen","jurisdiction":"SE","applicants":[]})",
    // More applicants than the first, fields in another order, nulls for absent values.
    R"({"applicants":[{"id":"b1","events":[]},{"id":"b2","gender":null,"age_band":null},{"id":"b3"},{"id":"b4","gender":"woman"},)"
    R"({"id":"b5","self_id":{"disability":"yes"}}],"jurisdiction":"DK","org_unit":"aarhus/x","round_id":"R-MORE","schema":1,)"
    R"("kind":"round","representative":{"appointed":false},"documents":[{"type":"x","sent_to":[]}],)"
    R"("interviews":[{"applicant":"b3","at":"2026-01-02","panel":[]}]})",
    // A unit record, a line that fails half-way through its applicants, and one that is not JSON.
    R"({"kind":"unit","schema":1,"org_unit":"oslo/bydel-a","period":"2026"})",
    R"({"kind":"round","schema":1,"round_id":"R-DUP","org_unit":"oslo/y","jurisdiction":"NO-OSL",)"
    R"("applicants":[{"id":"d1","gender":"woman"},{"id":"d2"},{"id":"d1"}]})",
    R"({"kind":"round","schema":1,"round_id":"R-BAD","org_unit":"oslo/y","jurisdiction":"NO-OSL",)"
    R"("applicants":[{"id":"e1"},{"id":"e2","gender":"robot"}]})",
    "{not json",
};

}  // namespace

TEST(Recycle, EveryOrderOfLinesReadsAsFresh) {
  const ingest::Limits limits;
  std::vector<std::size_t> order(kLines.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::size_t compared = 0;
  do {
    ParseOutcome recycled;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const Source src{"f.jsonl", k + 1};
      parse_line_into(kLines[order[k]], src, limits, recycled);
      const ParseOutcome fresh = parse_line(kLines[order[k]], src, limits);
      ASSERT_EQ(describe(recycled), describe(fresh)) << "line " << order[k] << " after line "
                                                     << (k ? order[k - 1] : 99);
      ++compared;
    }
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(compared, 5040u * 7u);
}

TEST(Recycle, TheFirstRepeatedApplicantIdIsReported) {
  const ingest::Limits limits;
  // d1 repeats at index 3, d2 at index 4: index 3 is named, as a set filled in order finds it.
  const std::string line =
      R"({"kind":"round","schema":1,"round_id":"R","org_unit":"u","jurisdiction":"SE","applicants":)"
      R"([{"id":"d2"},{"id":"d1"},{"id":"x"},{"id":"d1"},{"id":"d2"},{"id":"d1"}]})";
  const ParseOutcome o = parse_line(line, Source{"f", 1}, limits);
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->path, "applicants[3].id");
  EXPECT_EQ(o.error->kind, "duplicate");
  // And an interview naming an id the round does not have.
  const ParseOutcome iv = parse_line(
      R"({"kind":"round","schema":1,"round_id":"R","org_unit":"u","jurisdiction":"SE","applicants":[{"id":"a"},{"id":"c"}],)"
      R"("interviews":[{"applicant":"c","at":"2026-01-01"},{"applicant":"b","at":"2026-01-01"}]})",
      Source{"f", 1}, limits);
  ASSERT_TRUE(iv.error);
  EXPECT_EQ(iv.error->path, "interviews[1].applicant");
}

TEST(Recycle, TheBundledExportsReadAsFreshInAnyOrder) {
  const ingest::Limits limits;
  for (const char* name : {"oslo", "diversity"}) {
    std::ifstream in(std::string(FAIRAUDIT_SOURCE_DIR) + "/fixtures/" + name + "/export.jsonl");
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) lines.push_back(l);
    ASSERT_GT(lines.size(), 10u) << name;
    for (int pass = 0; pass < 2; ++pass) {
      ParseOutcome recycled;
      for (std::size_t k = 0; k < lines.size(); ++k) {
        const Source src{name, k + 1};
        parse_line_into(lines[k], src, limits, recycled);
        ASSERT_EQ(describe(recycled), describe(parse_line(lines[k], src, limits))) << name << " line " << k + 1;
      }
      std::reverse(lines.begin(), lines.end());
    }
  }
}

// Parsing a line where it stands (the batch's own buffer, NUL-terminated)
// gives what parsing a copy gives, errors included, and leaves `raw` alone.
TEST(Recycle, ParsingInPlaceReadsAsACopy) {
  const ingest::Limits limits;
  std::vector<std::string> lines = kLines;
  lines.push_back(R"({"kind":"round","schema":1,"round_id":"R-\u00c5","org_unit":"oslo/\u00f8st","jurisdiction":"NO-OSL",)"
                  R"("applicants":[{"id":"a\"1","events":[{"type":"applied","at":"2026-01-02","reason_code":"x\/y"}]}]})");
  lines.push_back(std::string("{\"kind\":\"round\",\"schema\":1,\"round_id\":\"R\0X\"}", 41));
  for (std::ifstream in(std::string(FAIRAUDIT_SOURCE_DIR) + "/fixtures/oslo/export.jsonl"); in;) {
    std::string l;
    if (std::getline(in, l) && !l.empty()) lines.push_back(l);
  }
  ParseOutcome recycled;
  recycled.raw = "kept";
  for (std::size_t k = 0; k < lines.size(); ++k) {
    std::vector<char> buffer(lines[k].begin(), lines[k].end());
    buffer.push_back('\0');
    const Source src{"f.jsonl", k + 1};
    parse_line_in_place(buffer.data(), lines[k].size(), src, limits, recycled);
    ASSERT_EQ(describe(recycled), describe(parse_line(lines[k], src, limits))) << "line " << k;
    EXPECT_EQ(recycled.raw, "kept");
  }
}
