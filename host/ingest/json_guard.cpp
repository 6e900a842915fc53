#include "ingest/json_guard.hpp"

#include <algorithm>
#include <vector>

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

// Whether two members of `v` share a name: pairwise for the small objects
// every document is made of, sorted for a large one (a mapping's table of
// values), so that no object costs more than n log n.
const rapidjson::Value* repeated_name(const rapidjson::Value& v) {
  const auto n = v.MemberCount();
  if (n < 2) return nullptr;
  if (n <= 16) {
    for (auto m = v.MemberBegin() + 1; m != v.MemberEnd(); ++m)
      for (auto o = v.MemberBegin(); o != m; ++o)
        if (view(o->name) == view(m->name)) return &m->name;
    return nullptr;
  }
  std::vector<const rapidjson::Value*> names;
  names.reserve(n);
  for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) names.push_back(&m->name);
  // Stable, so that of equal names the later one is the one named.
  std::stable_sort(names.begin(), names.end(), [](auto* a, auto* b) { return view(*a) < view(*b); });
  const rapidjson::Value* first = nullptr;
  for (std::size_t i = 1; i < names.size(); ++i)
    if (view(*names[i]) == view(*names[i - 1]))
      if (!first || names[i] < first) first = names[i];  // members lie in document order
  return first;
}

std::optional<std::string> duplicate_walk(const rapidjson::Value& v, KeyShown show, const std::string& path) {
  if (v.IsObject()) {
    if (const auto* name = repeated_name(v)) return path.empty() ? show(view(*name)) : path + "." + show(view(*name));
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m)
      if (auto d = duplicate_walk(m->value, show, path.empty() ? show(view(m->name)) : path + "." + show(view(m->name))))
        return d;
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      if (auto d = duplicate_walk(v[i], show, path + "[" + std::to_string(i) + "]")) return d;
  }
  return std::nullopt;
}

}  // namespace

bool nested_deeper_than(const rapidjson::Value& v, int limit) {
  if (limit < 1) return true;
  if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m)
      if (nested_deeper_than(m->value, limit - 1)) return true;
  } else if (v.IsArray()) {
    for (const auto& item : v.GetArray())
      if (nested_deeper_than(item, limit - 1)) return true;
  }
  return false;
}

std::optional<std::string> first_duplicate_key(const rapidjson::Value& doc, KeyShown show) {
  return duplicate_walk(doc, show, "");
}

std::string duplicate_key_message(std::string_view consequence) {
  return "is given twice in one object; which of the values is meant cannot be told (JSON readers differ: some "
         "take the first, some the last), so " +
         std::string(consequence);
}

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
