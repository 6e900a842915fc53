#include "run/wire.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <system_error>

namespace fairaudit::run {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using Value = rapidjson::Value;
using K = EvidenceValue::Kind;

void str(Writer& w, const std::string& s) { w.String(s.c_str(), rapidjson::SizeType(s.size())); }

// A real travels as text from std::to_chars, the shortest form that
// std::from_chars reads back to the same bits (also "nan", "inf", "-inf"):
// evidence must come back exactly as in-process. Reading it as a JSON number
// would need RapidJSON's full-precision parser, which in 1.1.0 passes zero to
// __builtin_clzll for input such as 0.0e-30 (undefined behaviour, found by
// fuzz_wire).
void real(Writer& w, double d) {
  if (std::isnan(d)) {
    w.String("nan");
    return;
  }
  char buf[64];  // the shortest form of any double is at most 24 characters
  const char* end = std::to_chars(buf, buf + sizeof buf, d).ptr;
  w.String(buf, rapidjson::SizeType(end - buf));
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

// The message comes from a plugin process that may be faulty: every value is
// checked for its type and range before it is read, since RapidJSON's
// accessors do not check (reading a number as a string follows a wild
// pointer), and no enum may hold a value outside its list, which the
// emitters would otherwise meet in their switches.
constexpr int kMaxEvidenceDepth = 32;

std::string string_of(const Value& v) {
  if (!v.IsString()) bad();
  return std::string(v.GetString(), v.GetStringLength());
}
const Value& member(const Value& o, const char* k) {
  if (!o.IsObject()) bad();
  auto it = o.FindMember(k);
  if (it == o.MemberEnd()) bad();
  return it->value;
}
std::string s_of(const Value& o, const char* k) { return string_of(member(o, k)); }
int i_of(const Value& o, const char* k, int min, int max) {
  const Value& v = member(o, k);
  if (!v.IsInt() || v.GetInt() < min || v.GetInt() > max) bad();
  return v.GetInt();
}

double real_of(const Value& v) {
  // A plain JSON number is accepted too (not written by encode()).
  if (v.IsNumber()) return v.GetDouble();
  if (!v.IsString()) bad();
  const char* first = v.GetString();
  const char* last = first + v.GetStringLength();
  double d = 0;
  const auto [end, ec] = std::from_chars(first, last, d);
  if (ec != std::errc() || end != last) bad();
  return d;
}

std::int64_t int64_of(const Value& v) {
  if (!v.IsInt64()) bad();
  return v.GetInt64();
}

// A date as the host's own parser could have made it: years 0000 to 9999
// (one day either side for a UTC offset), seconds since midnight or -1.
Timestamp date_of(const Value& v) {
  if (!v.IsArray() || v.Size() != 2 || !v[0].IsInt() || !v[1].IsInt()) bad();
  static const std::int32_t first = Timestamp::from_ymd(0, 1, 1)->days() - 1;
  static const std::int32_t last = Timestamp::from_ymd(9999, 12, 31)->days() + 1;
  const int days = v[0].GetInt(), seconds = v[1].GetInt();
  if (days < first || days > last || seconds < -1 || seconds > 86'399) bad();
  return Timestamp::from_days_seconds(days, seconds);
}

Evidence evidence_of(const Value& arr, int depth) {
  if (!arr.IsArray() || depth > kMaxEvidenceDepth) bad();
  Evidence e;
  for (const auto& item : arr.GetArray()) {
    if (!item.IsArray() || item.Size() != 3 || !item[0].IsString() || !item[1].IsInt()) bad();
    std::string key = string_of(item[0]);
    const Value& v = item[2];
    const int kind = item[1].GetInt();
    if (kind < int(K::null) || kind > int(K::list)) bad();
    switch (K(kind)) {
      case K::null:
        if (!v.IsNull()) bad();
        e.null(key);
        break;
      case K::boolean:
        if (!v.IsBool()) bad();
        e.boolean(key, v.GetBool());
        break;
      case K::count: e.count(key, int64_of(v)); break;
      case K::number: e.number(key, int64_of(v)); break;
      case K::rate: e.rate(key, real_of(v)); break;
      case K::ratio: e.ratio(key, real_of(v)); break;
      case K::p_value: e.p_value(key, real_of(v)); break;
      case K::statistic: e.statistic(key, real_of(v)); break;
      case K::real: e.real(key, real_of(v)); break;
      case K::text: e.text(key, string_of(v)); break;
      case K::date: e.date(key, date_of(v)); break;
      case K::object:
        if (!v.IsArray() || v.Size() != 1) bad();
        e.object(key, evidence_of(v[0], depth + 1));
        break;
      case K::list: {
        if (!v.IsArray()) bad();
        std::vector<Evidence> items;
        for (const auto& c : v.GetArray()) items.push_back(evidence_of(c, depth + 1));
        e.list(key, std::move(items));
        break;
      }
    }
  }
  return e;
}

void finding(Writer& w, const Finding& f) {
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
  for (const auto& f : r.findings) finding(w, f);
  w.EndArray();
  w.EndObject();
  return sb.GetString();
}

Reported decode(const std::string& text) {
  rapidjson::Document d;
  // Iterative parsing: nesting, however deep, cannot exhaust the stack.
  // Reals come as text (see real()), so no full-precision number parsing.
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (d.HasParseError() || !d.IsObject()) bad();
  Reported r;
  const Value& checks = member(d, "checks");
  const Value& findings = member(d, "findings");
  if (!checks.IsArray() || !findings.IsArray()) bad();
  for (const auto& c : checks.GetArray()) {
    Check k;
    k.rule = s_of(c, "rule");
    k.scope = Scope(i_of(c, "scope", int(Scope::round), int(Scope::run)));
    k.round_id = s_of(c, "round");
    k.org_unit = s_of(c, "unit");
    k.key = s_of(c, "key");
    k.verdict = Verdict(i_of(c, "verdict", int(Verdict::complies), int(Verdict::insufficient_data)));
    k.reason = s_of(c, "reason");
    k.evidence = evidence_of(member(c, "evidence"), 0);
    r.checks.push_back(std::move(k));
  }
  for (const auto& f : findings.GetArray()) {
    Finding x;
    x.rule = s_of(f, "rule");
    int sev = i_of(f, "severity", -1, int(Severity::error));
    if (sev >= 0) x.severity = Severity(sev);
    x.scope = Scope(i_of(f, "scope", int(Scope::round), int(Scope::run)));
    x.round_id = s_of(f, "round");
    x.org_unit = s_of(f, "unit");
    x.key = s_of(f, "key");
    x.message = s_of(f, "message");
    x.evidence = evidence_of(member(f, "evidence"), 0);
    const Value& apps = member(f, "applicants");
    if (!apps.IsArray()) bad();
    for (const auto& a : apps.GetArray()) x.applicants.push_back(string_of(a));
    r.findings.push_back(std::move(x));
  }
  return r;
}

}  // namespace fairaudit::run
