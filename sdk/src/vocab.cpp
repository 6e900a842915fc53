// The export's vocabularies: enum <-> the words used in the canonical format.
#include <array>
#include <string_view>

#include "fairaudit/finding.hpp"
#include "fairaudit/model.hpp"
#include "fairaudit/options.hpp"

namespace fairaudit {
namespace {

// The words as string views of literals: a lookup compares lengths first and
// measures no word (ingest looks up every stage, answer and gender it reads).
// Each view's data() is its NUL-terminated literal.
template <typename E, std::size_t N>
const char* name_of(E e, const std::array<std::string_view, N>& names) {
  auto i = static_cast<std::size_t>(e);
  return i < N ? names[i].data() : "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(std::string_view s, const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, 5> kAnswer{"yes", "no", "declined", "unknown", "not_asked"};
constexpr std::array<std::string_view, 5> kGender{"woman", "man", "other", "unknown", "declined"};
constexpr std::array<std::string_view, 3> kOutcome{"qualified", "not_qualified", "not_assessed"};
constexpr std::array<std::string_view, 5> kJurisdiction{"NO-OSL", "NO-STATE", "SE", "DK", "other"};
constexpr std::array<std::string_view, 10> kStage{"applied",      "screened", "interview_invited", "interview_held",
                                             "reference_checked", "recommended", "offered", "hired",
                                             "rejected",     "withdrawn"};
constexpr std::array<std::string_view, 7> kRepEvent{"invited",  "shortlist_shared",        "attended_interview",
                                               "waiver",   "recommendation_received", "statement_filed",
                                               "escalated"};
constexpr std::array<std::string_view, 4> kSelfId{"immigrant_background", "disability", "cv_gap", "priority_access"};
constexpr std::array<std::string_view, 17> kField{"self_id.immigrant_background",
                                             "self_id.disability",
                                             "self_id.cv_gap",
                                             "self_id.priority_access",
                                             "interviews",
                                             "representative",
                                             "documents",
                                             "decision_reason",
                                             "unit.representative_routine",
                                             "unit.meetings",
                                             "referred_by_jobcenter",
                                             "measures.employees",
                                             "measures.area",
                                             "measures.steps",
                                             "measures.grounds_covered",
                                             "measures.cooperation_documented",
                                             "measures.documentation"};
static_assert(kField.size() == kFieldCount);
constexpr std::array<std::string_view, 3> kSeverity{"note", "warning", "error"};
constexpr std::array<std::string_view, 3> kScope{"round", "org_unit", "run"};
constexpr std::array<std::string_view, 4> kVerdict{"complies", "breach", "not_applicable", "insufficient_data"};
constexpr std::array<std::string_view, 6> kOptionType{"boolean", "integer", "real", "string", "list of strings",
                                                 "list of lists of strings"};

}  // namespace

const char* to_string(Answer v) { return name_of(v, kAnswer); }
const char* to_string(Gender v) { return name_of(v, kGender); }
const char* to_string(Outcome v) { return name_of(v, kOutcome); }
const char* to_string(Jurisdiction v) { return name_of(v, kJurisdiction); }
const char* to_string(Stage v) { return name_of(v, kStage); }
const char* to_string(RepEventType v) { return name_of(v, kRepEvent); }
const char* to_string(SelfIdField v) { return name_of(v, kSelfId); }
const char* to_string(Field v) { return name_of(v, kField); }
const char* to_string(Severity v) { return name_of(v, kSeverity); }
const char* to_string(Scope v) { return name_of(v, kScope); }
const char* to_string(Verdict v) { return name_of(v, kVerdict); }
const char* to_string(OptionType v) { return name_of(v, kOptionType); }

std::optional<Answer> answer_from_string(std::string_view s) { return value_of<Answer>(s, kAnswer); }
std::optional<Gender> gender_from_string(std::string_view s) { return value_of<Gender>(s, kGender); }
std::optional<Outcome> outcome_from_string(std::string_view s) { return value_of<Outcome>(s, kOutcome); }
std::optional<Jurisdiction> jurisdiction_from_string(std::string_view s) {
  return value_of<Jurisdiction>(s, kJurisdiction);
}
std::optional<Stage> stage_from_string(std::string_view s) { return value_of<Stage>(s, kStage); }
std::optional<RepEventType> rep_event_from_string(std::string_view s) { return value_of<RepEventType>(s, kRepEvent); }
std::optional<SelfIdField> self_id_field_from_string(std::string_view s) {
  return value_of<SelfIdField>(s, kSelfId);
}

std::optional<Field> field_from_string(std::string_view s) { return value_of<Field>(s, kField); }

}  // namespace fairaudit
