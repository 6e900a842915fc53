#include "run/wire.hpp"

#include <stdexcept>

#include "codec/evidence_binary.hpp"

namespace fairaudit::run {
namespace {

// A severity byte for a finding that leaves the severity to its rule.
constexpr std::uint8_t kNoSeverity = 3;

// The fewest bytes a check and a finding take (empty strings, no evidence
// entries): a count beyond what the bytes left could hold fails before
// anything is allocated for it.
constexpr std::size_t kMinCheckBytes = 4 + 1 + 4 + 4 + 4 + 4 + 1 + 4;
constexpr std::size_t kMinFindingBytes = 4 + 1 + 4 + 4 + 4 + 4 + 1 + 4 + 4;

// What checks and findings have in common; the caller writes the rest.
template <typename Writer, typename CheckOrFinding>
void put_common(Writer& w, const CheckOrFinding& x) {
  w.str(x.rule);
  w.raw(std::uint8_t(x.scope));
  w.str(x.round_id);
  w.str(x.org_unit);
  w.str(x.key);
  w.evidence(x.evidence);
}
template <typename CheckOrFinding>
void get_common(codec::BinaryReader& r, CheckOrFinding& x) {
  r.str(x.rule);
  x.scope = r.in_range<Scope>(int(Scope::round), int(Scope::run));
  r.str(x.round_id);
  r.str(x.org_unit);
  r.str(x.key);
  x.evidence = r.evidence();
}

// A count read from the message, refused when its items could not fit in
// the bytes left.
std::uint32_t count_of(codec::BinaryReader& r, std::size_t min_bytes) {
  const auto n = r.raw<std::uint32_t>();
  if (n > r.left() / min_bytes) throw codec::CodecError("a list longer than the message");
  return n;
}

template <typename Writer>
void put(Writer& w, const Reported& rep) {
  w.raw(std::uint32_t(rep.counted.size()));
  for (const auto& [place, v] : rep.counted) {
    w.raw(place);
    w.raw(std::uint8_t(v));
  }
  w.raw(std::uint32_t(rep.checks.size()));
  for (const auto& c : rep.checks) {
    put_common(w, c);
    w.raw(std::uint8_t(c.verdict));
    w.str(c.reason);
  }
  w.raw(std::uint32_t(rep.findings.size()));
  for (const auto& f : rep.findings) {
    put_common(w, f);
    w.raw(f.severity ? std::uint8_t(*f.severity) : kNoSeverity);
    w.str(f.message);
    w.raw(std::uint32_t(f.applicants.size()));
    for (const auto& a : f.applicants) w.str(a);
  }
}

}  // namespace

// Counted, then copied into one resize of `out` (codec::write_counted).
void encode(const Reported& rep, std::string& out) {
  codec::write_counted(out, [&](auto& w) { put(w, rep); });
}

std::string encode(const Reported& r) {
  std::string out;
  encode(r, out);
  return out;
}

Reported decode(std::string_view bytes) {
  codec::BinaryReader r(bytes.data(), bytes.data() + bytes.size());
  Reported rep;
  try {
    const auto counted = count_of(r, 5);
    rep.counted.reserve(counted);  // 8 bytes for each 5 read
    for (std::uint32_t i = 0; i < counted; ++i) {
      const auto place = r.raw<std::uint32_t>();
      rep.counted.emplace_back(place, r.in_range<Verdict>(int(Verdict::complies), int(Verdict::insufficient_data)));
    }
    // Grown as the items are read, not sized by the count: a message that
    // claims more than it holds costs its bytes, not the count's objects.
    const auto checks = count_of(r, kMinCheckBytes);
    for (std::uint32_t i = 0; i < checks; ++i) {
      Check& c = rep.checks.emplace_back();
      get_common(r, c);
      c.verdict = r.in_range<Verdict>(int(Verdict::complies), int(Verdict::insufficient_data));
      r.str(c.reason);
    }
    const auto findings = count_of(r, kMinFindingBytes);
    for (std::uint32_t i = 0; i < findings; ++i) {
      Finding& f = rep.findings.emplace_back();
      get_common(r, f);
      const auto severity = r.in_range<std::uint8_t>(0, kNoSeverity);
      if (severity != kNoSeverity) f.severity = Severity(severity);
      r.str(f.message);
      const auto applicants = count_of(r, 4);
      for (std::uint32_t j = 0; j < applicants; ++j) r.str(f.applicants.emplace_back());
    }
    if (!r.at_end()) throw codec::CodecError("bytes after the message");
  } catch (const codec::CodecError& e) {
    throw std::runtime_error(std::string("malformed message from the plugin process: ") + e.what());
  }
  return rep;
}

}  // namespace fairaudit::run
