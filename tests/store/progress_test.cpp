// The progress line: what it says, and when it is written at all.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "cli/progress.hpp"

namespace fairaudit::cli {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[512];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

TEST(Progress, LineShowsBytesRoundsRateAndTimeLeft) {
  std::FILE* f = std::tmpfile();
  ProgressBar bar(ProgressMode::always, 200'000'000, f, true);
  // 50 MB of 200 MB in 10 s: 5 MB/s, 150 MB left → 30 s.
  const std::string line = bar.line(50'000'000, 12345, 10.0);
  EXPECT_NE(line.find(" 25%"), std::string::npos) << line;
  EXPECT_NE(line.find("50.0 MB of 200 MB"), std::string::npos) << line;
  EXPECT_NE(line.find("12,345 rounds"), std::string::npos) << line;
  EXPECT_NE(line.find("5.00 MB/s"), std::string::npos) << line;
  EXPECT_NE(line.find("0:30 left"), std::string::npos) << line;
  EXPECT_NE(line.find("[======>"), std::string::npos) << line;  // 6 of 24 cells
  std::fclose(f);
}

TEST(Progress, UnknownSizeShowsWhatWasRead) {
  std::FILE* f = std::tmpfile();
  ProgressBar bar(ProgressMode::always, 0, f, true);
  const std::string line = bar.line(1'500'000, std::nullopt, 2.0);
  EXPECT_EQ(line, "fairaudit: 1.50 MB read, 750 kB/s");
  std::fclose(f);
}

TEST(Progress, AutoIsSilentWhenStderrIsNotATerminal) {
  std::FILE* f = std::tmpfile();
  {
    ProgressBar bar(ProgressMode::automatic, 1000, f, false);
    EXPECT_FALSE(bar.active());
    bar.update(500);
    bar.finish();
  }
  {
    ProgressBar bar(ProgressMode::never, 1000, f, true);
    EXPECT_FALSE(bar.active());
    bar.update(500);
  }
  EXPECT_EQ(contents(f), "");
  std::fclose(f);
}

TEST(Progress, AlwaysIntoALogWritesALineEveryTenth) {
  std::FILE* f = std::tmpfile();
  {
    ProgressBar bar(ProgressMode::always, 1000, f, false);
    for (std::uint64_t b = 0; b <= 1000; b += 10) bar.update(b);
    bar.finish();
  }
  const std::string log = contents(f);
  int lines = 0;
  for (char ch : log) lines += ch == '\n';
  EXPECT_EQ(lines, 10) << log;  // 10% … 90%, and the last line at the end
  EXPECT_EQ(log.find('\r'), std::string::npos) << "no carriage returns in a log file";
  EXPECT_NE(log.find("100%"), std::string::npos);
  std::fclose(f);
}

TEST(Progress, OnATerminalTheLineIsRedrawnAndErasedAtTheEnd) {
  std::FILE* f = std::tmpfile();
  {
    ProgressBar bar(ProgressMode::automatic, 1000, f, true);
    EXPECT_TRUE(bar.active());
    bar.update(100);
    bar.finish();
  }
  const std::string out = contents(f);
  EXPECT_EQ(out.rfind("\r\033[K"), out.size() - 4) << "the bar is erased, so the findings start on a clean line";
  EXPECT_NE(out.find("\rfairaudit: ["), std::string::npos);
  std::fclose(f);
}

TEST(Progress, HumanUnits) {
  EXPECT_EQ(human_bytes(999), "999 B");
  EXPECT_EQ(human_bytes(1000), "1.00 kB");
  EXPECT_EQ(human_bytes(2.5e9), "2.50 GB");
  EXPECT_EQ(human_duration(59.6), "1:00");
  EXPECT_EQ(human_duration(3725), "1:02:05");
}

}  // namespace
}  // namespace fairaudit::cli
