// Test support: export lines (the canonical record format of
// schemas/ and docs/) built from a few fields, so that a test states only
// what matters to its rule and the plugin sees the record exactly as the host
// would after ingest.
//
//   RoundLine r;
//   r.applicants.push_back(ApplicantLine("a-1").answer("disability", "yes").event("applied", "2026-03-05"));
//   r.decision_at = "2026-04-17";
//   Harness h("oslo-hiring-policy");
//   auto out = h.run(r.line());
//
// A field left empty (or unset) is left out of the line. Each test folder
// keeps its base round (the defaults its rules start from) on top of this.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fairaudit::testing {

inline std::string quoted(const std::string& s) { return "\"" + s + "\""; }

struct EventLine {
  std::string type;
  std::string at;
  std::string reason_code;  // rejections only
};

struct ApplicantLine {
  std::string id;
  std::string gender;
  std::vector<std::pair<std::string, std::string>> self_id;  // (field, answer), in order
  std::string age_band;
  std::string outcome;  // assessment outcome
  std::optional<int> rank;
  std::optional<bool> equal_top;
  std::vector<EventLine> events;

  explicit ApplicantLine(std::string applicant_id = {}) : id(std::move(applicant_id)) {}
  ApplicantLine& answer(std::string field, std::string value) {
    for (auto& [f, v] : self_id)
      if (f == field) {
        v = std::move(value);
        return *this;
      }
    self_id.emplace_back(std::move(field), std::move(value));
    return *this;
  }
  ApplicantLine& event(std::string type, std::string at, std::string reason_code = {}) {
    events.push_back({std::move(type), std::move(at), std::move(reason_code)});
    return *this;
  }

  std::string json() const {
    std::string s = "{\"id\":" + quoted(id);
    if (!gender.empty()) s += ",\"gender\":" + quoted(gender);
    if (!self_id.empty()) {
      s += ",\"self_id\":{";
      for (std::size_t i = 0; i < self_id.size(); ++i)
        s += (i ? "," : "") + quoted(self_id[i].first) + ":" + quoted(self_id[i].second);
      s += "}";
    }
    if (!age_band.empty()) s += ",\"age_band\":" + quoted(age_band);
    if (!outcome.empty()) {
      s += ",\"assessment\":{\"outcome\":" + quoted(outcome);
      if (rank) s += ",\"rank\":" + std::to_string(*rank);
      if (equal_top) s += std::string(",\"equally_qualified_with_top\":") + (*equal_top ? "true" : "false");
      s += "}";
    }
    if (!events.empty()) {
      s += ",\"events\":[";
      for (std::size_t i = 0; i < events.size(); ++i) {
        const EventLine& e = events[i];
        s += std::string(i ? "," : "") + "{\"type\":" + quoted(e.type) + ",\"at\":" + quoted(e.at);
        if (!e.reason_code.empty()) s += ",\"reason_code\":" + quoted(e.reason_code);
        s += "}";
      }
      s += "]";
    }
    return s + "}";
  }
};

struct DocumentLine {
  std::string type;  // "recommendation", "applicant_list"
  std::optional<std::string> at;
  std::vector<std::string> sent_to;
  std::optional<bool> equality_statement;

  std::string json() const {
    std::string s = "{\"type\":" + quoted(type);
    if (at) s += ",\"at\":" + quoted(*at);
    s += ",\"sent_to\":[";
    for (std::size_t k = 0; k < sent_to.size(); ++k) s += (k ? "," : "") + quoted(sent_to[k]);
    s += "]";
    if (equality_statement) s += std::string(",\"equality_statement\":") + (*equality_statement ? "true" : "false");
    return s + "}";
  }
};

struct RoundLine {
  std::string id = "R-1";
  std::string org_unit = "oslo/bydel-test/helse";
  std::string jurisdiction = "NO-OSL";
  std::string position;  // a JSON object as written, e.g. {"title_code":"2221","openings":1}
  std::optional<std::string> advertised_at, closes_at, recommendation_at, decision_at;
  std::string decision_reason;
  // Whether the export records decision reasons: an empty reason is then
  // written as "" (recorded as none) rather than left out (not recorded).
  bool records_decision_reason = false;
  std::vector<ApplicantLine> applicants;
  std::optional<std::vector<DocumentLine>> documents;
  std::string interviews;      // a JSON array as written
  std::string representative;  // a JSON object as written

  // The record as one line, ending in a newline.
  std::string line() const {
    std::string s = "{\"kind\":\"round\",\"schema\":1,\"round_id\":" + quoted(id) +
                    ",\"org_unit\":" + quoted(org_unit) + ",\"jurisdiction\":" + quoted(jurisdiction);
    if (!position.empty()) s += ",\"position\":" + position;
    if (advertised_at) s += ",\"advertised_at\":" + quoted(*advertised_at);
    if (closes_at) s += ",\"closes_at\":" + quoted(*closes_at);
    if (recommendation_at) s += ",\"recommendation_at\":" + quoted(*recommendation_at);
    if (decision_at) s += ",\"decision_at\":" + quoted(*decision_at);
    if (!decision_reason.empty() || records_decision_reason) s += ",\"decision_reason\":" + quoted(decision_reason);
    s += ",\"applicants\":[";
    for (std::size_t i = 0; i < applicants.size(); ++i) s += (i ? "," : "") + applicants[i].json();
    s += "]";
    if (documents) {
      s += ",\"documents\":[";
      for (std::size_t i = 0; i < documents->size(); ++i) s += (i ? "," : "") + (*documents)[i].json();
      s += "]";
    }
    if (!interviews.empty()) s += ",\"interviews\":" + interviews;
    if (!representative.empty()) s += ",\"representative\":" + representative;
    return s + "}\n";
  }
};

// A unit record line: the unit's representative routine (a JSON object as
// written, or empty) and its meetings (a JSON array as written).
inline std::string unit_line(const std::string& org_unit, const std::string& period, const std::string& routine,
                             const std::string& meetings) {
  return "{\"kind\":\"unit\",\"schema\":1,\"org_unit\":" + quoted(org_unit) + ",\"period\":" + quoted(period) +
         (routine.empty() ? "" : ",\"representative_routine\":" + routine) + ",\"meetings\":" + meetings + "}\n";
}

// `s` with the first `from` replaced by `to` (unchanged when absent): a test
// changes one thing of a base line.
inline std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto p = s.find(from);
  if (p != std::string::npos) s.replace(p, from.size(), to);
  return s;
}

}  // namespace fairaudit::testing
