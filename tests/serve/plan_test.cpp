// The union pages of `fairaudit serve` hide what a union report of the same
// run hides across findings (the run's stored plan, emit/complements.hpp):
// on an export where a pooled finding minus its rounds, or a unit's row
// minus a sub-unit's, would give a small count back, every finding's page
// shows its evidence exactly as `fairaudit audit --audience union` does; and
// a run stored with no plan (before plans were kept) hides every group count.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "../emit/report_support.hpp"
#include "store/store.hpp"
#include "support.hpp"

namespace fairaudit::testing::serve_plan {
namespace {

using namespace serve_pages;

std::string text_of(const rapidjson::Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

class ServedPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch("served-plan");
    // As ReconstructionAcross (tests/emit): a sub-unit and a pooled round with few women invited.
    const std::vector<report::RoundCounts> rounds = {
        {"ACR-BIG-1", "acr/big", 20, 10, 3, 20, 10, 3}, {"ACR-SMALL-1", "acr/small", 12, 7, 2, 10, 3, 1},
        {"POOL-1", "pool/u", 20, 15, 5, 20, 5, 1},      {"POOL-2", "pool/u", 20, 15, 5, 20, 5, 1},
        {"POOL-3", "pool/u", 10, 8, 2, 6, 1, 0},        {"BIG-1", "big/a", 30, 20, 6, 30, 10, 2},
        {"BIG-2", "big/b", 30, 20, 6, 30, 10, 2},
    };
    input_ = report::write_rounds_export(dir_.string(), "across.jsonl", rounds);
    db_ = dir_ / "store.db";
    report_ = parse(report::audit_output({input_}, "json", "union", {"--store", db_.string()}));
    ASSERT_TRUE(report_.HasMember("findings"));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  rapidjson::Document page(const std::string& fp) {
    serve::Pages pages(options(db_));
    auto r = pages.handle(get("/api/findings/" + fp), viewer(Role::union_));
    EXPECT_TRUE(r && r->status == 200) << fp;
    return parse(r ? r->body : std::string("{}"));
  }
  fs::path dir_, db_;
  std::string input_;
  rapidjson::Document report_;
};

TEST_F(ServedPlan, UnionPagesShowEachFindingAsTheUnionReportDoes) {
  int compared = 0;
  for (const auto& f : report_["findings"].GetArray()) {
    const std::string fp = f["fingerprint"].GetString();
    auto p = page(fp);
    ASSERT_TRUE(p.HasMember("evidence")) << fp;
    EXPECT_EQ(text_of(p["evidence"]), text_of(f["evidence"])) << fp;
    ++compared;
  }
  EXPECT_GT(compared, 0);
  // The plan is what makes them equal: with an empty one, some page shows a
  // count the report hides (else the test is vacuous).
  {
    store::Store st(db_.string());
    st.connection().exec("DELETE FROM run_withheld");
  }
  int differ = 0;
  for (const auto& f : report_["findings"].GetArray())
    differ += text_of(page(f["fingerprint"].GetString())["evidence"]) != text_of(f["evidence"]);
  EXPECT_GT(differ, 0);
}

TEST_F(ServedPlan, ARunWithNoPlanHidesEveryGroupCount) {
  {
    store::Store st(db_.string());
    st.connection().exec("DELETE FROM run_plans; DELETE FROM run_withheld");
  }
  int groups = 0;
  for (const auto& f : report_["findings"].GetArray()) {
    auto p = page(f["fingerprint"].GetString());
    if (!p["evidence"].HasMember("groups")) continue;
    for (const auto& g : p["evidence"]["groups"].GetArray()) {
      ++groups;
      for (const char* k : {"n", "selected", "reference_n", "reference_selected"})
        if (g.HasMember(k)) EXPECT_FALSE(g[k].IsInt64()) << f["fingerprint"].GetString() << " " << k << " " << text_of(g);
    }
  }
  EXPECT_GT(groups, 0);
}

}  // namespace
}  // namespace fairaudit::testing::serve_plan
