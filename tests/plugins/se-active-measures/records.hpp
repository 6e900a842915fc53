// The measures records the se-active-measures tests start from: one
// employer's compliant record for recruitment and promotion, as a JSON line,
// with each field replaceable (or removed: not recorded in this export).
#pragma once

#include <map>
#include <string>

namespace se_am_test {

inline const std::string kEmployer = "kommun-a";
inline const std::string kKey = "2025/recruitment_promotion";

struct MeasuresSpec {
  std::map<std::string, std::string> fields{
      {"employees", "1850"},
      {"area", R"("recruitment_promotion")"},
      {"steps", R"({"investigate":"2025-02-10","analyse":"2025-03-24","act":"2025-05-05","follow_up":"2025-11-17"})"},
      {"grounds_covered",
       R"(["sex","transgender_identity_or_expression","ethnicity","religion_or_belief","disability","sexual_orientation","age"])"},
      {"cooperation_documented", "true"},
      {"documentation", R"({"written":true,"at":"2025-12-08","previous_year_evaluated":true})"},
  };
  int year = 2025;

  MeasuresSpec& set(const std::string& k, const std::string& v) {
    fields[k] = v;
    return *this;
  }
  MeasuresSpec& drop(const std::string& k) {
    fields.erase(k);
    return *this;
  }
  std::string line() const {
    std::string s = R"({"kind":"measures","schema":1,"employer":")" + kEmployer + R"(","year":)" +
                    std::to_string(year);
    for (const auto& [k, v] : fields) s += ",\"" + k + "\":" + v;
    return s + "}\n";
  }
};

// A Swedish round of the same employer decided on `day`: a record that
// dates the export.
inline std::string round_dated(const std::string& day) {
  return R"({"kind":"round","schema":1,"round_id":"R-)" + day +
         R"(","org_unit":"kommun-a/socialforvaltningen","jurisdiction":"SE","decision_at":")" + day +
         R"(","applicants":[]})"
         "\n";
}

}  // namespace se_am_test
