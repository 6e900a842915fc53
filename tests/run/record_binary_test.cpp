// The binary form of a parsed record that an isolated run sends each plugin
// process instead of the line (codec/record_binary.hpp): every field of every
// kind of record comes back equal — on generated records whose every field is
// set to a value other than its default, and on every record of the fixtures
// — and bytes the writer does not write are refused, never read past. And
// the other form a round takes to them, laid out in place in shared memory.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <new>
#include <fstream>
#include <random>
#include <string>

#include "codec/limits.hpp"
#include "codec/record_binary.hpp"
#include "ingest/record.hpp"
#include "run/round_in_place.hpp"
#include "test_paths.hpp"

using namespace fairaudit;
namespace fs = std::filesystem;

namespace {

// Field by field, each field named here independently of the codec, so a
// field the codec forgot shows as a difference.
void expect_same(const Source& a, const Source& b) {
  EXPECT_EQ(a.file, b.file);
  EXPECT_EQ(a.line, b.line);
}
void expect_same(const Round& a, const Round& b) {
  expect_same(a.source, b.source);
  EXPECT_EQ(a.round_id, b.round_id);
  EXPECT_EQ(a.org_unit, b.org_unit);
  EXPECT_EQ(a.jurisdiction, b.jurisdiction);
  EXPECT_EQ(a.position.title_code, b.position.title_code);
  EXPECT_EQ(a.position.openings, b.position.openings);
  EXPECT_EQ(a.position.internal_only, b.position.internal_only);
  EXPECT_EQ(a.position.reserved_for, b.position.reserved_for);
  EXPECT_EQ(a.advertised_at, b.advertised_at);
  EXPECT_EQ(a.closes_at, b.closes_at);
  EXPECT_EQ(a.requirements_documented_at, b.requirements_documented_at);
  EXPECT_EQ(a.recommendation_at, b.recommendation_at);
  EXPECT_EQ(a.decision_at, b.decision_at);
  EXPECT_EQ(a.decision_reason, b.decision_reason);
  ASSERT_EQ(a.applicants.size(), b.applicants.size());
  for (std::size_t i = 0; i < a.applicants.size(); ++i) {
    const Applicant &x = a.applicants[i], &y = b.applicants[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.gender, y.gender);
    EXPECT_EQ(x.self_id.immigrant_background, y.self_id.immigrant_background);
    EXPECT_EQ(x.self_id.disability, y.self_id.disability);
    EXPECT_EQ(x.self_id.cv_gap, y.self_id.cv_gap);
    EXPECT_EQ(x.self_id.priority_access, y.self_id.priority_access);
    EXPECT_EQ(x.age_band, y.age_band);
    EXPECT_EQ(x.assessment.outcome, y.assessment.outcome);
    EXPECT_EQ(x.assessment.rank, y.assessment.rank);
    EXPECT_EQ(x.assessment.equally_qualified_with_top, y.assessment.equally_qualified_with_top);
    EXPECT_EQ(x.assessment.meets_formal_requirements, y.assessment.meets_formal_requirements);
    ASSERT_EQ(x.events.size(), y.events.size());
    for (std::size_t j = 0; j < x.events.size(); ++j) {
      EXPECT_EQ(x.events[j].type, y.events[j].type);
      EXPECT_EQ(x.events[j].at, y.events[j].at);
      EXPECT_EQ(x.events[j].reason_code, y.events[j].reason_code);
    }
    EXPECT_EQ(x.referred_by_jobcenter, y.referred_by_jobcenter);
  }
  ASSERT_EQ(a.interviews.size(), b.interviews.size());
  for (std::size_t i = 0; i < a.interviews.size(); ++i) {
    EXPECT_EQ(a.interviews[i].applicant, b.interviews[i].applicant);
    EXPECT_EQ(a.interviews[i].at, b.interviews[i].at);
    ASSERT_EQ(a.interviews[i].panel.size(), b.interviews[i].panel.size());
    for (std::size_t j = 0; j < a.interviews[i].panel.size(); ++j) {
      EXPECT_EQ(a.interviews[i].panel[j].role, b.interviews[i].panel[j].role);
      EXPECT_EQ(a.interviews[i].panel[j].gender, b.interviews[i].panel[j].gender);
    }
  }
  ASSERT_EQ(a.representative.has_value(), b.representative.has_value());
  if (a.representative) {
    EXPECT_EQ(a.representative->appointed, b.representative->appointed);
    EXPECT_EQ(a.representative->role, b.representative->role);
    ASSERT_EQ(a.representative->events.size(), b.representative->events.size());
    for (std::size_t j = 0; j < a.representative->events.size(); ++j) {
      EXPECT_EQ(a.representative->events[j].type, b.representative->events[j].type);
      EXPECT_EQ(a.representative->events[j].at, b.representative->events[j].at);
      EXPECT_EQ(a.representative->events[j].agrees, b.representative->events[j].agrees);
    }
  }
  ASSERT_EQ(a.documents.size(), b.documents.size());
  for (std::size_t i = 0; i < a.documents.size(); ++i) {
    EXPECT_EQ(a.documents[i].type, b.documents[i].type);
    EXPECT_EQ(a.documents[i].at, b.documents[i].at);
    EXPECT_EQ(a.documents[i].sent_to, b.documents[i].sent_to);
    EXPECT_EQ(a.documents[i].equality_statement, b.documents[i].equality_statement);
  }
  EXPECT_EQ(a.coverage.recorded, b.coverage.recorded);
}
void expect_same(const UnitRecord& a, const UnitRecord& b) {
  expect_same(a.source, b.source);
  EXPECT_EQ(a.org_unit, b.org_unit);
  EXPECT_EQ(a.period, b.period);
  ASSERT_EQ(a.representative_routine.has_value(), b.representative_routine.has_value());
  if (a.representative_routine) {
    EXPECT_EQ(a.representative_routine->documented, b.representative_routine->documented);
    EXPECT_EQ(a.representative_routine->version, b.representative_routine->version);
  }
  ASSERT_EQ(a.meetings.size(), b.meetings.size());
  for (std::size_t i = 0; i < a.meetings.size(); ++i) {
    EXPECT_EQ(a.meetings[i].type, b.meetings[i].type);
    EXPECT_EQ(a.meetings[i].at, b.meetings[i].at);
    EXPECT_EQ(a.meetings[i].roles, b.meetings[i].roles);
    EXPECT_EQ(a.meetings[i].tags, b.meetings[i].tags);
  }
  EXPECT_EQ(a.coverage.recorded, b.coverage.recorded);
}
void expect_same(const MeasuresRecord& a, const MeasuresRecord& b) {
  expect_same(a.source, b.source);
  EXPECT_EQ(a.employer, b.employer);
  EXPECT_EQ(a.year, b.year);
  EXPECT_EQ(a.employees, b.employees);
  EXPECT_EQ(a.area, b.area);
  EXPECT_EQ(a.steps.investigate, b.steps.investigate);
  EXPECT_EQ(a.steps.analyse, b.steps.analyse);
  EXPECT_EQ(a.steps.act, b.steps.act);
  EXPECT_EQ(a.steps.follow_up, b.steps.follow_up);
  EXPECT_EQ(a.grounds_covered, b.grounds_covered);
  EXPECT_EQ(a.cooperation_documented, b.cooperation_documented);
  EXPECT_EQ(a.documentation.written, b.documentation.written);
  EXPECT_EQ(a.documentation.at, b.documentation.at);
  EXPECT_EQ(a.documentation.previous_year_evaluated, b.documentation.previous_year_evaluated);
  EXPECT_EQ(a.coverage.recorded, b.coverage.recorded);
}
void expect_same(const ingest::Record& a, const ingest::Record& b) {
  ASSERT_EQ(a.index(), b.index());
  std::visit([&](const auto& x) { expect_same(x, std::get<std::decay_t<decltype(x)>>(b)); }, a);
}

// Writes, reads back into `into` (which may hold an earlier record) and
// compares.
void round_trip(const ingest::Record& rec, ingest::Record& into) {
  std::string bytes;
  codec::write_record(bytes, rec);
  codec::read_record(bytes.data(), bytes.data() + bytes.size(), into);
  expect_same(rec, into);
}

// Random records with every field set, most of them away from their defaults.
struct Gen {
  std::mt19937 rng;
  int longest = 12;  // texts are shorter than this
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  bool coin() { return pick(2) == 1; }
  std::string text() {
    std::string s(std::size_t(pick(longest)), 'a');
    for (auto& c : s) c = char(pick(256));  // any byte, NUL included
    return s;
  }
  Timestamp time() {
    const int days = pick(40000) - 5000;
    return coin() ? Timestamp::from_days(days) : Timestamp::from_days_seconds(days, pick(86400));
  }
  std::optional<Timestamp> maybe_time() { return pick(3) ? std::optional(time()) : std::nullopt; }
  std::optional<bool> maybe_bool() { return pick(3) ? std::optional(coin()) : std::nullopt; }
  std::vector<std::string> texts() {
    std::vector<std::string> v(std::size_t(pick(4)));
    for (auto& s : v) s = text();
    return v;
  }
  Source source() { return {text(), std::uint64_t(rng()) << 20 | rng()}; }

  Round round() {
    Round r;
    r.source = source();
    r.round_id = text();
    r.org_unit = text();
    r.jurisdiction = Jurisdiction(pick(5));
    r.position = {text(), pick(1000) - 10, coin(), text()};
    for (auto* t : {&r.advertised_at, &r.closes_at, &r.requirements_documented_at, &r.recommendation_at, &r.decision_at})
      *t = maybe_time();
    r.decision_reason = text();
    r.applicants.resize(std::size_t(pick(6)));
    for (auto& a : r.applicants) {
      a.id = text();
      a.gender = Gender(pick(5));
      a.self_id = {Answer(pick(5)), Answer(pick(5)), Answer(pick(5)), Answer(pick(5))};
      a.age_band = text();
      a.assessment.outcome = Outcome(pick(3));
      if (coin()) a.assessment.rank = pick(100) - 3;
      a.assessment.equally_qualified_with_top = maybe_bool();
      a.assessment.meets_formal_requirements = maybe_bool();
      a.events.resize(std::size_t(pick(5)));
      for (auto& e : a.events) e = {Stage(pick(kStageCount)), time(), text()};
      a.referred_by_jobcenter = coin();
    }
    r.interviews.resize(std::size_t(pick(3)));
    for (auto& i : r.interviews) {
      i.applicant = text();
      i.at = time();
      i.panel.resize(std::size_t(pick(4)));
      for (auto& m : i.panel) m = {text(), Gender(pick(5))};
    }
    if (pick(4)) {
      r.representative.emplace();
      r.representative->appointed = coin();
      r.representative->role = text();
      r.representative->events.resize(std::size_t(pick(4)));
      for (auto& e : r.representative->events) e = {RepEventType(pick(7)), time(), maybe_bool()};
    }
    r.documents.resize(std::size_t(pick(4)));
    for (auto& d : r.documents) d = {text(), maybe_time(), texts(), maybe_bool()};
    r.coverage.recorded = std::uint32_t(rng());
    return r;
  }
  UnitRecord unit() {
    UnitRecord u;
    u.source = source();
    u.org_unit = text();
    u.period = text();
    if (pick(3)) u.representative_routine = RoutineInfo{coin(), text()};
    u.meetings.resize(std::size_t(pick(4)));
    for (auto& m : u.meetings) m = {text(), time(), texts(), texts()};
    u.coverage.recorded = std::uint32_t(rng());
    return u;
  }
  MeasuresRecord measures() {
    MeasuresRecord m;
    m.source = source();
    m.employer = text();
    m.year = pick(3000);
    m.employees = pick(100000) - 1;
    m.area = text();
    m.steps = {maybe_time(), maybe_time(), maybe_time(), maybe_time()};
    m.grounds_covered = texts();
    m.cooperation_documented = coin();
    m.documentation = {coin(), maybe_time(), maybe_bool()};
    m.coverage.recorded = std::uint32_t(rng());
    return m;
  }
  ingest::Record any() {
    switch (pick(3)) {
      case 0: return round();
      case 1: return unit();
      default: return measures();
    }
  }
};

TEST(RecordBinary, GeneratedRecordsComeBackEqualFieldByField) {
  Gen g{std::mt19937(20261202)};
  ingest::Record reused;  // each read into the record of the one before, as the plugin process does
  for (int i = 0; i < 2000; ++i) {
    const ingest::Record rec = g.any();
    round_trip(rec, reused);
    ingest::Record fresh;
    round_trip(rec, fresh);
    if (HasFatalFailure() || HasNonfatalFailure()) FAIL() << "record " << i;
  }
}

TEST(RecordBinary, EveryFixtureRecordComesBackEqual) {
  std::size_t records = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(FAIRAUDIT_SOURCE_DIR) / "fixtures")) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    std::string line;
    ingest::Record reused;
    for (std::uint64_t n = 1; std::getline(in, line); ++n) {
      const auto parsed = ingest::parse_line(line, Source{e.path().string(), n}, ingest::Limits{});
      if (!parsed.record) continue;
      ++records;
      round_trip(*parsed.record, reused);
      if (HasFailure()) FAIL() << e.path() << ":" << n;
    }
  }
  EXPECT_GT(records, 50u);  // the fixtures were found and read (98 records in 9 files)
}

TEST(RecordBinary, CutOrCorruptBytesAreRefused) {
  Gen g{std::mt19937(7)};
  for (int i = 0; i < 200; ++i) {
    std::string bytes;
    codec::write_record(bytes, g.any());
    ingest::Record out;
    // Every shorter prefix is refused.
    for (std::size_t n = 0; n < bytes.size(); n += 1 + bytes.size() / 50)
      EXPECT_THROW(codec::read_record(bytes.data(), bytes.data() + n, out), codec::CodecError);
    // A byte more, another version, another kind.
    std::string more = bytes + "x";
    EXPECT_THROW(codec::read_record(more.data(), more.data() + more.size(), out), codec::CodecError);
    std::string version = bytes;
    version[0] = char(codec::kRecordBinaryVersion + 1);
    EXPECT_THROW(codec::read_record(version.data(), version.data() + version.size(), out), codec::CodecError);
    std::string kind = bytes;
    kind[1] = 3;
    EXPECT_THROW(codec::read_record(kind.data(), kind.data() + kind.size(), out), codec::CodecError);
    // Any byte flipped: refused or read, never read past the end (the
    // sanitizer builds check that).
    for (std::size_t at = 0; at < bytes.size(); at += 1 + bytes.size() / 20) {
      std::string flipped = bytes;
      flipped[at] = char(flipped[at] ^ 0xA5);
      try {
        codec::read_record(flipped.data(), flipped.data() + flipped.size(), out);
      } catch (const codec::CodecError&) {
      }
    }
  }
}

}  // namespace

// A round laid out in place for the plugin processes (run/round_in_place.hpp)
// reads back equal field by field, and every string's and vector's bytes lie
// inside its block: a pointer into the host's heap would be read in another
// process as whatever that process has there. Generated rounds with texts
// both shorter and longer than a string keeps in itself, and every round of
// the fixtures; each laid out in exactly placed_size() bytes, over the round
// laid out there before.
namespace {
struct Block {
  const char* begin;
  const char* end;
  bool holds(const void* p, std::size_t n) const {
    const char* c = static_cast<const char*>(p);
    return n == 0 || (c >= begin && c + n <= end);
  }
};
void expect_inside(const Block& b, const std::string& s) {
  EXPECT_TRUE(b.holds(s.data(), s.size() + 1)) << "a string of " << s.size() << " bytes outside the block";
}
template <typename T>
void expect_inside(const Block& b, const std::vector<T>& v) {
  EXPECT_TRUE(b.holds(v.data(), v.size() * sizeof(T))) << "a vector's items outside the block";
}
void expect_inside(const Block& b, const Round& r) {
  for (const auto* s : {&r.source.file, &r.round_id, &r.org_unit, &r.position.title_code, &r.position.reserved_for,
                        &r.decision_reason})
    expect_inside(b, *s);
  expect_inside(b, r.applicants);
  for (const auto& a : r.applicants) {
    expect_inside(b, a.id);
    expect_inside(b, a.age_band);
    expect_inside(b, a.events);
    for (const auto& e : a.events) expect_inside(b, e.reason_code);
  }
  expect_inside(b, r.interviews);
  for (const auto& i : r.interviews) {
    expect_inside(b, i.applicant);
    expect_inside(b, i.panel);
    for (const auto& m : i.panel) expect_inside(b, m.role);
  }
  if (r.representative) {
    expect_inside(b, r.representative->role);
    expect_inside(b, r.representative->events);
  }
  expect_inside(b, r.documents);
  for (const auto& d : r.documents) {
    expect_inside(b, d.type);
    expect_inside(b, d.sent_to);
    for (const auto& s : d.sent_to) expect_inside(b, s);
  }
}
// Lays `r` out in `block` (grown as needed) and checks the result.
void place_and_compare(const Round& r, std::vector<std::uint64_t>& block) {
  const std::size_t n = run::placed_size(r);
  ASSERT_EQ(n % 8, 0u);
  if (block.size() < n / 8) block.resize(n / 8);
  char* at = reinterpret_cast<char*>(block.data());
  const Round& placed = run::place_round(at, n, r);
  ASSERT_EQ(static_cast<const void*>(&placed), static_cast<const void*>(at));
  expect_same(r, placed);
  expect_inside(Block{at, at + n}, placed);
  // placed_size() is exact: 8 bytes less is refused, never written past.
  EXPECT_THROW(run::place_round(at, n - 8, r), std::length_error);
}
}  // namespace

TEST(RoundInPlace, ThisBuildLaysRoundsOut) {
  // Else every isolated run sends rounds in the codec's form, correct but
  // slower (see bench/README.md): a change of compiler or library shows here.
  EXPECT_TRUE(run::rounds_can_be_placed());
}

TEST(RoundInPlace, GeneratedRoundsReadBackEqualAndLieInsideTheirBlock) {
  if (!run::rounds_can_be_placed()) GTEST_SKIP() << "this build does not lay rounds out";
  Gen g{std::mt19937(20261207), 40};
  std::vector<std::uint64_t> block;
  std::size_t long_strings = 0;
  for (int i = 0; i < 2000; ++i) {
    const Round r = g.round();
    long_strings += r.round_id.size() > 15;
    place_and_compare(r, block);
    if (HasFailure()) FAIL() << "round " << i;
  }
  EXPECT_GT(long_strings, 500u);  // both kinds of string were laid out
}

TEST(RoundInPlace, EveryFixtureRoundReadsBackEqual) {
  if (!run::rounds_can_be_placed()) GTEST_SKIP() << "this build does not lay rounds out";
  std::size_t rounds = 0;
  std::vector<std::uint64_t> block;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(FAIRAUDIT_SOURCE_DIR) / "fixtures")) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    std::string line;
    for (std::uint64_t n = 1; std::getline(in, line); ++n) {
      const auto parsed = ingest::parse_line(line, Source{e.path().string(), n}, ingest::Limits{});
      const Round* r = parsed.record ? std::get_if<Round>(&*parsed.record) : nullptr;
      if (!r) continue;
      ++rounds;
      place_and_compare(*r, block);
      if (HasFailure()) FAIL() << e.path() << ":" << n;
    }
  }
  EXPECT_GT(rounds, 40u);
}

// What a plugin process reads of a laid-out round is the round's values and
// the block's own pointers, nothing else: not what the ring held before (the
// block is zeroed first) and not the bytes between the host's members (its
// padding, here planted as 0xA5 in the round's own storage and its
// optionals), which could hold anything the host's memory held before.
TEST(RoundInPlace, ALaidOutRoundCarriesNoOtherBytes) {
  if (!run::rounds_can_be_placed()) GTEST_SKIP() << "this build does not lay rounds out";
  alignas(Round) unsigned char storage[sizeof(Round)];
  std::memset(storage, 0xA5, sizeof storage);
  Round& r = *new (storage) Round();
  r.source = {"export.jsonl", 7};
  r.round_id = "R-1";
  r.org_unit = std::string(40, 'x');
  r.jurisdiction = Jurisdiction::no_oslo;
  r.position = {"T-1", 2, true, ""};
  r.advertised_at = Timestamp::from_days(20000);
  r.decision_at = Timestamp::from_days_seconds(20010, 3600);
  Applicant& a = r.applicants.emplace_back();
  a.id = "A-1";
  a.assessment.rank = 1;
  a.events.push_back({Stage::applied, Timestamp::from_days(19990), std::string(20, 'y')});
  r.representative.emplace();
  r.representative->events.push_back({RepEventType::invited, Timestamp::from_days(19991), true});
  r.documents.push_back({"recommendation", Timestamp::from_days(19996), {"union"}, false});
  const std::size_t n = run::placed_size(r);
  std::vector<std::uint64_t> block(n / 8, ~std::uint64_t(0));  // what the ring held before: 0xFF
  const char* begin = reinterpret_cast<const char*>(block.data());
  run::place_round(reinterpret_cast<char*>(block.data()), n, r);
  std::size_t pointers = 0;
  for (std::size_t i = 0; i < block.size(); ++i) {
    const auto word = block[i];
    if (word >= std::uint64_t(reinterpret_cast<std::uintptr_t>(begin)) &&
        word <= std::uint64_t(reinterpret_cast<std::uintptr_t>(begin + n))) {
      ++pointers;  // into the block: a string's or a vector's
      continue;
    }
    for (int b = 0; b < 8; ++b) {
      const auto byte = std::uint8_t(word >> (8 * b));
      EXPECT_NE(byte, 0xA5) << "a byte of the host's padding at " << i * 8 + b;
    }
    if (word == ~std::uint64_t(0)) ADD_FAILURE() << "8 bytes of what the block held before at " << i * 8;
  }
  EXPECT_GT(pointers, 10u);
  r.~Round();
}
