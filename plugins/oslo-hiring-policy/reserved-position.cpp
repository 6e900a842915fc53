// oslo-hiring-policy/reserved-position
//
// Oslo kommune's recruitment scheme (rekrutteringsordningen) lets a unit
// advertise a position reserved for qualified applicants with a disability or
// with at least two years outside work, education or training in the last
// five (hull i CV-en); the applicant confirms this in a self-declaration in
// the application. A hire in such a round must therefore carry the matching
// declaration: if no qualified applicant from the target group comes forward,
// the position is advertised again without the reservation, not filled from
// outside the group. Only `yes` is a declaration.
#include <string>
#include <vector>

#include "rules.hpp"

namespace fairaudit::oslo_hiring {

void reserved_position(const Round& round, const RuleContext& ctx, Sink& sink) {
  const std::string& scheme = round.position.reserved_for;
  if (scheme.empty()) {
    sink.round_verdict(round, ctx.rule, Verdict::not_applicable, "the position is not reserved");
    return;
  }
  Evidence ev;
  ev.text("reserved_for", scheme);
  std::optional<SelfIdField> field;
  if (scheme == "disability") field = SelfIdField::disability;
  if (scheme == "cv_gap") field = SelfIdField::cv_gap;
  if (!field) {
    sink.round_verdict(round, ctx.rule, Verdict::insufficient_data,
                       "the position is reserved for {reserved_for}, which is not a scheme this rule knows "
                       "(disability, cv_gap)",
                       std::move(ev));
    return;
  }

  const auto hired = hires(round);
  if (hired.empty()) {
    sink.round_verdict(round, ctx.rule, Verdict::not_applicable,
                       "the position is reserved for {reserved_for}, and no one has been hired yet", std::move(ev));
    return;
  }
  std::vector<std::string> undeclared;
  for (const Applicant* a : hired)
    if (a->self_id.get(*field) != Answer::yes) undeclared.push_back(a->id);

  const auto n_hired = static_cast<std::int64_t>(hired.size());
  const auto n_undeclared = static_cast<std::int64_t>(undeclared.size());
  ev.count("hired", n_hired).count("hired_declared", n_hired - n_undeclared).count("hired_not_declared", n_undeclared);
  if (undeclared.empty()) {
    sink.round_verdict(round, ctx.rule, Verdict::complies,
                       "the position is reserved for {reserved_for}, and everyone hired declared it "
                       "(hired: {hired})",
                       std::move(ev));
    return;
  }
  sink.round_verdict(round, ctx.rule, Verdict::breach,
                     "the position is reserved for {reserved_for}, but people hired did not declare it "
                     "(hired: {hired}; without the declaration: {hired_not_declared})",
                     std::move(ev), std::move(undeclared), ctx.severity);
}

}  // namespace fairaudit::oslo_hiring
