// Streaming: every bad line is reported with its number and the rest of the
// export is still read, in order, at any thread count.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ingest/input.hpp"

namespace fs = std::filesystem;
using namespace fairaudit;

namespace {

std::string round_line(int i, const std::string& extra = "") {
  return R"({"kind":"round","schema":1,"round_id":"R-)" + std::to_string(i) +
         R"(","org_unit":"oslo/x","jurisdiction":"NO-OSL","applicants":[])" + extra + "}";
}

struct Collected {
  std::vector<std::uint64_t> good_lines;
  std::vector<ingest::LineError> errors;
};

Collected stream(const fs::path& file, int threads, ingest::Limits limits = {}) {
  Collected c;
  ingest::StreamOptions so;
  so.threads = threads;
  so.limits = limits;
  ingest::stream_records({file.string()}, so, [&](ingest::ParseOutcome&& o) {
    if (o.error) c.errors.push_back(*o.error);
    else c.good_lines.push_back(std::get<Round>(*o.record).source.line);
  });
  return c;
}

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("fa-stream-" + std::to_string(::getpid()) + "-" + name);
}

// A file of `n` good round lines, with ids from `first` on.
fs::path rounds_file(const std::string& name, int n, int first = 1) {
  auto f = temp_file(name);
  std::ofstream out(f);
  for (int i = first; i < first + n; ++i) out << round_line(i) << "\n";
  return f;
}

}  // namespace

TEST(Stream, BadLinesAreReportedAndTheRestIsRead) {
  auto f = temp_file("mixed.jsonl");
  {
    std::ofstream out(f, std::ios::binary);
    out << "\xEF\xBB\xBF" << round_line(1) << "\r\n";  // BOM and CRLF
    out << "\n   \n";                                   // blank lines are skipped, but counted
    out << round_line(2).substr(0, 30) << "\n";          // truncated
    out << round_line(3) << "\n";
    out << "{\"kind\":\"x\"}\n";
    out << round_line(4);  // no final newline
  }
  for (int threads : {1, 2, 4}) {
    auto c = stream(f, threads);
    EXPECT_EQ(c.good_lines, (std::vector<std::uint64_t>{1, 5, 7})) << threads;
    ASSERT_EQ(c.errors.size(), 2u);
    EXPECT_EQ(c.errors[0].line, 4u);
    EXPECT_EQ(c.errors[1].line, 6u);
    EXPECT_EQ(c.errors[1].path, "kind");
  }
  fs::remove(f);
}

TEST(Stream, OrderIsKeptAcrossManyBatchesAndThreads) {
  auto f = temp_file("many.jsonl");
  const int n = 20000;
  {
    std::ofstream out(f);
    for (int i = 1; i <= n; ++i) out << (i % 997 == 0 ? std::string("{oops") : round_line(i)) << "\n";
  }
  auto one = stream(f, 1);
  auto four = stream(f, 4);
  EXPECT_EQ(one.good_lines, four.good_lines);
  EXPECT_EQ(one.good_lines.size() + one.errors.size(), std::size_t(n));
  EXPECT_EQ(one.errors.size(), std::size_t(n / 997));
  EXPECT_TRUE(std::is_sorted(four.good_lines.begin(), four.good_lines.end()));
  fs::remove(f);
}

TEST(Stream, OverlongLineIsSkippedWithoutBufferingIt) {
  auto f = temp_file("long.jsonl");
  {
    std::ofstream out(f);
    out << round_line(1) << "\n";
    out << round_line(2, ",\"pad\":\"" + std::string(3 << 20, 'x') + "\"") << "\n";
    out << round_line(3) << "\n";
  }
  ingest::Limits limits;
  limits.max_line_bytes = 1 << 20;
  for (int threads : {1, 2}) {
    auto c = stream(f, threads, limits);
    EXPECT_EQ(c.good_lines, (std::vector<std::uint64_t>{1, 3}));
    ASSERT_EQ(c.errors.size(), 1u);
    EXPECT_EQ(c.errors[0].line, 2u);
    EXPECT_EQ(c.errors[0].kind, "limit");
  }
  fs::remove(f);
}

TEST(Stream, HashesEveryInput) {
  auto f = temp_file("hash.jsonl");
  { std::ofstream(f) << "abc"; }
  ingest::StreamOptions so;
  auto infos = ingest::stream_records({f.string()}, so, [](ingest::ParseOutcome&&) {});
  ASSERT_EQ(infos.size(), 1u);
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(infos[0].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(infos[0].bytes, 3u);
  fs::remove(f);
}

TEST(Stream, MissingFileIsAnInputError) {
  ingest::StreamOptions so;
  EXPECT_THROW(ingest::stream_records({"/nonexistent/export.jsonl"}, so, [](ingest::ParseOutcome&&) {}),
               common::InputError);
}

// Several inputs at several threads: each file's records in order, named by
// their file, and each file's size, line count and hash, as one thread gives.
TEST(Stream, SeveralInputsKeepTheirOrderAndTheirOwnHashes) {
  std::vector<std::string> files;
  for (int k = 0; k < 3; ++k)
    files.push_back(rounds_file("part" + std::to_string(k) + ".jsonl", 3000 * (k + 1), k * 100000 + 1).string());
  auto collect = [&](int threads) {
    ingest::StreamOptions so;
    so.threads = threads;
    std::vector<std::pair<std::string, std::uint64_t>> seen;  // (file, line)
    auto infos = ingest::stream_records(files, so, [&](ingest::ParseOutcome&& o) {
      ASSERT_FALSE(o.error);
      const auto& r = std::get<Round>(*o.record);
      seen.emplace_back(r.source.file, r.source.line);
    });
    return std::make_pair(infos, seen);
  };
  const auto [infos1, seen1] = collect(1);
  ASSERT_EQ(seen1.size(), 3000u + 6000u + 9000u);
  EXPECT_EQ(seen1.front(), std::make_pair(files[0], std::uint64_t(1)));
  EXPECT_EQ(seen1.back(), std::make_pair(files[2], std::uint64_t(9000)));
  for (int threads : {2, 4}) {
    const auto [infos, seen] = collect(threads);
    EXPECT_EQ(seen, seen1) << threads;
    ASSERT_EQ(infos.size(), 3u);
    for (std::size_t k = 0; k < 3; ++k) {
      EXPECT_EQ(infos[k].path, files[k]);
      EXPECT_EQ(infos[k].bytes, fs::file_size(files[k]));
      EXPECT_EQ(infos[k].lines, 3000u * (k + 1));
      EXPECT_EQ(infos[k].sha256, infos1[k].sha256);
    }
  }
  EXPECT_NE(infos1[0].sha256, infos1[1].sha256);
  for (const auto& f : files) fs::remove(f);
}

// An input that cannot be opened after one that can: the first one's records
// are all delivered, in order, and then the run fails with the input error.
TEST(Stream, AMissingLaterInputFailsAfterTheEarlierOnesAreRead) {
  const auto f = rounds_file("first.jsonl", 5000);
  for (int threads : {1, 2, 4}) {
    ingest::StreamOptions so;
    so.threads = threads;
    std::vector<std::uint64_t> lines;
    EXPECT_THROW(ingest::stream_records({f.string(), "/nonexistent/second.jsonl"}, so,
                                        [&](ingest::ParseOutcome&& o) {
                                          lines.push_back(std::get<Round>(*o.record).source.line);
                                        }),
                 common::InputError)
        << threads;
    ASSERT_EQ(lines.size(), 5000u) << threads;
    EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end())) << threads;
  }
  fs::remove(f);
}

// A consumer that throws (the runner under --strict) stops the stream: the
// exception comes out, nothing is delivered after it, and no thread is left
// waiting.
TEST(Stream, AConsumerThatThrowsStopsTheStream) {
  const auto f = rounds_file("stop.jsonl", 20000);
  for (int threads : {1, 2, 4}) {
    ingest::StreamOptions so;
    so.threads = threads;
    std::uint64_t delivered = 0;
    try {
      ingest::stream_records({f.string()}, so, [&](ingest::ParseOutcome&&) {
        if (++delivered == 1234) throw std::runtime_error("stop here");
      });
      ADD_FAILURE() << "no exception at " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "stop here");
    }
    EXPECT_EQ(delivered, 1234u) << threads;
  }
  fs::remove(f);
}

// A progress callback that throws (a progress bar that cannot write) ends the
// stream with its exception, as a consumer's would, at any thread count; the
// process goes on.
TEST(Stream, AProgressCallbackThatThrowsStopsTheStream) {
  const auto f = rounds_file("progress.jsonl", 20000);
  for (int threads : {1, 2, 4}) {
    ingest::StreamOptions so;
    so.threads = threads;
    int calls = 0;
    so.progress = [&](std::uint64_t) {
      if (++calls == 2) throw std::runtime_error("progress failed");
    };
    std::uint64_t delivered = 0;
    EXPECT_THROW(ingest::stream_records({f.string()}, so, [&](ingest::ParseOutcome&&) { ++delivered; }),
                 std::runtime_error)
        << threads;
    EXPECT_EQ(calls, 2) << threads;
    EXPECT_GT(delivered, 0u) << threads;
    EXPECT_LT(delivered, 20000u) << threads;
  }
  fs::remove(f);
}
