// The users and sessions of `fairaudit serve` against a real store: what a
// copy of the store gives away (no password, no token), when a session ends,
// when an account locks.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "serve/auth.hpp"
#include "serve/http.hpp"
#include "store/store.hpp"
#include "support/cli.hpp"

namespace serve_auth_test {
namespace {

using namespace fairaudit;
using serve::Accounts;
using serve::Login;
using serve::Role;

constexpr const char* kPassword = "correct horse battery";

struct Fixture : ::testing::Test {
  void SetUp() override {
    ::setenv("FAIRAUDIT_TEST_FAST_HASH", "1", 1);
    dir = fairaudit::testing::temp_dir("serve-auth");
    path = dir + "/store.db";
    st = std::make_unique<store::Store>(path);
  }
  void TearDown() override {
    st.reset();
    std::filesystem::remove_all(dir);
  }
  Accounts accounts() {
    return Accounts(st->connection(), {}, [this] { return now; });
  }
  std::string dir, path;
  std::unique_ptr<store::Store> st;
  std::int64_t now = 1'800'000'000;
};

using serve_auth = Fixture;

TEST_F(serve_auth, password_hash_is_argon2id_and_verifies_only_the_password) {
  const std::string h = serve::hash_password(kPassword);
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(h.find(kPassword), std::string::npos);
  EXPECT_TRUE(serve::verify_password(h, kPassword));
  EXPECT_FALSE(serve::verify_password(h, "correct horse batterY"));
  EXPECT_FALSE(serve::verify_password(h, ""));
  // Two hashes of one password differ (a salt each).
  EXPECT_NE(h, serve::hash_password(kPassword));
}

TEST_F(serve_auth, the_store_keeps_neither_password_nor_token) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  const Login l = acc.login("kari", kPassword);
  ASSERT_TRUE(l.viewer);
  ASSERT_EQ(l.token.size(), 64u);
  EXPECT_NE(l.viewer->csrf, l.token);
  st.reset();  // everything written out (WAL checkpointed on close)
  const std::string bytes = fairaudit::testing::read_file(path) + fairaudit::testing::read_file(path + "-wal");
  EXPECT_EQ(bytes.find(l.token), std::string::npos);
  EXPECT_EQ(bytes.find(kPassword), std::string::npos);
  EXPECT_NE(bytes.find(serve::token_hash(l.token)), std::string::npos);
  st = std::make_unique<store::Store>(path);
  auto s = st->connection().prepare("SELECT token_hash FROM sessions");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.text(0), serve::token_hash(l.token));
  EXPECT_TRUE(accounts().session(l.token));
  // The hash itself is no token.
  EXPECT_FALSE(accounts().session(serve::token_hash(l.token)));
}

TEST_F(serve_auth, session_ends_after_30_idle_minutes_and_slides_with_use) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  const auto token = acc.login("kari", kPassword).token;
  now += 29 * 60;
  ASSERT_TRUE(accounts().session(token));  // slides to now + 30 min
  now += 29 * 60;
  ASSERT_TRUE(accounts().session(token));
  now += 30 * 60 + 1;
  EXPECT_FALSE(accounts().session(token));
}

TEST_F(serve_auth, session_ends_12_hours_after_sign_in_however_used) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  const auto start = now;
  const auto token = acc.login("kari", kPassword).token;
  while (now + 20 * 60 < start + 12 * 3600) {
    now += 20 * 60;
    ASSERT_TRUE(accounts().session(token)) << (now - start) / 60 << " minutes in";
  }
  now = start + 12 * 3600;
  EXPECT_FALSE(accounts().session(token));
}

TEST_F(serve_auth, logout_and_password_change_end_sessions) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  acc.add("ola", Role::hr, i18n::Language::nn, kPassword);
  const auto a = acc.login("kari", kPassword).token, b = acc.login("kari", kPassword).token,
             c = acc.login("ola", kPassword).token;
  acc.logout(a);
  EXPECT_FALSE(acc.session(a));
  EXPECT_TRUE(acc.session(b));
  acc.set_password("kari", "another long password");
  EXPECT_FALSE(acc.session(b));
  EXPECT_TRUE(acc.session(c)) << "another user's session is not touched";
  EXPECT_FALSE(acc.login("kari", kPassword).viewer);
  EXPECT_TRUE(acc.login("kari", "another long password").viewer);
}

TEST_F(serve_auth, ten_wrong_passwords_in_a_row_lock_the_account) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(acc.login("kari", "wrong password!").why, Login::Why::wrong);
  // Nine, then the right one: signed in, and the count starts again.
  EXPECT_TRUE(acc.login("kari", kPassword).viewer);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(acc.login("kari", "wrong password!").why, Login::Why::wrong);
  EXPECT_EQ(acc.login("kari", "wrong password!").why, Login::Why::locked);  // the tenth
  const Login right = acc.login("kari", kPassword);
  EXPECT_FALSE(right.viewer);
  EXPECT_EQ(right.why, Login::Why::locked);
  EXPECT_TRUE(acc.find("kari")->locked(now));
  now += 15 * 60 - 1;
  EXPECT_FALSE(acc.login("kari", kPassword).viewer);
  now += 1;
  EXPECT_TRUE(acc.login("kari", kPassword).viewer) << "the lock lasts 15 minutes";
}

TEST_F(serve_auth, wrong_passwords_on_two_threads_at_once_all_count) {
  accounts().add("kari", Role::union_, i18n::Language::nb, kPassword);
  auto wrong_five = [this] {
    store::Store own(path);  // a connection per thread, as the server has
    Accounts acc(own.connection(), {}, [this] { return now; });
    for (int i = 0; i < 5; ++i) acc.login("kari", "wrong password!");
  };
  std::thread a(wrong_five), b(wrong_five);
  a.join();
  b.join();
  EXPECT_EQ(accounts().login("kari", kPassword).why, Login::Why::locked) << "5 + 5 wrong ones lock";
}

TEST_F(serve_auth, a_new_password_unlocks) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  for (int i = 0; i < 10; ++i) acc.login("kari", "wrong password!");
  ASSERT_FALSE(acc.login("kari", kPassword).viewer);
  acc.set_password("kari", "a brand new password");
  EXPECT_TRUE(acc.login("kari", "a brand new password").viewer);
}

TEST_F(serve_auth, a_disabled_user_cannot_sign_in_and_loses_the_sessions) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  const auto token = acc.login("kari", kPassword).token;
  acc.disable("kari");
  EXPECT_FALSE(acc.session(token));
  const Login l = acc.login("kari", kPassword);
  EXPECT_FALSE(l.viewer);
  EXPECT_EQ(l.why, Login::Why::disabled);
  EXPECT_TRUE(acc.find("kari")->disabled);
}

TEST_F(serve_auth, an_unknown_name_is_refused_like_a_wrong_password) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  const Login l = acc.login("nobody", kPassword);
  EXPECT_FALSE(l.viewer);
  EXPECT_TRUE(l.token.empty());
  EXPECT_EQ(l.why, Login::Why::unknown);
}

TEST_F(serve_auth, session_gives_the_viewer) {
  auto acc = accounts();
  acc.add("kari", Role::union_, i18n::Language::nb, kPassword);
  const Login l = acc.login("kari", kPassword);
  auto v = acc.session(l.token);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->name, "kari");
  EXPECT_EQ(v->role, Role::union_);
  EXPECT_EQ(v->lang, i18n::Language::nb);
  EXPECT_EQ(v->csrf, l.viewer->csrf);
  EXPECT_FALSE(acc.session(""));
  EXPECT_FALSE(acc.session(std::string(64, 'a')));
}

TEST_F(serve_auth, names_and_passwords_are_checked) {
  auto acc = accounts();
  EXPECT_THROW(acc.add("kari", Role::hr, i18n::Language::en, "eleven char"), serve::AuthError);  // 11
  EXPECT_NO_THROW(acc.add("kari", Role::hr, i18n::Language::en, "twelve chars"));             // 12
  EXPECT_THROW(acc.add("kari", Role::hr, i18n::Language::en, kPassword), serve::AuthError);   // taken
  EXPECT_THROW(acc.add("", Role::hr, i18n::Language::en, kPassword), serve::AuthError);
  EXPECT_THROW(acc.add("a\nb", Role::hr, i18n::Language::en, kPassword), serve::AuthError);
  // Characters, not bytes: twelve Nordic letters are 24 bytes, eleven are too few.
  EXPECT_EQ(serve::password_problem("æøåæøåæøåæøå"), "");
  EXPECT_NE(serve::password_problem("æøåæøåæøåæø"), "");
  try {
    acc.add("ola", Role::hr, i18n::Language::en, "short pw");
    FAIL();
  } catch (const serve::AuthError& e) {
    EXPECT_EQ(std::string(e.what()).find("short pw"), std::string::npos) << "no password echoed";
  }
}

TEST(serve_roles, stored_local_and_admin_names) {
  using serve::role_from_string;
  EXPECT_EQ(role_from_string("representative"), Role::representative);
  EXPECT_EQ(role_from_string("union"), Role::union_);
  EXPECT_EQ(role_from_string("hr"), Role::hr);
  EXPECT_EQ(role_from_string("admin"), Role::admin);
  EXPECT_EQ(role_from_string("Admin"), Role::admin);
  EXPECT_EQ(role_from_string("tillitsvalgt"), Role::union_);
  EXPECT_EQ(role_from_string("förtroendevald"), Role::union_);
  EXPECT_EQ(role_from_string("tillidsrepræsentant"), Role::union_);
  EXPECT_EQ(role_from_string("likestillingsrepresentant"), Role::representative);
  EXPECT_EQ(role_from_string("personalavdeling"), Role::hr);
  EXPECT_FALSE(role_from_string("boss"));
  EXPECT_FALSE(role_from_string(""));
  for (Role r : {Role::representative, Role::union_, Role::hr, Role::admin})
    EXPECT_EQ(role_from_string(serve::to_string(r)), r);
}

TEST(serve_http, route_pattern_masks_every_id) {
  using serve::route_pattern;
  EXPECT_EQ(route_pattern("/runs"), "/runs");
  EXPECT_EQ(route_pattern("/findings/ab12cd34ef"), "/findings/{fp}");
  EXPECT_EQ(route_pattern("/findings/ab12cd34ef/review"), "/findings/{fp}/review");
  EXPECT_EQ(route_pattern("/api/findings/ab12"), "/api/findings/{fp}");
  EXPECT_EQ(route_pattern("/rounds/OSL-BGO-2026-0101/checklist"), "/rounds/{round}/checklist");
  EXPECT_EQ(route_pattern("/units/oslo%2Fbydel-stovner/trend"), "/units/{unit}/trend");
  EXPECT_EQ(route_pattern("/kari.nordmann@example.com"), "/{id}");
  EXPECT_EQ(route_pattern("/"), "/");
  EXPECT_EQ(route_pattern("/static/serve.css"), "/static/serve.css");
}

TEST(serve_http, percent_decoding) {
  using serve::percent_decode;
  EXPECT_EQ(percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(percent_decode("a%20b+c", false), "a b+c");
  EXPECT_EQ(percent_decode("%C3%B8", false), "ø");
  EXPECT_EQ(percent_decode("100%", false), "100%");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
  EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
}

}  // namespace
}  // namespace serve_auth_test
