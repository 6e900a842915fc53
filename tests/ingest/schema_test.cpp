// The JSON Schema in schemas/export.schema.json is what the reader enforces:
// walked property by property against complete example records, every
// required property's absence, every vocabulary, every boolean, integer and
// date is rejected by the reader exactly where the schema says.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "ingest/record.hpp"
#include "support/harness.hpp"

namespace ingest = fairaudit::ingest;

using fairaudit::Source;
using rapidjson::Pointer;
using rapidjson::Value;

namespace {

const char* kRound = R"({"kind":"round","schema":1,"round_id":"R-1","org_unit":"oslo/bydel-a/helse","jurisdiction":"NO-OSL",
"position":{"title_code":"2221","openings":1,"internal_only":false,"reserved_for":"disability"},
"advertised_at":"2026-03-01","closes_at":"2026-03-21","requirements_documented_at":"2026-02-20",
"recommendation_at":"2026-04-02","decision_at":"2026-04-05","decision_reason":"equally_qualified_target_group",
"applicants":[{"id":"a-1","gender":"woman","self_id":{"immigrant_background":"yes","disability":"no","cv_gap":"declined","priority_access":"not_asked"},
"age_band":"30-39","assessment":{"outcome":"qualified","rank":1,"equally_qualified_with_top":true,"meets_formal_requirements":true},"referred_by_jobcenter":false,
"events":[{"type":"applied","at":"2026-03-02","reason_code":"x"}]}],
"interviews":[{"applicant":"a-1","at":"2026-03-28","panel":[{"role":"manager","gender":"man"}]}],
"representative":{"appointed":true,"role":"likestillingsrepresentant","events":[{"type":"invited","at":"2026-03-20","agrees":true}]},
"documents":[{"type":"recommendation","at":"2026-04-02","sent_to":["union"],"equality_statement":true}]})";
const char* kUnit = R"({"kind":"unit","schema":1,"org_unit":"oslo/bydel-a/helse","period":"2026",
"representative_routine":{"documented":true,"version":"2025-09"},
"meetings":[{"type":"trekantmote","at":"2026-02-10","roles":["tjenesteleder"],"tags":["recruitment"]}]})";
const char* kMeasures = R"({"kind":"measures","schema":1,"employer":"trelleborg","year":2026,"employees":3001,
"area":"recruitment_promotion","steps":{"investigate":"2026-02-01","analyse":"2026-03-01","act":"2026-04-01","follow_up":"2026-09-01"},
"grounds_covered":["sex"],"cooperation_documented":true,
"documentation":{"written":true,"at":"2026-11-30","previous_year_evaluated":true}})";

std::string text(const Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

class SchemaWalker {
 public:
  explicit SchemaWalker(const rapidjson::Document& schema) : schema_(schema) {}

  // Follows "$ref": "#/$defs/x" (siblings of a $ref only narrow it).
  const Value& resolve(const Value& node) const {
    auto ref = node.FindMember("$ref");
    if (ref == node.MemberEnd()) return node;
    const Value* target = Pointer(std::string(ref->value.GetString()).substr(1).c_str()).Get(schema_);
    EXPECT_NE(target, nullptr) << ref->value.GetString();
    return target ? resolve(*target) : node;
  }

  // Checks one object schema against the example at `ptr` (JSON pointer) whose
  // error path prefix is `path`.
  void object(const Value& node, const rapidjson::Document& example, const std::string& ptr, const std::string& path) {
    const Value& s = resolve(node);
    if (auto req = s.FindMember("required"); req != s.MemberEnd()) {
      for (const auto& k : req->value.GetArray()) {
        rapidjson::Document d;
        d.CopyFrom(example, d.GetAllocator());
        Pointer((ptr + "/" + k.GetString()).c_str()).Erase(d);
        expect_error(d, path + k.GetString(), "required field is missing");
        ++checked;
      }
    }
    auto props = s.FindMember("properties");
    if (props == s.MemberEnd()) return;
    for (auto p = props->value.MemberBegin(); p != props->value.MemberEnd(); ++p) {
      const std::string key = p->name.GetString();
      const std::string kptr = ptr + "/" + key, kpath = path + key;
      const Value* present = Pointer(kptr.c_str()).Get(example);
      ASSERT_NE(present, nullptr) << "the example lacks " << kptr << ": extend it so every property is tested";
      const Value& ps = resolve(p->value);
      if (auto e = ps.FindMember("enum"); e != ps.MemberEnd()) {
        for (const auto& v : e->value.GetArray()) expect_ok(with(example, kptr, Value(v.GetString(), alloc_)), kptr);
        expect_error(with(example, kptr, Value("not-a-word")), kpath, "is not one of");
        ++checked;
        continue;
      }
      auto type = ps.FindMember("type");
      std::string t = type == ps.MemberEnd() ? "" : type->value.IsString() ? type->value.GetString() : "";
      if (ps.HasMember("pattern")) {  // the date type
        expect_error(with(example, kptr, Value("2026-02-30")), kpath, "is not an ISO-8601 date");
        expect_error(with(example, kptr, Value(20260230)), kpath, "expected an ISO-8601 date");
        ++checked;
      } else if (t == "boolean") {
        expect_error(with(example, kptr, Value("true")), kpath, "expected true or false");
        ++checked;
      } else if (t == "integer") {
        expect_error(with(example, kptr, Value("7")), kpath, "expected a whole number");
        if (auto min = ps.FindMember("minimum"); min != ps.MemberEnd())
          expect_error(with(example, kptr, Value(min->value.GetInt() - 1)), kpath, "out of range");
        ++checked;
      } else if (t == "string") {
        expect_error(with(example, kptr, Value(7)), kpath, "expected a string");
        ++checked;
      } else if (t == "object") {
        expect_error(with(example, kptr, Value(7)), kpath, "expected an object");
        object(ps, example, kptr, kpath + ".");
      } else if (t == "array") {
        expect_error(with(example, kptr, Value(7)), kpath, "expected an array");
        const Value& items = resolve(ps["items"]);
        auto itype = items.FindMember("type");
        if (itype != items.MemberEnd() && std::string(itype->value.GetString()) == "object")
          object(items, example, kptr + "/0", kpath + "[0].");
        else
          expect_error(with(example, kptr + "/0", Value(7)), kpath + "[0]", "expected a string");
        ++checked;
      }
    }
  }

  int checked = 0;

 private:
  rapidjson::Document with(const rapidjson::Document& example, const std::string& ptr, Value v) {
    rapidjson::Document d;
    d.CopyFrom(example, d.GetAllocator());
    Value copy;
    copy.CopyFrom(v, d.GetAllocator());
    Pointer(ptr.c_str()).Set(d, copy);
    return d;
  }
  void expect_ok(const rapidjson::Document& d, const std::string& where) {
    auto o = ingest::parse_line(text(d), Source{"t", 1}, ingest::Limits{});
    EXPECT_FALSE(o.error) << where << ": " << (o.error ? o.error->to_string() : "");
  }
  void expect_error(const rapidjson::Document& d, const std::string& path, const std::string& message_part) {
    auto o = ingest::parse_line(text(d), Source{"t", 1}, ingest::Limits{});
    ASSERT_TRUE(o.error) << "the reader accepts what the schema forbids at " << path;
    EXPECT_EQ(o.error->path, path);
    EXPECT_NE(o.error->message.find(message_part), std::string::npos)
        << path << ": \"" << o.error->message << "\" lacks \"" << message_part << "\"";
  }

  const rapidjson::Document& schema_;
  rapidjson::MemoryPoolAllocator<> alloc_;
};

// schemas/export.schema.json, parsed (HasParseError() says whether it was).
void load_schema(rapidjson::Document& schema) {
  std::ifstream in(fairaudit::testing::source_path("schemas/export.schema.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  schema.Parse(ss.str().c_str());
}

}  // namespace

TEST(Schema, ReaderEnforcesExactlyTheSchema) {
  rapidjson::Document schema;
  load_schema(schema);
  ASSERT_FALSE(schema.HasParseError());
  SchemaWalker w(schema);
  for (auto [def, example] : {std::pair{"round", kRound}, {"unit", kUnit}, {"measures", kMeasures}}) {
    rapidjson::Document ex;
    ex.Parse(example);
    ASSERT_FALSE(ex.HasParseError()) << def;
    auto o = ingest::parse_line(text(ex), Source{"t", 1}, ingest::Limits{});
    ASSERT_FALSE(o.error) << def << ": " << o.error->to_string();
    w.object(schema["$defs"][def], ex, "", "");
  }
  EXPECT_GT(w.checked, 60);  // the walk really went through the schema
}

// The reader notices a key given twice in one object by a bit per key
// (ingest::record_key_hash); a valid record must never make it look twice,
// so no two keys of one object of the schema may share a bit. A field added
// to the schema that breaks this fails here, not as a slower reader.
TEST(Schema, NoTwoKeysOfAnObjectShareTheDuplicateCheckBit) {
  rapidjson::Document schema;
  load_schema(schema);
  ASSERT_FALSE(schema.HasParseError());
  int objects = 0;
  std::function<void(const rapidjson::Value&)> walk = [&](const rapidjson::Value& v) {
    if (v.IsObject()) {
      if (v.HasMember("properties") && v["properties"].IsObject()) {
        ++objects;
        std::map<unsigned, std::string> bits;
        for (const auto& m : v["properties"].GetObject()) {
          const std::string key = m.name.GetString();
          const auto [at, fresh] = bits.emplace(ingest::record_key_hash(key), key);
          EXPECT_TRUE(fresh) << key << " and " << at->second << " share bit " << at->first;
        }
      }
      for (const auto& m : v.GetObject()) walk(m.value);
    } else if (v.IsArray()) {
      for (const auto& x : v.GetArray()) walk(x);
    }
  };
  walk(schema);
  EXPECT_GE(objects, 17);  // every object of the three record kinds
}
