#include "serve/auth.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <mutex>

namespace fairaudit::serve {
namespace {

void start_sodium() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  if (!ok) throw AuthError("the password library (libsodium) could not start");
}

// The test suite hashes hundreds of passwords; the interactive limits take
// 64 MiB and a noticeable fraction of a second each. Never set in production.
bool fast_hash() {
  const char* v = std::getenv("FAIRAUDIT_TEST_FAST_HASH");
  return v != nullptr && std::string_view(v) == "1";
}

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 15];
  }
  return out;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string iso_time(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A hash of a password nobody has, checked when the name is unknown so that
// an unknown name takes as long to refuse as a wrong password.
const std::string& decoy_hash() {
  static const std::string h = hash_password("fairaudit: no such user, no such password");
  return h;
}

Role role_of(const std::string& stored) { return role_from_string(stored).value_or(Role::representative); }

void check_name(const std::string& name) {
  if (name.empty() || name.size() > 64)
    throw AuthError("the user name must have 1 to 64 characters");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7F) throw AuthError("the user name must not hold control characters");
  if (name.front() == ' ' || name.back() == ' ') throw AuthError("the user name must not begin or end with a space");
}

User read_user(const store::Statement& s) {
  User u;
  u.id = s.int64(0);
  u.name = s.text(1);
  u.role = role_of(s.text(2));
  u.lang = i18n::language_from_string(s.text(3)).value_or(i18n::Language::en);
  u.disabled = s.int64(4) != 0;
  u.failed_logins = int(s.int64(5));
  u.locked_until = s.opt_int64(6);
  u.created_at = s.text(7);
  u.password_changed_at = s.text(8);
  if (!s.is_null(9)) u.last_login_at = s.text(9);
  return u;
}

constexpr const char* kUserColumns =
    "id, name, role, lang, disabled, failed_logins, locked_until, created_at, password_changed_at, last_login_at";

}  // namespace

std::string hash_password(std::string_view password) {
  start_sodium();
  char out[crypto_pwhash_STRBYTES];
  const unsigned long long ops = fast_hash() ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const std::size_t mem = fast_hash() ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0)
    throw AuthError("the password could not be hashed (out of memory)");
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  start_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token() {
  start_sodium();
  unsigned char b[32];
  randombytes_buf(b, sizeof b);
  return hex(b, sizeof b);
}

std::string token_hash(std::string_view token) {
  start_sodium();
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  return hex(h, sizeof h);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  start_sodium();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void prepare_login_checks() { (void)decoy_hash(); }

std::string password_problem(std::string_view password) {
  if (code_points(password) < kMinPasswordLength)
    return "the password must have at least " + std::to_string(kMinPasswordLength) + " characters";
  if (password.size() > kMaxPasswordLength)
    return "the password must have at most " + std::to_string(kMaxPasswordLength) + " bytes";
  return {};
}

Accounts::Accounts(store::Connection& c, SessionPolicy p, Clock now)
    : c_(c), policy_(p), now_(std::move(now)) {}

std::int64_t Accounts::now() const {
  if (now_) return now_();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

User Accounts::add(const std::string& name, Role role, i18n::Language lang, std::string_view password) {
  check_name(name);
  if (auto p = password_problem(password); !p.empty()) throw AuthError(p);
  if (find(name)) throw AuthError("a user of that name exists already");
  const std::string at = iso_time(now());
  auto s = c_.prepare(
      "INSERT INTO users (name, role, password_hash, lang, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, name).bind(2, to_string(role)).bind(3, hash_password(password)).bind(4, i18n::to_string(lang));
  s.bind(5, at).bind(6, at);
  s.run();
  return *find(name);
}

void Accounts::set_password(const std::string& name, std::string_view password) {
  if (auto p = password_problem(password); !p.empty()) throw AuthError(p);
  auto u = find(name);
  if (!u) throw AuthError("no user of that name");
  const std::string h = hash_password(password);
  store::Transaction tx(c_);
  auto s = c_.prepare(
      "UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?");
  s.bind(1, h).bind(2, iso_time(now())).bind(3, u->id);
  s.run();
  auto r = c_.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
  r.bind(1, now()).bind(2, u->id);
  r.run();
  tx.commit();
}

void Accounts::disable(const std::string& name) {
  auto u = find(name);
  if (!u) throw AuthError("no user of that name");
  store::Transaction tx(c_);
  auto s = c_.prepare("UPDATE users SET disabled = 1 WHERE id = ?");
  s.bind(1, u->id);
  s.run();
  auto r = c_.prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
  r.bind(1, now()).bind(2, u->id);
  r.run();
  tx.commit();
}

std::optional<User> Accounts::find(const std::string& name) {
  auto s = c_.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::vector<User> Accounts::list() {
  std::vector<User> out;
  auto s = c_.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
  while (s.step()) out.push_back(read_user(s));
  return out;
}

Login Accounts::login(const std::string& name, std::string_view password) {
  Login out;
  const std::int64_t t = now();
  std::optional<User> u;
  std::string hash;
  if (name.size() <= 64 && password.size() <= kMaxPasswordLength) {
    auto s = c_.prepare(std::string("SELECT ") + kUserColumns + ", password_hash FROM users WHERE name = ?");
    s.bind(1, name);
    if (s.step()) {
      u = read_user(s);
      hash = s.text(10);
    }
  }
  // The hash is checked in every case, so that each answer takes as long.
  const bool right = verify_password(u ? hash : decoy_hash(), password.substr(0, kMaxPasswordLength));
  if (!u) return out;
  if (u->disabled) {
    out.why = Login::Why::disabled;
    return out;
  }
  if (u->locked(t)) {
    out.why = Login::Why::locked;
    return out;
  }
  if (!right) {
    // Counted in the store, not from what was read above: two wrong
    // passwords at once on two threads count two.
    store::Transaction tx(c_);
    auto inc = c_.prepare("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?");
    inc.bind(1, u->id);
    inc.run();
    auto lock = c_.prepare(
        "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ? AND failed_logins >= ?");
    lock.bind(1, t + std::int64_t(policy_.lock_for.count())).bind(2, u->id).bind(3, policy_.max_failures);
    lock.run();
    out.why = c_.changes() > 0 ? Login::Why::locked : Login::Why::wrong;  // locked: this one locked it
    tx.commit();
    return out;
  }
  out.token = random_token();
  Viewer v;
  v.user_id = u->id;
  v.name = u->name;
  v.role = u->role;
  v.lang = u->lang;
  v.csrf = random_token();
  const std::int64_t expires = std::min(t + std::int64_t(policy_.idle.count()), t + std::int64_t(policy_.absolute.count()));
  store::Transaction tx(c_);
  auto upd = c_.prepare("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?");
  upd.bind(1, iso_time(t)).bind(2, u->id);
  upd.run();
  auto ins = c_.prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, token_hash(out.token)).bind(2, u->id).bind(3, v.csrf).bind(4, t).bind(5, expires);
  ins.run();
  // Sessions over for a day are of no more use to anyone.
  auto prune = c_.prepare("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?");
  prune.bind(1, t - 86400).bind(2, t - 86400);
  prune.run();
  tx.commit();
  out.viewer = std::move(v);
  out.why = Login::Why::ok;
  return out;
}

std::optional<Viewer> Accounts::session(const std::string& token) {
  if (token.size() != 64) return std::nullopt;
  const std::int64_t t = now();
  const std::string h = token_hash(token);
  auto s = c_.prepare(
      "SELECT s.user_id, s.csrf, s.created_at, s.expires_at, s.revoked_at, u.name, u.role, u.lang, u.disabled "
      "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?");
  s.bind(1, h);
  if (!s.step()) return std::nullopt;
  const std::int64_t created = s.int64(2), expires = s.int64(3);
  if (!s.is_null(4) || s.int64(8) != 0) return std::nullopt;
  const std::int64_t absolute_end = created + std::int64_t(policy_.absolute.count());
  if (t >= expires || t >= absolute_end) return std::nullopt;
  Viewer v;
  v.user_id = s.int64(0);
  v.csrf = s.text(1);
  v.name = s.text(5);
  v.role = role_of(s.text(6));
  v.lang = i18n::language_from_string(s.text(7)).value_or(i18n::Language::en);
  s.reset();
  // Slid at most once a minute: a page's burst of requests writes once.
  const std::int64_t slid = std::min(t + std::int64_t(policy_.idle.count()), absolute_end);
  if (slid - expires >= 60) {
    auto u = c_.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?");
    u.bind(1, slid).bind(2, h);
    u.run();
  }
  return v;
}

void Accounts::logout(const std::string& token) {
  if (token.empty()) return;
  auto s = c_.prepare("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");
  s.bind(1, now()).bind(2, token_hash(token));
  s.run();
}

bool AddressThrottle::refused(const std::string& address) {
  std::lock_guard lock(m_);
  auto it = by_address_.find(address);
  if (it == by_address_.end()) return false;
  if (std::chrono::steady_clock::now() - it->second.since > window_) {
    by_address_.erase(it);
    return false;
  }
  return it->second.failures >= max_;
}

void AddressThrottle::failed(const std::string& address) {
  std::lock_guard lock(m_);
  const auto t = std::chrono::steady_clock::now();
  // Bounded: the oldest entries go first when a scan sends from many addresses.
  if (by_address_.size() > 10000) {
    for (auto it = by_address_.begin(); it != by_address_.end();)
      it = t - it->second.since > window_ ? by_address_.erase(it) : std::next(it);
    if (by_address_.size() > 10000) by_address_.clear();
  }
  auto& e = by_address_[address];
  if (e.failures == 0 || t - e.since > window_) e = Entry{t, 0};
  ++e.failures;
}

}  // namespace fairaudit::serve
