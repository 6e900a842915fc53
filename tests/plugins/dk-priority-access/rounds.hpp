// The dk-priority-access tests' rounds, written as JSON lines of the
// canonical export and read through the real ingest by the harness.
//
// The base round: a Danish kommune's post advertised 2 March 2026, closing
// 20 March, decided 17 April. Applicants default to not invoking priority
// access, meeting the formal requirements, not referred by a jobcenter.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fairaudit/finding.hpp"

namespace dk_test {

inline std::string q(const std::string& s) { return "\"" + s + "\""; }

struct A {
  std::string id;
  std::string priority = "no";             // self_id.priority_access
  std::optional<bool> formal = true;        // assessment.meets_formal_requirements
  std::optional<bool> referred = false;     // referred_by_jobcenter; nullopt: key left out
  std::vector<std::pair<std::string, std::string>> events;  // (type, at); "applied" is added first

  explicit A(std::string applicant_id) : id(std::move(applicant_id)) {}
  A& invokes() { priority = "yes"; return *this; }
  A& meets(std::optional<bool> v) { formal = v; return *this; }
  A& by_jobcenter() { referred = true; return *this; }
  A& with(std::vector<std::pair<std::string, std::string>> evs) { events = std::move(evs); return *this; }

  std::string json(bool with_priority) const {
    std::string s = "{\"id\":" + q(id) + ",\"gender\":\"woman\"";
    if (with_priority) s += ",\"self_id\":{\"priority_access\":" + q(priority) + "}";
    s += ",\"assessment\":{\"outcome\":\"qualified\"";
    if (formal) s += std::string(",\"meets_formal_requirements\":") + (*formal ? "true" : "false");
    s += "}";
    if (referred) s += std::string(",\"referred_by_jobcenter\":") + (*referred ? "true" : "false");
    s += ",\"events\":[{\"type\":\"applied\",\"at\":\"2026-03-05\"}";
    for (const auto& [type, at] : events) s += ",{\"type\":" + q(type) + ",\"at\":" + q(at) + "}";
    return s + "]}";
  }
};

struct Doc {
  std::string type;
  std::optional<std::string> at;
};

struct R {
  std::string id = "DK-1";
  std::string jurisdiction = "DK";
  bool internal_only = false;
  std::optional<std::string> decision_at = "2026-04-17";
  bool records_priority = true;                  // the export has self_id.priority_access
  std::optional<std::vector<Doc>> documents = std::vector<Doc>{};  // nullopt: not recorded
  std::vector<A> applicants;

  std::string line() const {
    std::string s = "{\"kind\":\"round\",\"schema\":1,\"round_id\":" + q(id) +
                    ",\"org_unit\":\"kommune/social-og-sundhed/aeldrepleje\",\"jurisdiction\":" + q(jurisdiction) +
                    ",\"position\":{\"title_code\":\"SSA\",\"openings\":1,\"internal_only\":" +
                    (internal_only ? "true" : "false") +
                    "},\"advertised_at\":\"2026-03-02\",\"closes_at\":\"2026-03-20\"";
    if (decision_at) s += ",\"decision_at\":" + q(*decision_at);
    s += ",\"applicants\":[";
    for (std::size_t i = 0; i < applicants.size(); ++i) s += (i ? "," : "") + applicants[i].json(records_priority);
    s += "]";
    if (documents) {
      s += ",\"documents\":[";
      for (std::size_t i = 0; i < documents->size(); ++i) {
        const Doc& d = (*documents)[i];
        s += std::string(i ? "," : "") + "{\"type\":" + q(d.type);
        if (d.at) s += ",\"at\":" + q(*d.at);
        s += ",\"sent_to\":[\"jobcenter\"]}";
      }
      s += "]";
    }
    return s + "}\n";
  }
};


inline std::int64_t count(const fairaudit::Evidence& e, const char* key) {
  const auto* v = e.find(key);
  return v && v->kind == fairaudit::EvidenceValue::Kind::count ? v->i : -1;
}

inline std::string date(const fairaudit::Evidence& e, const char* key) {
  const auto* v = e.find(key);
  return v && v->kind == fairaudit::EvidenceValue::Kind::date ? v->t.iso() : std::string("<none>");
}

}  // namespace dk_test
