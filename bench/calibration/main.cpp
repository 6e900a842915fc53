// bench_calibration — false alarms and detection of interview-call-diversity
// on generated exports (bench/calibration/calibration.hpp): exports with no
// disparity at all, and exports with a disparity planted in the interview
// invitations of some units at several strengths and unit sizes. Prints one
// line per (scenario, seed) and a summary per scenario; bench/README.md keeps
// the figures.
//
//   bench_calibration [--seeds N] [--quick]
//   bench_calibration --write FILE [--seed S] [--rounds R] [--strength X] [--planted U]
//     (writes one export as JSON Lines, for a run of the fairaudit executable:
//      bench/calibration/run-host.sh)
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "calibration.hpp"

namespace cal = fairaudit::calibration;

namespace {

struct Totals {
  int exports = 0, exports_exit0 = 0;
  long rounds = 0, rounds_warning = 0, rounds_error = 0, rounds_note = 0;
  long pooled_warning = 0, pooled_error = 0, pooled_note = 0, leaf_flagged = 0, leaves = 0;
  long planted = 0, found = 0, found_anywhere = 0, false_units = 0, planted_rounds = 0, planted_rounds_found = 0;
  int pooled_max = 0;
};

void run(const char* name, cal::Scenario sc, int seeds) {
  Totals t;
  for (int s = 1; s <= seeds; ++s) {
    sc.seed = static_cast<std::uint64_t>(s);
    const auto ex = cal::generate(sc);
    const auto r = cal::rates(ex, cal::audit(ex));
    std::printf(
        "%-26s seed %d: rounds %d, with warning+ %d (%.1f%%), with error %d, note only %d; pooled warning+ %d "
        "(error %d, note %d), leaf units flagged %d/%zu; planted found %d/%d (at or above the unit %d), "
        "other units flagged %d; planted rounds found %d/%d; exit %d\n",
        name, s, r.rounds, r.rounds_warning, 100.0 * r.rounds_warning / r.rounds, r.rounds_error, r.rounds_note,
        r.pooled_warning, r.pooled_error, r.pooled_note, r.leaf_units_flagged, ex.leaves.size(), r.planted_found,
        r.planted, r.planted_found_anywhere, r.false_units, r.planted_rounds_found, r.planted_rounds,
        r.any_error ? 1 : 0);
    ++t.exports;
    t.exports_exit0 += !r.any_error;
    t.rounds += r.rounds;
    t.rounds_warning += r.rounds_warning;
    t.rounds_error += r.rounds_error;
    t.rounds_note += r.rounds_note;
    t.pooled_warning += r.pooled_warning;
    t.pooled_error += r.pooled_error;
    t.pooled_note += r.pooled_note;
    t.pooled_max = std::max(t.pooled_max, r.pooled_warning);
    t.leaf_flagged += r.leaf_units_flagged;
    t.leaves += static_cast<long>(ex.leaves.size());
    t.planted += r.planted;
    t.found += r.planted_found;
    t.found_anywhere += r.planted_found_anywhere;
    t.false_units += r.false_units;
    t.planted_rounds += r.planted_rounds;
    t.planted_rounds_found += r.planted_rounds_found;
  }
  std::printf(
      "SUMMARY %-26s %d exports: rounds with warning+ %.2f%% (error %.2f%%, note only %.1f%%); pooled warning+ "
      "%.1f per export (max %d, errors %ld); leaf units flagged %.1f%%; planted units found %.1f%% (%ld/%ld, at or "
      "above %ld), other units flagged %ld; planted rounds found %.1f%%; exit 0 in %d/%d\n",
      name, t.exports, 100.0 * t.rounds_warning / t.rounds, 100.0 * t.rounds_error / t.rounds,
      100.0 * t.rounds_note / t.rounds, double(t.pooled_warning) / t.exports, t.pooled_max, t.pooled_error,
      100.0 * t.leaf_flagged / t.leaves, t.planted ? 100.0 * t.found / t.planted : 0.0, t.found, t.planted,
      t.found_anywhere, t.false_units, t.planted_rounds ? 100.0 * t.planted_rounds_found / t.planted_rounds : 0.0,
      t.exports_exit0, t.exports);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 5;
  bool quick = false;
  std::string write;
  cal::Scenario one;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--seeds") seeds = std::atoi(next().c_str());
    else if (a == "--quick") quick = true;
    else if (a == "--write") write = next();
    else if (a == "--seed") one.seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--rounds") one.rounds = std::atoi(next().c_str());
    else if (a == "--strength") one.strength = std::atof(next().c_str());
    else if (a == "--planted") one.planted_units = std::atoi(next().c_str());
    else {
      std::fprintf(stderr, "bench_calibration: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (!write.empty()) {
    std::ofstream out(write, std::ios::binary);
    out << cal::jsonl(cal::generate(one));
    return out ? 0 : 1;
  }
  cal::Scenario null;  // 2,000 rounds of 20-150 applicants in 40 leaf units
  run("null 2000r/40u", null, seeds);
  for (double strength : {0.6, 0.8}) {
    cal::Scenario p;
    p.planted_units = 8;
    p.strength = strength;
    char name[64];
    std::snprintf(name, sizeof name, "planted %.1fx 8u 2000r/40u", strength);
    run(name, p, seeds);
  }
  if (quick) return 0;
  // Smaller units (500 rounds: about 12 a unit) and larger (8,000: about
  // 200 a unit), and the strengths between.
  for (int rounds : {500, 8000}) {
    cal::Scenario n;
    n.rounds = rounds;
    char name[64];
    std::snprintf(name, sizeof name, "null %dr/40u", rounds);
    run(name, n, seeds);
  }
  for (int rounds : {500, 2000, 8000})
    for (double strength : {0.5, 0.7, 0.9}) {
      cal::Scenario p;
      p.rounds = rounds;
      p.planted_units = 8;
      p.strength = strength;
      char name[64];
      std::snprintf(name, sizeof name, "planted %.1fx 8u %dr/40u", strength, rounds);
      run(name, p, seeds);
    }
  return 0;
}
