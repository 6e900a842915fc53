// fairaudit-gen — writes a realistic synthetic export in the canonical format
// (docs: bench/README.md; format: docs/input-format.md), fast enough to feed the
// benchmark 10 million applications, and the same bytes for the same seed.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <string>

#include "round.hpp"
#include "rng.hpp"
#include "units.hpp"
#include "writer.hpp"

namespace fairaudit::gen {
namespace {

constexpr std::uint64_t kRoundStream = 0x20D5;

// How many applications a round gets.
class ApplicantsDist {
 public:
  // "longtail[:mean=M,tail=T,max=X]", "fixed:N" or "uniform:A-B".
  explicit ApplicantsDist(const std::string& spec) {
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string args = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (kind == "longtail") {
      kind_ = Kind::longtail;
      std::size_t pos = 0;
      while (pos < args.size()) {
        std::size_t end = args.find(',', pos);
        if (end == std::string::npos) end = args.size();
        const std::string item = args.substr(pos, end - pos);
        const auto eq = item.find('=');
        if (eq == std::string::npos) bad(spec);
        const std::string key = item.substr(0, eq);
        const double value = number(item.substr(eq + 1), spec);
        if (key == "mean" && value >= 1)
          mean_ = value;
        else if (key == "tail" && value >= 0 && value < 1)
          tail_ = value;
        else if (key == "max" && value >= 1)
          max_ = static_cast<int>(value);
        else
          bad(spec);
        pos = end + 1;
      }
      // Body lognormal(median m, sigma 0.8) and a tail of popular posts
      // (median 9m, sigma 0.45): most rounds get 5-60 applications, about 1
      // in 100 gets more than 200. Solve for m from the requested mean.
      median_ = mean_ / ((1 - tail_) * std::exp(0.8 * 0.8 / 2) + tail_ * 9 * std::exp(0.45 * 0.45 / 2));
    } else if (kind == "fixed") {
      kind_ = Kind::fixed;
      lo_ = hi_ = static_cast<int>(number(args, spec));
      if (lo_ < 1) bad(spec);
      mean_ = lo_;
    } else if (kind == "uniform") {
      kind_ = Kind::uniform;
      if (std::sscanf(args.c_str(), "%d-%d", &lo_, &hi_) != 2 || lo_ < 1 || hi_ < lo_) bad(spec);
      mean_ = (lo_ + hi_) / 2.0;
    } else {
      bad(spec);
    }
  }

  int sample(Rng& g) const {
    switch (kind_) {
      case Kind::fixed: return lo_;
      case Kind::uniform: return g.between(lo_, hi_);
      case Kind::longtail: {
        const double x = g.chance(tail_) ? g.lognormal(9 * median_, 0.45) : g.lognormal(median_, 0.8);
        return static_cast<int>(std::clamp<double>(std::lround(x), 1, max_));
      }
    }
    return 1;
  }
  double mean() const { return mean_; }

 private:
  enum class Kind { longtail, fixed, uniform };
  [[noreturn]] static void bad(const std::string& spec) {
    throw std::invalid_argument("--applicants-dist: cannot read \"" + spec +
                                "\"; expected longtail[:mean=M,tail=T,max=X], fixed:N or uniform:A-B");
  }
  static double number(const std::string& s, const std::string& spec) {
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end) bad(spec);
    return v;
  }
  Kind kind_ = Kind::longtail;
  double mean_ = 30, tail_ = 0.03, median_ = 0;
  int max_ = 2500, lo_ = 0, hi_ = 0;
};

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out;
}

int run(int argc, char** argv) {
  CLI::App app{
      "fairaudit-gen: writes a synthetic ATS export in fairaudit's canonical format (JSON Lines): unit records,\n"
      "then hiring rounds with realistic applicants, stage attrition, representative events, process gaps\n"
      "and planted disparities. The same seed gives the same bytes."};
  std::uint64_t rounds = 0, applications = 0, seed = 1;
  std::string tree_spec = "2/8", dist_spec = "longtail:mean=30", output = "-", manifest;
  double planted_share = 0.1, planted_penalty = 0.8;
  int year = 2026;
  bool quiet = false;
  auto* by_rounds = app.add_option("--rounds", rounds, "number of hiring rounds to write");
  auto* by_apps = app.add_option("--applications", applications,
                                 "number of applications to write (the last round is cut to fit exactly)");
  by_rounds->excludes(by_apps);
  by_apps->excludes(by_rounds);
  app.add_option("--seed", seed, "random seed; the same seed gives the same bytes")->capture_default_str();
  app.add_option("--units-tree", tree_spec,
                 "DEPTH/BREADTH: levels of org units below each of the 9 employers, children per unit")
      ->capture_default_str();
  app.add_option("--applicants-dist", dist_spec,
                 "applications per round: longtail[:mean=M,tail=T,max=X] | fixed:N | uniform:A-B")
      ->capture_default_str();
  app.add_option("--planted-share", planted_share, "share of leaf units with a planted interview-invitation disparity")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--planted-penalty", planted_penalty,
                 "how much lower (in standard deviations of merit) the planted group is scored for the shortlist")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  app.add_option("--year", year, "the year the rounds are advertised in")->check(CLI::Range(1971, 2200))->capture_default_str();
  app.add_option("--output,-o", output, "file to write, or - for stdout")->capture_default_str();
  app.add_option("--manifest", manifest, "also write a JSON summary: counts, bytes, time, planted units and their effect");
  app.add_flag("--quiet,-q", quiet, "no summary on stderr");
  bool no_documents = false;
  app.add_flag("--no-documents", no_documents,
               "rounds without document records: about four findings a round under the default policy");
  try {
    app.parse(argc, argv);
    if (by_rounds->count() == 0 && by_apps->count() == 0) throw CLI::RequiredError("--rounds or --applications");
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  const TreeShape shape = parse_tree_shape(tree_spec);
  const ApplicantsDist dist(dist_spec);
  const bool count_rounds = by_rounds->count() > 0;
  const std::uint64_t target = count_rounds ? rounds : applications;
  const double expected_rounds =
      std::max(1.0, count_rounds ? static_cast<double>(rounds) : static_cast<double>(applications) / dist.mean());

  const auto start = std::chrono::steady_clock::now();
  UnitTree tree(shape, seed, planted_share);
  const Dates dates(year - 1, year + 2);

  int fd = 1;
  if (output != "-") {
    fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot open " + output + ": " + std::strerror(errno));
  }
  Writer w(fd);
  tree.write_unit_records(w, dates, seed, year);
  RoundWriter rounds_out(year, planted_penalty);
  if (no_documents) rounds_out.without_documents();
  std::uint64_t written = 0;
  for (std::uint64_t i = 0; count_rounds ? i < target : written < target; ++i) {
    Rng g(stream_seed(seed, kRoundStream, i));
    std::uint64_t n = static_cast<std::uint64_t>(dist.sample(g));
    if (!count_rounds) n = std::min(n, target - written);
    const std::size_t leaf = tree.pick(g);
    const double progress = std::min(1.0, (static_cast<double>(i) + 0.5) / expected_rounds);
    Leaf& l = tree.leaf(leaf);
    rounds_out.write(w, dates, g, i, static_cast<int>(n), l, tree.orgs()[static_cast<std::size_t>(l.org)], progress);
    written += n;
  }
  w.flush();
  if (fd != 1 && ::close(fd) != 0) throw std::runtime_error("cannot write " + output + ": " + std::strerror(errno));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const RoundStats& st = rounds_out.stats();
  const double mb = static_cast<double>(w.bytes_written()) / 1e6;
  if (!quiet)
    std::fprintf(stderr,
                 "fairaudit-gen: %llu rounds, %llu applications, %zu unit records, %.1f MB in %.2f s "
                 "(%.1f MB/s, %.0f applications/s)\n",
                 static_cast<unsigned long long>(st.rounds), static_cast<unsigned long long>(st.applications),
                 tree.leaves().size(), mb, seconds, mb / seconds, static_cast<double>(st.applications) / seconds);

  if (!manifest.empty()) {
    std::ofstream m(manifest);
    m << "{\"generator\":\"fairaudit-gen\",\"seed\":" << seed << ",\"units_tree\":\"" << json_escape(tree_spec)
      << "\",\"applicants_dist\":\"" << json_escape(dist_spec) << "\",\"planted_share\":" << planted_share
      << ",\"planted_penalty\":" << planted_penalty << ",\"year\":" << year << ",\n \"rounds\":" << st.rounds
      << ",\"applications\":" << st.applications << ",\"interviews\":" << st.interviews << ",\"hires\":" << st.hires
      << ",\"unit_records\":" << tree.leaves().size() << ",\"bytes\":" << w.bytes_written()
      << ",\"seconds\":" << seconds << ",\n \"planted_effect\":{\"focal_qualified\":" << st.planted.focal_qualified
      << ",\"focal_invited\":" << st.planted.focal_invited << ",\"other_qualified\":" << st.planted.other_qualified
      << ",\"other_invited\":" << st.planted.other_invited << "},\n \"planted_units\":[";
    bool first = true;
    for (const Leaf& l : tree.leaves()) {
      if (l.planted.attribute == Planted::Attribute::none) continue;
      m << (first ? "\n  " : ",\n  ") << "{\"org_unit\":\"" << json_escape(l.path) << "\",\"attribute\":\""
        << to_string(l.planted.attribute) << "\",\"group\":\""
        << (l.planted.attribute == Planted::Attribute::gender ? to_string(l.planted.gender) : "yes")
        << "\",\"rounds\":" << (l.next_sequence - 1) << "}";
      first = false;
    }
    m << "]}\n";
    if (!m) throw std::runtime_error("cannot write " + manifest);
  }
  return 0;
}

}  // namespace
}  // namespace fairaudit::gen

int main(int argc, char** argv) {
  try {
    return fairaudit::gen::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fairaudit-gen: %s\n", e.what());
    return 2;
  }
}
