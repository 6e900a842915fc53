// Ingest: the canonical export's JSON line -> Round / UnitRecord / MeasuresRecord.
//
// The field names and rules here are the contract documented in
// docs/input-format.md and schemas/export.schema.json; a test checks that the
// schema's required fields and vocabularies are exactly what this reader
// enforces. Unknown fields are allowed (extensions); renamed ones are not
// recognised and their absence is reported where the field is required.
#include "ingest/record.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>

#include "common/printable.hpp"
#include "ingest/json_guard.hpp"
#include "ingest/pii.hpp"
#include "ingest/utf8.hpp"

namespace fairaudit::ingest {
namespace {

using Value = rapidjson::Value;

// The JSON path of the value being read, kept as a chain of frames on the
// stack and rendered only when an error is reported.
struct Path {
  const Path* parent = nullptr;
  const char* key = nullptr;  // object member, or nullptr for an array index
  std::size_t index = 0;

  Path operator/(const char* k) const { return Path{this, k, 0}; }
  template <typename K, typename = decltype(K::s)>
  Path operator/(const K& k) const { return Path{this, k.s, 0}; }
  Path operator[](std::size_t i) const { return Path{this, nullptr, i}; }

  std::string str() const {
    std::string out = parent ? parent->str() : std::string();
    if (key) {
      if (!out.empty()) out += '.';
      out += key;
    } else if (parent) {
      out += '[' + std::to_string(index) + ']';
    }
    return out;
  }
};

struct FieldError {
  std::string path;
  std::string message;
  std::string kind = "schema";
};

[[noreturn]] void fail(const Path& p, std::string message, std::string kind = "schema") {
  throw FieldError{p.str(), std::move(message), std::move(kind)};
}

const char* type_name(const Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a boolean";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kStringType: return "a string";
    case rapidjson::kNumberType: return "a number";
  }
  return "?";
}

constexpr const char* kNotShown = " (the value is not shown: a value outside the vocabulary may be personal data)";

std::string identifier_message(PiiKind kind) {
  return std::string("holds what looks like a direct identifier (") + to_string(kind) +
         "); the value is withheld. An anonymized export must not contain it";
}

// How a value that is not a date is written, when it is only digits and
// date punctuation ("31.12.2026" -> "99.99.9999"): the form helps to find the
// export's date format and says nothing about a person. Nothing otherwise.
std::string shape_of(std::string_view s) {
  if (s.empty() || s.size() > 32) return {};
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += '9';
    else if (c == '.' || c == '/' || c == '-' || c == ':' || c == ' ' || c == 'T' || c == 'Z' || c == '+') out += c;
    else return {};
  }
  return "; it has the form " + out;
}

// A member name: a string literal, its length known when compiling (no
// strlen per lookup; a record's fields are looked up a dozen per object).
struct Key {
  template <std::size_t N>
  constexpr Key(const char (&literal)[N]) : s(literal), n(N - 1) {}  // NOLINT: implicit from literals
  const char* s;
  std::size_t n;
};

// The first member of obj named key, as FindMember finds it, but comparing
// lengths and first characters before calling memcmp.
inline const Value* member(const Value& obj, Key key) {
  for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) {
    const Value& name = m->name;
    if (name.GetStringLength() == key.n && name.GetString()[0] == key.s[0] &&
        std::memcmp(name.GetString(), key.s, key.n) == 0)
      return &m->value;
  }
  return nullptr;
}

class Reader {
 public:
  explicit Reader(const Limits& limits) : limits_(limits) {}

  const Value* opt(const Value& obj, Key key) const {
    const Value* v = member(obj, key);
    return v && !v->IsNull() ? v : nullptr;
  }
  const Value& req(const Value& obj, Key key, const Path& p) const {
    const Value* v = opt(obj, key);
    if (!v) fail(p / key, "required field is missing");
    return *v;
  }
  const Value& object(const Value& v, const Path& p) const {
    if (!v.IsObject()) fail(p, std::string("expected an object, found ") + type_name(v));
    return v;
  }
  const Value& array(const Value& v, const Path& p, std::size_t max_items, const char* what) const {
    if (!v.IsArray()) fail(p, std::string("expected an array, found ") + type_name(v));
    if (v.Size() > max_items)
      fail(p, std::string("has ") + std::to_string(v.Size()) + " " + what + ", more than the limit of " +
                  std::to_string(max_items),
           "limit");
    return v;
  }
  std::string_view checked_string(const Value& v, const Path& p, FieldClass cls) const {
    if (!v.IsString()) fail(p, std::string("expected a string, found ") + type_name(v));
    std::string_view s(v.GetString(), v.GetStringLength());
    if (s.size() > limits_.max_string_bytes)
      fail(p, "string of " + std::to_string(s.size()) + " bytes is longer than the limit of " +
                  std::to_string(limits_.max_string_bytes),
           "limit");
    // Identifiers were looked for while the line was parsed (GuardedEvents,
    // every string of the line); what is left is free text in a code.
    if (auto hit = scan_free_text(s, cls)) fail(p, identifier_message(*hit), "identifier");
    if (cls == FieldClass::code || cls == FieldClass::org_unit)
      if (auto c = common::first_control(s))
        fail(p, "holds a control character (" + common::describe_code_point(*c) +
                    "); codes are printable text (the value is not shown)");
    return s;
  }
  std::string string(const Value& v, const Path& p, FieldClass cls) const {
    return std::string(checked_string(v, p, cls));
  }
  // The same into `out`, whose buffer a recycled record brings along.
  void string_into(const Value& v, const Path& p, FieldClass cls, std::string& out) const {
    out.assign(checked_string(v, p, cls));
  }
  // An optional string field into `out`; empty when absent or null.
  void opt_string_into(const Value& obj, Key key, const Path& p, FieldClass cls, std::string& out) const {
    if (const Value* x = opt(obj, key))
      string_into(*x, p / key, cls, out);
    else
      out.clear();
  }
  bool boolean(const Value& v, const Path& p) const {
    if (!v.IsBool()) fail(p, std::string("expected true or false, found ") + type_name(v));
    return v.GetBool();
  }
  int integer(const Value& v, const Path& p, int min, int max) const {
    // The messages' range is made only when one is reported (a round reads a dozen numbers).
    auto range_of = [&] { return " (" + std::to_string(min) + " to " + std::to_string(max) + ")"; };
    if (!v.IsNumber()) fail(p, "expected a whole number" + range_of() + ", found " + type_name(v));
    // A number is never echoed: it may be an identity number written as one.
    if (v.IsDouble()) {
      const double d = v.GetDouble();
      if (std::trunc(d) != d) fail(p, "expected a whole number" + range_of() + ", found a number with a fractional part");
      if (d >= min && d <= max)
        fail(p, "expected a whole number" + range_of() + " written as digits only, found one with a decimal point or an "
                "exponent");
    }
    if (!v.IsInt() || v.GetInt() < min || v.GetInt() > max)
      fail(p, "is out of range" + range_of() + " (the value is not shown)");
    return v.GetInt();
  }
  Timestamp date(const Value& v, const Path& p) const {
    if (!v.IsString()) fail(p, std::string("expected an ISO-8601 date, found ") + type_name(v));
    std::string_view s(v.GetString(), v.GetStringLength());
    auto t = Timestamp::parse(s);
    if (!t)
      fail(p, "is not an ISO-8601 date or date-time (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]])" + shape_of(s) +
                  " (the value is not shown)");
    return *t;
  }
  std::optional<Timestamp> opt_date(const Value& obj, Key key, const Path& p) const {
    const Value* v = opt(obj, key);
    if (!v) return std::nullopt;
    return date(*v, p / key);
  }
  template <typename E>
  E vocab(const Value& v, const Path& p, std::optional<E> (*parse)(std::string_view), const char* expected) const {
    if (!v.IsString()) fail(p, std::string("expected one of ") + expected + ", found " + type_name(v));
    std::string_view s(v.GetString(), v.GetStringLength());
    auto e = parse(s);
    if (!e) fail(p, std::string("is not one of ") + expected + kNotShown);
    return *e;
  }
  std::vector<std::string> strings(const Value& v, const Path& p, FieldClass cls) const {
    std::vector<std::string> out;
    strings_into(v, p, cls, out);
    return out;
  }
  void strings_into(const Value& v, const Path& p, FieldClass cls, std::vector<std::string>& out) const {
    const Value& arr = array(v, p, limits_.max_events, "items");
    out.resize(arr.Size());
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) string_into(arr[i], p[i], cls, out[i]);
  }

  const Limits& limits() const { return limits_; }

 private:
  const Limits& limits_;
};

// A recycled round keeps the buffers of at most this many applicants.
constexpr std::size_t kKeptApplicants = 128;

constexpr const char* kAnswers = "yes|no|declined|unknown|not_asked";
constexpr const char* kGenders = "woman|man|other|unknown|declined";
constexpr const char* kOutcomes = "qualified|not_qualified|not_assessed";
constexpr const char* kJurisdictions = "NO-OSL|NO-STATE|SE|DK|other";
constexpr const char* kStages =
    "applied|screened|interview_invited|interview_held|reference_checked|recommended|offered|hired|rejected|withdrawn";
constexpr const char* kRepEvents =
    "invited|shortlist_shared|attended_interview|waiver|recommendation_received|statement_filed|escalated";

void check_schema(const Reader& r, const Value& doc, const Path& root) {
  const Value& s = r.req(doc, "schema", root);
  if (!s.IsInt()) fail(root / "schema", std::string("expected the number 1, found ") + type_name(s));
  if (s.GetInt() != 1)
    fail(root / "schema", "schema version " + std::to_string(s.GetInt()) + " is not supported (this fairaudit reads 1)");
}

Position read_position(const Reader& r, const Value& v, const Path& p) {
  r.object(v, p);
  Position pos;
  if (const Value* x = r.opt(v, "title_code")) pos.title_code = r.string(*x, p / "title_code", FieldClass::code);
  if (const Value* x = r.opt(v, "openings")) pos.openings = r.integer(*x, p / "openings", 0, 100'000);
  if (const Value* x = r.opt(v, "internal_only")) pos.internal_only = r.boolean(*x, p / "internal_only");
  if (const Value* x = r.opt(v, "reserved_for")) pos.reserved_for = r.string(*x, p / "reserved_for", FieldClass::code);
  return pos;
}

// `seen` gets the fields whose key the object holds (the round records an
// answer when any applicant's self_id holds its key).
SelfId read_self_id(const Reader& r, const Value& v, const Path& p, Coverage& seen) {
  r.object(v, p);
  SelfId s;
  auto field = [&](Key key, Field f, Answer& out) {
    if (const Value* x = r.opt(v, key)) {
      out = r.vocab<Answer>(*x, p / key, answer_from_string, kAnswers);
      seen.set(f, true);
    }
  };
  field("immigrant_background", Field::immigrant_background, s.immigrant_background);
  field("disability", Field::disability, s.disability);
  field("cv_gap", Field::cv_gap, s.cv_gap);
  field("priority_access", Field::priority_access, s.priority_access);
  return s;
}

Assessment read_assessment(const Reader& r, const Value& v, const Path& p) {
  r.object(v, p);
  Assessment a;
  if (const Value* x = r.opt(v, "outcome")) a.outcome = r.vocab<Outcome>(*x, p / "outcome", outcome_from_string, kOutcomes);
  if (const Value* x = r.opt(v, "rank")) a.rank = r.integer(*x, p / "rank", 1, 1'000'000);
  if (const Value* x = r.opt(v, "equally_qualified_with_top"))
    a.equally_qualified_with_top = r.boolean(*x, p / "equally_qualified_with_top");
  if (const Value* x = r.opt(v, "meets_formal_requirements"))
    a.meets_formal_requirements = r.boolean(*x, p / "meets_formal_requirements");
  return a;
}

// The readers below fill a record that may be a recycled one (parse_line_into):
// every field is set, to its default when the line does not give it, and the
// strings and vectors keep their buffers. A field added to the model must be
// set here too; the recycling test compares with records read fresh.
void read_applicant(const Reader& r, const Value& v, const Path& p, Applicant& a, Coverage& seen) {
  static const Applicant fresh;
  r.object(v, p);
  r.string_into(r.req(v, "id", p), p / "id", FieldClass::code, a.id);
  if (a.id.empty()) fail(p / "id", "must not be empty");
  const Value* x = r.opt(v, "gender");
  a.gender = x ? r.vocab<Gender>(*x, p / "gender", gender_from_string, kGenders) : fresh.gender;
  x = r.opt(v, "self_id");
  a.self_id = x ? read_self_id(r, *x, p / "self_id", seen) : fresh.self_id;
  r.opt_string_into(v, "age_band", p, FieldClass::code, a.age_band);
  x = r.opt(v, "assessment");
  a.assessment = x ? read_assessment(r, *x, p / "assessment") : fresh.assessment;
  x = r.opt(v, "referred_by_jobcenter");
  a.referred_by_jobcenter = x ? r.boolean(*x, p / "referred_by_jobcenter") : fresh.referred_by_jobcenter;
  if (x) seen.set(Field::jobcenter_referral, true);
  if ((x = r.opt(v, "events"))) {
    const Path ep = p / "events";
    const Value& arr = r.array(*x, ep, r.limits().max_events, "events");
    a.events.resize(arr.Size());
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const Path ip = ep[i];
      const Value& e = r.object(arr[i], ip);
      StageEvent& se = a.events[i];
      se.type = r.vocab<Stage>(r.req(e, "type", ip), ip / "type", stage_from_string, kStages);
      se.at = r.date(r.req(e, "at", ip), ip / "at");
      r.opt_string_into(e, "reason_code", ip, FieldClass::code, se.reason_code);
    }
  } else {
    a.events.clear();
  }
}

void read_representative(const Reader& r, const Value& v, const Path& p, Representative& rep) {
  r.object(v, p);
  rep.appointed = r.boolean(r.req(v, "appointed", p), p / "appointed");
  r.opt_string_into(v, "role", p, FieldClass::code, rep.role);
  rep.events.clear();
  if (const Value* x = r.opt(v, "events")) {
    const Path ep = p / "events";
    const Value& arr = r.array(*x, ep, r.limits().max_events, "events");
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const Path ip = ep[i];
      const Value& e = r.object(arr[i], ip);
      RepEvent re;
      re.type = r.vocab<RepEventType>(r.req(e, "type", ip), ip / "type", rep_event_from_string, kRepEvents);
      re.at = r.date(r.req(e, "at", ip), ip / "at");
      if (const Value* ag = r.opt(e, "agrees")) re.agrees = r.boolean(*ag, ip / "agrees");
      rep.events.push_back(re);
    }
  }
}

// Whether an applicant id occurs twice, and where: the index of the first
// applicant whose id an earlier one has, as a set filled in order finds it.
// Sorted views in a vector this thread keeps: no allocation per round.
class ApplicantIds {
 public:
  void assign(const std::vector<Applicant>& applicants) {
    ids_.clear();
    ids_.reserve(applicants.size());
    for (std::size_t i = 0; i < applicants.size(); ++i) ids_.emplace_back(applicants[i].id, i);
    std::sort(ids_.begin(), ids_.end());
  }
  std::optional<std::size_t> first_repeat() const {
    std::optional<std::size_t> out;
    for (std::size_t k = 1; k < ids_.size(); ++k)
      if (ids_[k].first == ids_[k - 1].first && (!out || ids_[k].second < *out)) out = ids_[k].second;
    return out;
  }
  bool contains(std::string_view id) const {
    auto it = std::lower_bound(ids_.begin(), ids_.end(), std::make_pair(id, std::size_t(0)));
    return it != ids_.end() && it->first == id;
  }

 private:
  std::vector<std::pair<std::string_view, std::size_t>> ids_;
};

void read_round(const Reader& r, const Value& doc, const Path& root, Round& round) {
  static const Round fresh;
  check_schema(r, doc, root);
  r.string_into(r.req(doc, "round_id", root), root / "round_id", FieldClass::code, round.round_id);
  if (round.round_id.empty()) fail(root / "round_id", "must not be empty");
  r.string_into(r.req(doc, "org_unit", root), root / "org_unit", FieldClass::org_unit, round.org_unit);
  if (round.org_unit.empty() || round.org_unit.front() == '/' || round.org_unit.back() == '/' ||
      round.org_unit.find("//") != std::string::npos)
    fail(root / "org_unit", "expected a '/'-separated path such as \"oslo/bydel-gamle-oslo/helse\"");
  round.jurisdiction = r.vocab<Jurisdiction>(r.req(doc, "jurisdiction", root), root / "jurisdiction",
                                             jurisdiction_from_string, kJurisdictions);
  const Value* x = r.opt(doc, "position");
  round.position = x ? read_position(r, *x, root / "position") : fresh.position;
  round.advertised_at = r.opt_date(doc, "advertised_at", root);
  round.closes_at = r.opt_date(doc, "closes_at", root);
  round.requirements_documented_at = r.opt_date(doc, "requirements_documented_at", root);
  round.recommendation_at = r.opt_date(doc, "recommendation_at", root);
  round.decision_at = r.opt_date(doc, "decision_at", root);
  r.opt_string_into(doc, "decision_reason", root, FieldClass::code, round.decision_reason);
  // What the line leaves out is not recorded in this export; present and
  // empty, it is recorded as none (docs/input-format.md, "Coverage").
  round.coverage = Coverage{0};
  round.coverage.set(Field::decision_reason, r.opt(doc, "decision_reason") != nullptr);

  const Path ap = root / "applicants";
  const Value& apps = r.array(r.req(doc, "applicants", root), ap, r.limits().max_applicants, "applicants");
  // A recycled round's applicants keep their buffers, unless there were so
  // many that keeping them would hold memory for nothing.
  if (round.applicants.capacity() > kKeptApplicants && apps.Size() <= kKeptApplicants)
    std::vector<Applicant>().swap(round.applicants);
  round.applicants.resize(apps.Size());
  for (rapidjson::SizeType i = 0; i < apps.Size(); ++i)
    read_applicant(r, apps[i], ap[i], round.applicants[i], round.coverage);
  thread_local ApplicantIds ids;
  ids.assign(round.applicants);
  if (const auto dup = ids.first_repeat())
    fail(ap[*dup] / "id", "duplicate applicant id within the round (ids must be unique per round; the value is withheld)",
         "duplicate");

  round.coverage.set(Field::interviews, r.opt(doc, "interviews") != nullptr);
  round.coverage.set(Field::representative, r.opt(doc, "representative") != nullptr);
  round.coverage.set(Field::documents, r.opt(doc, "documents") != nullptr);
  if (!(x = r.opt(doc, "interviews"))) {
    round.interviews.clear();
  } else {
    const Path ip = root / "interviews";
    const Value& arr = r.array(*x, ip, r.limits().max_applicants, "interviews");
    round.interviews.resize(arr.Size());
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const Path p = ip[i];
      const Value& iv = r.object(arr[i], p);
      Interview& in = round.interviews[i];
      r.string_into(r.req(iv, "applicant", p), p / "applicant", FieldClass::code, in.applicant);
      if (!ids.contains(in.applicant)) fail(p / "applicant", "is not the id of an applicant in this round");
      in.at = r.date(r.req(iv, "at", p), p / "at");
      if (const Value* panel = r.opt(iv, "panel"); !panel) {
        in.panel.clear();
      } else {
        const Path pp = p / "panel";
        const Value& members = r.array(*panel, pp, r.limits().max_events, "panel members");
        in.panel.resize(members.Size());
        for (rapidjson::SizeType k = 0; k < members.Size(); ++k) {
          const Path mp = pp[k];
          const Value& m = r.object(members[k], mp);
          PanelMember& pm = in.panel[k];
          r.string_into(r.req(m, "role", mp), mp / "role", FieldClass::code, pm.role);
          const Value* g = r.opt(m, "gender");
          pm.gender = g ? r.vocab<Gender>(*g, mp / "gender", gender_from_string, kGenders) : PanelMember{}.gender;
        }
      }
    }
  }
  if ((x = r.opt(doc, "representative"))) {
    if (!round.representative) round.representative.emplace();
    read_representative(r, *x, root / "representative", *round.representative);
  } else {
    round.representative.reset();
  }
  if (!(x = r.opt(doc, "documents"))) {
    round.documents.clear();
  } else {
    const Path dp = root / "documents";
    const Value& arr = r.array(*x, dp, r.limits().max_events, "documents");
    round.documents.resize(arr.Size());
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const Path p = dp[i];
      const Value& d = r.object(arr[i], p);
      Document& doc_ = round.documents[i];
      r.string_into(r.req(d, "type", p), p / "type", FieldClass::code, doc_.type);
      doc_.at = r.opt_date(d, "at", p);
      if (const Value* sv = r.opt(d, "sent_to"))
        r.strings_into(*sv, p / "sent_to", FieldClass::code, doc_.sent_to);
      else
        doc_.sent_to.clear();
      const Value* e = r.opt(d, "equality_statement");
      doc_.equality_statement = e ? std::optional<bool>(r.boolean(*e, p / "equality_statement")) : std::nullopt;
    }
  }
}

UnitRecord read_unit(const Reader& r, const Value& doc, const Path& root) {
  UnitRecord u;
  check_schema(r, doc, root);
  u.org_unit = r.string(r.req(doc, "org_unit", root), root / "org_unit", FieldClass::org_unit);
  if (u.org_unit.empty()) fail(root / "org_unit", "must not be empty");
  u.period = r.string(r.req(doc, "period", root), root / "period", FieldClass::code);
  u.coverage = Coverage{0};
  u.coverage.set(Field::representative_routine, r.opt(doc, "representative_routine") != nullptr);
  u.coverage.set(Field::meetings, r.opt(doc, "meetings") != nullptr);
  if (const Value* x = r.opt(doc, "representative_routine")) {
    const Path p = root / "representative_routine";
    r.object(*x, p);
    RoutineInfo ri;
    ri.documented = r.boolean(r.req(*x, "documented", p), p / "documented");
    if (const Value* v = r.opt(*x, "version")) ri.version = r.string(*v, p / "version", FieldClass::code);
    u.representative_routine = ri;
  }
  if (const Value* x = r.opt(doc, "meetings")) {
    const Path mp = root / "meetings";
    const Value& arr = r.array(*x, mp, r.limits().max_events, "meetings");
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const Path p = mp[i];
      const Value& m = r.object(arr[i], p);
      Meeting mt;
      mt.type = r.string(r.req(m, "type", p), p / "type", FieldClass::code);
      mt.at = r.date(r.req(m, "at", p), p / "at");
      if (const Value* v = r.opt(m, "roles")) mt.roles = r.strings(*v, p / "roles", FieldClass::code);
      if (const Value* v = r.opt(m, "tags")) mt.tags = r.strings(*v, p / "tags", FieldClass::code);
      u.meetings.push_back(std::move(mt));
    }
  }
  return u;
}

MeasuresRecord read_measures(const Reader& r, const Value& doc, const Path& root) {
  MeasuresRecord m;
  check_schema(r, doc, root);
  m.employer = r.string(r.req(doc, "employer", root), root / "employer", FieldClass::code);
  m.year = r.integer(r.req(doc, "year", root), root / "year", 1900, 2200);
  // Absent (or null): not recorded in this export (docs/input-format.md, Coverage).
  m.coverage.recorded = 0;
  m.coverage.set(Field::measures_employees, r.opt(doc, "employees") != nullptr);
  m.coverage.set(Field::measures_area, r.opt(doc, "area") != nullptr);
  m.coverage.set(Field::measures_steps, r.opt(doc, "steps") != nullptr);
  m.coverage.set(Field::measures_grounds, r.opt(doc, "grounds_covered") != nullptr);
  m.coverage.set(Field::measures_cooperation, r.opt(doc, "cooperation_documented") != nullptr);
  m.coverage.set(Field::measures_documentation, r.opt(doc, "documentation") != nullptr);
  if (const Value* x = r.opt(doc, "employees")) m.employees = r.integer(*x, root / "employees", 0, 10'000'000);
  if (const Value* x = r.opt(doc, "area")) m.area = r.string(*x, root / "area", FieldClass::code);
  if (const Value* x = r.opt(doc, "steps")) {
    const Path p = root / "steps";
    r.object(*x, p);
    m.steps.investigate = r.opt_date(*x, "investigate", p);
    m.steps.analyse = r.opt_date(*x, "analyse", p);
    m.steps.act = r.opt_date(*x, "act", p);
    m.steps.follow_up = r.opt_date(*x, "follow_up", p);
  }
  if (const Value* x = r.opt(doc, "grounds_covered"))
    m.grounds_covered = r.strings(*x, root / "grounds_covered", FieldClass::code);
  if (const Value* x = r.opt(doc, "cooperation_documented"))
    m.cooperation_documented = r.boolean(*x, root / "cooperation_documented");
  if (const Value* x = r.opt(doc, "documentation")) {
    const Path p = root / "documentation";
    r.object(*x, p);
    m.documentation.written = r.boolean(r.req(*x, "written", p), p / "written");
    m.documentation.at = r.opt_date(*x, "at", p);
    if (const Value* v = r.opt(*x, "previous_year_evaluated"))
      m.documentation.previous_year_evaluated = r.boolean(*v, p / "previous_year_evaluated");
  }
  return m;
}

using Document = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>>;

// Each parsing thread's copy of the line (parsed in place, so it must be
// writable and NUL-terminated) and the memory its DOM is built in: the first
// block is kept from line to line, so a round of up to a few hundred
// applicants costs no allocation for its DOM.
struct LineBuffer {
  static constexpr std::size_t kFirstBlock = 256u << 10;
  std::string text;
  std::unique_ptr<char[]> first{new char[kFirstBlock]};
  rapidjson::MemoryPoolAllocator<> pool{first.get(), kFirstBlock};
};

LineBuffer& line_buffer() {
  thread_local LineBuffer buffer;
  return buffer;
}

// Frees what a line's DOM took beyond the first block, whichever way the
// line's reading ends.
struct PoolReset {
  LineBuffer& buffer;
  ~PoolReset() { buffer.pool.Clear(); }
};

// A key a path may show: a plain word (letters, digits, '_', '-'); any
// other key is shown as "(a key)", as it may hold what it should not.
bool plain_word(std::string_view k) {
  if (k.empty() || k.size() > 64) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

// Passes the parser's events on to the document, and on the way
//  * stops the parse at the first object or array nested deeper than the
//    limit: deep input never builds a deep DOM or deep recursion, and no
//    separate pass over the line is needed;
//  * puts every string and every key name, at any depth, through the
//    identifier guard (unknown fields and extensions too: they are never
//    read, but they are stored in the line, which isolated plugins see), and
//    long integers as well (an identity number written as a number). The
//    typed reader checks the known fields again with their own class.
class GuardedEvents {
 public:
  GuardedEvents(Document& doc, std::size_t limit) : doc_(doc), limit_(limit) {}
  bool Null() { return after(doc_.Null()); }
  bool Bool(bool b) { return after(doc_.Bool(b)); }
  bool Int(int i) { return number(i < 0 ? -std::int64_t(i) : i) && after(doc_.Int(i)); }
  bool Uint(unsigned i) { return number(i) && after(doc_.Uint(i)); }
  bool Int64(std::int64_t i) { return number(i < 0 ? std::uint64_t(0) - std::uint64_t(i) : std::uint64_t(i)) && after(doc_.Int64(i)); }
  bool Uint64(std::uint64_t i) { return number(i) && after(doc_.Uint64(i)); }
  bool Double(double d) { return after(doc_.Double(d)); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return after(doc_.RawNumber(s, n, copy)); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    // Every identifier the guard knows has a digit or an '@'; most words of
    // a record have neither. FieldClass::date is `any` that passes a
    // well-formed ISO date at once (a third of a round's strings are dates).
    if (maybe_identifier(s, n))
      if (auto k = scan(std::string_view(s, n), FieldClass::date)) return found(*k, false);
    return after(doc_.String(s, n, copy));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    if (depth_ > 0 && depth_ <= kFrames) {
      Frame& f = frames_[depth_ - 1];
      f.key = s;
      f.key_len = n;
      // A key given twice in one object: the bit of its hash already set.
      // The hash gives each key of each object of the schema a bit of its
      // own, so a valid record never sets one twice; a hit (a real
      // duplicate, or two unknown keys sharing a bit) is checked exactly on
      // the document afterwards (first_duplicate_key).
      const std::uint64_t bit = std::uint64_t{1} << key_hash(s, n);
      if (f.keys & bit) duplicate_suspected_ = true;
      f.keys |= bit;
    }
    if (!lower_word(s, n))
      if (auto k = scan(std::string_view(s, n), FieldClass::any)) return found(*k, true);
    return doc_.Key(s, n, copy);
  }
  bool StartObject() { return deeper(false) && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return after(doc_.EndObject(n));
  }
  bool StartArray() { return deeper(true) && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return after(doc_.EndArray(n));
  }
  bool too_deep() const { return too_deep_; }
  bool duplicate_suspected() const { return duplicate_suspected_; }
  // Where a nesting too deep was refused; after any other parse error, the
  // value the parser was at (a number too large: the member it is the value of).
  std::string stopped_path() const { return too_deep_ ? stopped_path_ : path_of(depth_, false); }
  // The identifier found, if any, and where (key names that are not plain
  // words are not shown in the path either).
  std::optional<PiiKind> identifier() const { return found_ ? std::optional<PiiKind>(kind_) : std::nullopt; }
  const std::string& identifier_path() const { return identifier_path_; }
  bool identifier_in_key() const { return identifier_in_key_; }

 private:
  struct Frame {  // no initializers: a line's handler does not clear 64 of them; deeper() sets each
    bool array;
    std::size_t index;
    const char* key;
    std::size_t key_len;
    std::uint64_t keys;  // an object's keys seen, by key_hash
  };
  // (length + first byte + 3 × last byte) mod 64: no two keys of one object
  // of schemas/export.schema.json share a value (tests/ingest checks it
  // against the schema).
  static unsigned key_hash(const char* s, std::size_t n) { return record_key_hash(std::string_view(s, n)); }
  // The path is kept for the first kFrames levels (the default depth limit
  // is 32; a deeper limit reports the path of the first levels).
  static constexpr std::size_t kFrames = 64;
  bool deeper(bool array) {
    if (++depth_ > limit_) {
      too_deep_ = true;
      // Where the nesting starts is what a person looks for; the levels
      // below it are "[0][0]…", shown as "…".
      constexpr std::size_t kShown = 4;
      stopped_path_ = path_of(std::min<std::size_t>(depth_ - 1, kShown), false);
      if (depth_ - 1 > kShown) stopped_path_ += "…";
      return false;
    }
    if (depth_ <= kFrames) frames_[depth_ - 1] = Frame{array, 0, nullptr, 0, 0};
    return true;
  }
  bool after(bool ok) {
    if (depth_ > 0 && depth_ <= kFrames && frames_[depth_ - 1].array) ++frames_[depth_ - 1].index;
    return ok;
  }
  static bool maybe_identifier(const char* s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      if ((s[i] >= '0' && s[i] <= '9') || s[i] == '@') return true;
    return false;
  }
  bool number(std::uint64_t magnitude) {
    if (magnitude < 1'000'000'000u) return true;  // fewer than ten digits: no identity number
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, magnitude);
    if (ec != std::errc()) return true;
    if (auto k = scan(std::string_view(buf, std::size_t(end - buf)), FieldClass::any)) return found(*k, false);
    return true;
  }
  // A key of lower-case letters and '_' (every key the schema has) holds no identifier.
  static bool lower_word(const char* s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_')) return false;
    return true;
  }
  // The path of the value the parser is at, through the first `levels`
  // containers (the last key left out when `drop_last_key`: the key itself
  // is what is withheld).
  std::string path_of(std::size_t levels, bool drop_last_key) const {
    std::string path;
    levels = std::min(levels, kFrames);
    for (std::size_t i = 0; i < levels; ++i) {
      const Frame& f = frames_[i];
      if (f.array) {
        path += '[' + std::to_string(f.index) + ']';
      } else if (f.key && !(drop_last_key && i + 1 == levels)) {
        if (!path.empty()) path += '.';
        const std::string_view k(f.key, f.key_len);
        path += plain_word(k) ? std::string(k) : std::string("(a key)");
      }
    }
    return path;
  }
  bool found(PiiKind kind, bool in_key) {
    found_ = true;
    kind_ = kind;
    identifier_in_key_ = in_key;
    identifier_path_ = path_of(depth_, in_key);
    return false;
  }

  Document& doc_;
  std::size_t limit_, depth_ = 0;
  bool too_deep_ = false;
  bool duplicate_suspected_ = false;
  bool found_ = false;
  PiiKind kind_ = PiiKind::free_text;
  std::string identifier_path_;
  std::string stopped_path_;
  bool identifier_in_key_ = false;
  Frame frames_[kFrames];
};

// A key of a path to a key given twice: as plain_word allows.
std::string shown_record_key(std::string_view k) { return plain_word(k) ? std::string(k) : "(a key)"; }

// What RapidJSON's message would say, worded for the person who has to fix
// the export; `at` is the byte where the parser stopped (not yet rewritten
// by the in-place parse: the parser writes only behind where it reads).
std::string syntax_message(rapidjson::ParseErrorCode code, const char* text, std::size_t length, std::size_t at) {
  const auto byte = [&](std::size_t i) -> unsigned char { return i < length ? static_cast<unsigned char>(text[i]) : 0; };
  const std::string where = "not valid JSON at byte " + std::to_string(at + 1) + ": ";
  if (at >= length && code != rapidjson::kParseErrorDocumentEmpty && code != rapidjson::kParseErrorStringMissQuotationMark)
    return where + "the line ends in the middle of its JSON value (the line may be cut short)";
  if (byte(at) == 0xEF && byte(at + 1) == 0xBB && byte(at + 2) == 0xBF)
    return where + "a byte-order mark (U+FEFF) where a value should start; files joined with cat keep each file's "
                   "mark at the start of its first line: remove it";
  switch (code) {
    case rapidjson::kParseErrorStringEscapeInvalid:
      if (byte(at) < 0x20)
        return where + "a raw control character (" + common::describe_code_point(byte(at)) +
               ") inside a string; JSON writes it escaped (\\t, \\n, \\u0009)";
      return where + "an invalid escape in a string (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return where + "a string without its closing quote (the line may be cut short)";
    case rapidjson::kParseErrorNumberTooBig:
      return where + "a number too large to be read (the value is not shown)";
    case rapidjson::kParseErrorValueInvalid:
      if (byte(at) == '\'') return where + "a single quote where a value should start; JSON strings use double quotes";
      if (byte(at) >= 'A' && byte(at) <= 'Z')
        return where + "a word where a value should start; JSON's literals are true, false and null, in lower "
                       "case, and strings are quoted";
      return where + "not a JSON value here (a string, a number, an object, an array, true, false or null)";
    case rapidjson::kParseErrorObjectMissName:
      if (byte(at) == '}') return where + "a comma before '}' (JSON allows no trailing comma)";
      return where + "an object key must be a string in double quotes";
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return where + "more than one JSON value on the line (each record on a line of its own)";
    case rapidjson::kParseErrorDocumentEmpty: return where + "the line holds no JSON value";
    default: return where + rapidjson::GetParseError_En(code);
  }
}

}  // namespace

std::string LineError::to_string() const {
  std::string out = file + ":" + std::to_string(line) + ": ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

ParseOutcome parse_line(std::string_view line, const Source& source, const Limits& limits) {
  ParseOutcome out;
  parse_line_into(line, source, limits, out);
  return out;
}

namespace {

void set_error(ParseOutcome& out, const Source& source, std::string path, std::string message, std::string kind) {
  out.record.reset();
  out.error = LineError{source.file, source.line, std::move(path), std::move(message), std::move(kind)};
}

// The checks made before a line is parsed: its length, and that it is UTF-8
// without NUL bytes (an in-place parse stops at a NUL). False, with the
// error in `out`, when the line fails them.
bool line_checks(std::string_view line, const Source& source, const Limits& limits, ParseOutcome& out) {
  out.error.reset();
  if (line.size() > limits.max_line_bytes) {
    set_error(out, source, {},
              "line of " + std::to_string(line.size()) + " bytes is longer than the limit of " +
                  std::to_string(limits.max_line_bytes),
              "limit");
    return false;
  }
  if (const auto bad = first_invalid_utf8(line); bad != std::string_view::npos) {
    // A byte from 0xA0 up that no continuation byte follows is a letter of
    // a single-byte encoding (Windows-1252's æ, ø, å, ä, ö are E6 F8 E5 E4 F6).
    const unsigned char b = static_cast<unsigned char>(line[bad]);
    const bool single_byte = b >= 0xA0 && (bad + 1 == line.size() || (static_cast<unsigned char>(line[bad + 1]) & 0xC0) != 0x80);
    set_error(out, source, {},
              std::string("not valid JSON at byte ") + std::to_string(bad + 1) + ": " +
                  (line[bad] == '\0' ? "a NUL byte"
                   : single_byte
                       ? "invalid UTF-8 encoding (the line looks like Windows-1252 or Latin-1 text: convert the file, "
                         "e.g. iconv -f WINDOWS-1252 -t UTF-8)"
                       : "invalid UTF-8 encoding"),
              "syntax");
    return false;
  }
  return true;
}

// Parses a checked line in place: `text[length]` is NUL, and the text is
// overwritten (strings are unescaped where they stand).
void parse_checked(char* text, std::size_t length, const Source& source, const Limits& limits, ParseOutcome& out) {
  auto error = [&](std::string path, std::string message, std::string kind) {
    set_error(out, source, std::move(path), std::move(message), std::move(kind));
  };
  LineBuffer& buffer = line_buffer();
  Document doc(&buffer.pool);
  // Without kParseStopWhenDoneFlag a second value on the line is an error.
  rapidjson::Reader reader;
  rapidjson::ParseResult parsed;
  bool too_deep = false;
  std::optional<PiiKind> identifier;
  std::string identifier_path;
  bool identifier_in_key = false;
  std::string stopped_path;
  bool duplicate_suspected = false;
  auto parse = [&](Document& d) {
    // In place: the DOM's strings point into the text, which outlives it.
    // The encoding was checked before, so the parser need not check it again.
    rapidjson::InsituStringStream in(text);
    GuardedEvents events(d, limits.max_depth);
    parsed = reader.Parse<rapidjson::kParseInsituFlag>(in, events);
    too_deep = events.too_deep();
    duplicate_suspected = events.duplicate_suspected();
    if (too_deep || parsed.Code() == rapidjson::kParseErrorNumberTooBig)
      stopped_path = events.stopped_path();
    identifier = events.identifier();
    if (identifier) {
      identifier_path = events.identifier_path();
      identifier_in_key = events.identifier_in_key();
    }
    return !parsed.IsError();
  };
  doc.Populate(parse);
  PoolReset reset{buffer};
  if (too_deep) return error(stopped_path, "JSON nested deeper than the limit of " + std::to_string(limits.max_depth), "limit");
  if (identifier)
    return error(identifier_path,
                 identifier_in_key ? std::string("a key name holds what looks like a direct identifier (") +
                                         to_string(*identifier) +
                                         "); it is withheld. An anonymized export must not contain it"
                                   : identifier_message(*identifier),
                 "identifier");
  if (parsed.IsError()) return error(stopped_path, syntax_message(parsed.Code(), text, length, parsed.Offset()), "syntax");
  if (!doc.IsObject()) return error({}, std::string("expected a JSON object, found ") + type_name(doc), "schema");
  if (duplicate_suspected)
    if (auto path = first_duplicate_key(doc, shown_record_key))
      return error(*path, duplicate_key_message("the record is not read"), "schema");

  if (auto refused = refused_field(limits.profile, doc)) return error(refused->path, refused->message, "profile");
  Reader r(limits);
  Path root;
  try {
    const Value& kind = r.req(doc, "kind", root);
    if (!kind.IsString()) fail(root / "kind", std::string("expected one of round|unit|measures, found ") + type_name(kind));
    std::string_view k(kind.GetString(), kind.GetStringLength());
    if (k == "round") {
      // A recycled outcome's round is filled again, keeping its buffers.
      Round* round = out.record ? std::get_if<Round>(&*out.record) : nullptr;
      if (!round) round = &std::get<Round>(out.record.emplace(std::in_place_type<Round>));
      read_round(r, doc, root, *round);
      round->source = source;
    } else if (k == "unit") {
      UnitRecord u = read_unit(r, doc, root);
      u.source = source;
      out.record = std::move(u);
    } else if (k == "measures") {
      MeasuresRecord m = read_measures(r, doc, root);
      m.source = source;
      out.record = std::move(m);
    } else {
      fail(root / "kind", std::string("is not one of round|unit|measures") + kNotShown);
    }
  } catch (const FieldError& e) {
    error(e.path, e.message, e.kind);
  }
}

}  // namespace

void parse_line_into(std::string_view line, const Source& source, const Limits& limits, ParseOutcome& out) {
  out.raw.clear();
  if (!line_checks(line, source, limits, out)) return;
  LineBuffer& buffer = line_buffer();
  buffer.text.assign(line);
  parse_checked(buffer.text.data(), line.size(), source, limits, out);
  // The copy of an unusually long line is not kept.
  if (buffer.text.capacity() > LineBuffer::kFirstBlock) std::string().swap(buffer.text);
}

void parse_line_in_place(char* text, std::size_t length, const Source& source, const Limits& limits,
                         ParseOutcome& out) {
  if (!line_checks(std::string_view(text, length), source, limits, out)) return;
  parse_checked(text, length, source, limits, out);
}

unsigned record_key_hash(std::string_view key) noexcept {
  if (key.empty()) return 0;
  return unsigned(key.size() + static_cast<unsigned char>(key.front()) + 3u * static_cast<unsigned char>(key.back())) &
         63u;
}

}  // namespace fairaudit::ingest
