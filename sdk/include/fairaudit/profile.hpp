// The employer a plugin's rules run for, and the legal basis each rule cites
// under it. A municipality is not the state, and a Swedish kommun is not a
// Danish kommune: the same check rests on another source for each, so a rule
// names one basis per profile and the plugin's `profile` option picks it
// (docs/legal-sources.md, "Rules × profiles").
//
//   constexpr ProfileBases kBases{"Oslo kommune's …", "Statens personalhåndbok …",
//                                 "Diskrimineringslagen …", "Ligestillingsloven …"};
//   Rule<Config>{…, .texts = &basis_by_profile<kBases>}
//   options: {profile_option<Config>(), …}
//
// Header-only: nothing here crosses the plugin boundary.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fairaudit/options.hpp"
#include "fairaudit/plugin.hpp"
#include "fairaudit/rule_table.hpp"

namespace fairaudit {

enum class Profile { oslo, state, se_kommun, dk_kommune };

// The option's values: "oslo", "state", "se-kommun", "dk-kommune".
inline std::optional<Profile> profile_from_string(std::string_view s) {
  if (s == "oslo") return Profile::oslo;
  if (s == "state") return Profile::state;
  if (s == "se-kommun") return Profile::se_kommun;
  if (s == "dk-kommune") return Profile::dk_kommune;
  return std::nullopt;
}

// One rule's basis under each profile.
struct ProfileBases {
  const char* oslo;
  const char* state;
  const char* se_kommun;
  const char* dk_kommune;
};

constexpr const char* basis_for(const ProfileBases& b, Profile p) {
  switch (p) {
    case Profile::oslo: return b.oslo;
    case Profile::state: return b.state;
    case Profile::se_kommun: return b.se_kommun;
    case Profile::dk_kommune: return b.dk_kommune;
  }
  return b.oslo;
}

// A rule's `texts`: sets its basis for the configured profile. Config has a
// member `Profile profile`.
template <const ProfileBases& B, typename Config>
void basis_by_profile(RuleInfo& info, const Config& c) {
  info.basis = basis_for(B, c.profile);
}

// The `profile` option every Nordic plugin takes, stored into Config::profile.
template <typename Config>
Option<Config> profile_option() {
  return bind<Config>(OptionSpec::string("profile", "oslo", {"oslo", "state", "se-kommun", "dk-kommune"},
                                         "The employer the rules run for: \"oslo\" (Oslo kommune), \"state\" (a "
                                         "Norwegian state employer), \"se-kommun\" (a Swedish kommun) or "
                                         "\"dk-kommune\" (a Danish kommune). Sets each rule's legal basis."),
                      [](Config& c, const Options& o, const std::string& key) {
                        // The declaration's value list has already refused anything else.
                        c.profile = profile_from_string(o.get_string(key)).value_or(Profile::oslo);
                      });
}

}  // namespace fairaudit
