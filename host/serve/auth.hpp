// The users of `fairaudit serve`, their passwords and their sessions, kept in
// the store (tables users and sessions).
//
// Passwords are Argon2id hashes (libsodium's crypto_pwhash_str, the
// "interactive" limits; FAIRAUDIT_TEST_FAST_HASH=1 lowers them to the minimum
// for the test suite only). A session token is 32 random bytes, given to the
// browser once and stored only as its BLAKE2b hash, so that a copy of the
// store signs no one in. A session ends after 30 minutes without a request,
// 12 hours after sign-in, on sign-out, when the user's password changes and
// when the user is disabled. Ten wrong passwords in a row lock an account
// for 15 minutes (or until `fairaudit user passwd`).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "serve/types.hpp"
#include "store/sqlite.hpp"

namespace fairaudit::serve {

// Why a user could not be added or changed: one sentence that echoes no
// password and no name.
struct AuthError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr std::size_t kMinPasswordLength = 12;  // characters (UTF-8 code points)
inline constexpr std::size_t kMaxPasswordLength = 1024;  // bytes

// An Argon2id hash of `password` (crypto_pwhash_str). Throws AuthError when
// libsodium cannot start or runs out of memory.
std::string hash_password(std::string_view password);
// Whether `password` is the one `hash` was made from.
bool verify_password(const std::string& hash, std::string_view password);
// 32 random bytes as 64 lower-case hex digits.
std::string random_token();
// The hex BLAKE2b-256 hash a token is stored as.
std::string token_hash(std::string_view token);
// Equality that takes the same time wherever the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);
// Makes the decoy hash an unknown name is checked against, so that the first
// unknown name after start takes no longer than a wrong password (the server
// calls it once when it starts).
void prepare_login_checks();
// Why a new password cannot be used ("" when it can): too short, too long.
std::string password_problem(std::string_view password);

struct SessionPolicy {
  std::chrono::seconds idle{30 * 60};      // without a request, sliding
  std::chrono::seconds absolute{12 * 3600};  // after sign-in, whatever happens
  int max_failures = 10;                     // wrong passwords in a row that lock an account
  std::chrono::seconds lock_for{15 * 60};
};

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::representative;
  i18n::Language lang = i18n::Language::en;
  bool disabled = false;
  int failed_logins = 0;
  std::optional<std::int64_t> locked_until;  // Unix seconds
  std::string created_at, password_changed_at;
  std::optional<std::string> last_login_at;
  bool locked(std::int64_t now) const { return locked_until && *locked_until > now; }
};

// A sign-in, answered. Nothing in it tells an unknown name from a wrong
// password or a locked account but `why`, which is for the log only.
struct Login {
  std::optional<Viewer> viewer;  // signed in
  std::string token;             // the session cookie's value, given once
  enum class Why { ok, unknown, wrong, locked, disabled } why = Why::unknown;
};

// The users and sessions of one store connection. Not shared between
// threads: the server opens one connection per thread.
class Accounts {
 public:
  using Clock = std::function<std::int64_t()>;  // Unix seconds; tests move it on
  explicit Accounts(store::Connection& c, SessionPolicy p = {}, Clock now = {});

  // Adds a user. Throws AuthError for a name already taken, an empty or
  // over-long name, or a password password_problem() refuses.
  User add(const std::string& name, Role role, i18n::Language lang, std::string_view password);
  // A new password: the lock and the count of wrong passwords are cleared and
  // every session of the user ends. Throws AuthError (unknown name, password).
  void set_password(const std::string& name, std::string_view password);
  // The user can no longer sign in; every session ends. Throws AuthError.
  void disable(const std::string& name);
  std::optional<User> find(const std::string& name);
  std::vector<User> list();

  // Checks the password and, when it is right, starts a session.
  Login login(const std::string& name, std::string_view password);
  // The viewer of a live session token; nullopt for an unknown, expired or
  // revoked one, or a disabled user's. Slides the idle expiry.
  std::optional<Viewer> session(const std::string& token);
  // Ends the session of this token (nothing when there is none).
  void logout(const std::string& token);

 private:
  std::int64_t now() const;
  store::Connection& c_;
  SessionPolicy policy_;
  Clock now_;
};

// Failed sign-ins per remote address, shared by the server's threads: after
// `max_failures` within `window` an address is refused for the rest of the
// window whatever it sends (the answer is the same sentence). A right
// password does not clear the count: one account of its own would.
class AddressThrottle {
 public:
  explicit AddressThrottle(int max_failures = 30, std::chrono::seconds window = std::chrono::seconds(15 * 60))
      : max_(max_failures), window_(window) {}
  bool refused(const std::string& address);
  void failed(const std::string& address);

 private:
  struct Entry {
    std::chrono::steady_clock::time_point since;
    int failures = 0;
  };
  std::mutex m_;
  std::map<std::string, Entry> by_address_;
  int max_;
  std::chrono::seconds window_;
};

}  // namespace fairaudit::serve
