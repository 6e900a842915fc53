// process-integrity/hire-was-interviewed — the qualification principle
// (kvalifikasjonsprinsippet; for the state statsansatteloven § 3 first
// paragraph, with Statens personalhåndbok 2.4.3 on the interview) has the
// best-qualified applicant chosen from a comparison on the same terms; the
// interview is where personal suitability is compared. No rule found makes
// an interview compulsory: good practice everywhere.
#include <cstdint>
#include <string>
#include <vector>

#include "rules.hpp"

namespace process_integrity {

void hire_was_interviewed(const Round& r, const Call& call, Sink& sink) {
  std::int64_t hired = 0;
  std::vector<std::string> not_interviewed;
  for (const auto& a : r.applicants) {
    if (!a.reached(Stage::hired)) continue;
    ++hired;
    if (!interviewed(r, a)) not_interviewed.push_back(a.id);
  }
  if (hired == 0)
    return sink.round_verdict(r, call.rule, Verdict::not_applicable, "No one has been hired in this round.");
  Evidence e;
  e.count("hired", hired);
  e.count("hired_not_interviewed", static_cast<std::int64_t>(not_interviewed.size()));
  if (not_interviewed.empty())
    return sink.round_verdict(r, call.rule, Verdict::complies, "Everyone hired was interviewed.", std::move(e));
  sink.round_verdict(r, call.rule, Verdict::breach,
                     "Hired without a recorded interview: {hired_not_interviewed} (hired: {hired}).", std::move(e),
                     std::move(not_interviewed), call.severity);
}

}  // namespace process_integrity
