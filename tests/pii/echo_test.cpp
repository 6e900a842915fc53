// Nothing echoed, anywhere: a name typed into each code field of the export
// (gender, jurisdiction, a self-declaration, an event type, the kind, a date,
// the outcome, a representative's event, the round id) never appears in what
// a person or a program gets: validate, stderr, every format for every
// audience, the store. Control characters are refused in codes and escaped
// in the text outputs that show stored free text (review justifications).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/cli.hpp"
#include "test_paths.hpp"

using namespace fairaudit::testing;
namespace fs = std::filesystem;

namespace echo_test {
namespace {

const std::string kName = "Kari Nordmann";
const std::string kSource = FAIRAUDIT_SOURCE_DIR;
const std::string kExport = kSource + "/fixtures/oslo/export.jsonl";
const std::string kPolicy = kSource + "/policies/oslo-kommune.json";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// The first occurrence of `from` after `anchor` in the line replaced by `to`.
std::string plant(std::string line, const std::string& anchor, const std::string& from, const std::string& to) {
  const auto a = line.find(anchor);
  const auto at = line.find(from, a == std::string::npos ? 0 : a);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) line.replace(at, from.size(), to);
  return line;
}

struct Planted {
  std::string dir, export_path, policy;
  std::size_t bad_lines = 0;
};

// The Oslo fixture with the name in one code field on each of its first
// round lines; a policy that lets the run go on with that many bad lines.
Planted planted_export(const std::string& tag) {
  Planted p;
  p.dir = temp_dir(tag);
  auto lines = lines_of(read_file(kExport));
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"\"gender\":\"", "\"gender\":\"" + kName + "\",\"x\":\""},
      {"\"jurisdiction\":\"NO-OSL\"", "\"jurisdiction\":\"" + kName + "\""},
      {"\"immigrant_background\":\"", "\"immigrant_background\":\"" + kName + "\",\"x\":\""},
      {"\"type\":\"applied\"", "\"type\":\"" + kName + "\""},
      {"\"kind\":\"round\"", "\"kind\":\"" + kName + "\""},
      {"\"advertised_at\":\"", "\"advertised_at\":\"" + kName + "\",\"x\":\""},
      {"\"outcome\":\"", "\"outcome\":\"" + kName + "\",\"x\":\""},
      {"\"round_id\":\"", "\"round_id\":\"" + kName + "\",\"x\":\""},
  };
  std::size_t f = 0;
  for (auto& line : lines) {
    if (f == fields.size()) break;
    if (line.find("\"kind\":\"round\"") == std::string::npos) continue;
    if (line.find(fields[f].first) == std::string::npos) continue;
    line = plant(line, "", fields[f].first, fields[f].second);
    ++f;
  }
  EXPECT_EQ(f, fields.size()) << "the fixture lacks a round for each planted field";
  p.bad_lines = f;
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  p.export_path = p.dir + "/export.jsonl";
  write_file(p.export_path, text);
  p.policy = p.dir + "/lenient.json";
  write_file(p.policy, "{\"policy\": \"oslo-kommune\", \"version\": \"test\", \"extends\": \"" + kPolicy +
                           "\", \"guard\": {\"max_rejected_share\": 0.5}}");
  return p;
}

void expect_no_name(const std::string& where, const std::string& text) {
  EXPECT_EQ(text.find("Nordmann"), std::string::npos) << where << " echoes the planted name";
  EXPECT_EQ(text.find("Kari"), std::string::npos) << where << " echoes the planted name";
}

TEST(NothingEchoed, ValidateNamesEveryBadLineButNotTheName) {
  const Planted p = planted_export("echo-validate");
  auto r = run_fairaudit({"validate", p.export_path});
  EXPECT_EQ(r.status, 2);
  expect_no_name("validate's stdout", r.out);
  expect_no_name("validate's stderr", r.err);
  // Every planted line is reported, with its path.
  for (const char* path : {"gender:", "jurisdiction:", "immigrant_background:", "type:", "kind:", "advertised_at:",
                           "outcome:", "round_id:"})
    EXPECT_NE((r.out + r.err).find(path), std::string::npos) << path << "\n" << r.out << r.err;
  fs::remove_all(p.dir);
}

TEST(NothingEchoed, NoFormatForNoAudienceAndNotTheStore) {
  const Planted p = planted_export("echo-audit");
  const std::string store = p.dir + "/store.db";
  for (const char* audience : {"union", "representative", "internal"})
    for (const char* format : {"text", "json", "sarif", "csv", "html"}) {
      SCOPED_TRACE(std::string(audience) + " " + format);
      std::vector<std::string> args = {"audit",    p.export_path, "--policy", p.policy, "--format",
                                       format,     "--audience",  audience,   "--fail-on", "never"};
      if (std::string(format) == "json") args.insert(args.end(), {"--store", store});
      auto r = run_fairaudit(args);
      EXPECT_EQ(r.status, 0) << r.err.substr(0, 2000);
      expect_no_name("the output", r.out);
      expect_no_name("stderr", r.err);
    }
  // The planted lines were rejected and counted.
  auto json = run_fairaudit({"audit", p.export_path, "--policy", p.policy, "--format", "json", "--fail-on", "never"});
  rapidjson::Document d;
  d.Parse(json.out.c_str());
  ASSERT_FALSE(d.HasParseError()) << json.out.substr(0, 300);
  EXPECT_EQ(d["run"]["counts"]["rejected_lines"].GetUint64(), p.bad_lines);
  // Nor in the store's files (the database, its log), nor what report renders from it.
  for (const auto& entry : fs::directory_iterator(p.dir))
    if (entry.path().filename().string().rfind("store.db", 0) == 0)
      expect_no_name(entry.path().string(), read_file(entry.path().string()));
  for (const char* format : {"text", "json", "html"}) {
    auto rep = run_fairaudit({"report", "--store", store, "--run", "latest", "--format", format});
    EXPECT_EQ(rep.status, 0) << rep.err;
    expect_no_name(std::string("report --format ") + format, rep.out + rep.err);
  }
  fs::remove_all(p.dir);
}

TEST(NothingEchoed, OptionValuesAreNotEchoedInUsageErrors) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"audit", kExport, "--format", kName},
           {"audit", kExport, "--audience", kName},
           {"audit", kExport, "--threads", kName},
           {"audit", kExport, "--fail-on=" + kName},
           {"validate", kExport, "--bogus", kName},
           {"rules", kName},
           {"audit", kExport, "--policy", kPolicy, "--round", kName},  // matches no round
       }) {
    auto r = run_fairaudit(args);
    EXPECT_EQ(r.status, 2) << args[2];
    EXPECT_FALSE(r.err.empty());
    expect_no_name("a usage error", r.out + r.err);
  }
  // The option is still named, and what it accepts.
  auto r = run_fairaudit({"audit", kExport, "--format", kName});
  EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("{text,json,sarif,csv,csv-units,csv-units-long,html}"), std::string::npos) << r.err;
}

// Every output and the store name the input a finding was read from, the
// union's included: an identifier in a folder's or file's name, in
// --artifact-name or --source-root is refused, and not quoted.
TEST(NothingEchoed, AnIdentifierInTheNameAnInputIsReportedUnderIsRefused) {
  const std::string dir = temp_dir("echo-names");
  fs::create_directories(dir + "/150385-4321");
  fs::copy_file(kExport, dir + "/150385-4321/export.jsonl");
  fs::copy_file(kExport, dir + "/export-\x1b[2J.jsonl");
  struct Case {
    std::vector<std::string> args;
    std::string planted, said;
  };
  const std::vector<Case> cases = {
      {{dir + "/150385-4321/export.jsonl"}, "150385-4321", "path holds what looks like a direct identifier (dk-cpr)"},
      {{kExport, "--artifact-name", "850315-1006.jsonl"}, "850315-1006",
       "--artifact-name holds what looks like a direct identifier (se-personnummer)"},
      {{kExport, "--artifact-name", "kari.nordmann@example.no"}, "kari.nordmann",
       "--artifact-name holds what looks like a direct identifier (email)"},
      {{kExport, "--source-root", "/srv/150385-4321"}, "150385-4321",
       "--source-root holds what looks like a direct identifier (dk-cpr)"},
      {{dir + "/export-\x1b[2J.jsonl"}, "\x1b", "path holds a control character (U+001B (ESC))"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"audit"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    for (const std::string& more : {"--policy", kPolicy.c_str(), "--audience", "union", "--format", "sarif"})
      args.push_back(more);
    auto r = run_fairaudit(args);
    EXPECT_EQ(r.status, 2) << c.said;
    EXPECT_NE(r.err.find(c.said), std::string::npos) << r.err;
    EXPECT_EQ((r.out + r.err).find(c.planted), std::string::npos) << c.said << ": " << r.err;
  }
  // A name without one is reported as given.
  auto ok = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--artifact-name", "exports/oslo.jsonl",
                           "--audience", "union", "--format", "sarif", "--fail-on", "never"});
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("exports/oslo.jsonl"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ControlCharacters, AnEscapeInARoundIdIsRefusedWithItsCodePoint) {
  const std::string dir = temp_dir("echo-control");
  auto lines = lines_of(read_file(kExport));
  std::string text;
  bool done = false;
  for (auto& l : lines) {
    if (!done && l.find("\"round_id\":\"") != std::string::npos) {
      l = plant(l, "", "\"round_id\":\"", "\"round_id\":\"\\u001b[2J");
      done = true;
    }
    text += l + "\n";
  }
  write_file(dir + "/export.jsonl", text);
  auto r = run_fairaudit({"validate", dir + "/export.jsonl"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE((r.out + r.err).find("round_id: holds a control character (U+001B (ESC))"), std::string::npos)
      << r.out << r.err;
  EXPECT_EQ((r.out + r.err).find('\x1b'), std::string::npos);
  fs::remove_all(dir);
}

// The Oslo fixture audited into `store`: the first finding's fingerprint
// (12 characters), or "" when the audit or the listing failed.
std::string first_fingerprint(const std::string& store) {
  auto a = run_fairaudit({"audit", kExport, "--policy", kPolicy, "--format", "json", "--store", store, "--fail-on",
                          "never"});
  EXPECT_EQ(a.status, 0) << a.err;
  auto list = run_fairaudit({"review", "list", "--store", store, "--format", "json"});
  EXPECT_EQ(list.status, 0) << list.err;
  const auto at = list.out.find("\"fingerprint\": \"");
  EXPECT_NE(at, std::string::npos) << list.out.substr(0, 400);
  return a.status == 0 && at != std::string::npos ? list.out.substr(at + 16, 12) : std::string();
}

TEST(ControlCharacters, AJustificationIsStoredAndShownEscaped) {
  const std::string dir = temp_dir("echo-review");
  const std::string store = dir + "/store.db";
  const std::string fp = first_fingerprint(store);
  ASSERT_FALSE(fp.empty());
  auto set = run_fairaudit({"review", "set", fp, "--store", store, "--state", "acknowledged", "--role",
                            "representative", "--justification", "seen \x1b[2J\x1b]0;owned\x07 and \xE2\x80\xAE done"});
  ASSERT_EQ(set.status, 0) << set.err;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"review", "history", "--store", store},
           {"review", "show", fp, "--store", store},
           {"report", "--store", store, "--run", "latest", "--format", "text", "--audience", "internal"},
           {"report", "--store", store, "--run", "latest", "--format", "csv", "--audience", "internal"},
       }) {
    auto r = run_fairaudit(args);
    EXPECT_EQ(r.status, 0) << args[1] << ": " << r.err;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << args[0] << " " << args[1] << " prints an ESC";
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << args[0] << " " << args[1] << " prints a BEL";
    EXPECT_EQ(r.out.find("\xE2\x80\xAE"), std::string::npos) << args[0] << " " << args[1] << " prints a bidi override";
    if (args[0] == "review") EXPECT_NE(r.out.find("seen \\u001b[2J\\u001b]0;owned\\u0007 and \\u202e done"), std::string::npos) << r.out;
  }
  // The store keeps the escaped text: the trail is read for years, by tools that do not escape.
  EXPECT_EQ(read_file(store).find("\x1b[2J"), std::string::npos);
  fs::remove_all(dir);
}

// A line break in a justification is shown as \u000a: what follows it
// cannot stand at the start of a line of its own and read as another entry
// of the trail, or as a finding of the text report.
TEST(ControlCharacters, ALineBreakInAJustificationCannotStartALineOfItsOwn) {
  const std::string dir = temp_dir("echo-review-lf");
  const std::string store = dir + "/store.db";
  const std::string fp = first_fingerprint(store);
  ASSERT_FALSE(fp.empty());
  const std::string forged = "  #99   2026-12-07T00:00:00Z  resolved  union  by tillitsvalgt";
  auto set = run_fairaudit({"review", "set", fp, "--store", store, "--state", "acknowledged", "--role",
                            "representative", "--justification", "seen\n" + forged});
  ASSERT_EQ(set.status, 0) << set.err;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"review", "history", "--store", store},
           {"review", "show", fp, "--store", store},
           {"report", "--store", store, "--run", "latest", "--format", "text", "--audience", "internal"},
       }) {
    auto r = run_fairaudit(args);
    EXPECT_EQ(r.status, 0) << args[1] << ": " << r.err;
    for (const auto& line : lines_of(r.out))
      EXPECT_NE(line.rfind("  #99", 0), 0u) << args[0] << " " << args[1] << ": " << line;
    EXPECT_NE(r.out.find("seen\\u000a  #99"), std::string::npos) << args[0] << " " << args[1] << ": " << r.out;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace echo_test
