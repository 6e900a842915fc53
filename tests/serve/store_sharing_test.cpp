// The server keeps a store connection per thread while the nightly run and
// `fairaudit user` open the same store from other processes. Opening a
// second connection in the server's process must not drop the locks of the
// first: another process would then take the store for unused, and delete
// or reset the write-ahead log the server is still writing to.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "serve/auth.hpp"
#include "store/store.hpp"
#include "support/cli.hpp"

namespace serve_store_sharing_test {
namespace {

using namespace fairaudit;

TEST(serve_store, a_second_connection_keeps_the_first_ones_locks) {
  ::setenv("FAIRAUDIT_TEST_FAST_HASH", "1", 1);
  const std::string dir = fairaudit::testing::temp_dir("serve-store");
  const std::string path = dir + "/store.db";
  {
    store::Store first(path);
    serve::Accounts(first.connection()).add("kari", serve::Role::union_, i18n::Language::nb, "correct horse battery");
    ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
    store::Store second(path);  // another thread's
    const auto other = fairaudit::testing::run_fairaudit({"user", "list", "--store", path});
    ASSERT_EQ(other.status, 0) << other.err;
    EXPECT_TRUE(std::filesystem::exists(path + "-wal")) << "another process removed the log this one writes to";
    serve::Accounts(second.connection()).add("ola", serve::Role::hr, i18n::Language::nn, "correct horse battery");
    const auto later = fairaudit::testing::run_fairaudit({"user", "list", "--store", path});
    EXPECT_NE(later.out.find("ola"), std::string::npos) << "a write after that is seen by other processes";
  }
  const auto after = fairaudit::testing::run_fairaudit({"user", "list", "--store", path});
  EXPECT_NE(after.out.find("ola"), std::string::npos) << "and kept once every connection is closed";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace serve_store_sharing_test
