#include "ingest/json_guard.hpp"

#include "common/printable.hpp"

namespace fairaudit::ingest {
namespace {

bool plain(std::string_view k) {
  if (k.empty() || k.size() > 64) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.' || c == '/'))
      return false;
  return !scan(k, FieldClass::code);
}

std::string_view view(const rapidjson::Value& v) { return {v.GetString(), v.GetStringLength()}; }

// Depth-first, in document order; documents are depth-limited by their readers.
std::optional<JsonGuardHit> walk(const rapidjson::Value& v, const std::string& path) {
  if (v.IsString()) {
    if (auto k = scan(view(v), FieldClass::any)) return JsonGuardHit{path, *k, false, false};
  } else if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      const std::string_view key = view(m->name);
      if (auto k = scan(key, FieldClass::any)) return JsonGuardHit{path, *k, true, false};
      if (common::first_control(key)) return JsonGuardHit{path, PiiKind::free_text, true, true};
      if (auto hit = walk(m->value, path.empty() ? shown_key(key) : path + "." + shown_key(key))) return hit;
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      if (auto hit = walk(v[i], path + "[" + std::to_string(i) + "]")) return hit;
  } else if (v.IsUint64() || v.IsInt64()) {
    // An identity number written as a number.
    const std::string digits = v.IsUint64() ? std::to_string(v.GetUint64()) : std::to_string(v.GetInt64());
    if (digits.size() >= 10)
      if (auto k = scan(digits, FieldClass::any)) return JsonGuardHit{path, *k, false, false};
  }
  return std::nullopt;
}

}  // namespace

std::optional<JsonGuardHit> guard_json(const rapidjson::Value& doc) { return walk(doc, ""); }

std::string shown_key(std::string_view key) {
  if (plain(key)) return std::string(key);
  return "(a key of " + std::to_string(key.size()) + " bytes, not shown)";
}

std::string guard_message(const JsonGuardHit& hit) {
  if (hit.control) return "a key name holds a control character; key names are printable text (it is not shown)";
  return std::string(hit.in_key ? "a key name holds" : "holds") + " what looks like a direct identifier (" +
         to_string(hit.kind) + "); the value is withheld. Configuration files must not name or identify anyone";
}

}  // namespace fairaudit::ingest
