// fairaudit-gen-flat: a large flat export in the Webcruiter-style layout of
// policies/mappings/webcruiter-no.json, rows of each round spread over the
// whole file. For measuring `fairaudit convert` (bench/convert/measure.sh).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "flat_gen.hpp"

int main(int argc, char** argv) {
  fairaudit::bench::FlatGenOptions o;
  std::string output = "-";
  CLI::App app{"Writes a synthetic flat ATS export (CSV, one row per application, not sorted by round)"};
  app.add_option("--rows", o.rows, "Applications (rows)");
  app.add_option("--per-round", o.applicants_per_round, "Applications per round")->check(CLI::Range(1, 50000));
  app.add_option("--seed", o.seed, "Seed");
  app.add_flag("--sorted", o.sorted, "Rows of a round together");
  app.add_option("-o,--output", output, "File ('-': stdout)");
  CLI11_PARSE(app, argc, argv);
  std::FILE* f = output == "-" ? stdout : std::fopen(output.c_str(), "wb");
  if (!f) {
    std::perror(output.c_str());
    return 2;
  }
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
  auto bytes = fairaudit::bench::write_flat_export(f, o);
  if (std::fclose(f) != 0) {
    std::perror(output.c_str());
    return 2;
  }
  std::fprintf(stderr, "fairaudit-gen-flat: %llu rows in %llu rounds, %llu bytes\n",
               static_cast<unsigned long long>(o.rows),
               static_cast<unsigned long long>(fairaudit::bench::flat_rounds(o)),
               static_cast<unsigned long long>(bytes));
  return 0;
}
