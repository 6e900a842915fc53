#include "store/codec.hpp"

#include <rapidjson/document.h>

#include "codec/evidence_json.hpp"
#include "codec/line_error_json.hpp"
#include "common/enums.hpp"
#include "common/json.hpp"
#include "store/sqlite.hpp"

namespace fairaudit::store {
namespace {

// Non-finite reals (an impact ratio with an empty reference group) are kept
// as written, and reals are read back exactly, so a re-rendered run prints
// the same digits as the live one.
using Writer = codec::JsonWriter;
using common::key;
using common::str;

// The text `write` makes with a fresh writer.
template <typename Write>
std::string json_of(Write&& write) {
  common::JsonText sb;
  Writer w(sb);
  write(w);
  return std::string(sb.GetString(), sb.GetSize());
}

rapidjson::Document parse(std::string_view json, const char* what) {
  rapidjson::Document d;
  try {
    codec::parse_json(json, d, what);
  } catch (const codec::CodecError& e) {
    throw StoreError(std::string("the store holds ") + e.what());
  }
  return d;
}

std::string text_member(const rapidjson::Value& o, const char* k) {
  auto it = o.FindMember(k);
  return it != o.MemberEnd() && it->value.IsString() ? common::string_of(it->value) : std::string();
}

}  // namespace

std::string evidence_to_json(const Evidence& e) { return codec::evidence_to_json(e); }

Evidence evidence_from_json(std::string_view json) {
  try {
    return codec::evidence_from_json(json);
  } catch (const codec::CodecError& e) {
    throw StoreError(std::string("the store holds evidence that cannot be read back (") + e.what() + ")");
  }
}

std::string catalogue_to_json(const std::map<std::string, RuleInfo>& rules) {
  return json_of([&](Writer& w) {
    w.StartObject();
    for (const auto& [id, r] : rules) {
      str(w, id);
      w.StartObject();
      key(w, "id"); str(w, r.id);
      key(w, "summary"); str(w, r.summary);
      key(w, "rationale"); str(w, r.rationale);
      key(w, "basis"); str(w, r.basis);
      key(w, "local_term"); str(w, r.local_term);
      key(w, "severity"); w.String(to_string(r.default_severity));
      key(w, "scope"); w.String(to_string(r.scope));
      // Only where a rule has a role, so catalogues of rules without one read as before.
      if (r.indicator != Indicator::none) { key(w, "indicator"); w.String(common::to_string(r.indicator)); }
      w.EndObject();
    }
    w.EndObject();
  });
}

std::map<std::string, RuleInfo> catalogue_from_json(std::string_view json) {
  auto d = parse(json, "a rule catalogue");
  std::map<std::string, RuleInfo> out;
  if (!d.IsObject()) throw StoreError("the store holds a rule catalogue that is not an object");
  for (const auto& m : d.GetObject()) {
    if (!m.value.IsObject()) continue;
    RuleInfo r;
    r.id = text_member(m.value, "id");
    r.summary = text_member(m.value, "summary");
    r.rationale = text_member(m.value, "rationale");
    r.basis = text_member(m.value, "basis");
    r.local_term = text_member(m.value, "local_term");
    r.default_severity = common::severity_from_string(text_member(m.value, "severity")).value_or(Severity::warning);
    r.scope = common::scope_from_string(text_member(m.value, "scope")).value_or(Scope::round);
    // A role this version does not know (a newer store) reads as none.
    r.indicator = common::indicator_from_string(text_member(m.value, "indicator")).value_or(Indicator::none);
    out.emplace(common::string_of(m.name), std::move(r));
  }
  return out;
}

std::string strings_to_json(const std::vector<std::string>& v) {
  return json_of([&](Writer& w) { common::str_list(w, v); });
}

std::vector<std::string> strings_from_json(std::string_view json) {
  auto d = parse(json, "a list");
  std::vector<std::string> out;
  if (d.IsArray())
    for (const auto& s : d.GetArray())
      if (s.IsString()) out.push_back(common::string_of(s));
  return out;
}

std::string pairs_to_json(const std::vector<std::pair<std::string, std::string>>& v) {
  return json_of([&](Writer& w) {
    w.StartArray();
    for (const auto& [name, version] : v) common::name_version(w, name, version);
    w.EndArray();
  });
}

std::vector<std::pair<std::string, std::string>> pairs_from_json(std::string_view json) {
  auto d = parse(json, "a list of plugins");
  std::vector<std::pair<std::string, std::string>> out;
  if (d.IsArray())
    for (const auto& o : d.GetArray())
      if (o.IsObject()) out.emplace_back(text_member(o, "name"), text_member(o, "version"));
  return out;
}

std::string line_errors_to_json(const std::vector<ingest::LineError>& v) {
  return json_of([&](Writer& w) {
    w.StartArray();
    for (const auto& e : v) codec::write_line_error(w, e);
    w.EndArray();
  });
}

std::vector<ingest::LineError> line_errors_from_json(std::string_view json) {
  auto d = parse(json, "a list of rejected lines");
  std::vector<ingest::LineError> out;
  if (d.IsArray())
    for (const auto& o : d.GetArray()) {
      if (!o.IsObject()) continue;
      ingest::LineError e;
      e.file = text_member(o, "file");
      auto line = o.FindMember("line");
      if (line != o.MemberEnd() && line->value.IsUint64()) e.line = line->value.GetUint64();
      e.path = text_member(o, "path");
      e.kind = text_member(o, "kind");
      e.message = text_member(o, "message");
      out.push_back(std::move(e));
    }
  return out;
}

}  // namespace fairaudit::store
