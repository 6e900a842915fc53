#include "policy/policy.hpp"

#include "i18n/i18n.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "fairaudit_paths.hpp"
#include "common/enums.hpp"
#include "common/hash.hpp"
#include "common/names.hpp"
#include "common/paths.hpp"
#include "common/printable.hpp"
#include "ingest/json_guard.hpp"

namespace fairaudit::policy {
namespace {

namespace fs = std::filesystem;
using Value = rapidjson::Value;

// Iterative parsing keeps deeply nested text from exhausting the stack in
// the parser; too_deep() then refuses it before anything walks the tree
// recursively (the checks below, re-serialising options).
constexpr unsigned kPolicyParseFlags = rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag |
                                       rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
constexpr int kMaxPolicyDepth = 32;

bool too_deep(const rapidjson::Value& v) { return ingest::nested_deeper_than(v, kMaxPolicyDepth); }

// A policy is a small hand-written file; anything larger, or anything that is
// not a regular file (a directory, a FIFO, /dev/zero named by "extends"), is
// refused before it is read, so a wrong path cannot hang or exhaust the host.
constexpr std::uintmax_t kMaxPolicyBytes = 1u << 20;

std::string read_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) throw PolicyError(p.string(), "", "is not a regular file");
  const std::uintmax_t size = fs::file_size(p, ec);
  if (ec) throw PolicyError(p.string(), "", "cannot be read");
  if (size > kMaxPolicyBytes)
    throw PolicyError(p.string(), "", "is larger than the limit of " + std::to_string(kMaxPolicyBytes) + " bytes");
  std::ifstream in(p, std::ios::binary);
  if (!in) throw PolicyError(p.string(), "", "cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The whole string, embedded NULs included: a key "abc\u0000/x" must not pass
// for "abc" in the checks below.
std::string str_of(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

std::string serialise(const Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

void only_keys(const Value& obj, const std::set<std::string>& allowed, const std::string& file,
               const std::string& where) {
  for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
    std::string k = str_of(it->name);
    if (!allowed.count(k)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      const std::string shown = ingest::shown_key(k);
      throw PolicyError(file, where.empty() ? shown : where + "." + shown, "unknown key (expected one of: " + list + ")");
    }
  }
}

std::string req_string(const Value& obj, const char* key, const std::string& file) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) throw PolicyError(file, key, "required key is missing");
  if (!it->value.IsString()) throw PolicyError(file, key, "expected a string");
  std::string s = str_of(it->value);
  if (auto c = common::first_control(s, true))
    throw PolicyError(file, key, "holds a control character (" + common::describe_code_point(*c) +
                                     "); the value is not shown");
  return s;
}

// The policy's name, version and jurisdiction are codes that every output
// prints: no free text (a name) and no control characters.
std::string req_code(const Value& obj, const char* key, const std::string& file) {
  std::string s = req_string(obj, key, file);
  if (s.empty()) throw PolicyError(file, key, "must not be empty");
  if (auto c = common::first_control(s))
    throw PolicyError(file, key, "holds a control character (" + common::describe_code_point(*c) +
                                     "); the value is not shown");
  if (s.find('\0') != std::string::npos || ingest::scan(s, ingest::FieldClass::code))
    throw PolicyError(file, key,
                      "expected a code such as oslo-kommune or 2026.1 (letters, digits, '-', '.', no spaces, at most " +
                          std::to_string(ingest::kMaxCodeLength) + " bytes); the value is not shown");
  return s;
}

// `given_text`: the file's bytes when the caller already has them
// (load_policy_text); nullptr to read `file`.
void merge_file(Policy& pol, const fs::path& file, std::vector<fs::path>& stack, std::string& chain_bytes,
                const std::string* given_text = nullptr) {
  // The throwing forms of the filesystem calls would end the process on a
  // name the system refuses (too long, say): every one here reports instead.
  std::error_code ec;
  fs::path canon = fs::weakly_canonical(file, ec);
  if (ec) canon = file.lexically_normal();
  if (std::find(stack.begin(), stack.end(), canon) != stack.end())
    throw PolicyError(file.string(), "extends", "policies extend each other in a cycle");
  if (stack.size() >= 8) throw PolicyError(file.string(), "extends", "more than 8 levels of extends");
  stack.push_back(canon);

  const std::string f = file.string();
  const std::string text = given_text ? *given_text : read_file(file);
  rapidjson::Document doc;
  doc.Parse<kPolicyParseFlags>(text.data(), text.size());
  if (doc.HasParseError()) {
    std::size_t line = 1 + std::count(text.begin(), text.begin() + std::min(doc.GetErrorOffset(), text.size()), '\n');
    throw PolicyError(f, "", "not valid JSON at line " + std::to_string(line) + ": " +
                                 rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) throw PolicyError(f, "", "expected a JSON object");
  if (too_deep(doc)) throw PolicyError(f, "", "nested deeper than " + std::to_string(kMaxPolicyDepth) + " levels");
  // Every string and key name of the file, whatever it is for: a policy's
  // texts reach every output and the store.
  if (auto hit = ingest::guard_json(doc)) throw PolicyError(f, hit->path, ingest::guard_message(*hit));
  if (auto path = ingest::first_duplicate_key(doc))
    throw PolicyError(f, *path, ingest::duplicate_key_message("the policy is not used"));
  only_keys(doc,
            {"policy", "version", "description", "extends", "jurisdiction", "language", "disclosure", "guard", "review",
             "plugins", "severity"},
            f, "");

  // The base first, so this file's settings override it.
  if (auto it = doc.FindMember("extends"); it != doc.MemberEnd()) {
    if (!it->value.IsString()) throw PolicyError(f, "extends", "expected the file name of a base policy");
    const std::string name = str_of(it->value);
    if (name.empty() || name.find('\0') != std::string::npos)
      throw PolicyError(f, "extends", "expected the file name of a base policy");
    fs::path base = file.parent_path() / name;
    if (!fs::exists(base, ec)) {
      if (ec) throw PolicyError(f, "extends", "the base policy cannot be looked up: " + ec.message());
      throw PolicyError(f, "extends", "base policy " + base.string() + " does not exist");
    }
    merge_file(pol, base, stack, chain_bytes);
  }
  chain_bytes += text;
  pol.files.push_back(f);

  pol.name = req_code(doc, "policy", f);
  pol.version = req_code(doc, "version", f);
  if (doc.HasMember("description")) pol.description = req_string(doc, "description", f);
  if (doc.HasMember("jurisdiction")) pol.jurisdiction = req_code(doc, "jurisdiction", f);
  if (doc.HasMember("language")) {
    pol.language = req_string(doc, "language", f);
    if (!i18n::language_from_string(pol.language))
      throw PolicyError(f, "language", std::string("expected one of ") + i18n::language_list());
  }

  if (auto it = doc.FindMember("disclosure"); it != doc.MemberEnd()) {
    if (!it->value.IsObject()) throw PolicyError(f, "disclosure", "expected an object");
    only_keys(it->value, {"min_cell"}, f, "disclosure");
    if (auto mc = it->value.FindMember("min_cell"); mc != it->value.MemberEnd()) {
      if (!mc->value.IsInt() || mc->value.GetInt() < 1 || mc->value.GetInt() > 100)
        throw PolicyError(f, "disclosure.min_cell", "expected a whole number from 1 to 100");
      pol.min_cell = mc->value.GetInt();
    }
  }

  if (auto it = doc.FindMember("guard"); it != doc.MemberEnd()) {
    if (!it->value.IsObject()) throw PolicyError(f, "guard", "expected an object");
    std::set<std::string> keys;
    for (const auto& o : guard_options()) keys.insert(o.key);
    only_keys(it->value, keys, f, "guard");
    for (const auto& o : guard_options()) {
      auto v = it->value.FindMember(o.key);
      if (v == it->value.MemberEnd()) continue;
      const std::string where = std::string("guard.") + o.key;
      if (!v->value.IsNumber() || !std::isfinite(v->value.GetDouble()))
        throw PolicyError(f, where, "expected a number");
      const double d = v->value.GetDouble();
      if (d < o.min || d > o.max) {
        std::ostringstream ss;
        ss << d << " is out of range (" << o.min << " to " << o.max << ")";
        throw PolicyError(f, where, ss.str());
      }
      pol.guard.*o.field = d;
    }
  }

  if (auto it = doc.FindMember("review"); it != doc.MemberEnd()) {
    if (!it->value.IsObject()) throw PolicyError(f, "review", "expected an object");
    only_keys(it->value, {"suppression_needs_two_sides"}, f, "review");
    if (auto two = it->value.FindMember("suppression_needs_two_sides"); two != it->value.MemberEnd()) {
      if (!two->value.IsBool()) throw PolicyError(f, "review.suppression_needs_two_sides", "expected true or false");
      pol.suppression_needs_two_sides = two->value.GetBool();
    }
  }

  if (auto it = doc.FindMember("plugins"); it != doc.MemberEnd()) {
    if (!it->value.IsObject()) throw PolicyError(f, "plugins", "expected an object of plugin names");
    for (auto p = it->value.MemberBegin(); p != it->value.MemberEnd(); ++p) {
      const std::string name = str_of(p->name);
      const std::string where = "plugins." + ingest::shown_key(name);
      if (!common::is_plugin_name(name))
        throw PolicyError(f, where,
                          "a policy names a plugin by its name (lower-case letters, digits and hyphens), "
                          "never by a path; plugins load only from the plugin directories");
      if (!p->value.IsObject()) throw PolicyError(f, where, "expected an object with \"enabled\" and \"options\"");
      only_keys(p->value, {"enabled", "options"}, f, where);
      bool enabled = true;
      if (auto e = p->value.FindMember("enabled"); e != p->value.MemberEnd()) {
        if (!e->value.IsBool()) throw PolicyError(f, where + ".enabled", "expected true or false");
        enabled = e->value.GetBool();
      }
      auto existing = std::find_if(pol.plugins.begin(), pol.plugins.end(), [&](auto& e) { return e.name == name; });
      if (!enabled) {
        if (existing != pol.plugins.end()) pol.plugins.erase(existing);
        continue;
      }
      if (existing == pol.plugins.end()) {
        pol.plugins.push_back(PluginEntry{name, f, {}});
        existing = pol.plugins.end() - 1;
      }
      if (auto o = p->value.FindMember("options"); o != p->value.MemberEnd()) {
        if (!o->value.IsObject()) throw PolicyError(f, where + ".options", "expected an object");
        for (auto kv = o->value.MemberBegin(); kv != o->value.MemberEnd(); ++kv)
          existing->options[str_of(kv->name)] = RawOption{serialise(kv->value), f};
      }
    }
  }

  if (auto it = doc.FindMember("severity"); it != doc.MemberEnd()) {
    if (!it->value.IsObject()) throw PolicyError(f, "severity", "expected an object of rule ids");
    for (auto s = it->value.MemberBegin(); s != it->value.MemberEnd(); ++s) {
      const std::string rule = str_of(s->name);
      const std::string where = "severity." + ingest::shown_key(rule);
      if (rule.find('/') == std::string::npos) throw PolicyError(f, where, "expected a rule id of the form plugin/rule");
      if (!s->value.IsString()) throw PolicyError(f, where, "expected \"error\", \"warning\", \"note\" or \"off\"");
      std::string v = str_of(s->value);
      SeverityOverride o{std::nullopt, f};
      if (v != "off") {
        o.severity = common::severity_from_string(v);
        if (!o.severity)
          throw PolicyError(f, where, "is not one of error, warning, note, off (the value is not shown)");
      }
      pol.severity[rule] = o;
    }
  }
  stack.pop_back();
}

OptionValue convert(const Value& v, const OptionSpec& spec, const std::string& file, const std::string& key) {
  auto bad = [&](const std::string& what) -> PolicyError { return PolicyError(file, key, what); };
  auto in_choices = [&](const std::string& s) {
    if (!spec.choices.empty() && std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
      std::string list;
      for (const auto& c : spec.choices) list += (list.empty() ? "" : ", ") + c;
      throw bad("is not one of: " + list + " (the value is not shown)");
    }
  };
  auto range = [&](double d) {
    if ((spec.min && d < *spec.min) || (spec.max && d > *spec.max)) {
      std::ostringstream ss;
      ss << d << " is out of range";
      if (spec.min && spec.max) ss << " (" << *spec.min << " to " << *spec.max << ")";
      throw bad(ss.str());
    }
  };
  // A list of strings, each one of the choices; `expected` names the option's type.
  auto strings = [&](const Value& list, const char* expected) {
    if (!list.IsArray()) throw bad(expected);
    StringList out;
    for (const auto& item : list.GetArray()) {
      if (!item.IsString()) throw bad(expected);
      in_choices(str_of(item));
      out.emplace_back(str_of(item));
    }
    return out;
  };
  switch (spec.type) {
    case OptionType::boolean:
      if (!v.IsBool()) throw bad("expected true or false");
      return v.GetBool();
    case OptionType::integer: {
      if (!v.IsInt64()) throw bad("expected a whole number");
      range(double(v.GetInt64()));
      return std::int64_t(v.GetInt64());
    }
    case OptionType::real: {
      if (!v.IsNumber()) throw bad("expected a number");
      double d = v.GetDouble();
      if (!std::isfinite(d)) throw bad("expected a finite number");
      range(d);
      return d;
    }
    case OptionType::string:
      if (!v.IsString()) throw bad("expected a string");
      in_choices(str_of(v));
      return str_of(v);
    case OptionType::string_list:
      return strings(v, "expected a list of strings");
    case OptionType::string_lists: {
      constexpr const char* kExpected = "expected a list of lists of strings";
      if (!v.IsArray()) throw bad(kExpected);
      StringLists out;
      for (const auto& inner : v.GetArray()) out.push_back(strings(inner, kExpected));
      return out;
    }
  }
  throw bad("unsupported option type");
}

std::string known_keys(const std::vector<OptionSpec>& specs) {
  std::string list;
  for (const auto& s : specs) list += (list.empty() ? "" : ", ") + s.key;
  return list.empty() ? "none" : list;
}

Policy load(const fs::path& file, const std::string* text) {
  Policy pol;
  std::vector<fs::path> stack;
  std::string chain;
  merge_file(pol, file, stack, chain, text);
  std::sort(pol.plugins.begin(), pol.plugins.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  pol.path = file.string();
  pol.sha256 = common::sha256_hex(chain);
  return pol;
}

}  // namespace

const std::vector<GuardOption>& guard_options() {
  static const std::vector<GuardOption> options = {
      {"max_round_drop", &Guard::max_round_drop, 0.5, 0.0, 1.0,
       "A run whose valid rounds fell by more than this share since the previous stored run of the policy and "
       "selection is refused (exit 2, not stored) unless --accept-drop is given"},
      {"max_rejected_share", &Guard::max_rejected_share, 0.02, 0.0, 1.0,
       "A run whose share of rejected lines (with --mapping: rejected rows of the flat export) is above this is "
       "refused (exit 2, not stored)"},
  };
  return options;
}

Policy load_policy(const std::filesystem::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw PolicyError(file.string(), "", ec ? "the policy file cannot be looked up: " + ec.message()
                                            : std::string("policy file does not exist"));
  return load(file, nullptr);
}

Policy load_policy_text(const std::string& text, const std::filesystem::path& name) {
  if (text.size() > kMaxPolicyBytes)
    throw PolicyError(name.string(), "", "is larger than the limit of " + std::to_string(kMaxPolicyBytes) + " bytes");
  return load(name, &text);
}

Options resolve_options(const PluginEntry& entry, const std::vector<OptionSpec>& specs) {
  std::map<std::string, OptionValue> values;
  for (const auto& s : specs) values[s.key] = s.default_value;
  for (const auto& [key, raw] : entry.options) {
    const std::string where = "plugins." + entry.name + ".options." + ingest::shown_key(key);
    // The key by name: clang before 16 cannot capture a structured binding.
    auto spec = std::find_if(specs.begin(), specs.end(), [&k = key](const auto& s) { return s.key == k; });
    if (spec == specs.end())
      throw PolicyError(raw.file, where,
                        "unknown option for plugin '" + entry.name + "' (it declares: " + known_keys(specs) + ")");
    rapidjson::Document d;
    d.Parse(raw.json.c_str());
    values[key] = convert(d, *spec, raw.file, where);
  }
  return Options(std::move(values));
}

Options resolve_options_json(const std::string& plugin, const std::string& json_object,
                             const std::vector<OptionSpec>& specs, const std::string& origin) {
  rapidjson::Document d;
  d.Parse<kPolicyParseFlags>(json_object.c_str());
  if (d.HasParseError() || !d.IsObject()) throw PolicyError(origin, "options", "expected a JSON object");
  if (too_deep(d))
    throw PolicyError(origin, "options", "nested deeper than " + std::to_string(kMaxPolicyDepth) + " levels");
  if (auto path = ingest::first_duplicate_key(d))
    throw PolicyError(origin, "options." + *path, ingest::duplicate_key_message("the options are not used"));
  PluginEntry e{plugin, origin, {}};
  for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it)
    e.options[str_of(it->name)] = RawOption{serialise(it->value), origin};
  return resolve_options(e, specs);
}

std::string to_json(const OptionValue& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) w.Bool(x);
        else if constexpr (std::is_same_v<T, std::int64_t>) w.Int64(x);
        else if constexpr (std::is_same_v<T, double>) w.Double(x);
        else if constexpr (std::is_same_v<T, std::string>) w.String(x.c_str(), rapidjson::SizeType(x.size()));
        else if constexpr (std::is_same_v<T, StringList>) {
          w.StartArray();
          for (const auto& s : x) w.String(s.c_str(), rapidjson::SizeType(s.size()));
          w.EndArray();
        } else {
          w.StartArray();
          for (const auto& l : x) {
            w.StartArray();
            for (const auto& s : l) w.String(s.c_str(), rapidjson::SizeType(s.size()));
            w.EndArray();
          }
          w.EndArray();
        }
      },
      v);
  return sb.GetString();
}

std::filesystem::path default_policy_path() {
  for (const auto& dir : common::policy_dirs()) {
    fs::path p = dir / kDefaultPolicyFile;
    if (fs::exists(p)) return p;
  }
  return fs::path(FAIRAUDIT_SOURCE_POLICY_DIR) / kDefaultPolicyFile;
}

}  // namespace fairaudit::policy
