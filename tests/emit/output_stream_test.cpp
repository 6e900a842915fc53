// The output stream that JSON and SARIF files are written through: whatever a
// string holds, the bytes must be exactly those RapidJSON writes into its own
// StringBuffer, and a file appears only when complete. And the output file
// under it, when a large output's write fails.
#include <gtest/gtest.h>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "emit/output.hpp"

namespace fs = std::filesystem;
using fairaudit::emit::AtomicOutput;
using fairaudit::emit::OutputStream;

namespace {

template <typename Writer>
void write_document(Writer& w, const std::vector<std::string>& strings) {
  w.StartObject();
  for (std::size_t i = 0; i < strings.size(); ++i) {
    w.Key(strings[(i + 1) % strings.size()].c_str(), rapidjson::SizeType(strings[(i + 1) % strings.size()].size()));
    w.StartArray();
    w.String(strings[i].c_str(), rapidjson::SizeType(strings[i].size()));
    w.Double(0.1 * double(i) + 1e-9);
    w.Int64(-std::int64_t(i) * 1'000'003);
    w.EndArray();
  }
  w.EndObject();
}

std::string through_output_stream(const std::vector<std::string>& strings, bool pretty) {
  const fs::path path = fs::path(::testing::TempDir()) / "output-stream-test.json";
  {
    AtomicOutput out(path.string());
    OutputStream os(out);
    if (pretty) {
      rapidjson::PrettyWriter<OutputStream> w(os);
      write_document(w, strings);
    } else {
      rapidjson::Writer<OutputStream> w(os);
      write_document(w, strings);
    }
    os.Flush();
    out.commit();
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  fs::remove(path);
  return ss.str();
}

std::string through_string_buffer(const std::vector<std::string>& strings, bool pretty) {
  rapidjson::StringBuffer sb;
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(sb);
    write_document(w, strings);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> w(sb);
    write_document(w, strings);
  }
  return std::string(sb.GetString(), sb.GetSize());
}

}  // namespace

TEST(OutputStream, WritesTheSameBytesAsRapidJsonsStringBuffer) {
  std::vector<std::string> strings = {
      "", "plain", "\"quoted\"", "back\\slash", "tab\there", "new\nline", std::string("nul\0byte", 8),
      "\x01\x1f\x7f", "Bydel Grünerløkka — Malmö", "ends with a quote\"", "\\",
      // Characters that need escaping at every position of an eight-byte word.
      "a\"bcdefgh", "abcdefg\"h", "abcdefgh\"", "abcdefghijklmno\\", "abcdefghijklmnop\x02",
  };
  // Random strings, mostly plain, with every byte value somewhere.
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> len(0, 70), byte(0, 255), rare(0, 19);
  for (int i = 0; i < 2000; ++i) {
    std::string s(std::size_t(len(gen)), 'x');
    for (char& c : s) c = rare(gen) == 0 ? char(byte(gen)) : char('a' + byte(gen) % 26);
    strings.push_back(std::move(s));
  }
  for (bool pretty : {false, true}) {
    const std::string ours = through_output_stream(strings, pretty), theirs = through_string_buffer(strings, pretty);
    std::size_t i = 0;
    while (i < ours.size() && i < theirs.size() && ours[i] == theirs[i]) ++i;
    EXPECT_EQ(i, std::max(ours.size(), theirs.size()))
        << "pretty " << pretty << ", first difference at byte " << i << ":\n"
        << ::testing::PrintToString(ours.substr(i > 40 ? i - 40 : 0, 80)) << "\n"
        << ::testing::PrintToString(theirs.substr(i > 40 ? i - 40 : 0, 80));
  }
  // Every control character comes out escaped (RFC 8259, section 7).
  const std::string controls = through_output_stream({std::string("\x00\x01\x1a\x1f", 4)}, false);
  EXPECT_NE(controls.find(R"(\u0000\u0001\u001A\u001F)"), std::string::npos) << controls;
}

TEST(OutputStream, AStringLongerThanItsBufferIsWrittenWhole) {
  // 3 MiB of text with quotes in it: more than one 1 MiB piece, reserved at 6 bytes a character.
  std::string big;
  while (big.size() < (3u << 20)) big += "applicants \"declined\" or not asked; ";
  const std::vector<std::string> strings = {"short", big, "after"};
  const std::string written = through_output_stream(strings, false);
  EXPECT_EQ(written, through_string_buffer(strings, false));
  EXPECT_GT(written.size(), big.size());
}

constexpr std::size_t kMiB = std::size_t(1) << 20;

// A write of a large output that fails (a full device) is reported, with
// the file and the cause.
TEST(AtomicOutput, AWriteThatFailsIsReportedWithTheFileAndTheCause) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  std::string error;
  try {
    AtomicOutput out("/dev/full");
    const std::string piece(kMiB, 'x');
    for (int i = 0; i < 16; ++i) out.write(piece);
    out.commit();
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("cannot write /dev/full"), std::string::npos) << "error: " << error;
  EXPECT_NE(error.find(std::strerror(ENOSPC)), std::string::npos) << "error: " << error;
}

// The file size limit (`ulimit -f`, EFBIG) reached in the middle of a
// large output: the output says so, and neither the file nor its temporary
// one is left. In a child process, which alone has the limit.
TEST(AtomicOutput, AFileSizeLimitReachedMidwayLeavesNothing) {
  const fs::path dir = fs::path(::testing::TempDir()) / "atomic-output-fsize";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{3 * kMiB, 3 * kMiB};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(10);
    std::string error;
    try {
      AtomicOutput out((dir / "out.json").string());
      const std::string piece(kMiB / 4 + 7, 'y');
      for (int i = 0; i < 40; ++i) out.write(piece);
      out.commit();
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
    if (error.find("cannot write " + (dir / "out.json").string() + ": ") == std::string::npos) ::_exit(11);
    if (error.find(std::strerror(EFBIG)) == std::string::npos) ::_exit(12);
    ::_exit(fs::is_empty(dir) ? 0 : 13);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "11: the message does not name the file written; 12: nor the cause; "
                                       "13: a file was left behind";
  fs::remove_all(dir);
}
