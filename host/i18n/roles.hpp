// The review roles by the names people use for them at work.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fairaudit::i18n {

// The stored review role ("representative", "union", "hr") for a role as a
// reviewer writes it: the stored name itself, or its Norwegian, Swedish or
// Danish name — likestillingsrepresentant, tillitsvalgt/tillitsvald,
// förtroendevald, fackligt förtroendevald, tillidsrepræsentant,
// ligestillingsrepræsentant, personalavdeling… — in any case, with or without
// the Nordic letters (ae, oe, aa). nullopt for anything else.
std::optional<std::string> review_role(std::string_view written);

// The stored review state ("open", "acknowledged", "disputed", "resolved",
// "suppressed") for a state as a reviewer writes it: the stored name, or its
// word in any of nb, nn, sv and da — the words the refusal of a state lists
// beside the stored names (erkjent, bestridt, omstridd, bestridd, åtgärdad,
// afskrevet, …) — in any case, with or without the Nordic letters. nullopt
// for anything else.
std::optional<std::string> review_state(std::string_view written);

// The local name of a stored role in `lang`'s words, for messages ("union" ->
// "tillitsvalgt" in nb); the stored name for English or an unknown role.
std::string review_role_name(std::string_view stored);

// "suppression pending (HR agreed; the union or the representative to
// agree)", or the other way round, for a suppression set by the stored role
// `by` that waits for the other side.
std::string suppression_pending(std::string_view by);

}  // namespace fairaudit::i18n
