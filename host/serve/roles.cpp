#include <string>

#include "i18n/roles.hpp"
#include "serve/types.hpp"

// The server's roles by their stored names, and by the names people use for
// them at work (the same words `fairaudit review set --role` accepts).

namespace fairaudit::serve {

const char* to_string(Role r) {
  switch (r) {
    case Role::representative: return "representative";
    case Role::union_: return "union";
    case Role::hr: return "hr";
    case Role::admin: return "admin";
  }
  return "representative";
}

std::optional<Role> role_from_string(std::string_view written) {
  std::string folded;
  for (char c : written) folded += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
  while (!folded.empty() && (folded.back() == ' ' || folded.back() == '\t')) folded.pop_back();
  while (!folded.empty() && (folded.front() == ' ' || folded.front() == '\t')) folded.erase(folded.begin());
  if (folded == "admin") return Role::admin;
  const auto stored = i18n::review_role(written);
  if (!stored) return std::nullopt;
  if (*stored == "representative") return Role::representative;
  if (*stored == "union") return Role::union_;
  if (*stored == "hr") return Role::hr;
  return std::nullopt;
}

}  // namespace fairaudit::serve
