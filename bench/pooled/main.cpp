// bench_pooled — feeds generated hiring rounds, built in memory, to
// interview-call-diversity and reports time and memory. The pooled state must
// depend on units × groups × stages, not on the number of rounds: the
// resident size is printed at checkpoints to show that it levels off.
//
//   bench_pooled [rounds=100000] [units=400] [--pooled-only]
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "rules.hpp"

// The plugin's factory, exported by FAIRAUDIT_PLUGIN in plugin.cpp.
extern "C" fairaudit::Plugin* fairaudit_create_plugin();

namespace {

using fairaudit::Applicant;
using fairaudit::Round;
using fairaudit::Stage;
using fairaudit::StageEvent;

// A small deterministic generator (SplitMix64), so every run sees the same rounds.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4;  // 4 KiB pages
}

long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;  // KiB on Linux
}

void make_round(Rng& rng, std::uint64_t i, const std::vector<std::string>& units, Round& r) {
  static const char* kGender[] = {"woman", "man", "other", "declined"};
  r.round_id = "R-" + std::to_string(i);
  const std::size_t u = static_cast<std::size_t>(rng.below(static_cast<int>(units.size())));
  r.org_unit = units[u];
  const bool biased = u % 5 == 0;  // a fifth of the units invite women less often
  const int n = 8 + rng.below(23);
  r.applicants.resize(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) {
    Applicant& a = r.applicants[static_cast<std::size_t>(k)];
    a.id = "a" + std::to_string(k);
    double g = rng.uniform();
    a.gender = *fairaudit::gender_from_string(kGender[g < 0.47 ? 0 : g < 0.94 ? 1 : g < 0.96 ? 2 : 3]);
    double im = rng.uniform();
    a.self_id.immigrant_background = im < 0.2   ? fairaudit::Answer::yes
                                     : im < 0.85 ? fairaudit::Answer::no
                                     : im < 0.95 ? fairaudit::Answer::declined
                                                 : fairaudit::Answer::not_asked;
    a.self_id.disability = rng.uniform() < 0.05 ? fairaudit::Answer::yes : fairaudit::Answer::no;
    a.self_id.cv_gap = rng.uniform() < 0.08 ? fairaudit::Answer::yes : fairaudit::Answer::no;
    a.assessment.outcome = rng.uniform() < 0.7 ? fairaudit::Outcome::qualified : fairaudit::Outcome::not_qualified;
    a.events.clear();
    a.events.push_back({Stage::applied, fairaudit::Timestamp::from_days(20500), {}});
    double p_invite = a.qualified() ? 0.45 : 0.05;
    if (biased && a.gender == fairaudit::Gender::woman) p_invite *= 0.6;
    if (rng.uniform() < p_invite) {
      a.events.push_back({Stage::interview_invited, fairaudit::Timestamp::from_days(20520), {}});
      if (rng.uniform() < 0.25) a.events.push_back({Stage::hired, fairaudit::Timestamp::from_days(20540), {}});
    }
  }
}

struct NullLogger final : fairaudit::Logger {
  void debug(std::string_view) override {}
  void info(std::string_view) override {}
  void warn(std::string_view) override {}
};

// As the host's sink in an audit without --checks: evidence only for breaches.
struct CountingSink final : fairaudit::Sink {
  std::uint64_t checks = 0, findings = 0, pooled_findings = 0;
  bool wants_check_evidence() const override { return false; }
  void check(fairaudit::Check) override { ++checks; }
  void finding(fairaudit::Finding f) override {
    ++findings;
    if (f.scope == fairaudit::Scope::org_unit) ++pooled_findings;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t rounds = 100000;
  int leaf_units = 400;
  bool pooled_only = false;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--pooled-only") pooled_only = true;
    else if (positional++ == 0) rounds = std::strtoull(argv[i], nullptr, 10);
    else leaf_units = std::atoi(argv[i]);
  }

  std::vector<std::string> units;
  for (int b = 0; b < leaf_units / 8; ++b)
    for (const char* svc : {"helse", "skole", "barnehage", "sosial", "kultur", "bydelsadm", "miljo", "ungdom"})
      units.push_back("oslo/bydel-" + std::to_string(b) + "/" + svc);

  std::unique_ptr<fairaudit::Plugin> plugin(fairaudit_create_plugin());
  std::map<std::string, fairaudit::OptionValue> values;
  for (const auto& spec : plugin->info().options) values[spec.key] = spec.default_value;
  fairaudit::Options options(values);
  NullLogger log;
  plugin->configure(options, log);
  icd::Config config = icd::read_config(options);
  icd::PooledDisparity pooled(config);

  CountingSink sink;
  Rng rng{42};
  Round r;
  r.jurisdiction = fairaudit::Jurisdiction::no_oslo;
  const long rss_start = rss_kib();
  std::printf("rounds=%llu leaf_units=%zu mode=%s\n", static_cast<unsigned long long>(rounds), units.size(),
              pooled_only ? "pooled analysis only" : "whole plugin (all five rules)");
  const auto t0 = std::chrono::steady_clock::now();
  std::uint64_t applicants = 0;
  for (std::uint64_t i = 1; i <= rounds; ++i) {
    make_round(rng, i, units, r);
    applicants += r.applicants.size();
    if (pooled_only)
      pooled.add(r);
    else
      plugin->round(r, sink);
    if (i == 1000 || i == 10000 || i == rounds / 2 || i == rounds)
      std::printf("  after %7llu rounds: resident %ld KiB\n", static_cast<unsigned long long>(i), rss_kib());
  }
  const auto t1 = std::chrono::steady_clock::now();
  if (pooled_only)
    pooled.report(sink);
  else
    plugin->finish(sink);
  const auto t2 = std::chrono::steady_clock::now();

  const double feed = std::chrono::duration<double>(t1 - t0).count();
  const double fin = std::chrono::duration<double>(t2 - t1).count();
  std::printf("applicants=%llu\n", static_cast<unsigned long long>(applicants));
  std::printf("time: rounds %.3f s (%.0f rounds/s), finish %.3f s, total %.3f s\n", feed,
              static_cast<double>(rounds) / feed, fin, feed + fin);
  std::printf("checks=%llu findings=%llu pooled_findings=%llu\n", static_cast<unsigned long long>(sink.checks),
              static_cast<unsigned long long>(sink.findings), static_cast<unsigned long long>(sink.pooled_findings));
  std::printf("memory: resident at start %ld KiB, at end %ld KiB, peak %ld KiB\n", rss_start, rss_kib(),
              peak_rss_kib());
  return 0;
}
