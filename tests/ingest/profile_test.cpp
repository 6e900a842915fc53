// The Danish ingest profile (host/ingest/profile.hpp): which field names it
// refuses, that it finds them at any depth with their JSON path, that the
// refusal never carries the value, and that without the profile the same
// line is read as before.
#include <gtest/gtest.h>

#include <string>

#include "ingest/profile.hpp"
#include "ingest/record.hpp"

namespace profile_test {
namespace {

using fairaudit::ingest::forbidden_ground;
using fairaudit::ingest::IngestProfile;
using fairaudit::ingest::Limits;
using fairaudit::ingest::parse_line;
using fairaudit::ingest::profile_for_jurisdiction;

TEST(IngestProfile, NamesForTheGroundsOfParagraphFourAreRefused) {
  for (const char* name : {"immigrant_background", "ethnicity", "EthnicOrigin", "etnicitet", "etnisk_oprindelse",
                           "race", "Race", "religion", "religious_affiliation", "tro", "trosretning", "faith",
                           "skin_colour", "hudfarve", "national_origin", "country_of_birth", "indvandrer",
                           "efterkommer", "minority_background", "herkomst", "sexual_orientation", "political_view"})
    EXPECT_NE(forbidden_ground(name), nullptr) << name;
}

TEST(IngestProfile, OtherNamesPass) {
  // Words that merely contain a ground's letters, and the fields the
  // canonical format and the Danish policy use.
  for (const char* name : {"trace", "grace_period", "trust", "gender", "disability", "priority_access",
                           "referred_by_jobcenter", "meets_formal_requirements", "representative", "reason_code",
                           "recommendation_at", "origin", "country", "nationality_checked_by_hr"})
    EXPECT_EQ(forbidden_ground(name), nullptr) << name;
}

TEST(IngestProfile, TheJurisdictionDkSelectsIt) {
  EXPECT_EQ(profile_for_jurisdiction("DK"), IngestProfile::dk);
  EXPECT_EQ(profile_for_jurisdiction("NO-OSL"), IngestProfile::none);
  EXPECT_EQ(profile_for_jurisdiction(""), IngestProfile::none);
}

const std::string kLine =
    R"({"kind":"round","schema":1,"round_id":"R-DK","org_unit":"k/forvaltning/enhed","jurisdiction":"DK",)"
    R"("applicants":[{"id":"a1","gender":"woman"},{"id":"a2","self_id":{"disability":"no",)"
    R"("immigrant_background":"yes"},"ethnic_group":"SECRET-VALUE"}]})";

TEST(IngestProfile, ARefusedFieldIsNamedByItsPathAndItsValueIsWithheld) {
  Limits limits;
  limits.profile = IngestProfile::dk;
  const auto out = parse_line(kLine, {"export.jsonl", 7}, limits);
  ASSERT_TRUE(out.error.has_value());
  EXPECT_FALSE(out.record.has_value());
  EXPECT_EQ(out.error->line, 7u);
  // The first forbidden field in document order.
  EXPECT_EQ(out.error->path, "applicants[1].self_id.immigrant_background");
  EXPECT_EQ(out.error->kind, "profile");
  EXPECT_NE(out.error->message.find("forskelsbehandlingsloven § 4"), std::string::npos);
  const std::string shown = out.error->to_string();
  EXPECT_EQ(shown.find("SECRET-VALUE"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("R-DK"), std::string::npos) << shown;
}

TEST(IngestProfile, AnExtensionFieldIsRefusedWithoutItsValue) {
  Limits limits;
  limits.profile = IngestProfile::dk;
  std::string line = kLine;
  line.replace(line.find("\"immigrant_background\":\"yes\""), 28, "\"cv_gap\":\"yes\"");
  const auto out = parse_line(line, {"export.jsonl", 8}, limits);
  ASSERT_TRUE(out.error.has_value());
  EXPECT_EQ(out.error->path, "applicants[1].ethnic_group");
  EXPECT_EQ(out.error->to_string().find("SECRET-VALUE"), std::string::npos) << out.error->to_string();
}

TEST(IngestProfile, WithoutTheProfileTheLineIsRead) {
  const auto out = parse_line(kLine, {"export.jsonl", 7}, Limits{});
  EXPECT_FALSE(out.error.has_value()) << out.error->to_string();
  EXPECT_TRUE(out.record.has_value());
}

TEST(IngestProfile, UnitAndMeasuresRecordsAreSearchedToo) {
  Limits limits;
  limits.profile = IngestProfile::dk;
  const auto out = parse_line(
      R"({"kind":"unit","schema":1,"org_unit":"k/f","period":"2026","meetings":[{"type":"x","at":"2026-01-05","tags":[],"Religion":"x"}]})",
      {"export.jsonl", 1}, limits);
  ASSERT_TRUE(out.error.has_value());
  EXPECT_EQ(out.error->path, "meetings[0].Religion");
}

}  // namespace
}  // namespace profile_test
