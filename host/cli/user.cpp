#include "cli/user.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli.hpp"
#include "i18n/i18n.hpp"
#include "ingest/pii.hpp"
#include "serve/auth.hpp"
#include "store/store.hpp"

namespace fairaudit::cli {
namespace {

// One line of standard input, without its line end. On a terminal the
// password is asked for and not echoed.
bool read_password(std::string& out) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "Password (at least %zu characters): ", serve::kMinPasswordLength);
    std::fflush(stderr);
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  const bool got = static_cast<bool>(std::getline(std::cin, out));
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return got;
}

int add(serve::Accounts& acc, const UserArgs& a) {
  const auto role = serve::role_from_string(a.role);
  if (!role) return fail("--role: expected representative, union, hr or admin (or a local name: tillitsvalgt, …)");
  const auto lang = i18n::language_from_string(a.lang);
  if (!lang) return fail(std::string("--lang: expected one of ") + i18n::language_list());
  // A user name is shown beside every review the user records, for years: it
  // must not be an e-mail address, a phone or an identity number.
  if (auto kind = ingest::scan(a.name, ingest::FieldClass::any))
    return fail(std::string("NAME seems to hold an identifier (") + ingest::to_string(*kind) +
                "); give a name or initials (the user is not added)");
  std::string pw;
  if (!read_password(pw)) return fail("no password on standard input (one line, at least 12 characters)");
  const auto u = acc.add(a.name, *role, *lang, pw);
  std::printf("User %s added (%s, %s).\n", u.name.c_str(), serve::to_string(u.role), i18n::to_string(u.lang));
  return kExitOk;
}

int passwd(serve::Accounts& acc, const UserArgs& a) {
  if (!acc.find(a.name)) return fail("NAME: no user of that name");
  std::string pw;
  if (!read_password(pw)) return fail("no password on standard input (one line, at least 12 characters)");
  acc.set_password(a.name, pw);
  std::printf("Password of %s changed; the user's sessions are ended and the account unlocked.\n", a.name.c_str());
  return kExitOk;
}

int disable(serve::Accounts& acc, const UserArgs& a) {
  acc.disable(a.name);
  std::printf("User %s disabled; the user's sessions are ended.\n", a.name.c_str());
  return kExitOk;
}

int list(serve::Accounts& acc) {
  const auto users = acc.list();
  if (users.empty()) {
    std::printf("No users yet (fairaudit user add NAME --role ROLE --store DB).\n");
    return kExitOk;
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::printf("%-24s  %-14s  %-4s  %-8s  %-6s  %-20s  %s\n", "NAME", "ROLE", "LANG", "DISABLED", "LOCKED",
              "LAST SIGN-IN", "PASSWORD CHANGED");
  for (const auto& u : users)
    std::printf("%-24s  %-14s  %-4s  %-8s  %-6s  %-20s  %s\n", u.name.c_str(), serve::to_string(u.role),
                i18n::to_string(u.lang), u.disabled ? "yes" : "no", u.locked(now) ? "yes" : "no",
                u.last_login_at ? u.last_login_at->c_str() : "never", u.password_changed_at.c_str());
  return kExitOk;
}

}  // namespace

int cmd_user(const UserArgs& a, const Common&) {
  if (a.action != UserArgs::Action::add && !std::filesystem::exists(a.store))
    return fail("--store: no store there (fairaudit audit --store or fairaudit user add creates one)");
  try {
    store::Store st(a.store);
    serve::Accounts acc(st.connection());
    switch (a.action) {
      case UserArgs::Action::add: return add(acc, a);
      case UserArgs::Action::passwd: return passwd(acc, a);
      case UserArgs::Action::disable: return disable(acc, a);
      case UserArgs::Action::list: return list(acc);
      case UserArgs::Action::none: break;
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return kExitUsage;
}

}  // namespace fairaudit::cli
