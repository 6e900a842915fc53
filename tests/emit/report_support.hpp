// What the report tests share: running the real executable or the real
// runner in-process on the fixtures, a small export with small groups, and
// readers for the formats (an RFC 4180 CSV parser written here, RapidJSON).
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "emit/render.hpp"
#include "run/result.hpp"
#include "support/cli.hpp"

namespace fairaudit::testing::report {

// The policy the report tests use: Oslo kommune's plus interview-call-diversity.
std::string policy_path();

// fixtures/oslo/export.jsonl and fixtures/diversity/export.jsonl, those that exist.
std::vector<std::string> fixture_inputs();

// A small export written by the test into `dir`: three rounds of one unit with
// three men and seven women each, two of whom declared immigrant background,
// so that every analysis has cells below 5. Returns its path.
std::string write_small_export(const std::string& dir);

// Rounds with chosen counts, to put small cells where a test wants them:
// per gender, how many qualified applicants, of them invited to interview, of
// those hired. Each round in its own org unit `unit`.
struct RoundCounts {
  std::string round_id, unit;
  int men = 0, men_invited = 0, men_hired = 0;
  int women = 0, women_invited = 0, women_hired = 0;
};
std::string write_rounds_export(const std::string& dir, const std::string& name, const std::vector<RoundCounts>& rounds);

// `fairaudit audit INPUTS --policy P --format F --audience A` run from the
// source tree (fixture paths stay relative); the output as text. Fails the
// test unless the exit status is 0 or 1.
std::string audit_output(const std::vector<std::string>& inputs, const std::string& format,
                         const std::string& audience, const std::vector<std::string>& extra = {});

// The same run in-process, with the render context `fairaudit audit` builds.
struct InProcess {
  run::RunResult result;
  emit::RenderContext ctx;
};
// keep_checks: every rule's verdict per round too, as `--checks` keeps them.
InProcess audit_in_process(const std::vector<std::string>& inputs, emit::Audience audience, bool keep_checks = false);

// Every applicant id in the inputs.
std::vector<std::string> applicant_ids(const std::vector<std::string>& inputs);

// The 1-based line of the record of `round_id` in `file`; 0 when absent.
std::uint64_t line_of_round(const std::string& file, const std::string& round_id);

// RFC 4180: fields separated by `sep`, quoted fields with doubled quotes,
// records ending in CRLF. Fails the test on a malformed file.
std::vector<std::vector<std::string>> parse_csv(const std::string& text, char sep);

rapidjson::Document parse_json(const std::string& text);

}  // namespace fairaudit::testing::report
