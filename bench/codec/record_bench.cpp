// fairaudit_record_bench — the record codec of plugin isolation, measured on
// the rounds of a real export (the generator's): every plugin process reads
// every round the host writes, so reading is paid once per plugin.
//
//   build/bench/fairaudit_record_bench EXPORT.jsonl [--benchmark_min_time=2]
//
// The first 2,000 rounds of EXPORT (about 7 MB encoded, so in the caches, as
// is a record the host has just parsed and a plugin process reads just after)
// are parsed as `audit` parses them, then written and read in a loop; the
// reading reuses one record, as a plugin process does. Reported per round,
// with the bytes and applicants per round.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "codec/record_binary.hpp"
#include "ingest/record.hpp"

namespace fi = fairaudit::ingest;

namespace {

std::vector<fi::Record> rounds;
std::vector<std::string> encoded;
std::size_t applicants = 0, bytes = 0;

bool load(const char* path, std::size_t limit) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  fi::Limits limits;
  fairaudit::Source src;
  src.file = path;
  while (rounds.size() < limit && std::getline(in, line)) {
    ++src.line;
    fi::ParseOutcome out = fi::parse_line(line, src, limits);
    if (!out.record || !std::holds_alternative<fairaudit::Round>(*out.record)) continue;
    applicants += std::get<fairaudit::Round>(*out.record).applicants.size();
    std::string b;
    fairaudit::codec::write_record(b, *out.record);
    bytes += b.size();
    encoded.push_back(std::move(b));
    rounds.push_back(std::move(*out.record));
  }
  return !rounds.empty();
}

void counters(benchmark::State& state) {
  state.SetItemsProcessed(std::int64_t(state.iterations()));
  state.counters["applicants/round"] = double(applicants) / double(rounds.size());
  state.counters["bytes/round"] = double(bytes) / double(rounds.size());
}

void BM_WriteRound(benchmark::State& state) {
  std::string out;
  std::size_t i = 0;
  for (auto _ : state) {
    out.clear();
    fairaudit::codec::write_record(out, rounds[i]);
    benchmark::DoNotOptimize(out.data());
    if (++i == rounds.size()) i = 0;
  }
  counters(state);
}
BENCHMARK(BM_WriteRound);

void BM_ReadRound(benchmark::State& state) {
  fi::Record record;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& b = encoded[i];
    fairaudit::codec::read_record(b.data(), b.data() + b.size(), record);
    benchmark::DoNotOptimize(&record);
    if (++i == encoded.size()) i = 0;
  }
  counters(state);
}
BENCHMARK(BM_ReadRound);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::cerr << "usage: fairaudit_record_bench EXPORT.jsonl [--benchmark_...]\n";
    return 2;
  }
  if (!load(argv[1], 2000)) {
    std::cerr << "fairaudit_record_bench: no round read from the export\n";
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
