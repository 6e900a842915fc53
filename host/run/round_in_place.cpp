#include "run/round_in_place.hpp"

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "codec/record_binary.hpp"

namespace fairaudit::run {
namespace {

constexpr std::size_t round8(std::size_t n) { return (n + 7) & ~std::size_t(7); }

// The bytes a string keeps in itself (15 in libstdc++): a longer one points
// to bytes of its own.
const std::size_t kLocal = std::string().capacity();

// libstdc++'s string: where its bytes are, how many, and the room there (the
// object's last 8 bytes are its own room for short strings, unused here);
// its vector: the first item, past the last, past the room.
struct StringRep {
  const char* data;
  std::size_t size;
  std::size_t capacity;
};
#if defined(__GLIBCXX__) && _GLIBCXX_USE_CXX11_ABI
constexpr bool kKnownLibrary = true;
static_assert(sizeof(std::string) == sizeof(StringRep) + 8);
static_assert(sizeof(std::vector<Applicant>) == 3 * sizeof(void*));
#else
constexpr bool kKnownLibrary = false;  // rounds go in the record codec's form
#endif
// Every member of these is copied by name below: a member added to the SDK's
// structures changes their size, and this stops the build until it is copied
// too (and counted in placed_size(), and compared in the tests).
static_assert(sizeof(Round) == 432 && sizeof(Applicant) == 120 && sizeof(StageEvent) == 48 &&
                  sizeof(Interview) == 64 && sizeof(PanelMember) == 40 && sizeof(Representative) == 64 &&
                  sizeof(RepEvent) == 16 && sizeof(Document) == 80 && sizeof(Position) == 72 &&
                  sizeof(Assessment) == 16 && sizeof(Source) == 40,
              "a member was added to the SDK's records: copy it in Placer and count it in placed_size()");
static_assert(alignof(Round) <= 8 && alignof(Applicant) <= 8 && alignof(StageEvent) <= 8 && alignof(Interview) <= 8 &&
              alignof(PanelMember) <= 8 && alignof(RepEvent) <= 8 && alignof(Document) <= 8);

std::size_t bytes_of(const std::string& s) { return s.size() <= kLocal ? 0 : round8(s.size() + 1); }
template <typename T>
std::size_t items_of(const std::vector<T>& v) {
  return round8(sizeof(T) * v.size());
}

class Placer {
 public:
  // The block is zeroed first, and every value is copied member by member
  // (an optional's value, not its bytes): the padding between members, of
  // this block and of the host's objects, never carries what the memory held
  // before to the plugins that read it.
  Placer(char* at, std::size_t room) : at_(at), room_(room) { std::memset(at, 0, room); }

  Round& round(const Round& r) {
    // Default-initialised (every member has its initialiser) on the zeroed
    // block: value-initialising would zero it a second time.
    Round& x = *new (take(sizeof(Round))) Round;
    str(x.source.file, r.source.file);
    x.source.line = r.source.line;
    str(x.round_id, r.round_id);
    str(x.org_unit, r.org_unit);
    x.jurisdiction = r.jurisdiction;
    str(x.position.title_code, r.position.title_code);
    x.position.openings = r.position.openings;
    x.position.internal_only = r.position.internal_only;
    str(x.position.reserved_for, r.position.reserved_for);
    set(x.advertised_at, r.advertised_at);
    set(x.closes_at, r.closes_at);
    set(x.requirements_documented_at, r.requirements_documented_at);
    set(x.recommendation_at, r.recommendation_at);
    set(x.decision_at, r.decision_at);
    str(x.decision_reason, r.decision_reason);
    Applicant* as = items(x.applicants, r.applicants.size());
    for (std::size_t i = 0; i < r.applicants.size(); ++i) {
      const Applicant& a = r.applicants[i];
      Applicant& y = as[i];
      str(y.id, a.id);
      y.gender = a.gender;
      y.self_id = a.self_id;
      str(y.age_band, a.age_band);
      y.assessment.outcome = a.assessment.outcome;
      set(y.assessment.rank, a.assessment.rank);
      set(y.assessment.equally_qualified_with_top, a.assessment.equally_qualified_with_top);
      set(y.assessment.meets_formal_requirements, a.assessment.meets_formal_requirements);
      y.referred_by_jobcenter = a.referred_by_jobcenter;
      StageEvent* es = items(y.events, a.events.size());
      for (std::size_t j = 0; j < a.events.size(); ++j) {
        es[j].type = a.events[j].type;
        es[j].at = a.events[j].at;
        str(es[j].reason_code, a.events[j].reason_code);
      }
    }
    Interview* is = items(x.interviews, r.interviews.size());
    for (std::size_t i = 0; i < r.interviews.size(); ++i) {
      const Interview& from = r.interviews[i];
      str(is[i].applicant, from.applicant);
      is[i].at = from.at;
      PanelMember* ms = items(is[i].panel, from.panel.size());
      for (std::size_t j = 0; j < from.panel.size(); ++j) {
        str(ms[j].role, from.panel[j].role);
        ms[j].gender = from.panel[j].gender;
      }
    }
    if (r.representative) {
      Representative& rep = x.representative.emplace();
      rep.appointed = r.representative->appointed;
      str(rep.role, r.representative->role);
      RepEvent* es = items(rep.events, r.representative->events.size());
      for (std::size_t j = 0; j < r.representative->events.size(); ++j) {
        const RepEvent& from = r.representative->events[j];
        es[j].type = from.type;
        es[j].at = from.at;
        set(es[j].agrees, from.agrees);
      }
    }
    Document* ds = items(x.documents, r.documents.size());
    for (std::size_t i = 0; i < r.documents.size(); ++i) {
      const Document& from = r.documents[i];
      str(ds[i].type, from.type);
      set(ds[i].at, from.at);
      std::string* to = items(ds[i].sent_to, from.sent_to.size());
      for (std::size_t j = 0; j < from.sent_to.size(); ++j) str(to[j], from.sent_to[j]);
      set(ds[i].equality_statement, from.equality_statement);
    }
    x.coverage = r.coverage;
    return x;
  }

 private:
  char* take(std::size_t n) {
    n = round8(n);
    if (n > room_ - used_) throw std::length_error("place_round: the room given is smaller than placed_size()");
    char* p = at_ + used_;
    used_ += n;
    return p;
  }
  template <typename T>
  static void set(std::optional<T>& to, const std::optional<T>& from) {
    if (from) to.emplace(*from);
  }
  // A short string into its own bytes (as assign() puts it: no allocation);
  // a longer one into the block, the string made to point there.
  void str(std::string& to, const std::string& from) {
    if (from.size() <= kLocal) {
      to.assign(from.data(), from.size());
      return;
    }
    char* p = take(from.size() + 1);
    std::memcpy(p, from.data(), from.size());
    p[from.size()] = '\0';
    const StringRep rep{p, from.size(), from.size()};
    std::memcpy(static_cast<void*>(&to), &rep, sizeof rep);
  }
  // `n` default items in the block, the empty vector `to` made to hold them.
  template <typename T>
  T* items(std::vector<T>& to, std::size_t n) {
    if (n == 0) return nullptr;
    T* p = reinterpret_cast<T*>(take(sizeof(T) * n));
    for (std::size_t i = 0; i < n; ++i) new (p + i) T;
    // The vector's three pointers, each written as the pointer it is.
    T** const rep = reinterpret_cast<T**>(static_cast<void*>(&to));
    rep[0] = p;
    rep[1] = rep[2] = p + n;
    return p;
  }

  char* at_;
  std::size_t room_, used_ = 0;
};

// A round with every kind of member, short and long strings among them.
Round sample_round() {
  const std::string long_text(40, 'x'), short_text = "r-1";
  Round r;
  r.source = {"export/a-file-name-longer-than-sixteen.jsonl", 7};
  r.round_id = short_text;
  r.org_unit = "oslo/bydel-frogner/skole-og-barnehage";
  r.position = {"T-1", 2, true, long_text};
  r.decision_at = Timestamp::from_days(20000);
  r.decision_reason = long_text;
  for (int i = 0; i < 3; ++i) {
    Applicant& a = r.applicants.emplace_back();
    a.id = i == 1 ? long_text : short_text;
    a.gender = Gender(i);
    a.age_band = "30-39";
    a.assessment.rank = i;
    a.events = {{Stage::applied, Timestamp::from_days(19990), ""}, {Stage::rejected, Timestamp::from_days(19995), long_text}};
  }
  r.interviews.push_back({"a-1", Timestamp::from_days(19993), {{"manager", Gender::woman}, {long_text, Gender::man}}});
  r.representative.emplace();
  r.representative->role = long_text;
  r.representative->events = {{RepEventType::invited, Timestamp::from_days(19991), true}};
  r.documents.push_back({"recommendation", Timestamp::from_days(19996), {"union", long_text}, false});
  r.coverage.recorded = 12345;
  return r;
}

}  // namespace

std::size_t placed_size(const Round& r) {
  std::size_t n = round8(sizeof(Round));
  for (const auto* s : {&r.source.file, &r.round_id, &r.org_unit, &r.position.title_code, &r.position.reserved_for,
                        &r.decision_reason})
    n += bytes_of(*s);
  n += items_of(r.applicants);
  for (const auto& a : r.applicants) {
    n += bytes_of(a.id) + bytes_of(a.age_band) + items_of(a.events);
    for (const auto& e : a.events) n += bytes_of(e.reason_code);
  }
  n += items_of(r.interviews);
  for (const auto& i : r.interviews) {
    n += bytes_of(i.applicant) + items_of(i.panel);
    for (const auto& m : i.panel) n += bytes_of(m.role);
  }
  if (r.representative) n += bytes_of(r.representative->role) + items_of(r.representative->events);
  n += items_of(r.documents);
  for (const auto& d : r.documents) {
    n += bytes_of(d.type) + items_of(d.sent_to);
    for (const auto& s : d.sent_to) n += bytes_of(s);
  }
  return n;
}

const Round& place_round(char* at, std::size_t room, const Round& r) { return Placer(at, room).round(r); }

bool rounds_can_be_placed() {
  static const bool can = [] {
    if (!kKnownLibrary || kLocal != 15) return false;
    // Laid out, then written in the record codec's binary form: the same
    // bytes as the original's, read through the standard library's own
    // accessors, or this library is not laid out as assumed.
    const Round r = sample_round();
    const std::size_t n = placed_size(r);
    const auto block = std::make_unique<std::uint64_t[]>(n / 8);
    const char* begin = reinterpret_cast<const char*>(block.get());
    const Round& placed = place_round(reinterpret_cast<char*>(block.get()), n, r);
    std::string a, b;
    codec::write_record(a, ingest::Record(r));
    codec::write_record(b, ingest::Record(placed));
    const bool inside = placed.decision_reason.data() >= begin && placed.decision_reason.data() < begin + n &&
                        static_cast<const void*>(placed.applicants.data()) >= begin &&
                        placed.applicants.capacity() == placed.applicants.size();
    return a == b && inside;
  }();
  return can;
}

}  // namespace fairaudit::run
