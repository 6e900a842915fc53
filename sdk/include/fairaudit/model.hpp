// fairaudit plugin SDK — the typed records of the canonical anonymized export.
//
// Ingest turns each JSON line into one of these once; plugins never see raw
// JSON. Field names follow docs/input-format.md (schemas/export.schema.json).
//
// Self-declared answers are opt-in per application. `declined`, `unknown` and
// `not_asked` are categories of their own and are never the same as `no`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/api.hpp"
#include "fairaudit/time.hpp"

namespace fairaudit {

enum class Answer : std::uint8_t { yes, no, declined, unknown, not_asked };
enum class Gender : std::uint8_t { woman, man, other, unknown, declined };
enum class Outcome : std::uint8_t { qualified, not_qualified, not_assessed };
enum class Jurisdiction : std::uint8_t { no_oslo, no_state, se, dk, other };

// Stage events in the order a round normally moves through them.
enum class Stage : std::uint8_t {
  applied,
  screened,
  interview_invited,
  interview_held,
  reference_checked,
  recommended,
  offered,
  hired,
  rejected,
  withdrawn,
};
inline constexpr int kStageCount = 10;

enum class RepEventType : std::uint8_t {
  invited,
  shortlist_shared,
  attended_interview,
  waiver,
  recommendation_received,
  statement_filed,
  escalated,
};

// The self-declared attributes an applicant may answer.
enum class SelfIdField : std::uint8_t { immigrant_background, disability, cv_gap, priority_access };

// The parts of a record an export may not carry at all (docs/input-format.md,
// "Coverage"). A field absent from a record is *not recorded in this export*;
// present and empty (`"documents": []`, `"decision_reason": ""`) it is
// *recorded as none*. A rule declares the fields it reads (RuleInfo::needs);
// where one is not recorded, its verdict is insufficient_data, never breach.
// The self-declared answers count as recorded in a round when any
// applicant's `self_id` holds the key (a single applicant's missing answer is
// `not_asked`). New fields are appended.
enum class Field : std::uint8_t {
  immigrant_background,  // applicants[].self_id.immigrant_background
  disability,            // applicants[].self_id.disability
  cv_gap,                // applicants[].self_id.cv_gap
  priority_access,       // applicants[].self_id.priority_access
  interviews,            // the round's interview list (with the panels)
  representative,        // the round's representative record
  documents,             // the documents of the round (recommendation, applicant list, …)
  decision_reason,       // the recorded reason for the choice
  representative_routine,  // unit records: the representative's routine
  meetings,                // unit records: the meetings (trekantmøter)
  jobcenter_referral,      // applicants[].referred_by_jobcenter (Danish fortrinsadgang)
  measures_employees,      // measures records: the number of employees
  measures_area,           // measures records: the area of the work (recruitment_promotion, …)
  measures_steps,          // measures records: the dates of the four steps
  measures_grounds,        // measures records: the grounds of discrimination covered
  measures_cooperation,    // measures records: whether cooperation is documented
  measures_documentation,  // measures records: the year's written documentation
};
inline constexpr int kFieldCount = 17;

// Which fields a record carries. Default: all of them (a record built in code
// states what it holds); ingest clears the fields a line leaves out.
struct Coverage {
  std::uint32_t recorded = ~std::uint32_t{0};

  bool has(Field f) const { return (recorded >> static_cast<unsigned>(f)) & 1u; }
  void set(Field f, bool on) {
    const std::uint32_t bit = std::uint32_t{1} << static_cast<unsigned>(f);
    recorded = on ? (recorded | bit) : (recorded & ~bit);
  }
};

// Vocabulary <-> enum. The strings are the export's words.
const char* to_string(Answer);
const char* to_string(Gender);
const char* to_string(Outcome);
const char* to_string(Jurisdiction);  // "NO-OSL", "NO-STATE", "SE", "DK", "other"
const char* to_string(Stage);
const char* to_string(RepEventType);
const char* to_string(SelfIdField);
const char* to_string(Field);  // the field's path: "documents", "self_id.cv_gap", "unit.meetings"
std::optional<Answer> answer_from_string(std::string_view);
std::optional<Gender> gender_from_string(std::string_view);
std::optional<Outcome> outcome_from_string(std::string_view);
std::optional<Jurisdiction> jurisdiction_from_string(std::string_view);
std::optional<Stage> stage_from_string(std::string_view);
std::optional<RepEventType> rep_event_from_string(std::string_view);
std::optional<SelfIdField> self_id_field_from_string(std::string_view);
std::optional<Field> field_from_string(std::string_view);

// Where a record came from, for error messages and SARIF regions.
struct Source {
  std::string file;  // as given on the command line; "-" for stdin
  std::uint64_t line = 0;
};

struct Position {
  std::string title_code;
  int openings = 1;
  bool internal_only = false;
  // The recruitment scheme a position is reserved for, e.g. "disability" or
  // "cv_gap" (Oslo kommune's rekrutteringsordningen); empty when open to all.
  std::string reserved_for;
};

struct SelfId {
  Answer immigrant_background = Answer::not_asked;
  Answer disability = Answer::not_asked;
  Answer cv_gap = Answer::not_asked;
  Answer priority_access = Answer::not_asked;

  Answer get(SelfIdField f) const {
    switch (f) {
      case SelfIdField::immigrant_background: return immigrant_background;
      case SelfIdField::disability: return disability;
      case SelfIdField::cv_gap: return cv_gap;
      case SelfIdField::priority_access: return priority_access;
    }
    return Answer::unknown;
  }
};

struct Assessment {
  Outcome outcome = Outcome::not_assessed;
  std::optional<int> rank;
  std::optional<bool> equally_qualified_with_top;
  std::optional<bool> meets_formal_requirements;
};

struct StageEvent {
  Stage type = Stage::applied;
  Timestamp at;
  std::string reason_code;  // controlled list, e.g. "better_qualified_hired"
};

struct Applicant {
  std::string id;  // pseudonymous per round; never shown to the union audience
  Gender gender = Gender::unknown;
  SelfId self_id;
  std::string age_band;  // e.g. "30-39"; empty when not given
  Assessment assessment;
  std::vector<StageEvent> events;
  // Referred to the post by a jobcenter under the Danish fortrinsadgang
  // (kompensationsloven); false when the export records no referral.
  bool referred_by_jobcenter = false;

  // The first event of a stage, if any.
  const StageEvent* first(Stage s) const {
    for (const auto& e : events)
      if (e.type == s) return &e;
    return nullptr;
  }
  bool reached(Stage s) const { return first(s) != nullptr; }
  bool qualified() const { return assessment.outcome == Outcome::qualified; }
};

struct PanelMember {
  std::string role;  // "manager", "union_rep", "likestillingsrepresentant", …
  Gender gender = Gender::unknown;
};

struct Interview {
  std::string applicant;
  Timestamp at;
  std::vector<PanelMember> panel;
};

struct RepEvent {
  RepEventType type = RepEventType::invited;
  Timestamp at;
  std::optional<bool> agrees;  // statement_filed only
};

struct Representative {
  bool appointed = false;
  std::string role;  // "likestillingsrepresentant", "tillitsvalgt", …
  std::vector<RepEvent> events;

  const RepEvent* first(RepEventType t) const {
    for (const auto& e : events)
      if (e.type == t) return &e;
    return nullptr;
  }
};

struct Document {
  std::string type;  // "recommendation", "applicant_list", "jobcenter_explanation", …
  std::optional<Timestamp> at;
  std::vector<std::string> sent_to;  // "union", "representative", "jobcenter", …
  std::optional<bool> equality_statement;
};

struct Round {
  Source source;
  std::string round_id;
  std::string org_unit;  // '/'-separated path
  Jurisdiction jurisdiction = Jurisdiction::other;
  Position position;
  std::optional<Timestamp> advertised_at;
  std::optional<Timestamp> closes_at;
  std::optional<Timestamp> requirements_documented_at;
  std::optional<Timestamp> recommendation_at;  // innstilling
  std::optional<Timestamp> decision_at;
  std::string decision_reason;  // recorded reason for the choice; empty when none
  std::vector<Applicant> applicants;
  std::vector<Interview> interviews;
  std::optional<Representative> representative;
  std::vector<Document> documents;
  // Which of the fields above the export records for this round.
  Coverage coverage;

  // The earliest interview, from the interview list or from applicants'
  // interview_held events.
  std::optional<Timestamp> first_interview() const {
    std::optional<Timestamp> t;
    for (const auto& i : interviews)
      if (!t || i.at < *t) t = i.at;
    for (const auto& a : applicants)
      if (const auto* e = a.first(Stage::interview_held); e && (!t || e->at < *t)) t = e->at;
    return t;
  }
};

struct RoutineInfo {
  bool documented = false;
  std::string version;
};

struct Meeting {
  std::string type;  // "trekantmote", …
  Timestamp at;
  std::vector<std::string> roles;
  std::vector<std::string> tags;
};

struct UnitRecord {
  Source source;
  std::string org_unit;
  std::string period;  // "2026", or "2026-01/2026-06"
  std::optional<RoutineInfo> representative_routine;
  std::vector<Meeting> meetings;
  // Which of the fields above the export records for this unit.
  Coverage coverage;
};

struct MeasuresSteps {
  std::optional<Timestamp> investigate;
  std::optional<Timestamp> analyse;
  std::optional<Timestamp> act;
  std::optional<Timestamp> follow_up;
};

// The year's written documentation of the work (Diskrimineringslagen 3:13).
struct MeasuresDocumentation {
  bool written = false;
  std::optional<Timestamp> at;
  // Whether it evaluates how last year's planned measures were carried out;
  // nullopt: not recorded.
  std::optional<bool> previous_year_evaluated;
};

struct MeasuresRecord {
  Source source;
  std::string employer;
  int year = 0;
  int employees = 0;
  std::string area;  // "recruitment_promotion", …
  MeasuresSteps steps;
  std::vector<std::string> grounds_covered;
  bool cooperation_documented = false;
  MeasuresDocumentation documentation;
  // Which of the fields above the export records for this record.
  Coverage coverage;
};

}  // namespace fairaudit
