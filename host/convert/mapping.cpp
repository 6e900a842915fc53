// Mapping files: the schema of the file is the code below; every key it does
// not know is an error naming the file and the key (docs/policies.md's rule for
// policies, applied to mappings: a misspelt column name or field must not
// pass silently).
#include "convert/mapping.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "fairaudit/model.hpp"
#include "common/hash.hpp"
#include "common/printable.hpp"
#include "ingest/json_guard.hpp"
#include "ingest/pii.hpp"

namespace fairaudit::convert {
namespace {

namespace fs = std::filesystem;
using Value = rapidjson::Value;

// Iterative: a file nested a hundred thousand levels deep is read without
// the parser's recursion, then refused before anything walks it.
constexpr unsigned kParseFlags = rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag |
                                 rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;
constexpr int kMaxMappingDepth = 32;
constexpr std::uintmax_t kMaxMappingBytes = 1u << 20;

const std::vector<std::string> kJurisdictions = {"NO-OSL", "NO-STATE", "SE", "DK", "other"};
const std::vector<std::string> kGenders = {"woman", "man", "other", "unknown", "declined"};
const std::vector<std::string> kAnswers = {"yes", "no", "declined", "unknown", "not_asked"};
const std::vector<std::string> kOutcomes = {"qualified", "not_qualified", "not_assessed"};
const std::vector<std::string> kStages = {"applied",           "screened",    "interview_invited", "interview_held",
                                          "reference_checked", "recommended", "offered",           "hired",
                                          "rejected",          "withdrawn"};
const std::vector<std::string> kRepEvents = {"invited", "shortlist_shared", "attended_interview", "waiver",
                                             "recommendation_received", "statement_filed", "escalated"};

std::string str_of(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

class Loader {
 public:
  Loader(Mapping& m, std::string file) : m_(m), file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& message) const {
    throw MappingError(file_, key, message);
  }

  void only_keys(const Value& obj, const std::vector<std::string>& allowed, const std::string& where) const {
    for (auto it = obj.MemberBegin(); it != obj.MemberEnd(); ++it) {
      std::string k = str_of(it->name);
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
        fail(where.empty() ? ingest::shown_key(k) : where + "." + ingest::shown_key(k),
             "unknown key (expected one of: " + join_words(allowed) + ")");
    }
  }
  const Value& object(const Value& v, const std::string& key) const {
    if (!v.IsObject()) fail(key, "expected an object");
    return v;
  }
  std::string string(const Value& v, const std::string& key) const {
    if (!v.IsString()) fail(key, "expected a string");
    std::string s = str_of(v);
    if (s.find('\0') != std::string::npos) fail(key, "must not contain a NUL character");
    return s;
  }
  // The mapping's name and version are codes that conversions print (as a
  // policy's are): no free text such as a name, no control characters.
  std::string code(const Value& v, const std::string& key) const {
    std::string s = string(v, key);
    if (s.empty()) fail(key, "must not be empty");
    if (auto c = common::first_control(s))
      fail(key, "holds a control character (" + common::describe_code_point(*c) + "); the value is not shown");
    if (ingest::scan(s, ingest::FieldClass::code))
      fail(key, "expected a code such as webcruiter-no or 2026.1 (letters, digits, '-', '.', no spaces, at most " +
                    std::to_string(ingest::kMaxCodeLength) + " bytes); the value is not shown");
    return s;
  }
  std::vector<std::string> strings(const Value& v, const std::string& key) const {
    if (!v.IsArray()) fail(key, "expected an array of strings");
    std::vector<std::string> out;
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) out.push_back(string(v[i], key + "[" + std::to_string(i) + "]"));
    return out;
  }

  void top(const Value& doc) {
    only_keys(doc, {"mapping", "version", "description", "input", "round", "applicant", "drop"}, "");
    auto req = [&](const char* k) -> const Value& {
      auto it = doc.FindMember(k);
      if (it == doc.MemberEnd()) fail(k, "required key is missing");
      return it->value;
    };
    m_.name = code(req("mapping"), "mapping");
    m_.version = code(req("version"), "version");
    if (auto it = doc.FindMember("description"); it != doc.MemberEnd()) m_.description = string(it->value, "description");
    if (auto it = doc.FindMember("input"); it != doc.MemberEnd()) input(it->value);
    if (date_formats_.empty()) date_formats_.push_back(DateFormat{"iso", true});
    if (auto it = doc.FindMember("drop"); it != doc.MemberEnd())
      for (auto& c : strings(it->value, "drop")) m_.drop.insert(c);
    round(object(req("round"), "round"));
    applicant(object(req("applicant"), "applicant"));

    for (const auto& f : m_.fields)
      for (const auto& c : f.columns)
        if (m_.drop.count(c)) fail(f.key, "reads column \"" + c + "\", which \"drop\" also lists");
  }

  void input(const Value& v) {
    object(v, "input");
    only_keys(v, {"format", "separator", "encoding", "date_formats"}, "input");
    if (auto it = v.FindMember("format"); it != v.MemberEnd()) {
      std::string f = string(it->value, "input.format");
      if (f == "csv") m_.format = InputFormat::csv;
      else if (f == "json") m_.format = InputFormat::json;
      else if (f == "auto") m_.format = InputFormat::automatic;
      else fail("input.format", "\"" + f + "\" is not one of csv, json, auto");
    }
    if (auto it = v.FindMember("separator"); it != v.MemberEnd()) {
      std::string s = string(it->value, "input.separator");
      if (s == "auto") m_.separator = 0;
      else if (s == "," || s == ";" || s == "\t") m_.separator = s[0];
      else fail("input.separator", "expected \",\", \";\", \"\\t\" or \"auto\"");
    }
    if (auto it = v.FindMember("encoding"); it != v.MemberEnd()) {
      std::string e = fold_case(string(it->value, "input.encoding"));
      if (e == "utf-8" || e == "utf8") m_.encoding = Encoding::utf8;
      else if (e == "windows-1252" || e == "cp1252" || e == "latin-1" || e == "iso-8859-1")
        m_.encoding = Encoding::windows1252;
      else fail("input.encoding", "expected \"utf-8\" or \"windows-1252\"");
    }
    if (auto it = v.FindMember("date_formats"); it != v.MemberEnd())
      date_formats_ = formats(it->value, "input.date_formats");
  }

  std::vector<DateFormat> formats(const Value& v, const std::string& key) const {
    std::vector<DateFormat> out;
    for (const auto& p : strings(v, key)) {
      if (p == "iso") {
        out.push_back(DateFormat{p, true});
        continue;
      }
      bool y = p.find("YYYY") != std::string::npos, mo = p.find("MM") != std::string::npos,
           d = p.find("DD") != std::string::npos;
      if (!y || !mo || !d)
        fail(key, "\"" + p + "\" is not a date format: it needs YYYY, MM and DD (or write \"iso\")");
      auto star = p.find('*');
      if (star != std::string::npos && star + 1 != p.size()) fail(key, "'*' may only end a date format");
      out.push_back(DateFormat{p, false});
    }
    if (out.empty()) fail(key, "expected at least one date format");
    return out;
  }

  // The value types and vocabularies of the canonical fields (docs/input-format.md).
  FieldSpec& field(const Value& v, const std::string& key, std::uint16_t slot, ValueType type,
                   const std::vector<std::string>& vocabulary = {},
                   const std::vector<std::string>& extra_keys = {}) {
    FieldSpec f;
    f.slot = slot;
    f.key = key;
    f.type = type;
    f.vocabulary = vocabulary;
    if (type == ValueType::date) f.formats = date_formats_;
    if (v.IsString()) {
      f.columns.push_back(string(v, key));
      if (f.columns.back().empty()) fail(key, "a column name must not be empty");
    } else if (v.IsObject()) {
      std::vector<std::string> allowed = {"column", "columns", "join", "value", "values",
                                          "default", "ignore_case", "optional"};
      if (type == ValueType::org_unit) allowed.insert(allowed.end(), {"slug", "prefix"});
      if (type == ValueType::date) allowed.push_back("formats");
      allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
      only_keys(v, allowed, key);
      int sources = 0;
      if (auto it = v.FindMember("column"); it != v.MemberEnd()) {
        f.columns.push_back(string(it->value, key + ".column"));
        if (f.columns.back().empty()) fail(key + ".column", "a column name must not be empty");
        ++sources;
      }
      if (auto it = v.FindMember("columns"); it != v.MemberEnd()) {
        f.columns = strings(it->value, key + ".columns");
        if (f.columns.empty()) fail(key + ".columns", "expected at least one column");
        for (const auto& c : f.columns)
          if (c.empty()) fail(key + ".columns", "a column name must not be empty");
        ++sources;
      }
      if (auto it = v.FindMember("value"); it != v.MemberEnd()) {
        f.constant = canonical(it->value, f, key + ".value");
        if (!f.constant) fail(key + ".value", "expected a value");
        ++sources;
      }
      if (sources != 1) fail(key, "expected exactly one of \"column\", \"columns\" or \"value\"");
      if (auto it = v.FindMember("join"); it != v.MemberEnd()) f.join = string(it->value, key + ".join");
      if (auto it = v.FindMember("ignore_case"); it != v.MemberEnd()) {
        if (!it->value.IsBool()) fail(key + ".ignore_case", "expected true or false");
        f.ignore_case = it->value.GetBool();
      }
      if (auto it = v.FindMember("optional"); it != v.MemberEnd()) {
        if (!it->value.IsBool()) fail(key + ".optional", "expected true or false");
        f.optional = it->value.GetBool();
      }
      if (auto it = v.FindMember("slug"); it != v.MemberEnd()) {
        if (!it->value.IsBool()) fail(key + ".slug", "expected true or false");
        f.slug = it->value.GetBool();
      }
      if (auto it = v.FindMember("prefix"); it != v.MemberEnd()) {
        f.prefix = string(it->value, key + ".prefix");
        if (!f.prefix.empty() && (f.prefix.front() == '/' || f.prefix.back() == '/'))
          fail(key + ".prefix", "write the path without a leading or trailing '/'");
      }
      if (auto it = v.FindMember("formats"); it != v.MemberEnd()) f.formats = formats(it->value, key + ".formats");
      if (auto it = v.FindMember("values"); it != v.MemberEnd()) {
        const std::string vk = key + ".values";
        if (!it->value.IsObject()) fail(vk, "expected an object of export value -> canonical value");
        f.has_values = true;
        for (auto m = it->value.MemberBegin(); m != it->value.MemberEnd(); ++m) {
          std::string from = str_of(m->name);
          std::string mk = vk + "." + from;
          std::optional<std::string> to = canonical(m->value, f, mk);
          std::string k = f.ignore_case ? fold_case(trim(from)) : trim(from);
          if (f.values.count(k)) fail(mk, "is listed twice" + std::string(f.ignore_case ? " (ignoring case)" : ""));
          f.values.emplace(k, to);
        }
      }
      if (auto it = v.FindMember("default"); it != v.MemberEnd()) {
        f.default_value = canonical(it->value, f, key + ".default");
      }
    } else {
      fail(key, "expected a column name or an object with \"column\", \"columns\" or \"value\"");
    }
    if (f.slug && f.type != ValueType::org_unit) fail(key + ".slug", "only org_unit makes slugs");
    m_.fields.push_back(std::move(f));
    return m_.fields.back();
  }

  static std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
  }

  // A canonical value written in the mapping (a "values" target, "value" or
  // "default"), checked against the field's type; nullopt for JSON null.
  std::optional<std::string> canonical(const Value& v, const FieldSpec& f, const std::string& key) const {
    if (v.IsNull()) return std::nullopt;
    switch (f.type) {
      case ValueType::boolean:
        if (!v.IsBool()) fail(key, "expected true, false or null");
        return v.GetBool() ? "true" : "false";
      case ValueType::integer:
        if (!v.IsInt() || v.GetInt() < 0) fail(key, "expected a whole number or null");
        return std::to_string(v.GetInt());
      case ValueType::word: {
        std::string s = string(v, key);
        if (std::find(f.vocabulary.begin(), f.vocabulary.end(), s) == f.vocabulary.end())
          fail(key, "\"" + s + "\" is not one of " + join_words(f.vocabulary) + " (or null)");
        return s;
      }
      case ValueType::date: {
        std::string s = string(v, key);
        if (!Timestamp::parse(s)) fail(key, "expected an ISO-8601 date such as \"2026-03-21\"");
        return s;
      }
      case ValueType::org_unit: {
        std::string s = string(v, key);
        if (s.empty() || s.front() == '/' || s.back() == '/' || s.find("//") != std::string::npos)
          fail(key, "expected a '/'-separated path such as \"oslo/bydel-gamle-oslo/helse\"");
        return s;
      }
      case ValueType::code: {
        std::string s = string(v, key);
        if (s.empty()) fail(key, "must not be empty (write null for \"nothing\")");
        return s;
      }
    }
    return std::nullopt;
  }

  // A stage event or representative event: a date field, maybe with a reason.
  void round(const Value& v) {
    only_keys(v,
              {"round_id", "org_unit", "jurisdiction", "title_code", "openings", "internal_only", "reserved_for",
               "advertised_at", "closes_at", "requirements_documented_at", "recommendation_at", "decision_at",
               "decision_reason", "representative", "documents"},
              "round");
    auto get = [&](const char* k) -> const Value* {
      auto it = v.FindMember(k);
      return it == v.MemberEnd() ? nullptr : &it->value;
    };
    auto need = [&](const char* k) -> const Value& {
      if (const Value* x = get(k)) return *x;
      fail(std::string("round.") + k, "required key is missing");
    };
    field(need("round_id"), "round.round_id", slot::round_id, ValueType::code);
    field(need("org_unit"), "round.org_unit", slot::org_unit, ValueType::org_unit);
    field(need("jurisdiction"), "round.jurisdiction", slot::jurisdiction, ValueType::word, kJurisdictions);
    struct Opt {
      const char* key;
      std::uint16_t slot;
      ValueType type;
    };
    for (const Opt& o : {Opt{"title_code", slot::title_code, ValueType::code},
                         Opt{"openings", slot::openings, ValueType::integer},
                         Opt{"internal_only", slot::internal_only, ValueType::boolean},
                         Opt{"reserved_for", slot::reserved_for, ValueType::code},
                         Opt{"advertised_at", slot::advertised_at, ValueType::date},
                         Opt{"closes_at", slot::closes_at, ValueType::date},
                         Opt{"requirements_documented_at", slot::requirements_documented_at, ValueType::date},
                         Opt{"recommendation_at", slot::recommendation_at, ValueType::date},
                         Opt{"decision_at", slot::decision_at, ValueType::date},
                         Opt{"decision_reason", slot::decision_reason, ValueType::code}})
      if (const Value* x = get(o.key)) field(*x, std::string("round.") + o.key, o.slot, o.type);

    if (const Value* rep = get("representative")) {
      const std::string rk = "round.representative";
      object(*rep, rk);
      only_keys(*rep, {"appointed", "role", "agrees", "events"}, rk);
      if (auto it = rep->FindMember("appointed"); it != rep->MemberEnd())
        field(it->value, rk + ".appointed", slot::rep_appointed, ValueType::boolean);
      if (auto it = rep->FindMember("role"); it != rep->MemberEnd())
        field(it->value, rk + ".role", slot::rep_role, ValueType::code);
      if (auto it = rep->FindMember("agrees"); it != rep->MemberEnd())
        field(it->value, rk + ".agrees", slot::rep_agrees, ValueType::boolean);
      if (auto it = rep->FindMember("events"); it != rep->MemberEnd()) {
        const std::string ek = rk + ".events";
        object(it->value, ek);
        only_keys(it->value, kRepEvents, ek);
        for (auto e = it->value.MemberBegin(); e != it->value.MemberEnd(); ++e) {
          auto t = rep_event_from_string(str_of(e->name));
          field(e->value, ek + "." + str_of(e->name), std::uint16_t(slot::rep_event_at + int(*t)), ValueType::date);
        }
      }
    }
    if (const Value* docs = get("documents")) {
      const std::string dk = "round.documents";
      if (!docs->IsArray()) fail(dk, "expected an array of documents");
      for (rapidjson::SizeType i = 0; i < docs->Size(); ++i) {
        const std::string k = dk + "[" + std::to_string(i) + "]";
        const Value& d = object((*docs)[i], k);
        only_keys(d, {"type", "at", "sent_to", "equality_statement"}, k);
        DocumentSpec doc;
        auto t = d.FindMember("type");
        if (t == d.MemberEnd()) fail(k + ".type", "required key is missing");
        doc.type = string(t->value, k + ".type");
        if (doc.type.empty()) fail(k + ".type", "must not be empty");
        if (auto s = d.FindMember("sent_to"); s != d.MemberEnd()) doc.sent_to = strings(s->value, k + ".sent_to");
        doc.at_slot = m_.slot_count++;
        doc.equality_slot = m_.slot_count++;
        bool any = false;
        if (auto a = d.FindMember("at"); a != d.MemberEnd()) {
          field(a->value, k + ".at", doc.at_slot, ValueType::date);
          any = true;
        }
        if (auto e = d.FindMember("equality_statement"); e != d.MemberEnd()) {
          field(e->value, k + ".equality_statement", doc.equality_slot, ValueType::boolean);
          any = true;
        }
        if (!any) fail(k, "expected \"at\" or \"equality_statement\": a document is written for a round where one of them has a value");
        m_.documents.push_back(std::move(doc));
      }
    }
  }

  void applicant(const Value& v) {
    only_keys(v,
              {"id", "gender", "immigrant_background", "disability", "cv_gap", "priority_access", "age_band",
               "outcome", "rank", "equally_qualified_with_top", "meets_formal_requirements", "events", "status",
               "interview_at"},
              "applicant");
    auto get = [&](const char* k) -> const Value* {
      auto it = v.FindMember(k);
      return it == v.MemberEnd() ? nullptr : &it->value;
    };
    const Value* id = get("id");
    if (!id) fail("applicant.id", "required key is missing");
    field(*id, "applicant.id", slot::applicant_id, ValueType::code);
    if (const Value* x = get("gender")) field(*x, "applicant.gender", slot::gender, ValueType::word, kGenders);
    struct Opt {
      const char* key;
      std::uint16_t slot;
      ValueType type;
      const std::vector<std::string>* vocab;
    };
    for (const Opt& o : {Opt{"immigrant_background", slot::immigrant_background, ValueType::word, &kAnswers},
                         Opt{"disability", slot::disability, ValueType::word, &kAnswers},
                         Opt{"cv_gap", slot::cv_gap, ValueType::word, &kAnswers},
                         Opt{"priority_access", slot::priority_access, ValueType::word, &kAnswers},
                         Opt{"age_band", slot::age_band, ValueType::code, nullptr},
                         Opt{"outcome", slot::outcome, ValueType::word, &kOutcomes},
                         Opt{"rank", slot::rank, ValueType::integer, nullptr},
                         Opt{"equally_qualified_with_top", slot::equally_qualified_with_top, ValueType::boolean, nullptr},
                         Opt{"meets_formal_requirements", slot::meets_formal_requirements, ValueType::boolean, nullptr},
                         Opt{"interview_at", slot::interview_at, ValueType::date, nullptr}})
      if (const Value* x = get(o.key))
        field(*x, std::string("applicant.") + o.key, o.slot, o.type, o.vocab ? *o.vocab : std::vector<std::string>{});

    if (const Value* ev = get("events")) {
      const std::string ek = "applicant.events";
      object(*ev, ek);
      only_keys(*ev, kStages, ek);
      for (auto e = ev->MemberBegin(); e != ev->MemberEnd(); ++e) {
        const std::string name = str_of(e->name);
        const int s = int(*stage_from_string(name));
        const std::string k = ek + "." + name;
        const Value* reason = nullptr;
        if (e->value.IsObject()) {
          if (auto r = e->value.FindMember("reason_code"); r != e->value.MemberEnd()) reason = &r->value;
        }
        field(e->value, k, std::uint16_t(slot::event_at + s), ValueType::date, {}, {"reason_code"});
        if (reason) field(*reason, k + ".reason_code", std::uint16_t(slot::event_reason + s), ValueType::code);
      }
    }
    if (const Value* st = get("status")) {
      const std::string sk = "applicant.status";
      object(*st, sk);
      const Value* at = nullptr;
      const Value* reason = nullptr;
      if (auto a = st->FindMember("at"); a != st->MemberEnd()) at = &a->value;
      if (auto r = st->FindMember("reason_code"); r != st->MemberEnd()) reason = &r->value;
      if (!at) fail(sk + ".at", "required key is missing: the column with the date of the status");
      if (!st->HasMember("values"))
        fail(sk + ".values", "required key is missing: which status word means which stage event (or null for none)");
      field(*st, sk, slot::status_type, ValueType::word, kStages, {"at", "reason_code"});
      field(*at, sk + ".at", slot::status_at, ValueType::date);
      if (reason) field(*reason, sk + ".reason_code", slot::status_reason, ValueType::code);
    }
  }

 private:
  Mapping& m_;
  std::string file_;
  std::vector<DateFormat> date_formats_;
};

bool digit(char c) { return c >= '0' && c <= '9'; }

// Reads 1–`max` digits (exactly `max` when `exact`).
bool number(std::string_view t, std::size_t& pos, int max, bool exact, int& out) {
  int n = 0, v = 0;
  while (n < max && pos < t.size() && digit(t[pos])) {
    v = v * 10 + (t[pos] - '0');
    ++pos;
    ++n;
  }
  if (n == 0 || (exact && n != max)) return false;
  out = v;
  return true;
}

std::optional<std::string> parse_pattern(std::string_view t, std::string_view p) {
  int y = -1, mo = -1, d = -1, hh = -1, mi = -1, ss = -1;
  std::size_t i = 0, pos = 0;
  while (i < p.size()) {
    std::string_view rest = p.substr(i);
    if (rest == "*") {
      pos = t.size();
      i = p.size();
      break;
    }
    bool ok = true;
    if (rest.substr(0, 4) == "YYYY") ok = number(t, pos, 4, true, y), i += 4;
    else if (rest.substr(0, 2) == "MM") ok = number(t, pos, 2, false, mo), i += 2;
    else if (rest.substr(0, 2) == "DD") ok = number(t, pos, 2, false, d), i += 2;
    else if (rest.substr(0, 2) == "hh") ok = number(t, pos, 2, false, hh), i += 2;
    else if (rest.substr(0, 2) == "mm") ok = number(t, pos, 2, false, mi), i += 2;
    else if (rest.substr(0, 2) == "ss") ok = number(t, pos, 2, false, ss), i += 2;
    else {
      ok = pos < t.size() && t[pos] == p[i];
      ++pos;
      ++i;
    }
    if (!ok) return std::nullopt;
  }
  if (pos != t.size()) return std::nullopt;
  auto date = Timestamp::from_ymd(y, mo, d);
  if (!date) return std::nullopt;
  std::string out = date->iso();
  if (hh >= 0) {
    if (hh > 23 || mi > 59 || ss > 59) return std::nullopt;
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hh, mi < 0 ? 0 : mi, ss < 0 ? 0 : ss);
    out += buf;
  }
  return out;
}

}  // namespace

std::optional<std::string> parse_date(std::string_view text, const std::vector<DateFormat>& formats) {
  for (const auto& f : formats) {
    if (f.iso) {
      if (Timestamp::parse(text)) return std::string(text);
    } else if (auto s = parse_pattern(text, f.pattern)) {
      return s;
    }
  }
  return std::nullopt;
}

const FieldSpec* Mapping::field(std::uint16_t s) const {
  for (const auto& f : fields)
    if (f.slot == s) return &f;
  return nullptr;
}

std::set<std::string> Mapping::mapped_columns() const {
  std::set<std::string> out;
  for (const auto& f : fields) out.insert(f.columns.begin(), f.columns.end());
  return out;
}

Mapping parse_mapping(std::string_view text, const std::string& file) {
  Mapping m;
  m.file = file;
  m.sha256 = common::sha256_hex(text);
  rapidjson::Document doc;
  doc.Parse<kParseFlags>(text.data(), text.size());
  if (doc.HasParseError()) {
    std::size_t line = 1 + std::count(text.begin(), text.begin() + std::min(doc.GetErrorOffset(), text.size()), '\n');
    throw MappingError(file, "", "not valid JSON at line " + std::to_string(line) + ": " +
                                     rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) throw MappingError(file, "", "expected a JSON object");
  if (ingest::nested_deeper_than(doc, kMaxMappingDepth))
    throw MappingError(file, "", "nested deeper than " + std::to_string(kMaxMappingDepth) + " levels");
  // Every string and key name: a mapping's texts reach the conversion report.
  if (auto hit = ingest::guard_json(doc)) throw MappingError(file, hit->path, ingest::guard_message(*hit));
  if (auto path = ingest::first_duplicate_key(doc))
    throw MappingError(file, *path, ingest::duplicate_key_message("the mapping is not used"));
  Loader(m, file).top(doc);
  return m;
}

Mapping load_mapping(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw MappingError(file.string(), "", "is not a regular file");
  if (fs::file_size(file, ec) > kMaxMappingBytes)
    throw MappingError(file.string(), "", "is larger than the limit of " + std::to_string(kMaxMappingBytes) + " bytes");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw MappingError(file.string(), "", "cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_mapping(ss.str(), file.string());
}

std::string fold_case(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = char(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      unsigned char n = static_cast<unsigned char>(out[i + 1]);
      if (n >= 0x80 && n <= 0x9E && n != 0x97) out[i + 1] = char(n + 0x20);  // À..Þ -> à..þ, not ×
      ++i;
    }
  }
  return out;
}

std::string slugify(std::string_view s) {
  std::string f = fold_case(s), out;
  bool dash = false;
  auto put = [&](std::string_view part) {
    if (dash && !out.empty()) out.push_back('-');
    dash = false;
    out.append(part);
  };
  for (std::size_t i = 0; i < f.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(f[i]);
    // A soft hyphen or a zero-width space pasted into a unit's name is no
    // word boundary: "Stadsbyggnads\u00adförvaltningen" is the same unit as
    // the name without it, not "stadsbyggnads-forvaltningen".
    char32_t cp;
    if (const std::size_t n = common::invisible_at(f, i, cp)) {
      i += n - 1;
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      put(std::string_view(&f[i], 1));
    } else if (c == 0xC3 && i + 1 < f.size()) {
      unsigned char n = static_cast<unsigned char>(f[++i]);
      switch (n) {
        case 0xA6: put("ae"); break;                                        // æ
        case 0xB8: case 0xB6: case 0xB2: case 0xB3: case 0xB4: put("o"); break;  // ø ö ò ó ô
        case 0xA5: case 0xA4: case 0xA0: case 0xA1: case 0xA2: put("a"); break;  // å ä à á â
        case 0xBC: case 0xB9: case 0xBA: case 0xBB: put("u"); break;         // ü ù ú û
        case 0xA9: case 0xA8: case 0xAA: case 0xAB: put("e"); break;         // é è ê ë
        case 0xAD: case 0xAC: case 0xAE: case 0xAF: put("i"); break;         // í ì î ï
        case 0xB1: put("n"); break;                                         // ñ
        case 0xA7: put("c"); break;                                         // ç
        default: dash = true;
      }
    } else {
      dash = true;  // spaces, punctuation, other letters: a word boundary
    }
  }
  return out;
}

}  // namespace fairaudit::convert
