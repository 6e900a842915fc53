#include "codec/evidence_json.hpp"

#include <rapidjson/error/en.h>

#include <utility>
#include <vector>

#include "common/enums.hpp"
#include "common/json.hpp"

namespace fairaudit::codec {
namespace {

using K = EvidenceValue::Kind;
using common::key;
using common::str;

void write_date(JsonWriter& w, const Timestamp& t) {
  if (date_in_iso_range(t)) {
    str(w, t.iso());
    return;
  }
  check_date(t.days(), t.seconds());
  w.StartArray();
  w.Int(t.days());
  w.Int(t.seconds());
  w.EndArray();
}

void write_entries(JsonWriter& w, const Evidence& e, int depth) {
  check_depth(depth);
  check_items(e.entries().size());
  w.StartArray();
  for (const auto& [k, v] : e.entries()) {
    check_string(k.size());
    w.StartObject();
    key(w, "key");
    str(w, k);
    key(w, "kind");
    w.String(common::to_string(v.kind));
    key(w, "value");
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
      case K::text:
        check_string(v.s.size());
        str(w, v.s);
        break;
      case K::date: write_date(w, v.t); break;
      case K::object:
        if (v.children.size() != 1) throw CodecError("an evidence object without exactly one child");
        write_entries(w, v.children.front(), depth + 1);
        break;
      case K::list:
        check_items(v.children.size());
        w.StartArray();
        for (const auto& c : v.children) write_entries(w, c, depth + 1);
        w.EndArray();
        break;
    }
    w.EndObject();
  }
  w.EndArray();
}

[[noreturn]] void refuse(const std::string& what) { throw CodecError(what); }

const rapidjson::Value* member_of(const rapidjson::Value& o, const char* k) {
  auto it = o.FindMember(k);
  return it == o.MemberEnd() ? nullptr : &it->value;
}

std::string checked_string(const rapidjson::Value& v) {
  check_string(v.GetStringLength());
  return common::string_of(v);
}

Timestamp read_date(const rapidjson::Value& v, bool& ok) {
  ok = false;
  if (v.IsString()) {
    auto t = Timestamp::parse(std::string_view(v.GetString(), v.GetStringLength()));
    ok = t.has_value();
    return t.value_or(Timestamp{});
  }
  if (!v.IsArray() || v.Size() != 2 || !v[0].IsInt() || !v[1].IsInt()) return {};
  ok = date_in_range(v[0].GetInt(), v[1].GetInt());
  return Timestamp::from_days_seconds(v[0].GetInt(), v[1].GetInt());
}

Evidence read_entries(const rapidjson::Value& a, int depth) {
  check_depth(depth);
  if (!a.IsArray()) refuse("evidence that is not a list of entries");
  check_items(a.Size());
  Evidence e;
  e.reserve(a.Size());
  for (const auto& item : a.GetArray()) {
    const rapidjson::Value* key_of = item.IsObject() ? member_of(item, "key") : nullptr;
    const rapidjson::Value* kind_name = item.IsObject() ? member_of(item, "kind") : nullptr;
    const rapidjson::Value* value = item.IsObject() ? member_of(item, "value") : nullptr;
    if (!key_of || !kind_name || !value || !key_of->IsString() || !kind_name->IsString())
      refuse("an evidence entry without key, kind and value");
    std::string k = checked_string(*key_of);
    const auto kind = common::kind_from_string(std::string_view(kind_name->GetString(), kind_name->GetStringLength()));
    if (!kind) refuse("an evidence entry of unknown kind \"" + common::string_of(*kind_name) + "\"");
    const rapidjson::Value& v = *value;
    auto need = [&](bool ok) {
      if (!ok) refuse("the value of evidence entry \"" + k + "\" does not match its kind " + common::to_string(*kind));
    };
    switch (*kind) {
      case K::null: need(v.IsNull()); e.null(std::move(k)); break;
      case K::boolean: need(v.IsBool()); e.boolean(std::move(k), v.GetBool()); break;
      case K::count: need(v.IsInt64()); e.count(std::move(k), v.GetInt64()); break;
      case K::number: need(v.IsInt64()); e.number(std::move(k), v.GetInt64()); break;
      case K::rate: need(v.IsNumber()); e.rate(std::move(k), v.GetDouble()); break;
      case K::ratio: need(v.IsNumber()); e.ratio(std::move(k), v.GetDouble()); break;
      case K::p_value: need(v.IsNumber()); e.p_value(std::move(k), v.GetDouble()); break;
      case K::statistic: need(v.IsNumber()); e.statistic(std::move(k), v.GetDouble()); break;
      case K::real: need(v.IsNumber()); e.real(std::move(k), v.GetDouble()); break;
      case K::text: need(v.IsString()); e.text(std::move(k), checked_string(v)); break;
      case K::date: {
        bool ok = false;
        const Timestamp t = read_date(v, ok);
        need(ok);
        e.date(std::move(k), t);
        break;
      }
      case K::object: e.object(std::move(k), read_entries(v, depth + 1)); break;
      case K::list: {
        need(v.IsArray());
        check_items(v.Size());
        std::vector<Evidence> items;
        items.reserve(v.Size());
        for (const auto& c : v.GetArray()) items.push_back(read_entries(c, depth + 1));
        e.list(std::move(k), std::move(items));
        break;
      }
    }
  }
  return e;
}

}  // namespace

void write_evidence(JsonWriter& w, const Evidence& e) { write_entries(w, e, 0); }

std::string evidence_to_json(const Evidence& e) {
  common::JsonText sb;
  JsonWriter w(sb);
  write_evidence(w, e);
  return std::string(sb.GetString(), sb.GetSize());
}

Evidence read_evidence(const rapidjson::Value& v) { return read_entries(v, 0); }

void parse_json(std::string_view json, rapidjson::Document& d, const char* what) {
  const rapidjson::ParseResult r = common::parse_json(json, d, {.nan_and_inf = true, .iterative = true});
  if (r.IsError())
    throw CodecError(std::string(what) + " that is not valid JSON (" + rapidjson::GetParseError_En(r.Code()) +
                     " at byte " + std::to_string(r.Offset()) + ")");
}

Evidence evidence_from_json(std::string_view json) {
  rapidjson::Document d;
  parse_json(json, d, "evidence");
  return read_evidence(d);
}

}  // namespace fairaudit::codec
