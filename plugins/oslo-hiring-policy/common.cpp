// Small helpers the rule files share.
#include "rules.hpp"

namespace fairaudit::oslo_hiring {

std::vector<const Applicant*> hires(const Round& round) {
  std::vector<const Applicant*> out;
  for (const auto& a : round.applicants)
    if (a.reached(Stage::hired)) out.push_back(&a);
  return out;
}

bool sent_to_unions(const Document& doc) {
  for (const auto& to : doc.sent_to)
    if (to == "union") return true;
  return false;
}

}  // namespace fairaudit::oslo_hiring
