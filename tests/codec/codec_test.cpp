// The evidence codec: what goes out through the JSON form (store) or the
// binary form (spill, isolation wire) comes back bit for bit, for every kind,
// nested to the depth limit, with NUL bytes in strings and the extreme reals;
// what is outside the limits is refused with a clear CodecError on the way
// out and on the way in; and the JSON a store holds keeps its layout.
#include <gtest/gtest.h>

#include "support/evidence_dump.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "codec/evidence_binary.hpp"
#include "codec/evidence_json.hpp"
#include "common/enums.hpp"
#include "common/json.hpp"
#include "run/wire.hpp"
#include "store/codec.hpp"

using namespace fairaudit;
using K = EvidenceValue::Kind;

namespace {

using fairaudit::testing::dump;

std::string to_binary(const Evidence& e) {
  std::string out;
  codec::BinaryWriter(out).evidence(e);
  return out;
}

Evidence from_binary(const std::string& bytes) {
  codec::BinaryReader r(bytes.data(), bytes.data() + bytes.size());
  Evidence e = r.evidence();
  EXPECT_TRUE(r.at_end());
  return e;
}

double bits_to_double(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

// Random evidence of every kind. `json_safe`: NaN only as the one NaN the
// JSON form writes (it keeps NaN, not a NaN's sign or payload).
class Shapes {
 public:
  explicit Shapes(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next(std::uint64_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state_ >> 33) % n;
  }
  std::uint64_t bits() { return (next(1u << 31) << 33) ^ (next(1u << 31) << 2) ^ next(4); }

  double real(bool json_safe) {
    static const double special[] = {0.0,
                                     -0.0,
                                     5e-324,
                                     -5e-324,
                                     2.2250738585072014e-308,
                                     std::numeric_limits<double>::max(),
                                     -std::numeric_limits<double>::max(),
                                     std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity(),
                                     std::numeric_limits<double>::quiet_NaN(),
                                     0.1 + 0.2,
                                     1.0 / 3,
                                     9007199254740993.0,
                                     1e23};
    if (next(3) == 0) return special[next(std::size(special))];
    const double d = bits_to_double(bits());
    if (std::isnan(d) && json_safe) return std::numeric_limits<double>::quiet_NaN();
    return d;
  }

  std::string text() {
    std::string s;
    for (auto n = next(12); n > 0; --n) {
      switch (next(5)) {
        case 0: s += '\0'; break;
        case 1: s += "\xC3\xA6"; break;  // æ
        case 2: s += "\"\\/\n\t"; break;
        case 3: s += char(1 + next(31)); break;
        default: s += char('a' + next(26)); break;
      }
    }
    return s;
  }

  Timestamp date() {
    static const std::int32_t first = Timestamp::from_ymd(0, 1, 1)->days() - 1;
    static const std::int32_t last = Timestamp::from_ymd(9999, 12, 31)->days() + 1;
    const std::int32_t edges[] = {first, first + 1, last - 1, last, 0, 20533};
    const std::int32_t days = next(4) == 0 ? edges[next(std::size(edges))]
                                           : first + std::int32_t(next(std::uint64_t(last - first + 1)));
    const std::int32_t seconds = next(3) == 0 ? -1 : std::int32_t(next(86'400));
    return Timestamp::from_days_seconds(days, seconds);
  }

  // Nested down to `max_depth` along one path at least when `deep`.
  Evidence evidence(int depth, int max_depth, bool json_safe, bool deep = false) {
    Evidence e;
    const auto entries = 1 + next(depth == 0 ? 14 : 4);
    for (std::uint64_t k = 0; k < entries; ++k) {
      std::string key = next(5) == 0 ? text() : "k" + std::to_string(k);
      const std::uint64_t kind = deep && k == 0 && depth < max_depth ? 11 + next(2) : next(depth < max_depth ? 13 : 11);
      switch (K(kind)) {
        case K::null: e.null(key); break;
        case K::boolean: e.boolean(key, next(2) == 1); break;
        case K::count: e.count(key, std::int64_t(bits())); break;
        case K::number:
          e.number(key, next(2) ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max());
          break;
        case K::rate: e.rate(key, real(json_safe)); break;
        case K::ratio: e.ratio(key, real(json_safe)); break;
        case K::p_value: e.p_value(key, real(json_safe)); break;
        case K::statistic: e.statistic(key, real(json_safe)); break;
        case K::real: e.real(key, real(json_safe)); break;
        case K::text: e.text(key, text()); break;
        case K::date: e.date(key, date()); break;
        case K::object: e.object(key, evidence(depth + 1, max_depth, json_safe, deep && k == 0)); break;
        case K::list: {
          std::vector<Evidence> items;
          for (auto n = next(4); n > 0; --n) items.push_back(evidence(depth + 1, max_depth, json_safe));
          if (deep && k == 0) items.push_back(evidence(depth + 1, max_depth, json_safe, true));
          e.list(key, std::move(items));
          break;
        }
      }
    }
    return e;
  }

 private:
  std::uint64_t state_;
};

Evidence nested(int levels) {
  Evidence e;
  e.count("n", 1);
  for (int i = 0; i < levels; ++i) {
    Evidence outer;
    if (i % 2) outer.object("o", e);
    else outer.list("l", {e});
    e = outer;
  }
  return e;
}

void expect_codec_error(const std::function<void()>& f, const std::string& says) {
  try {
    f();
    ADD_FAILURE() << "accepted; expected an error saying \"" << says << "\"";
  } catch (const codec::CodecError& e) {
    EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(EvidenceCodec, JsonRoundTripIsExact) {
  Shapes s(1);
  for (int i = 0; i < 400; ++i) {
    const Evidence e = s.evidence(0, 3, true, i % 10 == 0);
    const std::string json = codec::evidence_to_json(e);
    const Evidence back = codec::evidence_from_json(json);
    ASSERT_EQ(dump(back), dump(e)) << json;
    EXPECT_EQ(codec::evidence_to_json(back), json);
  }
}

TEST(EvidenceCodec, BinaryRoundTripIsExactForEveryBitPattern) {
  Shapes s(2);
  for (int i = 0; i < 400; ++i) {
    const Evidence e = s.evidence(0, 3, false, i % 10 == 0);
    const std::string bytes = to_binary(e);
    const Evidence back = from_binary(bytes);
    ASSERT_EQ(dump(back), dump(e));
    EXPECT_EQ(to_binary(back), bytes);
  }
}

// The answers of plugin processes and the spilled findings are written in
// two passes (counted, then copied into one resize): the bytes are the same
// as the field-at-a-time writer's, appended after what the output held, and
// evidence the codec refuses leaves the output as it was.
TEST(EvidenceCodec, TheTwoPassWriterWritesTheSameBytes) {
  Shapes s(12);
  for (int i = 0; i < 300; ++i) {
    const Evidence e = s.evidence(0, 3, false, i % 10 == 0);
    std::string out = "frame";
    codec::write_counted(out, [&](auto& w) {
      w.str("key");
      w.evidence(e);
      w.raw(std::uint32_t(i));
    });
    std::string expected = "frame";
    codec::BinaryWriter w(expected);
    w.str("key");
    w.evidence(e);
    w.raw(std::uint32_t(i));
    ASSERT_EQ(out, expected) << i;
  }
  Evidence too_long;
  too_long.text("t", std::string(codec::kMaxStringBytes + 1, 'x'));
  std::string out = "kept";
  expect_codec_error([&] { codec::write_counted(out, [&](auto& w) { w.evidence(too_long); }); }, "bytes (at most");
  EXPECT_EQ(out, "kept");
}

TEST(EvidenceCodec, JsonAndBinaryCarryTheSameEvidence) {
  Shapes s(3);
  for (int i = 0; i < 200; ++i) {
    const Evidence e = s.evidence(0, 3, true);
    EXPECT_EQ(dump(from_binary(to_binary(codec::evidence_from_json(codec::evidence_to_json(e))))), dump(e));
  }
}

TEST(EvidenceCodec, NestingUpToTheLimitComesBackAndDeeperIsRefused) {
  const Evidence at_limit = nested(codec::kMaxDepth);
  EXPECT_EQ(dump(codec::evidence_from_json(codec::evidence_to_json(at_limit))), dump(at_limit));
  EXPECT_EQ(dump(from_binary(to_binary(at_limit))), dump(at_limit));
  Shapes s(4);
  const Evidence random_at_limit = s.evidence(0, codec::kMaxDepth, true, true);
  EXPECT_EQ(dump(codec::evidence_from_json(codec::evidence_to_json(random_at_limit))), dump(random_at_limit));

  const Evidence too_deep = nested(codec::kMaxDepth + 1);
  expect_codec_error([&] { codec::evidence_to_json(too_deep); }, "nested deeper than 64");
  expect_codec_error([&] { to_binary(too_deep); }, "nested deeper than 64");

  // What a faulty writer could have made: refused on reading too.
  std::string json;
  for (int i = 0; i <= codec::kMaxDepth; ++i) json += R"([{"key":"o","kind":"object","value":)";
  json += "[]";
  for (int i = 0; i <= codec::kMaxDepth; ++i) json += "}]";
  expect_codec_error([&] { codec::evidence_from_json(json); }, "nested deeper than 64");
  std::string bytes;
  for (int i = 0; i <= codec::kMaxDepth; ++i) {
    bytes.append("\x01\0\0\0\x01\0\0\0o\x0b", 10);
  }
  bytes.append(4, '\0');
  expect_codec_error([&] { from_binary(bytes); }, "nested deeper than 64");
}

TEST(EvidenceCodec, OtherLimitsAreRefusedWithTheirReason) {
  Evidence long_text;
  long_text.text("t", std::string(codec::kMaxStringBytes + 1, 'x'));
  expect_codec_error([&] { codec::evidence_to_json(long_text); }, "bytes (at most");
  expect_codec_error([&] { to_binary(long_text); }, "bytes (at most");

  Evidence late;
  late.date("d", Timestamp::from_days_seconds(Timestamp::from_ymd(9999, 12, 31)->days() + 2, -1));
  expect_codec_error([&] { codec::evidence_to_json(late); }, "outside the years 0000 to 9999");
  expect_codec_error([&] { to_binary(late); }, "outside the years 0000 to 9999");
  Evidence bad_time;
  bad_time.date("d", Timestamp::from_days_seconds(0, 86'400));
  expect_codec_error([&] { codec::evidence_to_json(bad_time); }, "outside the years");

  // A count in the binary form that promises more than the bytes hold.
  std::string bytes("\xff\xff\xff\x00", 4);
  expect_codec_error([&] { from_binary(bytes); }, "cut short");
  std::string too_many("\xff\xff\xff\x7f", 4);
  expect_codec_error([&] { from_binary(too_many); }, "entries or items");
}

TEST(EvidenceCodec, JsonThatDoesNotMatchItsKindIsRefused) {
  for (const char* json : {
           R"([{"key":"n","kind":"count","value":"many"}])",
           R"([{"key":"n","kind":"count","value":1e300}])",
           R"([{"key":"n","kind":"count","value":18446744073709551615}])",
           R"([{"key":"n","kind":"colour","value":1}])",
           R"([{"key":"n","kind":"null","value":0}])",
           R"([{"key":"b","kind":"boolean","value":1}])",
           R"([{"key":"t","kind":"text","value":0.8}])",
           R"([{"key":"d","kind":"date","value":"2026-02-30"}])",
           R"([{"key":"d","kind":"date","value":[2147483647,0]}])",
           R"([{"key":"d","kind":"date","value":[20533]}])",
           R"([{"key":"o","kind":"object","value":7}])",
           R"([{"key":"l","kind":"list","value":[7]}])",
           R"([{"key":"n","kind":"count"}])",
           R"([["n",2,5]])",
           R"({"n":5})",
           R"([{"key":"n","kind":"count","value":5})",
       })
    EXPECT_THROW(codec::evidence_from_json(json), codec::CodecError) << json;
}

// The layout of the store's evidence column, as stores written by every
// earlier version hold it: written the same, byte for byte, and read back.
TEST(EvidenceCodec, TheStoreLayoutIsKept) {
  Evidence inner;
  inner.count("applied", 12).rate("rate", 0.25);
  Evidence e;
  e.null("none")
      .boolean("documented", true)
      .count("invited", 7)
      .number("days", -3)
      .ratio("ratio", std::numeric_limits<double>::infinity())
      .p_value("p", std::nan(""))
      .statistic("z", -1.96)
      .real("third", 1.0 / 3)
      .text("group", std::string("wo\0man", 6))
      .date("decided", *Timestamp::parse("2026-03-21"))
      .date("sent", *Timestamp::parse("2026-03-21T09:30:00+01:00"))
      .object("women", inner)
      .list("groups", {inner, Evidence{}});
  const std::string stored =
      R"([{"key":"none","kind":"null","value":null},{"key":"documented","kind":"boolean","value":true},)"
      R"({"key":"invited","kind":"count","value":7},{"key":"days","kind":"number","value":-3},)"
      R"({"key":"ratio","kind":"ratio","value":Infinity},{"key":"p","kind":"p_value","value":NaN},)"
      R"({"key":"z","kind":"statistic","value":-1.96},{"key":"third","kind":"real","value":0.3333333333333333},)"
      R"({"key":"group","kind":"text","value":"wo\u0000man"},{"key":"decided","kind":"date","value":"2026-03-21"},)"
      R"({"key":"sent","kind":"date","value":"2026-03-21T08:30:00Z"},)"
      R"({"key":"women","kind":"object","value":[{"key":"applied","kind":"count","value":12},)"
      R"({"key":"rate","kind":"rate","value":0.25}]},)"
      R"({"key":"groups","kind":"list","value":[[{"key":"applied","kind":"count","value":12},)"
      R"({"key":"rate","kind":"rate","value":0.25}],[]]}])";
  EXPECT_EQ(store::evidence_to_json(e), stored);
  EXPECT_EQ(dump(store::evidence_from_json(stored)), dump(e));
}

TEST(EvidenceCodec, WireMessagesComeBackExactly) {
  Shapes s(5);
  run::Reported r;
  for (int i = 0; i < 20; ++i) {
    Check c;
    c.rule = "rule-" + s.text();
    c.scope = Scope(s.next(3));
    c.verdict = Verdict(s.next(4));
    c.round_id = s.text();
    c.evidence = s.evidence(0, 2, true);
    r.checks.push_back(c);
    Finding f;
    f.rule = c.rule;
    if (i % 4) f.severity = Severity(s.next(3));
    f.scope = c.scope;
    f.message = s.text();
    f.evidence = s.evidence(0, 2, true);
    f.applicants = {s.text(), "A-1"};
    r.findings.push_back(f);
  }
  r.counted = {{0, Verdict::breach}, {7, Verdict::insufficient_data}};
  const std::string once = run::encode(r);
  const run::Reported back = run::decode(once);
  EXPECT_EQ(run::encode(back), once);
  EXPECT_EQ(back.counted, r.counted);
  ASSERT_EQ(back.checks.size(), r.checks.size());
  for (std::size_t i = 0; i < r.checks.size(); ++i) {
    EXPECT_EQ(back.checks[i].scope, r.checks[i].scope);
    EXPECT_EQ(back.checks[i].verdict, r.checks[i].verdict);
    EXPECT_EQ(back.checks[i].round_id, r.checks[i].round_id);
    EXPECT_EQ(dump(back.checks[i].evidence), dump(r.checks[i].evidence));
  }
  // Any message cut short is refused, never read past its end.
  for (std::size_t n = 0; n < once.size(); n += 7)
    EXPECT_THROW(run::decode(std::string_view(once).substr(0, n)), std::runtime_error) << n;
  ASSERT_EQ(back.findings.size(), r.findings.size());
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    EXPECT_EQ(back.findings[i].severity, r.findings[i].severity);
    EXPECT_EQ(back.findings[i].applicants, r.findings[i].applicants);
    EXPECT_EQ(dump(back.findings[i].evidence), dump(r.findings[i].evidence));
    EXPECT_EQ(back.checks[i].verdict, r.checks[i].verdict);
    EXPECT_EQ(dump(back.checks[i].evidence), dump(r.checks[i].evidence));
  }
}

// Reals as RapidJSON's writer puts them are read back to the same bits (the
// parse converts the digits itself, without RapidJSON's full-precision
// parser), and the input that made that parser misbehave reads as zero.
TEST(ExactJson, RealsReadBackBitForBit) {
  Shapes s(6);
  for (int i = 0; i < 20'000; ++i) {
    const double d = s.real(true);
    if (!std::isfinite(d)) continue;
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    w.StartArray();
    w.Double(d);
    w.EndArray();
    rapidjson::Document doc;
    ASSERT_FALSE(common::parse_json(sb.GetString(), doc).IsError()) << sb.GetString();
    const double got = doc[0].GetDouble();
    ASSERT_EQ(std::memcmp(&got, &d, sizeof d), 0) << sb.GetString();
  }
  rapidjson::Document doc;
  ASSERT_FALSE(common::parse_json("[0.0e-30, -1e-400, 9223372036854775808, -9223372036854775809, 7]", doc).IsError());
  EXPECT_EQ(doc[0].GetDouble(), 0.0);
  EXPECT_EQ(doc[1].GetDouble(), 0.0);
  EXPECT_TRUE(std::signbit(doc[1].GetDouble()));
  EXPECT_TRUE(doc[2].IsUint64() && !doc[2].IsInt64());
  EXPECT_TRUE(doc[3].IsDouble());
  EXPECT_TRUE(doc[4].IsInt());
  // Too large for a double: refused, as RapidJSON's own parser refuses it.
  EXPECT_TRUE(common::parse_json("[1e400]", doc).IsError());
  EXPECT_TRUE(common::parse_json("[NaN]", doc).IsError()) << "NaN only where asked for";
  EXPECT_FALSE(common::parse_json("[NaN, -Infinity]", doc, {.nan_and_inf = true}).IsError());
  EXPECT_TRUE(std::isnan(doc[0].GetDouble()));
}

TEST(EnumWords, EveryValueGoesBothWays) {
  for (int i = 0; i <= int(Severity::error); ++i)
    EXPECT_EQ(common::severity_from_string(to_string(Severity(i))), Severity(i));
  for (int i = 0; i <= int(Scope::run); ++i) EXPECT_EQ(common::scope_from_string(to_string(Scope(i))), Scope(i));
  for (int i = 0; i <= int(Verdict::insufficient_data); ++i)
    EXPECT_EQ(common::verdict_from_string(to_string(Verdict(i))), Verdict(i));
  for (int i = 0; i <= int(K::list); ++i) EXPECT_EQ(common::kind_from_string(common::to_string(K(i))), K(i));
  for (int i = 0; i <= int(common::BaselineState::absent); ++i)
    EXPECT_EQ(common::baseline_from_string(to_string(common::BaselineState(i))), common::BaselineState(i));
  for (int i = 0; i <= int(common::ReviewState::suppressed); ++i)
    EXPECT_EQ(common::review_state_from_string(to_string(common::ReviewState(i))), common::ReviewState(i));
  // The words the store, the formats and the command line use.
  EXPECT_STREQ(common::to_string(K::p_value), "p_value");
  EXPECT_STREQ(to_string(common::BaselineState::new_), "new");
  EXPECT_STREQ(to_string(common::ReviewState::none), "");
  EXPECT_EQ(common::severity_from_string("off"), std::nullopt);
  EXPECT_EQ(common::review_state_from_string("closed"), std::nullopt);
  EXPECT_FALSE(common::is_reviewed(common::ReviewState::open));
  EXPECT_TRUE(common::is_reviewed(common::ReviewState::suppressed));
}

// A stored run's rule catalogue keeps each rule's indicator role, so that
// `fairaudit report` draws the same per-unit indicators as the audit did;
// a catalogue written before roles existed reads as rules without one.
TEST(RuleCatalogue, KeepsTheIndicatorRoleAndReadsOlderCataloguesAsNone) {
  std::map<std::string, fairaudit::RuleInfo> rules;
  fairaudit::RuleInfo in_time;
  in_time.id = "recommendation-in-time";
  in_time.indicator = fairaudit::Indicator::representative_in_time;
  fairaudit::RuleInfo plain;
  plain.id = "appointed";
  rules["representative-involvement/recommendation-in-time"] = in_time;
  rules["representative-involvement/appointed"] = plain;

  const std::string json = fairaudit::store::catalogue_to_json(rules);
  const auto back = fairaudit::store::catalogue_from_json(json);
  EXPECT_EQ(back.at("representative-involvement/recommendation-in-time").indicator,
            fairaudit::Indicator::representative_in_time);
  EXPECT_EQ(back.at("representative-involvement/appointed").indicator, fairaudit::Indicator::none);
  // A rule without a role is written as before: no key for it.
  EXPECT_EQ(json.find("indicator"), json.rfind("indicator"));

  const auto old = fairaudit::store::catalogue_from_json(
      R"({"a/b":{"id":"b","summary":"","rationale":"","basis":"","local_term":"","severity":"error","scope":"round"}})");
  EXPECT_EQ(old.at("a/b").indicator, fairaudit::Indicator::none);
  EXPECT_EQ(old.at("a/b").default_severity, fairaudit::Severity::error);
}
