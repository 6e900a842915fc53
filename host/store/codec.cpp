#include "store/codec.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "store/sqlite.hpp"

namespace fairaudit::store {
namespace {

// Non-finite reals (an impact ratio with an empty reference group) are kept
// as written; full precision on the way back, so a re-rendered run prints the
// same digits as the live one.
using Writer = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                 rapidjson::CrtAllocator, rapidjson::kWriteNanAndInfFlag>;
constexpr unsigned kParseFlags = rapidjson::kParseNanAndInfFlag | rapidjson::kParseFullPrecisionFlag;

using K = EvidenceValue::Kind;

struct KindName {
  K kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {K::null, "null"},   {K::boolean, "boolean"},     {K::count, "count"},   {K::number, "number"},
    {K::rate, "rate"},   {K::ratio, "ratio"},         {K::p_value, "p_value"}, {K::statistic, "statistic"},
    {K::real, "real"},   {K::text, "text"},           {K::date, "date"},     {K::object, "object"},
    {K::list, "list"},
};

const char* kind_name(K k) {
  for (const auto& e : kKinds)
    if (e.kind == k) return e.name;
  return "null";
}

std::optional<K> kind_from(std::string_view s) {
  for (const auto& e : kKinds)
    if (s == e.name) return e.kind;
  return std::nullopt;
}

void str(Writer& w, std::string_view s) { w.String(s.data(), rapidjson::SizeType(s.size())); }

void write_evidence(Writer& w, const Evidence& e) {
  w.StartArray();
  for (const auto& [k, v] : e.entries()) {
    w.StartObject();
    w.Key("key");
    str(w, k);
    w.Key("kind");
    w.String(kind_name(v.kind));
    w.Key("value");
    switch (v.kind) {
      case K::null: w.Null(); break;
      case K::boolean: w.Bool(v.b); break;
      case K::count:
      case K::number: w.Int64(v.i); break;
      case K::rate:
      case K::ratio:
      case K::p_value:
      case K::statistic:
      case K::real: w.Double(v.d); break;
      case K::text: str(w, v.s); break;
      case K::date: str(w, v.t.iso()); break;
      case K::object: write_evidence(w, v.children.front()); break;
      case K::list:
        w.StartArray();
        for (const auto& c : v.children) write_evidence(w, c);
        w.EndArray();
        break;
    }
    w.EndObject();
  }
  w.EndArray();
}

[[noreturn]] void bad(const std::string& what) {
  throw StoreError("the store holds evidence that cannot be read back (" + what + ")");
}

Evidence read_evidence(const rapidjson::Value& a) {
  if (!a.IsArray()) bad("not a list of entries");
  Evidence e;
  for (const auto& item : a.GetArray()) {
    if (!item.IsObject() || !item.HasMember("key") || !item.HasMember("kind") || !item.HasMember("value") ||
        !item["key"].IsString() || !item["kind"].IsString())
      bad("an entry without key, kind and value");
    std::string key = item["key"].GetString();
    auto kind = kind_from(item["kind"].GetString());
    if (!kind) bad(std::string("unknown kind ") + item["kind"].GetString());
    const auto& v = item["value"];
    auto need = [&](bool ok) {
      if (!ok) bad("the value of " + key + " does not match its kind");
    };
    switch (*kind) {
      case K::null: e.null(key); break;
      case K::boolean: need(v.IsBool()); e.boolean(key, v.GetBool()); break;
      case K::count: need(v.IsInt64()); e.count(key, v.GetInt64()); break;
      case K::number: need(v.IsInt64()); e.number(key, v.GetInt64()); break;
      case K::rate: need(v.IsNumber()); e.rate(key, v.GetDouble()); break;
      case K::ratio: need(v.IsNumber()); e.ratio(key, v.GetDouble()); break;
      case K::p_value: need(v.IsNumber()); e.p_value(key, v.GetDouble()); break;
      case K::statistic: need(v.IsNumber()); e.statistic(key, v.GetDouble()); break;
      case K::real: need(v.IsNumber()); e.real(key, v.GetDouble()); break;
      case K::text: need(v.IsString()); e.text(key, v.GetString()); break;
      case K::date: {
        need(v.IsString());
        auto t = Timestamp::parse(v.GetString());
        need(t.has_value());
        e.date(key, *t);
        break;
      }
      case K::object: e.object(key, read_evidence(v)); break;
      case K::list: {
        need(v.IsArray());
        std::vector<Evidence> items;
        for (const auto& c : v.GetArray()) items.push_back(read_evidence(c));
        e.list(key, std::move(items));
        break;
      }
    }
  }
  return e;
}

rapidjson::Document parse(std::string_view json, const char* what) {
  rapidjson::Document d;
  d.Parse<kParseFlags>(json.data(), json.size());
  if (d.HasParseError()) throw StoreError(std::string("the store holds ") + what + " that is not valid JSON");
  return d;
}

std::string member(const rapidjson::Value& o, const char* k) {
  auto it = o.FindMember(k);
  return it != o.MemberEnd() && it->value.IsString() ? it->value.GetString() : std::string();
}

}  // namespace

std::optional<Severity> severity_from_string(std::string_view s) {
  for (Severity v : {Severity::note, Severity::warning, Severity::error})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

std::optional<Scope> scope_from_string(std::string_view s) {
  for (Scope v : {Scope::round, Scope::org_unit, Scope::run})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

std::string evidence_to_json(const Evidence& e) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  write_evidence(w, e);
  return sb.GetString();
}

Evidence evidence_from_json(std::string_view json) { return read_evidence(parse(json, "evidence")); }

std::string catalogue_to_json(const std::map<std::string, RuleInfo>& rules) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  for (const auto& [id, r] : rules) {
    str(w, id);
    w.StartObject();
    w.Key("id"); str(w, r.id);
    w.Key("summary"); str(w, r.summary);
    w.Key("rationale"); str(w, r.rationale);
    w.Key("basis"); str(w, r.basis);
    w.Key("local_term"); str(w, r.local_term);
    w.Key("severity"); w.String(to_string(r.default_severity));
    w.Key("scope"); w.String(to_string(r.scope));
    w.EndObject();
  }
  w.EndObject();
  return sb.GetString();
}

std::map<std::string, RuleInfo> catalogue_from_json(std::string_view json) {
  auto d = parse(json, "a rule catalogue");
  std::map<std::string, RuleInfo> out;
  if (!d.IsObject()) throw StoreError("the store holds a rule catalogue that is not an object");
  for (const auto& m : d.GetObject()) {
    if (!m.value.IsObject()) continue;
    RuleInfo r;
    r.id = member(m.value, "id");
    r.summary = member(m.value, "summary");
    r.rationale = member(m.value, "rationale");
    r.basis = member(m.value, "basis");
    r.local_term = member(m.value, "local_term");
    r.default_severity = severity_from_string(member(m.value, "severity")).value_or(Severity::warning);
    r.scope = scope_from_string(member(m.value, "scope")).value_or(Scope::round);
    out.emplace(m.name.GetString(), std::move(r));
  }
  return out;
}

std::string strings_to_json(const std::vector<std::string>& v) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartArray();
  for (const auto& s : v) str(w, s);
  w.EndArray();
  return sb.GetString();
}

std::vector<std::string> strings_from_json(std::string_view json) {
  auto d = parse(json, "a list");
  std::vector<std::string> out;
  if (d.IsArray())
    for (const auto& s : d.GetArray())
      if (s.IsString()) out.emplace_back(s.GetString());
  return out;
}

std::string pairs_to_json(const std::vector<std::pair<std::string, std::string>>& v) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartArray();
  for (const auto& [name, version] : v) {
    w.StartObject();
    w.Key("name"); str(w, name);
    w.Key("version"); str(w, version);
    w.EndObject();
  }
  w.EndArray();
  return sb.GetString();
}

std::vector<std::pair<std::string, std::string>> pairs_from_json(std::string_view json) {
  auto d = parse(json, "a list of plugins");
  std::vector<std::pair<std::string, std::string>> out;
  if (d.IsArray())
    for (const auto& o : d.GetArray())
      if (o.IsObject()) out.emplace_back(member(o, "name"), member(o, "version"));
  return out;
}

std::string line_errors_to_json(const std::vector<ingest::LineError>& v) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartArray();
  for (const auto& e : v) {
    w.StartObject();
    w.Key("file"); str(w, e.file);
    w.Key("line"); w.Uint64(e.line);
    w.Key("path"); str(w, e.path);
    w.Key("kind"); str(w, e.kind);
    w.Key("message"); str(w, e.message);
    w.EndObject();
  }
  w.EndArray();
  return sb.GetString();
}

std::vector<ingest::LineError> line_errors_from_json(std::string_view json) {
  auto d = parse(json, "a list of rejected lines");
  std::vector<ingest::LineError> out;
  if (d.IsArray())
    for (const auto& o : d.GetArray()) {
      if (!o.IsObject()) continue;
      ingest::LineError e;
      e.file = member(o, "file");
      auto line = o.FindMember("line");
      if (line != o.MemberEnd() && line->value.IsUint64()) e.line = line->value.GetUint64();
      e.path = member(o, "path");
      e.kind = member(o, "kind");
      e.message = member(o, "message");
      out.push_back(std::move(e));
    }
  return out;
}

}  // namespace fairaudit::store
