// representative-involvement/meets-in-trekantmote — Oslo kommune's local
// equality routines: the trekantmøte is where recruitment is followed up.
#include <optional>

#include "rules.hpp"

namespace representative_involvement {

namespace {

struct Period {
  std::optional<Timestamp> from, to;  // inclusive
};

// "2026", "2026-01/2026-06", "2026-01-01/2026-06-30"; anything else: no bounds.
Period parse_period(const std::string& p) {
  auto start_of = [](const std::string& s) -> std::optional<Timestamp> {
    if (s.size() == 4) return Timestamp::parse(s + "-01-01");
    if (s.size() == 7) return Timestamp::parse(s + "-01");
    return Timestamp::parse(s);
  };
  auto end_of = [](const std::string& s) -> std::optional<Timestamp> {
    if (s.size() == 4) return Timestamp::parse(s + "-12-31");
    if (s.size() == 7) {
      auto first = Timestamp::parse(s + "-01");
      if (!first) return std::nullopt;
      int y = first->year(), m = first->month() + 1;
      if (m == 13) { m = 1; ++y; }
      auto next = Timestamp::from_ymd(y, m, 1);
      return next ? std::optional<Timestamp>(Timestamp::from_days(next->days() - 1)) : std::nullopt;
    }
    return Timestamp::parse(s);
  };
  auto slash = p.find('/');
  if (slash == std::string::npos) return {start_of(p), end_of(p)};
  return {start_of(p.substr(0, slash)), end_of(p.substr(slash + 1))};
}

}  // namespace

void meets_in_trekantmote(const UnitRecord& u, const Call& call, Sink& sink) {
  const Period period = parse_period(u.period);
  std::size_t best_missing = call.context.trekantmote_roles.size() + 1;
  std::string missing_text;
  std::optional<Timestamp> met_at;
  int meetings = 0;
  for (const auto& m : u.meetings) {
    if (m.type != "trekantmote") continue;
    if (period.from && m.at.days() < period.from->days()) continue;
    if (period.to && m.at.days() > period.to->days()) continue;
    ++meetings;
    std::size_t missing = 0;
    std::string names;
    for (const auto& role : call.context.trekantmote_roles) {
      bool present = false;
      for (const auto& r : m.roles) present = present || r == role;
      if (!present) {
        ++missing;
        names += (names.empty() ? "" : ", ") + role;
      }
    }
    if (missing == 0) {
      met_at = m.at;
      break;
    }
    if (missing < best_missing) {
      best_missing = missing;
      missing_text = names;
    }
  }
  Evidence e;
  e.text("period", u.period);
  e.number("trekantmoter", meetings);
  if (met_at) {
    e.date("met_at", *met_at);
    return sink.unit_verdict(u.org_unit, call.rule, Verdict::complies,
                             "A trekantmøte with every role was held on {met_at}.", std::move(e));
  }
  if (meetings == 0)
    return sink.unit_verdict(u.org_unit, call.rule, Verdict::breach,
                             "No trekantmøte is recorded for {period}.", std::move(e));
  e.text("missing_roles", missing_text);
  sink.unit_verdict(u.org_unit, call.rule, Verdict::breach,
                    "Trekantmøter recorded for {period}: {trekantmoter}, but none with every role (missing: "
                    "{missing_roles}).",
                    std::move(e));
}

}  // namespace representative_involvement
