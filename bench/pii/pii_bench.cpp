// How much the PII guard costs per string. The nightly run scans about 15
// strings per application over 10 million applications, so an ordinary short
// value must cost tens of nanoseconds. Each benchmark cycles through a pool of
// generated values of one sort (so that branch prediction cannot learn a single
// value) and reports time per scan() call.
#include "ingest/pii.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

using fairaudit::ingest::FieldClass;
using fairaudit::ingest::scan;

namespace {

struct Value {
  FieldClass cls;
  std::string text;
};

struct Gen {
  std::mt19937_64 rng{42};
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  std::string hex(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "0123456789abcdef"[uniform(0, 15)];
    return s;
  }
  std::string upper(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += char('A' + uniform(0, 25));
    return s;
  }
  std::string date() {
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", uniform(2020, 2026), uniform(1, 12), uniform(1, 28));
    return b;
  }
  std::string date_time() {
    char b[40];
    std::snprintf(b, sizeof b, "%sT%02d:%02d:00+01:00", date().c_str(), uniform(7, 17), uniform(0, 59));
    return b;
  }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[std::size_t(uniform(0, int(v.size()) - 1))]; }
};

const std::vector<std::string> kAnswers = {"yes", "no", "declined", "not_asked"};
const std::vector<std::string> kGenders = {"woman", "man", "other", "unknown", "declined"};
const std::vector<std::string> kEvents = {"applied", "screened", "interview_invited", "interview_held",
                                          "rejected", "offered", "hired", "withdrawn"};
const std::vector<std::string> kReasons = {"better_qualified_hired", "not_qualified", "withdrew", "position_cancelled"};
const std::vector<std::string> kBands = {"18-29", "30-39", "40-49", "50-59", "60-69"};
const std::vector<std::string> kUnits = {"oslo/bydel-gamle-oslo/helse", "oslo/bydel-stovner/oppvekst",
                                         "bergen/helse/sykehjem-fana", "trelleborg/kommunstyrelsen/hr"};

constexpr std::size_t kPool = 4096;  // a power of two, for a cheap wrap-around

template <class Make>
std::vector<Value> pool(Make make) {
  Gen g;
  std::vector<Value> v;
  for (std::size_t i = 0; i < kPool; ++i) v.push_back(make(g));
  return v;
}

void run(benchmark::State& state, const std::vector<Value>& values) {
  std::size_t i = 0;
  for (auto _ : state) {
    const Value& v = values[i++ & (kPool - 1)];
    benchmark::DoNotOptimize(scan(v.text, v.cls));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ApplicantId(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::code, "a-" + g.hex(6)}; });
  run(s, v);
}
void BM_RoundId(benchmark::State& s) {
  static const auto v = pool([](Gen& g) {
    return Value{FieldClass::code, "OSL-" + g.upper(3) + "-2026-" + std::to_string(g.uniform(1000, 9999))};
  });
  run(s, v);
}
void BM_Hmac64(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::code, g.hex(64)}; });
  run(s, v);
}
void BM_TitleCode(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::code, std::to_string(g.uniform(1000, 9999))}; });
  run(s, v);
}
void BM_VocabularyWord(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::code, g.pick(kEvents)}; });
  run(s, v);
}
void BM_OrgUnit(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::org_unit, g.pick(kUnits)}; });
  run(s, v);
}
void BM_Date(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::date, g.date()}; });
  run(s, v);
}
void BM_DateTime(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::date, g.date_time()}; });
  run(s, v);
}
// A date in a field the caller did not classify: goes through the number scan.
void BM_DateAsAny(benchmark::State& s) {
  static const auto v = pool([](Gen& g) { return Value{FieldClass::any, g.date()}; });
  run(s, v);
}

// The strings of one application in the proportions of the canonical export
// (docs/input-format.md): id, gender, four self-id answers, age band, outcome, four
// event types with their dates, a reason code — 15 strings.
void BM_ApplicationMix(benchmark::State& s) {
  static const auto v = [] {
    Gen g;
    std::vector<Value> out;
    while (out.size() < kPool) {
      out.push_back({FieldClass::code, "a-" + g.hex(6)});
      out.push_back({FieldClass::code, g.pick(kGenders)});
      for (int k = 0; k < 4; ++k) out.push_back({FieldClass::code, g.pick(kAnswers)});
      out.push_back({FieldClass::code, g.pick(kBands)});
      out.push_back({FieldClass::code, "qualified"});
      for (int k = 0; k < 3; ++k) {
        out.push_back({FieldClass::code, g.pick(kEvents)});
        out.push_back({FieldClass::date, g.date()});
      }
      out.push_back({FieldClass::code, g.pick(kReasons)});
    }
    out.resize(kPool);
    return out;
  }();
  run(s, v);
}

// Values that do hold identifiers: the slow path, rare in a clean export.
void BM_PlantedIdentifiers(benchmark::State& s) {
  static const std::vector<std::string> planted = {
      "850709-9805", "19850709-9805", "13097248022", "211062-5629", "ola.nordmann@example.no",
      "+47 22 33 44 55", "070-123 45 67", "Kandidaten hadde best erfaring"};
  static const auto v = pool([](Gen& g) { return Value{FieldClass::code, g.pick(planted)}; });
  run(s, v);
}

BENCHMARK(BM_ApplicantId);
BENCHMARK(BM_RoundId);
BENCHMARK(BM_Hmac64);
BENCHMARK(BM_TitleCode);
BENCHMARK(BM_VocabularyWord);
BENCHMARK(BM_OrgUnit);
BENCHMARK(BM_Date);
BENCHMARK(BM_DateTime);
BENCHMARK(BM_DateAsAny);
BENCHMARK(BM_ApplicationMix);
BENCHMARK(BM_PlantedIdentifiers);

}  // namespace

BENCHMARK_MAIN();
