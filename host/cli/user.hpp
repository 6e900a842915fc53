// fairaudit user add|passwd|disable|list: the users of `fairaudit serve`,
// kept in the store. Passwords are read from standard input, never from the
// command line (where `ps` and the shell's history would show them).
#pragma once

#include <string>

#include "cli/common.hpp"

namespace fairaudit::cli {

struct UserArgs {
  enum class Action { none, add, passwd, disable, list };
  Action action = Action::none;
  std::string store;
  std::string name;
  std::string role;  // add: representative, union, hr, admin or a local name
  std::string lang = "en";
};

int cmd_user(const UserArgs& a, const Common& c);

}  // namespace fairaudit::cli
