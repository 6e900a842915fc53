// What the store tests share: a scratch directory per test, a policy of their
// own (so edits to policies/ do not move these tests), variants of the Oslo
// fixture, and a look into the SQLite file that does not go through fairaudit.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/harness.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing {

namespace fs = std::filesystem;

// A fresh directory named after the running test.
inline fs::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(FAIRAUDIT_TEST_BINARY_DIR) / "store-scratch" /
                 (std::string(info->test_suite_name()) + "." + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

// The two plugins the Oslo fixture plants breaches for, with the settings of
// fixtures/oslo/README.md (Oslo profile: moderate-quota, reserved-position,
// recommendation-sent and equality-statement are errors).
inline fs::path write_policy(const fs::path& dir, const std::string& name = "nightly-test") {
  fs::path p = dir / (name + ".json");
  write_file(p, R"({
  "policy": ")" + name + R"(",
  "version": "1",
  "disclosure": {"min_cell": 5},
  "plugins": {
    "oslo-hiring-policy": {"options": {"profile": "oslo", "quota_groups": ["disability", "cv_gap"]}},
    "representative-involvement": {"options": {
      "calendar": "NO",
      "min_working_days_before_decision": 2,
      "representative_roles": ["likestillingsrepresentant", "tillitsvalgt", "union_rep"],
      "trekantmote_roles": ["tjenesteleder", "tillitsvalgt", "verneombud", "likestillingsrepresentant"]}}
  },
  "severity": {
    "representative-involvement/attended-interview": "error",
    "representative-involvement/statement-and-escalation": "error"
  }
})");
  return p;
}

inline std::vector<std::string> fixture_lines() {
  std::vector<std::string> lines;
  std::istringstream in(read_file(source_path("fixtures/oslo/export.jsonl")));
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) lines.push_back(l);
  return lines;
}

inline bool is_round(const std::string& line, const std::string& round_id) {
  return line.find("\"round_id\":\"" + round_id + "\"") != std::string::npos;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// One line of the export with `from` replaced by `to` (which must occur).
inline void edit_round(std::vector<std::string>& lines, const std::string& round_id, const std::string& from,
                       const std::string& to) {
  for (auto& l : lines)
    if (is_round(l, round_id)) {
      auto at = l.find(from);
      ASSERT_NE(at, std::string::npos) << round_id << " has no " << from;
      l.replace(at, from.size(), to);
      return;
    }
  FAIL() << "no round " << round_id;
}

inline void drop_round(std::vector<std::string>& lines, const std::string& round_id) {
  std::erase_if(lines, [&](const std::string& l) { return is_round(l, round_id); });
}

// A large export: the fixture's rounds `copies` times over, each copy with
// its own round ids (so every copy plants the same breaches again).
inline void write_large_export(const fs::path& p, int copies) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  const auto lines = fixture_lines();
  for (const auto& l : lines)
    if (l.find("\"kind\":\"unit\"") != std::string::npos) out << l << "\n";
  for (int k = 0; k < copies; ++k) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "-C%05d", k);
    for (std::string l : lines) {
      auto at = l.find("\"round_id\":\"");
      if (at == std::string::npos) continue;
      auto end = l.find('"', at + 12);
      l.insert(end, suffix);
      out << l << "\n";
    }
  }
}

// fairaudit's JSON output, parsed.
inline rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << text.substr(0, 400);
  return d;
}

inline std::set<std::string> fingerprints(const rapidjson::Document& d) {
  std::set<std::string> out;
  for (const auto& f : d["findings"].GetArray()) out.insert(f["fingerprint"].GetString());
  return out;
}

// Direct access to the store file, read only, as an SQL shell would have it.
class Sql {
 public:
  explicit Sql(const fs::path& p, bool read_only = true) {
    int rc = sqlite3_open_v2(p.c_str(), &db_, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, nullptr);
    EXPECT_EQ(rc, SQLITE_OK) << p;
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Sql() { sqlite3_close_v2(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;
  sqlite3* db() { return db_; }

  // Rows as text, columns separated by '|', rows by '\n'.
  std::string query(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << sqlite3_errmsg(db_);
    std::string out;
    while (s && sqlite3_step(s) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        if (i) out += '|';
        const auto* t = sqlite3_column_text(s, i);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
      }
      out += '\n';
    }
    sqlite3_finalize(s);
    return out;
  }
  std::int64_t number(const std::string& sql) {
    auto r = query(sql);
    return r.empty() ? -1 : std::stoll(r);
  }
  // Runs a statement; returns SQLite's error message, empty on success.
  std::string exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    std::string msg = rc == SQLITE_OK ? "" : (err ? err : "error");
    sqlite3_free(err);
    return msg;
  }
  // Every table's rows in a fixed order: the whole state, to compare.
  std::string dump() {
    std::string out;
    for (const char* t : {"runs", "run_inputs", "run_rules", "catalogues", "findings", "tracking", "details",
                          "observations", "reviews"}) {
      out += std::string("== ") + t + "\n";
      out += query(std::string("SELECT * FROM ") + t + " ORDER BY 1, 2");
    }
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace fairaudit::testing
