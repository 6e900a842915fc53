#include "common/enums.hpp"

namespace fairaudit::common {
namespace {

using K = EvidenceValue::Kind;

// The SDK's enums keep their words in the SDK (plugins print them too): read
// back through its to_string(), not a second copy of the words.
template <typename E, E Last>
std::optional<E> sdk_value(std::string_view s) {
  for (int i = 0; i <= int(Last); ++i)
    if (s == fairaudit::to_string(E(i))) return E(i);
  return std::nullopt;
}

constexpr EnumWords<K, 13> kKind{{"null", "boolean", "count", "number", "rate", "ratio", "p_value", "statistic",
                                  "real", "text", "date", "object", "list"}};
constexpr EnumWords<BaselineState, 4> kBaseline{{"", "new", "unchanged", "absent"}};
constexpr EnumWords<ReviewState, 6> kReview{{"", "open", "acknowledged", "disputed", "resolved", "suppressed"}};

constexpr EnumWords<Indicator, 3> kIndicator{{"", "representative_in_time", "active_measures"}};

static_assert(kIndicator.words.size() == std::size_t(Indicator::active_measures) + 1,
              "a word for every indicator role");
static_assert(kKind.words.size() == std::size_t(K::list) + 1, "a word for every evidence kind");

}  // namespace

std::optional<Severity> severity_from_string(std::string_view s) { return sdk_value<Severity, Severity::error>(s); }
std::optional<Scope> scope_from_string(std::string_view s) { return sdk_value<Scope, Scope::run>(s); }
std::optional<Verdict> verdict_from_string(std::string_view s) {
  return sdk_value<Verdict, Verdict::insufficient_data>(s);
}

const char* to_string(EvidenceValue::Kind k) { return kKind.name(k); }
std::optional<EvidenceValue::Kind> kind_from_string(std::string_view s) { return kKind.value(s); }

const char* to_string(BaselineState s) { return kBaseline.name(s); }
std::optional<BaselineState> baseline_from_string(std::string_view s) { return kBaseline.value(s); }

const char* to_string(ReviewState s) { return kReview.name(s); }
std::optional<ReviewState> review_state_from_string(std::string_view s) { return kReview.value(s); }
bool is_reviewed(ReviewState s) { return s != ReviewState::none && s != ReviewState::open; }

const char* to_string(Indicator i) { return kIndicator.name(i); }
std::optional<Indicator> indicator_from_string(std::string_view s) { return kIndicator.value(s); }

}  // namespace fairaudit::common
