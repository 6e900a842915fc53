#include "emit/report_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "cli/common.hpp"
#include "fairaudit_version.hpp"
#include "policy/policy.hpp"
#include "run/runner.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing::report {

namespace fs = std::filesystem;

std::string policy_path() { return std::string(FAIRAUDIT_SOURCE_DIR) + "/tests/emit/report-policy.json"; }

std::vector<std::string> fixture_inputs() {
  std::vector<std::string> out;
  for (const char* f : {"fixtures/oslo/export.jsonl", "fixtures/diversity/export.jsonl"})
    if (fs::exists(std::string(FAIRAUDIT_SOURCE_DIR) + "/" + f)) out.push_back(f);
  return out;
}

namespace {

std::string applicant(const std::string& id, const char* gender, const char* immigrant, bool invited, bool hired) {
  std::ostringstream o;
  o << R"({"id":")" << id << R"(","gender":")" << gender << R"(","self_id":{"immigrant_background":")" << immigrant
    << R"(","disability":"no","cv_gap":"no","priority_access":"not_asked"},"age_band":"30-39",)"
    << R"("assessment":{"outcome":"qualified","meets_formal_requirements":true},"events":[{"type":"applied","at":"2026-03-02"})";
  if (invited) o << R"(,{"type":"interview_invited","at":"2026-03-25"},{"type":"interview_held","at":"2026-03-28"})";
  if (hired) o << R"(,{"type":"recommended","at":"2026-04-02"},{"type":"offered","at":"2026-04-06"},{"type":"hired","at":"2026-04-08"})";
  else o << R"(,{"type":"rejected","at":"2026-04-06","reason_code":"better_qualified_hired"})";
  o << "]}";
  return o.str();
}

}  // namespace

std::string write_small_export(const std::string& dir) {
  std::ostringstream o;
  for (int r = 1; r <= 3; ++r) {
    const std::string round = "SMALL-0" + std::to_string(r);
    o << R"({"kind":"round","schema":1,"round_id":")" << round
      << R"(","org_unit":"testby/bydel-liten/skole","jurisdiction":"NO-OSL",)"
      << R"("position":{"title_code":"2341","openings":1,"internal_only":false,"reserved_for":null},)"
      << R"("advertised_at":"2026-03-01","closes_at":"2026-03-21","requirements_documented_at":"2026-02-20",)"
      << R"("recommendation_at":"2026-04-02","decision_at":"2026-04-06","applicants":[)";
    // Men: 3, all invited, one hired. Women: 7, 3 invited; the two who
    // declared immigrant background are not invited.
    for (int i = 1; i <= 3; ++i)
      o << applicant("s" + std::to_string(r) + "-m" + std::to_string(i) + "x", "man", "no", true, i == 1) << ",";
    for (int i = 1; i <= 7; ++i)
      o << applicant("s" + std::to_string(r) + "-w" + std::to_string(i) + "y", "woman", i >= 6 ? "yes" : "no", i <= 3,
                     false)
        << (i < 7 ? "," : "");
    o << "]}\n";
  }
  const std::string path = dir + "/small-export.jsonl";
  write_file(path, o.str());
  return path;
}

std::string write_rounds_export(const std::string& dir, const std::string& name, const std::vector<RoundCounts>& rounds) {
  std::ostringstream o;
  for (const auto& r : rounds) {
    o << R"({"kind":"round","schema":1,"round_id":")" << r.round_id << R"(","org_unit":")" << r.unit
      << R"(","jurisdiction":"NO-OSL",)"
      << R"("position":{"title_code":"2341","openings":1,"internal_only":false,"reserved_for":null},)"
      << R"("advertised_at":"2026-03-01","closes_at":"2026-03-21","requirements_documented_at":"2026-02-20",)"
      << R"("recommendation_at":"2026-04-02","decision_at":"2026-04-06","applicants":[)";
    bool first = true;
    const auto people = [&](const char* gender, const char* tag, int n, int invited, int hired) {
      for (int i = 0; i < n; ++i) {
        o << (first ? "" : ",")
          << applicant(r.round_id + "-" + tag + std::to_string(i) + "q", gender, "no", i < invited, i < hired);
        first = false;
      }
    };
    people("man", "m", r.men, r.men_invited, r.men_hired);
    people("woman", "w", r.women, r.women_invited, r.women_hired);
    o << "]}\n";
  }
  const std::string path = dir + "/" + name;
  write_file(path, o.str());
  return path;
}

std::string audit_output(const std::vector<std::string>& inputs, const std::string& format,
                         const std::string& audience, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"audit"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  for (const char* a : {"--policy"}) args.push_back(a);
  args.push_back(policy_path());
  args.insert(args.end(), {"--plugin-dir", FAIRAUDIT_TEST_PLUGIN_DIR, "--format", format, "--audience", audience});
  args.insert(args.end(), extra.begin(), extra.end());
  CliResult r = run_fairaudit(args);
  EXPECT_TRUE(r.status == 0 || r.status == 1) << "fairaudit audit --format " << format << " exited " << r.status
                                              << ": " << r.err;
  return r.out;
}

InProcess audit_in_process(const std::vector<std::string>& inputs, emit::Audience audience, bool keep_checks) {
  cli::Common common;
  common.plugin_dirs = {FAIRAUDIT_TEST_PLUGIN_DIR};
  policy::Policy pol = policy::load_policy(policy_path());
  auto plugins = run::enable_plugins(pol, cli::make_loader(common));
  std::vector<std::string> abs;
  for (const auto& in : inputs) abs.push_back(fs::path(in).is_absolute() ? in : std::string(FAIRAUDIT_SOURCE_DIR) + "/" + in);
  run::RunOptions ro;
  ro.threads = 1;
  ro.keep_checks = keep_checks;
  InProcess p;
  p.result = run::run_audit(plugins, pol, abs, ro);
  p.ctx.disclosure = emit::Disclosure(audience, pol.min_cell);
  p.ctx.run.tool_version = FAIRAUDIT_VERSION;
  p.ctx.run.policy_name = pol.name;
  p.ctx.run.policy_version = pol.version;
  p.ctx.run.policy_sha256 = pol.sha256;
  p.ctx.run.policy_path = pol.path;
  p.ctx.run.policy_files = pol.files;
  for (const auto& pl : plugins) p.ctx.run.plugins.push_back({pl.loaded.name, pl.loaded.info.version});
  p.ctx.rules = cli::rule_catalogue(plugins);
  p.ctx.run.fail_on = "error";
  return p;
}

std::vector<std::string> applicant_ids(const std::vector<std::string>& inputs) {
  std::vector<std::string> ids;
  for (const auto& in : inputs) {
    const std::string path = fs::path(in).is_absolute() ? in : std::string(FAIRAUDIT_SOURCE_DIR) + "/" + in;
    std::istringstream lines(read_file(path));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      rapidjson::Document d = parse_json(line);
      if (!d.HasMember("applicants")) continue;
      for (const auto& a : d["applicants"].GetArray()) ids.push_back(a["id"].GetString());
      if (d.HasMember("interviews"))
        for (const auto& i : d["interviews"].GetArray())
          if (i.HasMember("applicant")) ids.push_back(i["applicant"].GetString());
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::uint64_t line_of_round(const std::string& file, const std::string& round_id) {
  const std::string path = fs::path(file).is_absolute() ? file : std::string(FAIRAUDIT_SOURCE_DIR) + "/" + file;
  std::istringstream lines(read_file(path));
  std::string line;
  std::uint64_t n = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (line.find("\"round_id\":\"" + round_id + "\"") != std::string::npos) return n;
  }
  return 0;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text, char sep) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  bool at_start = true;  // of a field
  while (i < text.size()) {
    char c = text[i];
    if (at_start && c == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) {
          ADD_FAILURE() << "CSV: unterminated quoted field";
          return rows;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      at_start = false;
      if (i < text.size() && text[i] != sep && text[i] != '\r') {
        ADD_FAILURE() << "CSV: text after a closing quote at byte " << i;
        return rows;
      }
      continue;
    }
    if (c == sep) {
      row.push_back(std::move(field));
      field.clear();
      at_start = true;
      ++i;
    } else if (c == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n') {
        ADD_FAILURE() << "CSV: CR without LF at byte " << i;
        return rows;
      }
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      at_start = true;
      i += 2;
    } else if (c == '\n') {
      ADD_FAILURE() << "CSV: bare LF at byte " << i << " (RFC 4180 wants CRLF)";
      return rows;
    } else if (c == '"') {
      ADD_FAILURE() << "CSV: quote inside an unquoted field at byte " << i;
      return rows;
    } else {
      field += c;
      at_start = false;
      ++i;
    }
  }
  if (!row.empty() || !field.empty()) ADD_FAILURE() << "CSV: the last record does not end in CRLF";
  return rows;
}

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  EXPECT_FALSE(d.HasParseError()) << "not JSON: offset " << d.GetErrorOffset();
  return d;
}

}  // namespace fairaudit::testing::report
