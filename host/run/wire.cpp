#include "run/wire.hpp"

#include <rapidjson/document.h>

#include <stdexcept>
#include <string_view>

#include "codec/evidence_json.hpp"
#include "common/enums.hpp"
#include "common/json.hpp"

namespace fairaudit::run {
namespace {

using Writer = codec::JsonWriter;
using Value = rapidjson::Value;
using common::key;
using common::str;

// What checks and findings have in common; the caller writes the rest and
// ends the object.
template <typename CheckOrFinding>
void start(Writer& w, const CheckOrFinding& x) {
  w.StartObject();
  key(w, "rule"); str(w, x.rule);
  key(w, "scope"); w.String(to_string(x.scope));
  key(w, "round"); str(w, x.round_id);
  key(w, "unit"); str(w, x.org_unit);
  key(w, "key"); str(w, x.key);
  key(w, "evidence"); codec::write_evidence(w, x.evidence);
}

[[noreturn]] void bad(const std::string& what) {
  throw std::runtime_error("malformed message from the plugin process: " + what);
}

// The message comes from a plugin process that may be faulty: every value is
// checked for its type before it is read, since RapidJSON's accessors do not
// check (reading a number as a string follows a wild pointer), and no enum
// may hold a value outside its list, which the emitters would otherwise meet
// in their switches. The evidence is the codec's, with its limits.
const Value& member(const Value& o, const char* k) {
  if (!o.IsObject()) bad("an object expected");
  auto it = o.FindMember(k);
  if (it == o.MemberEnd()) bad(std::string("no \"") + k + "\"");
  return it->value;
}
std::string s_of(const Value& o, const char* k) {
  const Value& v = member(o, k);
  if (!v.IsString()) bad(std::string("\"") + k + "\" is not a string");
  return common::string_of(v);
}
template <typename E>
E enum_of(const Value& o, const char* k, std::optional<E> (*from)(std::string_view)) {
  const Value& v = member(o, k);
  std::optional<E> e;
  if (v.IsString()) e = from(std::string_view(v.GetString(), v.GetStringLength()));
  if (!e) bad(std::string("\"") + k + "\" is not one of its words");
  return *e;
}
Evidence evidence_of(const Value& o) {
  try {
    return codec::read_evidence(member(o, "evidence"));
  } catch (const codec::CodecError& e) {
    bad(e.what());
  }
}

// What checks and findings have in common, as start() writes them.
template <typename CheckOrFinding>
void read_fields(const Value& o, CheckOrFinding& x) {
  x.rule = s_of(o, "rule");
  x.scope = enum_of<Scope>(o, "scope", common::scope_from_string);
  x.round_id = s_of(o, "round");
  x.org_unit = s_of(o, "unit");
  x.key = s_of(o, "key");
  x.evidence = evidence_of(o);
}

}  // namespace

std::string encode(const Reported& r) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  key(w, "checks");
  w.StartArray();
  for (const auto& c : r.checks) {
    start(w, c);
    key(w, "verdict"); w.String(to_string(c.verdict));
    key(w, "reason"); str(w, c.reason);
    w.EndObject();
  }
  w.EndArray();
  key(w, "findings");
  w.StartArray();
  for (const auto& f : r.findings) {
    start(w, f);
    key(w, "severity");
    if (f.severity) w.String(to_string(*f.severity)); else w.Null();
    key(w, "message"); str(w, f.message);
    key(w, "applicants"); common::str_list(w, f.applicants);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(sb.GetString(), sb.GetSize());
}

Reported decode(const std::string& text) {
  rapidjson::Document d;
  try {
    codec::parse_json(text, d, "a message");
  } catch (const codec::CodecError& e) {
    bad(e.what());
  }
  if (!d.IsObject()) bad("not an object");
  Reported r;
  const Value& checks = member(d, "checks");
  const Value& findings = member(d, "findings");
  if (!checks.IsArray() || !findings.IsArray()) bad("checks and findings are not lists");
  for (const auto& c : checks.GetArray()) {
    Check k;
    read_fields(c, k);
    k.verdict = enum_of<Verdict>(c, "verdict", common::verdict_from_string);
    k.reason = s_of(c, "reason");
    r.checks.push_back(std::move(k));
  }
  for (const auto& f : findings.GetArray()) {
    Finding x;
    read_fields(f, x);
    if (!member(f, "severity").IsNull()) x.severity = enum_of<Severity>(f, "severity", common::severity_from_string);
    x.message = s_of(f, "message");
    const Value& apps = member(f, "applicants");
    if (!apps.IsArray()) bad("\"applicants\" is not a list");
    for (const auto& a : apps.GetArray()) {
      if (!a.IsString()) bad("an applicant that is not a string");
      x.applicants.push_back(common::string_of(a));
    }
    r.findings.push_back(std::move(x));
  }
  return r;
}

}  // namespace fairaudit::run
