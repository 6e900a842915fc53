#include "cli/guard.hpp"

#include <cstdio>

#include "common/printable.hpp"
#include "i18n/i18n.hpp"
#include "ingest/pii.hpp"

namespace fairaudit::cli {
namespace {

// A share as the reader writes it: "3.0%" in English, "3,0%" in nb, nn, sv, da.
std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
  return i18n::decimal(buf);
}

// Counts in English, for an English reader: the words as they have always
// read, which scripts may match.
std::string english_count(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A translated text with {key} replaced by `value` (translate first, then fill: i18n.hpp).
std::string filled(std::string text, std::string_view key, const std::string& value) {
  const std::string mark = "{" + std::string(key) + "}";
  if (const std::size_t at = text.find(mark); at != std::string::npos) text.replace(at, mark.size(), value);
  return text;
}

// The summary line's counts in the reader's words; English as the line has
// always read ("28 rounds"), which scripts may match.
std::string counted(std::uint64_t n, const char* one, const char* many) {
  return i18n::current() == i18n::Language::en ? english_count(n, one, many) : i18n::plural(n, one, many);
}
std::string rounds_words(std::uint64_t n) {
  return i18n::current() == i18n::Language::en ? english_count(n, "round", "rounds")
                                               : i18n::plural(n, "hiring round", "hiring rounds");
}
std::string local_severities(const run::SeverityCounts& by) {
  return counted(by[int(Severity::error)], "error", "errors") + ", " +
         counted(by[int(Severity::warning)], "warning", "warnings") + ", " +
         counted(by[int(Severity::note)], "note", "notes");
}

std::string unmatched_message(const run::UnmatchedSelection& u) {
  const bool round = u.option == "--round";
  // The value typed is shown only when it could be a code of the export (no identifier, no free text, no control).
  const bool code = !ingest::scan(u.value, ingest::FieldClass::code) && !common::first_control(u.value);
  std::string msg = round ? i18n::text("{option} {value} matches no round of the export")
                          : i18n::text("{option} {value} matches no round or unit record of the export");
  msg = filled(filled(msg, "option", u.option), "value", code ? u.value : i18n::text("(the value given, not shown)"));
  if (u.nearest.empty())
    return msg + "; " + (round ? i18n::text("the export has no round ids to suggest")
                               : i18n::text("the export has no org units to suggest"));
  std::string list;
  for (std::size_t i = 0; i < u.nearest.size(); ++i) list += (i ? ", " : "") + u.nearest[i];
  return msg + "; " +
         filled(round ? i18n::text("the nearest round ids: {list}") : i18n::text("the nearest org units: {list}"), "list",
                list);
}

// Whether every kept rejected line is a line that is not JSON at all: a flat
// export (CSV) given without --mapping.
bool all_not_json(const run::RunResult& r) {
  if (r.rejected.empty()) return false;
  for (const auto& e : r.rejected)
    if (e.kind != "syntax") return false;
  return true;
}

}  // namespace

std::optional<std::string> refusal(const GuardInput& in) {
  const run::RunResult& r = *in.result;
  const run::Counts& c = r.counts;
  const std::string untouched =
      " " + i18n::text("(exit 2: nothing was written, the run is not stored, the store's baseline is untouched)");

  if (!r.unmatched.empty()) {
    std::string msg;
    for (const auto& u : r.unmatched) msg += (msg.empty() ? "" : "; ") + unmatched_message(u);
    return msg + untouched;
  }

  if (c.rounds == 0) {
    std::string msg =
        in.conversion
            ? i18n::text("the export yields no valid round: {read}, {rejected} rejected (the conversion read {rows}, "
                         "rejected {rows_rejected} and left out {rounds}); expected at least one round")
            : i18n::text("the export yields no valid round: {read}, {rejected} rejected; expected at least one round");
    msg = filled(filled(msg, "read", counted(c.lines, "line read", "lines read")), "rejected",
                 std::to_string(c.rejected));
    if (in.conversion)
      msg = filled(filled(filled(msg, "rows", counted(in.conversion->rows, "row", "rows")), "rows_rejected",
                          std::to_string(in.conversion->rows_rejected)),
                   "rounds", rounds_words(in.conversion->rounds_rejected));
    if (!in.conversion && all_not_json(r))
      msg += ". " + i18n::text("No line is JSON: a flat ATS export (CSV or JSON rows) is audited through its mapping, "
                               "fairaudit audit FILE --mapping MAPPING");
    // A file refused whole (gzip, a spreadsheet, a CSV): what it seems to
    // be and what to do, as validate says it; the message never quotes the
    // file's content.
    std::string files;
    for (const auto& e : r.rejected)
      if (e.kind == "file") files += (files.empty() ? "" : "; ") + e.to_string();
    if (!files.empty()) msg += ". " + files;
    return msg + untouched;
  }

  // Rejected lines (with a mapping: rows of the flat export, those of
  // rounds left out included) against the policy's share.
  std::uint64_t bad = c.rejected, all = c.lines;
  if (in.conversion) {
    bad = in.conversion->rows_rejected + in.conversion->rows_in_rejected_rounds;
    all = in.conversion->rows;
  }
  if (all > 0) {
    const double share = double(bad) / double(all);
    if (share > in.guard.max_rejected_share) {
      std::string msg = in.conversion
                            ? i18n::text("{bad} of {all} rows of the flat export were rejected ({share}), more than "
                                         "the policy's guard.max_rejected_share of {limit}; the rejected rows are "
                                         "listed above")
                            : i18n::text("{bad} of {all} lines were rejected ({share}), more than the policy's "
                                         "guard.max_rejected_share of {limit}; the rejected lines are listed with "
                                         "--format text");
      msg = filled(filled(msg, "bad", std::to_string(bad)), "all", std::to_string(all));
      msg = filled(filled(msg, "share", percent(share)), "limit", percent(in.guard.max_rejected_share));
      return msg + untouched;
    }
  }

  // Valid rounds against the previous stored run of the policy and selection.
  if (in.previous && in.previous->rounds > 0 && c.rounds < in.previous->rounds) {
    const double prev = double(in.previous->rounds);
    const double drop = (prev - double(c.rounds)) / prev;
    if (drop > in.guard.max_round_drop && !in.accept_drop) {
      std::string msg = i18n::text(
          "the export has {rounds} against {previous} in run {run} ({date}) of this policy and selection: a drop of "
          "{drop}, more than the policy's guard.max_round_drop of {limit}; if the drop is real, run again with "
          "--accept-drop");
      msg = filled(filled(msg, "rounds", counted(c.rounds, "valid round", "valid rounds")), "previous",
                   std::to_string(in.previous->rounds));
      const auto started = Timestamp::parse(in.previous->started_at);
      msg = filled(filled(msg, "run", std::to_string(in.previous->id)), "date",
                   started ? i18n::date(*started) : in.previous->started_at);
      msg = filled(filled(msg, "drop", percent(drop)), "limit", percent(in.guard.max_round_drop));
      return msg + untouched;
    }
  }
  return std::nullopt;
}

std::string summary_line(const run::RunResult& r, const run::FindingTally& t, const run::RunInfo& info,
                         const run::BaselineSummary* baseline) {
  const bool stored = baseline != nullptr;
  const std::string fail_on = i18n::severity(info.fail_on);
  std::string line = "fairaudit: ";
  line += stored ? filled(filled(i18n::text("run {run} of {policy}"), "run", info.id_text()), "policy", info.policy_name)
                 : filled(i18n::text("policy {policy}"), "policy", info.policy_name);
  line += ": " + rounds_words(r.counts.rounds) + ", " + counted(t.findings(), "finding", "findings") + " (" +
          local_severities(t.by_severity);
  if (t.suppressed) line += "; " + filled(i18n::text("{count} suppressed"), "count", std::to_string(t.suppressed));
  line += ")";
  if (stored) {
    line += "; " + (baseline->previous_run ? filled(i18n::text("new since run {run}"), "run", baseline->previous_text())
                                           : i18n::text("new (first run)"));
    line += ": " + local_severities(t.new_by_severity);
  }
  line += "; " + filled(i18n::text("exit {code}"), "code", std::to_string(info.exit_code)) + ": ";
  switch (info.exit_code) {
    case 0:
      line += (stored ? i18n::text("no new finding") : i18n::text("no finding")) + " " + i18n::text("at or above") + " '" +
              fail_on + "'";
      break;
    case 1:
      line += (stored ? i18n::text("new findings") : i18n::text("findings")) + " " + i18n::text("at or above") + " '" +
              fail_on + "'";
      break;
    case 3: line += counted(r.counts.plugin_failures, "plugin failure", "plugin failures") + " (host/plugin-failure)"; break;
    default: break;
  }
  return line;
}

}  // namespace fairaudit::cli
