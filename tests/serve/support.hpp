// What the pages tests share: stores written by the real `fairaudit audit
// --store` on the Oslo fixture (and on a copy with hostile unit names), one
// Pages over each, and requests as the server hands them over.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "i18n/i18n.hpp"
#include "serve/pages.hpp"
#include "support/cli.hpp"
#include "support/json.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing::serve_pages {

namespace fs = std::filesystem;
using serve::Request;
using serve::Response;
using serve::Role;
using serve::Viewer;

inline fs::path source_file(const std::string& relative) { return fs::path(FAIRAUDIT_SOURCE_DIR) / relative; }

// The Oslo profile with the two plugins the fixture plants breaches for
// (fixtures/oslo/README.md), min_cell 5.
inline fs::path write_policy(const fs::path& dir) {
  fs::path p = dir / "serve-test.json";
  write_file(p.string(), R"({
  "policy": "serve-test",
  "version": "1",
  "disclosure": {"min_cell": 5},
  "plugins": {
    "oslo-hiring-policy": {"options": {"profile": "oslo", "quota_groups": ["disability", "cv_gap"]}},
    "representative-involvement": {"options": {
      "calendar": "NO",
      "min_working_days_before_decision": 2,
      "representative_roles": ["likestillingsrepresentant", "tillitsvalgt", "union_rep"],
      "trekantmote_roles": ["tjenesteleder", "tillitsvalgt", "verneombud", "likestillingsrepresentant"]}}
  }
})");
  return p;
}

// `fairaudit audit INPUT --store DB`; fails the test on a usage or plugin error.
inline void audit_into(const fs::path& input, const fs::path& policy, const fs::path& db) {
  auto r = run_fairaudit({"audit", input.string(), "--policy", policy.string(), "--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR,
                          "--store", db.string(), "--format", "json", "--output", (db.parent_path() / "out.json").string()});
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.err;
}

inline Viewer viewer(Role role, i18n::Language lang = i18n::Language::en, const std::string& name = "kari") {
  Viewer v;
  v.user_id = 7;
  v.name = name;
  v.role = role;
  v.lang = lang;
  v.csrf = "csrf-token-123";
  return v;
}

inline Request get(const std::string& path, std::multimap<std::string, std::string> query = {}) {
  Request r;
  r.method = "GET";
  r.path = path;
  r.query = std::move(query);
  r.wants_json = path.rfind("/api/", 0) == 0;
  return r;
}

inline Request post(const std::string& path, std::map<std::string, std::string> form) {
  Request r;
  r.method = "POST";
  r.path = path;
  r.form = std::move(form);
  return r;
}

inline rapidjson::Document parse(const std::string& text) { return parse_json(text); }

inline serve::PagesOptions options(const fs::path& db) {
  serve::PagesOptions o;
  o.store_path = db.string();
  o.catalog_dirs = i18n::catalog_dirs({FAIRAUDIT_TEST_PLUGIN_DIR});
  return o;
}

// A fresh directory of this process: ctest runs each test in a process of
// its own, several at once, and a suite's stores are made per process.
inline fs::path scratch(const std::string& name) {
  fs::path dir = fs::path(FAIRAUDIT_TEST_BINARY_DIR) / "serve-scratch" / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace fairaudit::testing::serve_pages
