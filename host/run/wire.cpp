#include "run/wire.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <stdexcept>

namespace fairaudit::run {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using Value = rapidjson::Value;
using K = EvidenceValue::Kind;

void str(Writer& w, const std::string& s) { w.String(s.c_str(), rapidjson::SizeType(s.size())); }

void real(Writer& w, double d) {
  if (std::isnan(d)) w.String("nan");
  else if (std::isinf(d)) w.String(d > 0 ? "inf" : "-inf");
  else w.Double(d);
}

void evidence(Writer& w, const Evidence& e) {
  w.StartArray();
  for (const auto& [k, v] : e.entries()) {
    w.StartArray();
    str(w, k);
    w.Int(int(v.kind));
    switch (v.kind) {
      case K::null: w.Null(); break;
      case K::boolean: w.Bool(v.b); break;
      case K::count:
      case K::number: w.Int64(v.i); break;
      case K::rate:
      case K::ratio:
      case K::p_value:
      case K::statistic:
      case K::real: real(w, v.d); break;
      case K::text: str(w, v.s); break;
      case K::date:
        w.StartArray();
        w.Int(v.t.days());
        w.Int(v.t.seconds());
        w.EndArray();
        break;
      case K::object:
      case K::list:
        w.StartArray();
        for (const auto& c : v.children) evidence(w, c);
        w.EndArray();
        break;
    }
    w.EndArray();
  }
  w.EndArray();
}

[[noreturn]] void bad() { throw std::runtime_error("malformed message from the plugin process"); }

const Value& member(const Value& o, const char* k) {
  auto it = o.FindMember(k);
  if (it == o.MemberEnd()) bad();
  return it->value;
}
std::string s_of(const Value& o, const char* k) {
  const Value& v = member(o, k);
  if (!v.IsString()) bad();
  return v.GetString();
}
int i_of(const Value& o, const char* k) {
  const Value& v = member(o, k);
  if (!v.IsInt()) bad();
  return v.GetInt();
}

double real_of(const Value& v) {
  if (v.IsNumber()) return v.GetDouble();
  if (!v.IsString()) bad();
  std::string s = v.GetString();
  if (s == "nan") return std::nan("");
  if (s == "inf") return INFINITY;
  if (s == "-inf") return -INFINITY;
  bad();
}

Evidence evidence_of(const Value& arr) {
  if (!arr.IsArray()) bad();
  Evidence e;
  for (const auto& item : arr.GetArray()) {
    if (!item.IsArray() || item.Size() != 3 || !item[0].IsString() || !item[1].IsInt()) bad();
    std::string key = item[0].GetString();
    const Value& v = item[2];
    switch (K(item[1].GetInt())) {
      case K::null: e.null(key); break;
      case K::boolean: e.boolean(key, v.GetBool()); break;
      case K::count: e.count(key, v.GetInt64()); break;
      case K::number: e.number(key, v.GetInt64()); break;
      case K::rate: e.rate(key, real_of(v)); break;
      case K::ratio: e.ratio(key, real_of(v)); break;
      case K::p_value: e.p_value(key, real_of(v)); break;
      case K::statistic: e.statistic(key, real_of(v)); break;
      case K::real: e.real(key, real_of(v)); break;
      case K::text: e.text(key, v.GetString()); break;
      case K::date: e.date(key, Timestamp::from_days_seconds(v[0].GetInt(), v[1].GetInt())); break;
      case K::object:
        if (!v.IsArray() || v.Size() != 1) bad();
        e.object(key, evidence_of(v[0]));
        break;
      case K::list: {
        std::vector<Evidence> items;
        for (const auto& c : v.GetArray()) items.push_back(evidence_of(c));
        e.list(key, std::move(items));
        break;
      }
      default: bad();
    }
  }
  return e;
}

}  // namespace

std::string encode(const Reported& r) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  w.Key("checks");
  w.StartArray();
  for (const auto& c : r.checks) {
    w.StartObject();
    w.Key("rule"); str(w, c.rule);
    w.Key("scope"); w.Int(int(c.scope));
    w.Key("round"); str(w, c.round_id);
    w.Key("unit"); str(w, c.org_unit);
    w.Key("key"); str(w, c.key);
    w.Key("verdict"); w.Int(int(c.verdict));
    w.Key("reason"); str(w, c.reason);
    w.Key("evidence"); evidence(w, c.evidence);
    w.EndObject();
  }
  w.EndArray();
  w.Key("findings");
  w.StartArray();
  for (const auto& f : r.findings) {
    w.StartObject();
    w.Key("rule"); str(w, f.rule);
    w.Key("severity"); w.Int(f.severity ? int(*f.severity) : -1);
    w.Key("scope"); w.Int(int(f.scope));
    w.Key("round"); str(w, f.round_id);
    w.Key("unit"); str(w, f.org_unit);
    w.Key("key"); str(w, f.key);
    w.Key("message"); str(w, f.message);
    w.Key("evidence"); evidence(w, f.evidence);
    w.Key("applicants");
    w.StartArray();
    for (const auto& a : f.applicants) str(w, a);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return sb.GetString();
}

Reported decode(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError() || !d.IsObject()) bad();
  Reported r;
  const Value& checks = member(d, "checks");
  const Value& findings = member(d, "findings");
  if (!checks.IsArray() || !findings.IsArray()) bad();
  for (const auto& c : checks.GetArray()) {
    Check k;
    k.rule = s_of(c, "rule");
    k.scope = Scope(i_of(c, "scope"));
    k.round_id = s_of(c, "round");
    k.org_unit = s_of(c, "unit");
    k.key = s_of(c, "key");
    k.verdict = Verdict(i_of(c, "verdict"));
    k.reason = s_of(c, "reason");
    k.evidence = evidence_of(member(c, "evidence"));
    r.checks.push_back(std::move(k));
  }
  for (const auto& f : findings.GetArray()) {
    Finding x;
    x.rule = s_of(f, "rule");
    int sev = i_of(f, "severity");
    if (sev >= 0) x.severity = Severity(sev);
    x.scope = Scope(i_of(f, "scope"));
    x.round_id = s_of(f, "round");
    x.org_unit = s_of(f, "unit");
    x.key = s_of(f, "key");
    x.message = s_of(f, "message");
    x.evidence = evidence_of(member(f, "evidence"));
    const Value& apps = member(f, "applicants");
    if (!apps.IsArray()) bad();
    for (const auto& a : apps.GetArray()) x.applicants.push_back(a.GetString());
    r.findings.push_back(std::move(x));
  }
  return r;
}

}  // namespace fairaudit::run
