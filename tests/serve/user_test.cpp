// fairaudit user add|passwd|disable|list: the password from standard input
// only, names that identify no one, and a listing without secrets.
#include <gtest/gtest.h>

#include <filesystem>

#include "serve/auth.hpp"
#include "store/store.hpp"
#include "support/cli.hpp"

namespace serve_user_test {
namespace {

using fairaudit::testing::run_fairaudit;
namespace serve = fairaudit::serve;
namespace store = fairaudit::store;

const std::vector<std::string> kFast{"FAIRAUDIT_TEST_FAST_HASH=1"};

struct serve_user : ::testing::Test {
  void SetUp() override {
    dir = fairaudit::testing::temp_dir("serve-user");
    db = dir + "/store.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string dir, db;
};

TEST_F(serve_user, add_reads_the_password_from_stdin_and_list_shows_no_secret) {
  auto r = run_fairaudit({"user", "add", "kari", "--role", "tillitsvalgt", "--lang", "nb", "--store", db}, "",
                         "correct horse battery\n", kFast);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "User kari added (union, nb).\n");
  r = run_fairaudit({"user", "add", "root", "--role", "admin", "--store", db}, "", "another long password\r\n", kFast);
  ASSERT_EQ(r.status, 0) << r.err;
  r = run_fairaudit({"user", "list", "--store", db});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("kari"), std::string::npos);
  EXPECT_NE(r.out.find("union"), std::string::npos);
  EXPECT_NE(r.out.find("admin"), std::string::npos);
  EXPECT_EQ(r.out.find("argon2"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("correct horse"), std::string::npos);
  store::Store st(db);
  serve::Accounts acc(st.connection());
  EXPECT_TRUE(acc.login("kari", "correct horse battery").viewer);
  EXPECT_TRUE(acc.login("root", "another long password").viewer) << "the line end is not part of the password";
}

TEST_F(serve_user, refuses_short_passwords_identifiers_and_unknown_roles) {
  auto r = run_fairaudit({"user", "add", "kari", "--role", "hr", "--store", db}, "", "eleven char\n", kFast);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("at least 12"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("eleven char"), std::string::npos) << "no password echoed";
  r = run_fairaudit({"user", "add", "kari.nordmann@example.com", "--role", "hr", "--store", db}, "",
                    "correct horse battery\n", kFast);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err.find("kari.nordmann"), std::string::npos) << r.err;
  r = run_fairaudit({"user", "add", "+47 912 34 567", "--role", "hr", "--store", db}, "", "correct horse battery\n", kFast);
  EXPECT_EQ(r.status, 2) << "a phone number is no name";
  r = run_fairaudit({"user", "add", "01019000083", "--role", "hr", "--store", db}, "", "correct horse battery\n", kFast);
  EXPECT_EQ(r.status, 2) << "a fødselsnummer is no name";
  EXPECT_EQ(r.err.find("01019000083"), std::string::npos) << r.err;
  r = run_fairaudit({"user", "add", "kari", "--role", "boss", "--store", db}, "", "correct horse battery\n", kFast);
  EXPECT_EQ(r.status, 2);
  r = run_fairaudit({"user", "add", "kari", "--role", "hr", "--store", db}, "", "", kFast);
  EXPECT_EQ(r.status, 2) << "no password at all";
  r = run_fairaudit({"user", "list", "--store", db});
  EXPECT_NE(r.out.find("No users yet"), std::string::npos) << r.out;
}

TEST_F(serve_user, passwd_and_disable) {
  ASSERT_EQ(run_fairaudit({"user", "add", "kari", "--role", "union", "--store", db}, "", "correct horse battery\n", kFast)
                .status,
            0);
  std::string token;
  {
    store::Store st(db);
    token = serve::Accounts(st.connection()).login("kari", "correct horse battery").token;
    ASSERT_FALSE(token.empty());
  }
  auto r = run_fairaudit({"user", "passwd", "kari", "--store", db}, "", "a new long password\n", kFast);
  ASSERT_EQ(r.status, 0) << r.err;
  {
    store::Store st(db);
    serve::Accounts acc(st.connection());
    EXPECT_FALSE(acc.session(token)) << "a new password ends the sessions";
    EXPECT_FALSE(acc.login("kari", "correct horse battery").viewer);
    EXPECT_TRUE(acc.login("kari", "a new long password").viewer);
  }
  EXPECT_EQ(run_fairaudit({"user", "passwd", "nobody", "--store", db}, "", "a new long password\n", kFast).status, 2);
  r = run_fairaudit({"user", "disable", "kari", "--store", db});
  ASSERT_EQ(r.status, 0) << r.err;
  store::Store st(db);
  EXPECT_FALSE(serve::Accounts(st.connection()).login("kari", "a new long password").viewer);
  EXPECT_NE(run_fairaudit({"user", "list", "--store", db}).out.find("yes"), std::string::npos);
}

TEST_F(serve_user, serve_needs_a_store) {
  const auto r = run_fairaudit({"serve", "--store", dir + "/none.db", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--store"), std::string::npos) << r.err;
}

TEST(serve_throttle, an_address_is_refused_after_its_failures_and_others_are_not) {
  serve::AddressThrottle t(3, std::chrono::seconds(60));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(t.refused("192.0.2.1"));
    t.failed("192.0.2.1");
  }
  EXPECT_TRUE(t.refused("192.0.2.1"));
  EXPECT_FALSE(t.refused("192.0.2.2"));
}

}  // namespace
}  // namespace serve_user_test
