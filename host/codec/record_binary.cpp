#include "codec/record_binary.hpp"

#include <cstring>
#include <string_view>
#include <type_traits>

#include "codec/evidence_binary.hpp"

namespace fairaudit::codec {
namespace {

// ---------------------------------------------------------------- writing

// A record is written twice by the same code, counted and then copied into
// room made for all of it at once (codec::write_counted); `Writer` is the
// pass's BasicWriter.
template <typename Writer>
struct Out {
  Writer& w;
  template <typename T>
  [[gnu::always_inline]] void raw(T v) {
    w.raw(v);
  }
  [[gnu::always_inline]] void str(std::string_view s) { w.str(s); }
  template <typename E>
  void word(E e) {  // an enum, one byte
    raw(std::int8_t(e));
  }
  void flag(bool b) { raw(std::uint8_t(b)); }
  void maybe(const std::optional<bool>& b) { raw(std::uint8_t(!b ? 0 : *b ? 2 : 1)); }
  void time(const Timestamp& t) {
    raw(std::int32_t(t.days()));
    raw(std::int32_t(t.seconds()));
  }
  void maybe(const std::optional<Timestamp>& t) {
    flag(t.has_value());
    if (t) time(*t);
  }
  void count(std::size_t n) { raw(std::uint32_t(n)); }
  void strings(const std::vector<std::string>& v) {
    count(v.size());
    for (const auto& s : v) str(s);
  }
  void source(const Source& s) {
    str(s.file);
    raw(std::uint64_t(s.line));
  }

  void record(const Round& r) {
    source(r.source);
    str(r.round_id);
    str(r.org_unit);
    word(r.jurisdiction);
    str(r.position.title_code);
    raw(std::int32_t(r.position.openings));
    flag(r.position.internal_only);
    str(r.position.reserved_for);
    for (const auto* t : {&r.advertised_at, &r.closes_at, &r.requirements_documented_at, &r.recommendation_at,
                          &r.decision_at})
      maybe(*t);
    str(r.decision_reason);
    count(r.applicants.size());
    for (const auto& a : r.applicants) {
      // The fixed-size fields first (kApplicantFixed bytes, read with one
      // check of the end), then the strings and the events.
      word(a.gender);
      word(a.self_id.immigrant_background);
      word(a.self_id.disability);
      word(a.self_id.cv_gap);
      word(a.self_id.priority_access);
      word(a.assessment.outcome);
      flag(a.assessment.rank.has_value());
      raw(std::int32_t(a.assessment.rank.value_or(0)));
      maybe(a.assessment.equally_qualified_with_top);
      maybe(a.assessment.meets_formal_requirements);
      flag(a.referred_by_jobcenter);
      count(a.events.size());
      str(a.id);
      str(a.age_band);
      for (const auto& e : a.events) {
        word(e.type);  // kEventFixed bytes, then the reason
        time(e.at);
        str(e.reason_code);
      }
    }
    count(r.interviews.size());
    for (const auto& i : r.interviews) {
      str(i.applicant);
      time(i.at);
      count(i.panel.size());
      for (const auto& m : i.panel) {
        str(m.role);
        word(m.gender);
      }
    }
    flag(r.representative.has_value());
    if (r.representative) {
      flag(r.representative->appointed);
      str(r.representative->role);
      count(r.representative->events.size());
      for (const auto& e : r.representative->events) {
        word(e.type);
        time(e.at);
        maybe(e.agrees);
      }
    }
    count(r.documents.size());
    for (const auto& d : r.documents) {
      str(d.type);
      maybe(d.at);
      strings(d.sent_to);
      maybe(d.equality_statement);
    }
    raw(r.coverage.recorded);
  }

  void record(const UnitRecord& u) {
    source(u.source);
    str(u.org_unit);
    str(u.period);
    flag(u.representative_routine.has_value());
    if (u.representative_routine) {
      flag(u.representative_routine->documented);
      str(u.representative_routine->version);
    }
    count(u.meetings.size());
    for (const auto& m : u.meetings) {
      str(m.type);
      time(m.at);
      strings(m.roles);
      strings(m.tags);
    }
    raw(u.coverage.recorded);
  }

  void record(const MeasuresRecord& m) {
    source(m.source);
    str(m.employer);
    raw(std::int32_t(m.year));
    raw(std::int32_t(m.employees));
    str(m.area);
    for (const auto* t : {&m.steps.investigate, &m.steps.analyse, &m.steps.act, &m.steps.follow_up}) maybe(*t);
    strings(m.grounds_covered);
    flag(m.cooperation_documented);
    flag(m.documentation.written);
    maybe(m.documentation.at);
    maybe(m.documentation.previous_year_evaluated);
    raw(m.coverage.recorded);
  }
};

// ---------------------------------------------------------------- reading

// `v` made `n` long with the elements it had and, past them, those it gave
// back before (to `spare`): a record read over the previous one keeps the
// strings and lists of every applicant it ever held, so that a round with
// more applicants than the last does not allocate them anew. Every field of
// an element is read over, so nothing of its previous content survives.
template <typename T>
void resize_keeping(std::vector<T>& v, std::size_t n, std::vector<T>& spare) {
  while (v.size() > n) {
    spare.push_back(std::move(v.back()));
    v.pop_back();
  }
  if (v.size() < n) v.reserve(n);
  while (v.size() < n && !spare.empty()) {
    v.push_back(std::move(spare.back()));
    spare.pop_back();
  }
  v.resize(n);
}

// An applicant's fixed-size fields on the wire: gender, the four self-id
// answers and the outcome (a byte each), the rank's flag and value (0 when
// none), the two optional flags, the referral and the count of events.
constexpr std::size_t kApplicantFixed = 6 + 1 + 4 + 2 + 1 + 4;
// An event's: its stage and time.
constexpr std::size_t kEventFixed = 1 + 8;

template <typename T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
// The throws out of line, so that the checks before them inline into the
// loop over the applicants.
[[noreturn, gnu::cold, gnu::noinline]] void refuse(const char* what) { throw CodecError(what); }
template <typename E>
E word_at(char c, int last) {
  const int v = std::int8_t(c);
  if (v < 0 || v > last) [[unlikely]] refuse("a value out of its range");
  return E(v);
}
bool flag_at(char c) {
  const auto b = std::uint8_t(c);
  if (b > 1) [[unlikely]] refuse("a flag that is neither 0 nor 1");
  return b == 1;
}
std::optional<bool> maybe_bool_at(char c) {
  const auto b = std::uint8_t(c);
  if (b > 2) [[unlikely]] refuse("an optional flag out of range");
  if (b == 0) return std::nullopt;
  return b == 2;
}
Timestamp time_at(const char* p) {
  const auto days = load<std::int32_t>(p);
  const auto seconds = load<std::int32_t>(p + 4);
  if (seconds < -1 || seconds >= 86400) [[unlikely]] refuse("a time of day out of range");
  return Timestamp::from_days_seconds(days, seconds);
}

struct In {
  BinaryReader r;
  template <typename E>
  [[gnu::always_inline]] E word(int last) {
    return r.in_range<E>(0, last);
  }
  [[gnu::always_inline]] bool flag() {
    const auto b = r.raw<std::uint8_t>();
    if (b > 1) throw CodecError("a flag that is neither 0 nor 1");
    return b == 1;
  }
  [[gnu::always_inline]] std::optional<bool> maybe_bool() {
    const auto b = r.raw<std::uint8_t>();
    if (b > 2) throw CodecError("an optional flag out of range");
    if (b == 0) return std::nullopt;
    return b == 2;
  }
  [[gnu::always_inline]] Timestamp time() {
    const auto days = r.raw<std::int32_t>();
    const auto seconds = r.raw<std::int32_t>();
    if (seconds < -1 || seconds >= 86400) throw CodecError("a time of day out of range");
    return Timestamp::from_days_seconds(days, seconds);
  }
  [[gnu::always_inline]] std::optional<Timestamp> maybe_time() {
    if (!flag()) return std::nullopt;
    return time();
  }
  // A count of items each at least `min_bytes` long, checked against the
  // bytes left before anything is allocated.
  [[gnu::always_inline]] std::size_t count(std::size_t min_bytes) {
    const auto n = r.raw<std::uint32_t>();
    if (std::size_t(n) * min_bytes > r.left()) throw CodecError("a list longer than the message");
    return n;
  }
  [[gnu::always_inline]] void strings(std::vector<std::string>& v) {
    v.resize(count(4));
    for (auto& s : v) r.str(s);
  }
  [[gnu::always_inline]] void source(Source& s) {
    r.str(s.file);
    s.line = r.raw<std::uint64_t>();
  }

  [[gnu::always_inline]] void record(Round& x) {
    source(x.source);
    r.str(x.round_id);
    r.str(x.org_unit);
    x.jurisdiction = word<Jurisdiction>(int(Jurisdiction::other));
    r.str(x.position.title_code);
    x.position.openings = r.raw<std::int32_t>();
    x.position.internal_only = flag();
    r.str(x.position.reserved_for);
    for (auto* t : {&x.advertised_at, &x.closes_at, &x.requirements_documented_at, &x.recommendation_at,
                    &x.decision_at})
      *t = maybe_time();
    r.str(x.decision_reason);
    thread_local std::vector<Applicant> spare_applicants;
    resize_keeping(x.applicants, count(kApplicantFixed + 8), spare_applicants);
    for (auto& a : x.applicants) {
      // Six plugin processes read every applicant of every round: the
      // fixed-size fields are one block, checked against the end once, each
      // value still checked against its range.
      const char* f = r.bytes(kApplicantFixed);
      a.gender = word_at<Gender>(f[0], int(Gender::declined));
      a.self_id.immigrant_background = word_at<Answer>(f[1], int(Answer::not_asked));
      a.self_id.disability = word_at<Answer>(f[2], int(Answer::not_asked));
      a.self_id.cv_gap = word_at<Answer>(f[3], int(Answer::not_asked));
      a.self_id.priority_access = word_at<Answer>(f[4], int(Answer::not_asked));
      a.assessment.outcome = word_at<Outcome>(f[5], int(Outcome::not_assessed));
      const auto rank = load<std::int32_t>(f + 7);
      if (flag_at(f[6])) a.assessment.rank = rank;
      else if (rank != 0) refuse("a rank without its flag");
      else a.assessment.rank.reset();
      a.assessment.equally_qualified_with_top = maybe_bool_at(f[11]);
      a.assessment.meets_formal_requirements = maybe_bool_at(f[12]);
      a.referred_by_jobcenter = flag_at(f[13]);
      const auto events = load<std::uint32_t>(f + 14);
      if (std::size_t(events) * (kEventFixed + 4) > r.left()) refuse("a list longer than the message");
      r.str(a.id);
      r.str(a.age_band);
      a.events.resize(events);
      for (auto& e : a.events) {
        const char* g = r.bytes(kEventFixed);
        e.type = word_at<Stage>(g[0], int(Stage::withdrawn));
        e.at = time_at(g + 1);
        r.str(e.reason_code);
      }
    }
    x.interviews.resize(count(16));
    for (auto& i : x.interviews) {
      r.str(i.applicant);
      i.at = time();
      i.panel.resize(count(5));
      for (auto& m : i.panel) {
        r.str(m.role);
        m.gender = word<Gender>(int(Gender::declined));
      }
    }
    if (flag()) {
      auto& rep = x.representative ? *x.representative : x.representative.emplace();
      rep.appointed = flag();
      r.str(rep.role);
      rep.events.resize(count(10));
      for (auto& e : rep.events) {
        e.type = word<RepEventType>(int(RepEventType::escalated));
        e.at = time();
        e.agrees = maybe_bool();
      }
    } else {
      x.representative.reset();
    }
    x.documents.resize(count(10));
    for (auto& d : x.documents) {
      r.str(d.type);
      d.at = maybe_time();
      strings(d.sent_to);
      d.equality_statement = maybe_bool();
    }
    x.coverage.recorded = r.raw<std::uint32_t>();
  }

  void record(UnitRecord& x) {
    source(x.source);
    r.str(x.org_unit);
    r.str(x.period);
    if (flag()) {
      auto& routine = x.representative_routine ? *x.representative_routine : x.representative_routine.emplace();
      routine.documented = flag();
      r.str(routine.version);
    } else {
      x.representative_routine.reset();
    }
    x.meetings.resize(count(20));
    for (auto& m : x.meetings) {
      r.str(m.type);
      m.at = time();
      strings(m.roles);
      strings(m.tags);
    }
    x.coverage.recorded = r.raw<std::uint32_t>();
  }

  void record(MeasuresRecord& x) {
    source(x.source);
    r.str(x.employer);
    x.year = r.raw<std::int32_t>();
    x.employees = r.raw<std::int32_t>();
    r.str(x.area);
    for (auto* t : {&x.steps.investigate, &x.steps.analyse, &x.steps.act, &x.steps.follow_up}) *t = maybe_time();
    strings(x.grounds_covered);
    x.cooperation_documented = flag();
    x.documentation.written = flag();
    x.documentation.at = maybe_time();
    x.documentation.previous_year_evaluated = maybe_bool();
    x.coverage.recorded = r.raw<std::uint32_t>();
  }
};

}  // namespace

void write_record(std::string& out, const ingest::Record& record) {
  write_counted(out, [&](auto& w) {
    Out<std::remove_reference_t<decltype(w)>> o{w};
    o.raw(kRecordBinaryVersion);
    o.raw(std::uint8_t(record.index()));
    std::visit([&](const auto& rec) { o.record(rec); }, record);
  });
}

void read_record(const char* begin, const char* end, ingest::Record& record) {
  In in{BinaryReader(begin, end)};
  if (in.r.raw<std::uint8_t>() != kRecordBinaryVersion) throw CodecError("a record of another version of the wire");
  switch (in.r.raw<std::uint8_t>()) {
    case 0: in.record(record.index() == 0 ? std::get<Round>(record) : record.emplace<Round>()); break;
    case 1: in.record(record.index() == 1 ? std::get<UnitRecord>(record) : record.emplace<UnitRecord>()); break;
    case 2: in.record(record.index() == 2 ? std::get<MeasuresRecord>(record) : record.emplace<MeasuresRecord>()); break;
    default: throw CodecError("a record of no known kind");
  }
  if (!in.r.at_end()) throw CodecError("bytes after the record");
}

}  // namespace fairaudit::codec
