// Every enum the host writes as text, and reads back, converted in one place:
// the SDK's severity, scope, verdict and evidence kind, and the store's
// baseline and review states. The words are the ones the store, the JSON and
// SARIF formats and the command line use, so none of them may change.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fairaudit/finding.hpp"
#include "fairaudit/shapes.hpp"

namespace fairaudit::common {

// An enum's words, in the order of its values (0, 1, …): both directions of
// the conversion read the one table.
template <typename E, std::size_t N>
struct EnumWords {
  std::array<std::string_view, N> words;
  // Each word is a NUL-terminated literal, so data() is a C string.
  constexpr const char* name(E e) const {
    const auto i = static_cast<std::size_t>(e);
    return i < N ? words[i].data() : "?";
  }
  constexpr std::optional<E> value(std::string_view s) const {
    for (std::size_t i = 0; i < N; ++i)
      if (s == words[i]) return static_cast<E>(i);
    return std::nullopt;
  }
};

// A finding's place against the previous run of its policy (set by the store).
enum class BaselineState : std::uint8_t {
  none,       // no store: not compared
  new_,       // not found by the previous run
  unchanged,  // found by the previous run too
  absent,     // found by the previous run, not by this one
};

// A finding's review state, from the newest entry of its review trail.
enum class ReviewState : std::uint8_t {
  none,  // no store: never looked up
  open,  // in a store, never reviewed
  acknowledged,
  disputed,
  resolved,
  suppressed,
};

// The SDK's enums read back (it writes them with fairaudit::to_string).
std::optional<Severity> severity_from_string(std::string_view s);
std::optional<Scope> scope_from_string(std::string_view s);
std::optional<Verdict> verdict_from_string(std::string_view s);

// "count", "p_value", …: the evidence kinds as the store and the codec name them.
const char* to_string(EvidenceValue::Kind k);
std::optional<EvidenceValue::Kind> kind_from_string(std::string_view s);

// "" for none; "new", "unchanged", "absent".
const char* to_string(BaselineState s);
std::optional<BaselineState> baseline_from_string(std::string_view s);  // "" gives none

// "" for none; "open", "acknowledged", "disputed", "resolved", "suppressed".
const char* to_string(ReviewState s);
std::optional<ReviewState> review_state_from_string(std::string_view s);  // "" gives none
// A state a reviewer may set (what the store's review trail holds): not none, not open.
bool is_reviewed(ReviewState s);

// "" for none; "representative_in_time": the SDK's indicator roles as the store keeps them.
const char* to_string(Indicator i);
std::optional<Indicator> indicator_from_string(std::string_view s);  // "" gives none

}  // namespace fairaudit::common
