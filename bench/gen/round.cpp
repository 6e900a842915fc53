#include "round.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <string_view>

namespace fairaudit::gen {
namespace {

// Rejection and withdrawal reasons: the controlled list an ATS offers.
enum Reason : std::uint8_t {
  kNoReason,
  kFormal,
  kNotShortlisted,
  kBetterHired,
  kPositionFilled,
  kLate,
  kPositionWithdrawn,
  kDeclinedOffer,
  kOtherOffer,
  kPersonal,
};
constexpr std::string_view kReasonText[] = {"",
                                            "formal_requirements_not_met",
                                            "not_shortlisted",
                                            "better_qualified_hired",
                                            "position_filled",
                                            "late_application",
                                            "position_withdrawn",
                                            "declined_offer",
                                            "accepted_other_offer",
                                            "personal_reasons"};

enum DecisionReason : std::uint8_t { kNoDecisionReason, kModerateQuota, kRankOneWithdrew, kUnionAgreed };
constexpr std::string_view kDecisionReasonText[] = {"", "moderate_quota", "rank_one_withdrew",
                                                    "union_agreed_rank_change"};

constexpr std::string_view kAgeBands[] = {"18-29", "30-39", "40-49", "50-59", "60+"};
// Age bands of applicants to public-sector posts, rounded.
constexpr double kAgeWeights[] = {0.22, 0.30, 0.23, 0.18, 0.07};

enum SentTo : std::uint8_t { kToUnion = 1, kToRepresentative = 2, kToJobcenter = 4 };

struct RepEv {
  std::int32_t day;
  RepEventType type;
  std::int8_t agrees;  // -1: not given
};
struct Doc {
  std::string_view type;
  std::int32_t day;  // INT32_MIN: no date recorded
  std::uint8_t sent_to;
  std::int8_t equality_statement;  // -1: not given
};
struct PanelSeat {
  std::string_view role;
  Gender gender;
};

// The export's words, taken from the SDK so that the generator writes
// exactly the vocabulary ingest reads.
struct Vocab {
  std::string_view stage[kStageCount];
  std::string_view gender[5];
  std::string_view answer[5];
  std::string_view outcome[3];
  std::string_view rep_event[7];
  std::string_view self_id[4];
  std::string_view jurisdiction[5];
  Vocab() {
    for (int i = 0; i < kStageCount; ++i) stage[i] = to_string(static_cast<Stage>(i));
    for (int i = 0; i < 5; ++i) gender[i] = to_string(static_cast<Gender>(i));
    for (int i = 0; i < 5; ++i) answer[i] = to_string(static_cast<Answer>(i));
    for (int i = 0; i < 3; ++i) outcome[i] = to_string(static_cast<Outcome>(i));
    for (int i = 0; i < 7; ++i) rep_event[i] = to_string(static_cast<RepEventType>(i));
    for (int i = 0; i < 4; ++i) self_id[i] = to_string(static_cast<SelfIdField>(i));
    for (int i = 0; i < 5; ++i) jurisdiction[i] = to_string(static_cast<Jurisdiction>(i));
  }
};
const Vocab& vocab() {
  static const Vocab v;
  return v;
}

constexpr int kImmigrant = static_cast<int>(SelfIdField::immigrant_background);
constexpr int kDisability = static_cast<int>(SelfIdField::disability);
constexpr int kCvGap = static_cast<int>(SelfIdField::cv_gap);
constexpr int kPriority = static_cast<int>(SelfIdField::priority_access);

bool is_focal(const RoundWriter::Person& p, const Planted& planted) {
  switch (planted.attribute) {
    case Planted::Attribute::none: return false;
    case Planted::Attribute::gender: return p.gender == planted.gender;
    case Planted::Attribute::immigrant_background: return p.self_id[kImmigrant] == Answer::yes;
    case Planted::Attribute::disability: return p.self_id[kDisability] == Answer::yes;
  }
  return false;
}

Gender panel_gender(Rng& g, double female_share) { return g.chance(female_share) ? Gender::woman : Gender::man; }

}  // namespace

void RoundWriter::write(Writer& w, const Dates& dates, Rng& g, std::uint64_t /*index*/, int n, Leaf& leaf,
                        const Org& org, double progress) {
  const Vocab& v = vocab();
  const Jurisdiction jurisdiction = org.jurisdiction;
  const bool norway = org.country == Country::norway;
  const bool denmark = org.country == Country::denmark;
  const Sector& sector = *leaf.sector;
  const std::int32_t y0 = days_from_civil(year_, 1, 1);

  // --- The position --------------------------------------------------------
  const char* title = sector.titles[g.between(0, 3)];
  int openings;
  {
    const double u = g.uniform();
    openings = u < 0.85 ? 1 : u < 0.93 ? 2 : u < 0.98 ? g.between(3, 5) : g.between(6, 15);
    openings = std::max(1, std::min(openings, n / 3));
  }
  const bool internal_only = g.chance(0.08);
  // Oslo kommune's rekrutteringsordningen reserves some posts for applicants
  // with an impairment or a gap in their CV.
  int reserved = -1;
  if (jurisdiction == Jurisdiction::no_oslo && !internal_only && g.chance(0.025))
    reserved = g.chance(0.5) ? kDisability : kCvGap;

  // --- The timeline --------------------------------------------------------
  std::int32_t advertised = y0 + 6 + static_cast<std::int32_t>(progress * 320) + g.between(-12, 12);
  advertised = std::clamp(advertised, y0 + 2, y0 + 335);
  while (weekday(advertised) >= 6) ++advertised;  // posts go out on working days
  static constexpr int kDurations[] = {10, 14, 14, 21, 21, 21, 28};
  const std::int32_t closes = advertised + kDurations[g.between(0, 6)];
  const std::int32_t screened = closes + g.between(1, 6);
  const std::int32_t invited = screened + g.between(1, 5);
  const std::int32_t first_interview_day = invited + g.between(3, 10);
  const int interview_span = g.between(0, 4);
  const std::int32_t last_interview_day = first_interview_day + interview_span;
  const std::int32_t references = last_interview_day + g.between(1, 4);
  const std::int32_t recommendation = references + g.between(1, 5);
  std::int32_t decision = recommendation + g.between(2, 8);
  // Process gaps the rules exist for: a decision taken before the
  // recommendation, or on the same day (no time for the representative and
  // the unions to respond).
  {
    const double u = g.uniform();
    if (u < 0.015)
      decision = std::max(last_interview_day + 1, recommendation - g.between(1, 3));
    else if (u < 0.045)
      decision = recommendation;
  }
  const bool write_recommendation = !g.chance(0.02);
  std::int32_t requirements = advertised - g.between(1, 20);
  bool write_requirements = true;
  {
    const double u = g.uniform();
    if (u < 0.04)
      requirements = advertised + g.between(1, 10);  // written down after the post was advertised
    else if (u < 0.09)
      write_requirements = false;
  }
  // A nightly export holds rounds still in progress (cut off at some day)
  // and a few cancelled ones.
  const double fate = g.uniform();
  const bool cancelled = fate < 0.015;
  const std::int32_t cutoff = (fate >= 0.015 && fate < 0.035) ? g.between(closes, std::max(closes, decision - 1)) : INT32_MAX;
  const bool with_times = g.chance(0.4);  // some ATSs log instants, others days

  // --- Which self-declarations the application form asks for --------------
  // Opt-in per application (Jobbnorge's boxes in Norway). Denmark may not ask
  // about ethnic origin (forskelsbehandlingsloven § 4) but asks who invokes
  // fortrinsadgang; Swedish employers do not register ethnicity.
  bool asked[4] = {false, false, false, false};
  if (norway) {
    asked[kImmigrant] = asked[kDisability] = asked[kCvGap] = true;
  } else if (denmark) {
    asked[kDisability] = asked[kPriority] = true;
  } else {
    asked[kDisability] = g.chance(0.5);
  }
  if (g.chance(0.04)) asked[0] = asked[1] = asked[2] = asked[3] = false;  // an old form without the questions
  double p_yes[4] = {leaf.immigrant_share, 0.035, 0.05, 0.45};  // priority access: of those with a disability
  if (reserved >= 0) p_yes[reserved] = 0.75;
  const double p_declined = 0.05 + 0.1 * g.uniform();
  const double female_share = sector.female_share;

  // --- Applications and screening ------------------------------------------
  people_.resize(static_cast<std::size_t>(n));
  pool_.clear();
  const std::uint32_t salt = static_cast<std::uint32_t>(g.next() & 0xFFFFFFu);
  auto reason = [&](Reason r) -> std::uint8_t { return g.chance(0.03) ? kNoReason : r; };  // a reason left blank
  for (int i = 0; i < n; ++i) {
    Person& p = people_[static_cast<std::size_t>(i)];
    p = Person{};
    p.id = permute24(static_cast<std::uint32_t>(i), salt);
    {
      const double u = g.uniform();
      p.gender = u < 0.005  ? Gender::other
                 : u < 0.02 ? Gender::unknown
                 : u < 0.04 ? Gender::declined
                 : g.chance(female_share) ? Gender::woman
                                          : Gender::man;
    }
    const bool form_shown = !g.chance(0.03);  // some apply through a channel without the form
    for (int f = 0; f < 4; ++f) {
      if (!asked[f] || !form_shown) {
        p.self_id[f] = Answer::not_asked;
        continue;
      }
      p.self_id[f] = g.chance(p_declined) ? Answer::declined : g.chance(p_yes[f]) ? Answer::yes : Answer::no;
    }
    // Fortrinsadgang is a right of applicants with a disability: only they
    // invoke it, and not all of them do.
    if (p.self_id[kPriority] == Answer::yes && p.self_id[kDisability] != Answer::yes) p.self_id[kPriority] = Answer::no;
    p.age_band = g.chance(0.02) ? std::int8_t{-1} : static_cast<std::int8_t>(g.weighted(kAgeWeights));
    p.merit = g.normal();
    p.focal = is_focal(p, leaf.planted);
    p.outcome = Outcome::not_assessed;

    const bool late = g.chance(0.01);
    std::int32_t applied;
    if (late) {
      applied = closes + g.between(1, 4);
    } else {
      // Most applications arrive close to the deadline.
      const double u = g.uniform();
      applied = advertised + std::min(closes - advertised, static_cast<std::int32_t>((1 - u * u) * (closes - advertised + 1)));
    }
    p.add(Stage::applied, applied, with_times ? g.between(6 * 3600, 22 * 3600) : -1);
    if (late) {
      p.add(Stage::rejected, std::max(screened, applied + 1), -1, reason(kLate));
      p.out = true;
      continue;
    }
    if (screened - applied > 1 && g.chance(0.03)) {
      static constexpr double kWhy[] = {0.5, 0.3, 0.2};
      static constexpr Reason kWhyReason[] = {kNoReason, kOtherOffer, kPersonal};
      p.add(Stage::withdrawn, g.between(applied + 1, screened - 1), -1, kWhyReason[g.weighted(kWhy)]);
      p.out = true;
      continue;
    }
    p.add(Stage::screened, screened);
    p.meets_requirements = p.merit + 0.5 * g.normal() > -0.7;
    p.outcome = p.meets_requirements ? Outcome::qualified : Outcome::not_qualified;
    if (!p.meets_requirements) {
      p.add(Stage::rejected, screened + g.between(0, 3), -1, reason(kFormal));
      p.out = true;
      continue;
    }
    pool_.push_back(i);
  }

  // --- The shortlist -------------------------------------------------------
  // Invitations go to the best-looking qualified applicants. In a planted
  // unit the planted group is scored lower than its merit: the disparity
  // interview-call-diversity exists to find.
  for (int i : pool_) {
    Person& p = people_[static_cast<std::size_t>(i)];
    p.key = p.merit + 0.6 * g.normal() - (p.focal ? penalty_ : 0.0);
    if (reserved >= 0 && p.self_id[reserved] == Answer::yes) p.key += 1.5;
  }
  int k = static_cast<int>(std::lround(openings * (2.5 + 2.5 * g.uniform())));
  k = std::min(std::clamp(k, 2, 15), static_cast<int>(pool_.size()));
  std::nth_element(pool_.begin(), pool_.begin() + k, pool_.end(), [&](int a, int b) {
    const double ka = people_[static_cast<std::size_t>(a)].key, kb = people_[static_cast<std::size_t>(b)].key;
    return ka != kb ? ka > kb : a < b;
  });
  for (int j = 0; j < k; ++j) people_[static_cast<std::size_t>(pool_[static_cast<std::size_t>(j)])].invited = true;
  // Fortrinsadgang: an applicant with a disability who invokes priority
  // access and meets the formal requirements is called to interview —
  // usually; the rest are what dk-priority-access reports.
  if (denmark && !internal_only)
    for (std::size_t j = static_cast<std::size_t>(k); j < pool_.size(); ++j) {
      Person& p = people_[static_cast<std::size_t>(pool_[j])];
      if (p.self_id[kPriority] == Answer::yes && g.chance(0.85)) p.invited = true;
    }
  int direct_hire = -1;  // a hire without any interview
  if (pool_.size() > static_cast<std::size_t>(k) && g.chance(0.007)) {
    const int candidate = pool_[static_cast<std::size_t>(g.between(k, static_cast<int>(pool_.size()) - 1))];
    if (!people_[static_cast<std::size_t>(candidate)].invited) direct_hire = candidate;
  }
  if (leaf.planted.attribute != Planted::Attribute::none)
    for (int i : pool_) {
      const Person& p = people_[static_cast<std::size_t>(i)];
      (p.focal ? stats_.planted.focal_qualified : stats_.planted.other_qualified)++;
      if (p.invited) (p.focal ? stats_.planted.focal_invited : stats_.planted.other_invited)++;
    }

  // --- Interviews and ranking ----------------------------------------------
  ranked_.clear();
  for (int i = 0; i < n; ++i) {
    Person& p = people_[static_cast<std::size_t>(i)];
    if (!p.invited) continue;
    p.add(Stage::interview_invited, invited, with_times ? g.between(7 * 3600, 15 * 3600) : -1);
    if (g.chance(0.05)) {
      p.add(Stage::withdrawn, g.between(invited + 1, first_interview_day), -1, g.chance(0.5) ? kOtherOffer : kNoReason);
      p.out = true;
      continue;
    }
    p.interview_day = first_interview_day + g.between(0, interview_span);
    p.interview_seconds = with_times ? (14 + g.between(0, 14)) * 1800 : -1;  // half-hour slots, 07:00-14:00Z
    p.add(Stage::interview_held, p.interview_day, p.interview_seconds);
    p.held = true;
    p.key = p.merit + 0.5 * g.normal();  // how the interview went
    ranked_.push_back(i);
  }
  std::sort(ranked_.begin(), ranked_.end(), [&](int a, int b) {
    const double ka = people_[static_cast<std::size_t>(a)].key, kb = people_[static_cast<std::size_t>(b)].key;
    return ka != kb ? ka > kb : a < b;
  });
  const int ranked_count = static_cast<int>(ranked_.size());
  for (int r = 0; r < ranked_count; ++r) {
    Person& p = people_[static_cast<std::size_t>(ranked_[static_cast<std::size_t>(r)])];
    p.rank = r + 1;
    p.equally_qualified_with_top = r >= 1 && r <= 2 && g.chance(0.15);
  }
  if (ranked_count > 0 && g.chance(0.005)) {
    // An invitation logged after the interview it led to.
    Person& p = people_[static_cast<std::size_t>(ranked_[static_cast<std::size_t>(g.between(0, ranked_count - 1))])];
    for (int e = 0; e < p.n_events; ++e)
      if (p.events[e].type == static_cast<std::uint8_t>(Stage::interview_invited))
        p.events[e].day = p.interview_day + g.between(1, 3);
  }

  // --- Recommendation, decision, offers ------------------------------------
  DecisionReason decision_reason = kNoDecisionReason;
  int hires = 0;
  const bool no_rejections_logged = g.chance(0.02);  // the ATS never closed the unsuccessful applications
  if (cancelled) {
    const std::int32_t day = last_interview_day + g.between(3, 15);
    for (int i = 0; i < n; ++i) {
      Person& p = people_[static_cast<std::size_t>(i)];
      if (!p.out) p.add(Stage::rejected, day, -1, reason(kPositionWithdrawn));
    }
  } else {
    for (int r = 0; r < std::min(ranked_count, openings + 1); ++r)
      people_[static_cast<std::size_t>(ranked_[static_cast<std::size_t>(r)])].add(Stage::reference_checked, references);
    const int recommended = std::min(ranked_count, openings + (g.chance(0.3) ? 1 : 0));
    for (int r = 0; r < recommended; ++r)
      people_[static_cast<std::size_t>(ranked_[static_cast<std::size_t>(r)])].add(Stage::recommended, recommendation);

    order_.clear();
    if (reserved >= 0 && !g.chance(0.04)) {
      // A reserved post goes to the target group only.
      for (int r = 0; r < ranked_count && static_cast<int>(order_.size()) < openings; ++r)
        if (people_[static_cast<std::size_t>(ranked_[static_cast<std::size_t>(r)])].self_id[reserved] == Answer::yes)
          order_.push_back(ranked_[static_cast<std::size_t>(r)]);
    } else {
      for (int r = 0; r < std::min(ranked_count, openings); ++r) order_.push_back(ranked_[static_cast<std::size_t>(r)]);
      if (norway && openings == 1 && ranked_count >= 2) {
        // Moderate quota (forskrift til statsansatteloven § 6, Oslo's
        // handbook): an equally qualified applicant of a target group may be
        // preferred over rank 1 — with the reason recorded, usually.
        const Person& second = people_[static_cast<std::size_t>(ranked_[1])];
        const bool target = second.self_id[kDisability] == Answer::yes || second.self_id[kCvGap] == Answer::yes ||
                            (jurisdiction != Jurisdiction::other && second.self_id[kImmigrant] == Answer::yes);
        if (target && second.equally_qualified_with_top && g.chance(0.5)) {
          order_[0] = ranked_[1];
          decision_reason = g.chance(0.85) ? kModerateQuota : kNoDecisionReason;
        } else if (g.chance(0.03)) {
          order_[0] = ranked_[1];
          decision_reason = g.chance(0.6) ? kUnionAgreed : kNoDecisionReason;
        }
      }
    }
    if (direct_hire >= 0) {
      if (order_.empty())
        order_.push_back(direct_hire);
      else
        order_[0] = direct_hire;
    }
    for (int i : order_) people_[static_cast<std::size_t>(i)].hired = true;  // chosen for an offer

    const std::size_t chosen = order_.size();
    for (std::size_t j = 0; j < chosen; ++j) {
      Person& p = people_[static_cast<std::size_t>(order_[j])];
      p.add(Stage::offered, decision);
      if (order_[j] != direct_hire && g.chance(0.07)) {
        p.add(Stage::withdrawn, decision + g.between(1, 4), -1, kDeclinedOffer);
        p.out = true;
        p.hired = false;
        // The next in line gets the offer.
        for (int r = 0; r < ranked_count; ++r) {
          Person& q = people_[static_cast<std::size_t>(ranked_[static_cast<std::size_t>(r)])];
          if (q.hired || q.out) continue;
          const std::int32_t offered = decision + g.between(3, 6);
          q.add(Stage::offered, offered);
          q.add(Stage::hired, offered + g.between(1, 4));
          q.hired = q.out = true;
          ++hires;
          if (p.rank == 1 && openings == 1 && g.chance(0.7)) decision_reason = kRankOneWithdrew;
          break;
        }
        continue;
      }
      p.add(Stage::hired, decision + g.between(0, 5));
      p.out = true;
      ++hires;
    }
    for (int i = 0; i < n; ++i) {
      Person& p = people_[static_cast<std::size_t>(i)];
      if (p.out) continue;
      if (p.held) {
        p.add(Stage::rejected, decision + g.between(0, 5), -1,
              reason(p.rank <= recommended ? kPositionFilled : kBetterHired));
      } else if (!no_rejections_logged) {
        const std::int32_t day = g.chance(0.4) ? invited + g.between(0, 2) : decision + g.between(0, 5);
        p.add(Stage::rejected, day, -1, reason(kNotShortlisted));
      }
      p.out = true;
    }
  }

  // --- The representative --------------------------------------------------
  // Dok 24 Del D/Del I (Oslo) and Hovedavtalen: the representative is invited
  // before interviews, sees the shortlist, attends or waives, receives the
  // recommendation in time and files a statement; a disagreement is
  // escalated before the decision. Most rounds do all of it; some do not.
  bool has_representative = false, appointed = false;
  if (norway) {
    has_representative = true;
    appointed = g.chance(jurisdiction == Jurisdiction::no_oslo ? 0.92 : jurisdiction == Jurisdiction::no_state ? 0.85 : 0.7);
  } else {
    has_representative = appointed = g.chance(0.15);
  }
  RepEv rep[8];
  int n_rep = 0;
  std::int32_t attend_day = INT32_MIN;
  if (appointed) {
    std::int32_t first_held = INT32_MAX;
    for (int i : ranked_) first_held = std::min(first_held, people_[static_cast<std::size_t>(i)].interview_day);
    if (first_held == INT32_MAX) first_held = first_interview_day;
    double u = g.uniform();
    std::int32_t invited_day = invited;
    if (u >= 0.04) {
      invited_day = u < 0.11 ? first_held + g.between(0, 2) : std::max(advertised, first_held - g.between(3, 10));
      rep[n_rep++] = {invited_day, RepEventType::invited, -1};
    }
    if (norway) {
      u = g.uniform();
      if (u >= 0.12)
        rep[n_rep++] = {u < 0.17 ? first_held + g.between(1, 3) : g.between(invited, std::max(invited, first_held - 1)),
                        RepEventType::shortlist_shared, -1};
    }
    u = g.uniform();
    if (!ranked_.empty() && u < (norway ? 0.72 : 0.6)) {
      attend_day = people_[static_cast<std::size_t>(ranked_[static_cast<std::size_t>(g.between(0, ranked_count - 1))])]
                       .interview_day;
      rep[n_rep++] = {attend_day, RepEventType::attended_interview, -1};
    } else if (u < 0.84) {
      rep[n_rep++] = {std::max(invited_day, invited), RepEventType::waiver, -1};
    }
    if (norway && !cancelled) {
      u = g.uniform();
      if (u < 0.8)
        rep[n_rep++] = {recommendation, RepEventType::recommendation_received, -1};
      else if (u < 0.9)
        rep[n_rep++] = {std::max(recommendation, decision - g.between(0, 1)), RepEventType::recommendation_received, -1};
      if (g.chance(0.8)) {
        const std::int32_t filed = recommendation + g.between(0, std::max(0, decision - recommendation - 1));
        const bool agrees = g.chance(0.88);
        rep[n_rep++] = {filed, RepEventType::statement_filed, static_cast<std::int8_t>(agrees)};
        if (!agrees) {
          u = g.uniform();
          if (u < 0.6)
            rep[n_rep++] = {g.between(filed, std::max(filed, decision - 1)), RepEventType::escalated, -1};
          else if (u < 0.7)
            rep[n_rep++] = {decision + g.between(1, 5), RepEventType::escalated, -1};
        }
      }
    }
    std::stable_sort(rep, rep + n_rep, [](const RepEv& a, const RepEv& b) { return a.day < b.day; });
  }

  // --- The interview panel -------------------------------------------------
  PanelSeat panel[5];
  int n_panel = 0;
  panel[n_panel++] = {"manager", panel_gender(g, female_share)};
  if (!g.chance(0.05)) {  // otherwise: one interviewer alone
    if (g.chance(0.6)) panel[n_panel++] = {"hr", panel_gender(g, 0.7)};
    if (g.chance(norway ? 0.5 : 0.3)) panel[n_panel++] = {"union_rep", panel_gender(g, female_share)};
  }
  const Gender rep_gender = panel_gender(g, 0.7);

  // --- Documents -----------------------------------------------------------
  Doc docs[3];
  int n_docs = 0;
  if (!cancelled) {
    if (jurisdiction == Jurisdiction::no_oslo || jurisdiction == Jurisdiction::no_state) {
      // Dok 24 Del D § 3: the recommendation and the extended applicant list
      // go to the unions before the decision; § 4: it addresses equality.
      double u = g.uniform();
      const std::int32_t day = u < 0.03 ? INT32_MIN : u < 0.06 ? decision + g.between(1, 4) : recommendation;
      u = g.uniform();
      const std::uint8_t to = u < 0.85 ? (kToUnion | kToRepresentative) : u < 0.93 ? kToUnion : 0;
      std::int8_t equality = -1;
      if (jurisdiction == Jurisdiction::no_oslo) {
        u = g.uniform();
        equality = u < 0.78 ? 1 : u < 0.93 ? 0 : -1;
      }
      docs[n_docs++] = {"recommendation", day, to, equality};
      if (g.chance(0.9)) docs[n_docs++] = {"applicant_list", recommendation - g.between(0, 2), kToUnion, -1};
    } else if (norway) {
      if (g.chance(0.8))
        docs[n_docs++] = {"recommendation", recommendation, static_cast<std::uint8_t>(g.chance(0.7) ? kToUnion : 0), -1};
    } else if (g.chance(denmark ? 0.4 : 0.3)) {
      docs[n_docs++] = {"recommendation", recommendation, kToUnion, -1};
    }
    if (denmark && !internal_only) {
      // Fortrinsadgang: a written explanation to the jobcenter before the
      // post is filled when the applicant invoking it is not hired.
      bool needed = false;
      for (int i = 0; i < n && !needed; ++i) {
        const Person& p = people_[static_cast<std::size_t>(i)];
        needed = p.self_id[kPriority] == Answer::yes && p.meets_requirements && !p.hired;
      }
      if (needed && hires > 0) {
        const double u = g.uniform();
        if (u < 0.9)
          docs[n_docs++] = {"jobcenter_explanation",
                            u < 0.8 ? decision - g.between(1, 5) : decision + g.between(1, 6), kToJobcenter, -1};
      }
    }
  }

  // --- Writing -------------------------------------------------------------
  auto visible = [&](std::int32_t day) { return day <= cutoff; };
  auto date_field = [&](std::int32_t day, bool present) {
    if (present && visible(day))
      dates.write(w, day, -1);
    else
      w.lit("null");
  };

  w.room(4096 + 2 * leaf.path.size());
  w.lit("{\"kind\":\"round\",\"schema\":1,\"round_id\":\"");
  w.str(leaf.code);
  w.ch('-');
  w.uint(static_cast<std::uint64_t>(year_));
  w.ch('-');
  w.uint_padded(leaf.next_sequence++, 4);
  w.lit("\",\"org_unit\":");
  w.qstr(leaf.path);
  w.lit(",\"jurisdiction\":");
  w.qstr(v.jurisdiction[static_cast<int>(jurisdiction)]);
  w.lit(",\"position\":{\"title_code\":\"");
  w.str(title);
  w.lit("\",\"openings\":");
  w.uint(static_cast<std::uint64_t>(openings));
  w.lit(",\"internal_only\":");
  w.boolean(internal_only);
  w.lit(",\"reserved_for\":");
  if (reserved >= 0)
    w.qstr(v.self_id[reserved]);
  else
    w.lit("null");
  w.lit("},\"advertised_at\":");
  dates.write(w, advertised, -1);
  w.lit(",\"closes_at\":");
  dates.write(w, closes, -1);
  w.lit(",\"requirements_documented_at\":");
  if (write_requirements)
    dates.write(w, requirements, -1);
  else
    w.lit("null");
  w.lit(",\"recommendation_at\":");
  date_field(recommendation, write_recommendation && !cancelled);
  w.lit(",\"decision_at\":");
  date_field(decision, !cancelled);
  if (decision_reason != kNoDecisionReason && visible(decision)) {
    w.lit(",\"decision_reason\":");
    w.qstr(kDecisionReasonText[decision_reason]);
  }

  w.lit(",\"applicants\":[");
  for (int i = 0; i < n; ++i) {
    const Person& p = people_[static_cast<std::size_t>(i)];
    w.room(2048);
    if (i) w.ch(',');
    w.lit("{\"id\":\"a-");
    w.hex(p.id, 6);
    w.lit("\",\"gender\":");
    w.qstr(v.gender[static_cast<int>(p.gender)]);
    w.lit(",\"self_id\":{\"immigrant_background\":");
    w.qstr(v.answer[static_cast<int>(p.self_id[0])]);
    w.lit(",\"disability\":");
    w.qstr(v.answer[static_cast<int>(p.self_id[1])]);
    w.lit(",\"cv_gap\":");
    w.qstr(v.answer[static_cast<int>(p.self_id[2])]);
    w.lit(",\"priority_access\":");
    w.qstr(v.answer[static_cast<int>(p.self_id[3])]);
    w.ch('}');
    if (p.age_band >= 0) {
      w.lit(",\"age_band\":");
      w.qstr(kAgeBands[p.age_band]);
    }
    const bool assessed = p.outcome != Outcome::not_assessed && visible(screened);
    const bool ranked = p.rank > 0 && visible(last_interview_day + 1);
    w.lit(",\"assessment\":{\"outcome\":");
    w.qstr(v.outcome[static_cast<int>(assessed ? p.outcome : Outcome::not_assessed)]);
    if (ranked) {
      w.lit(",\"rank\":");
      w.uint(static_cast<std::uint64_t>(p.rank));
      w.lit(",\"equally_qualified_with_top\":");
      w.boolean(p.equally_qualified_with_top);
    }
    if (assessed) {
      w.lit(",\"meets_formal_requirements\":");
      w.boolean(p.meets_requirements);
    }
    w.lit("},\"events\":[");
    bool first = true;
    for (int e = 0; e < p.n_events; ++e) {
      const Event& ev = p.events[e];
      if (!visible(ev.day)) continue;
      if (!first) w.ch(',');
      first = false;
      w.lit("{\"type\":");
      w.qstr(v.stage[ev.type]);
      w.lit(",\"at\":");
      dates.write(w, ev.day, ev.seconds);
      if (ev.reason != kNoReason) {
        w.lit(",\"reason_code\":");
        w.qstr(kReasonText[ev.reason]);
      }
      w.ch('}');
    }
    w.lit("]}");
  }

  // Interviews in the order they were held.
  order_.clear();
  for (int i : ranked_)
    if (visible(people_[static_cast<std::size_t>(i)].interview_day)) order_.push_back(i);
  std::sort(order_.begin(), order_.end(), [&](int a, int b) {
    const Person &pa = people_[static_cast<std::size_t>(a)], &pb = people_[static_cast<std::size_t>(b)];
    if (pa.interview_day != pb.interview_day) return pa.interview_day < pb.interview_day;
    if (pa.interview_seconds != pb.interview_seconds) return pa.interview_seconds < pb.interview_seconds;
    return a < b;
  });
  w.lit("],\"interviews\":[");
  for (std::size_t j = 0; j < order_.size(); ++j) {
    const Person& p = people_[static_cast<std::size_t>(order_[j])];
    w.room(1024);
    if (j) w.ch(',');
    w.lit("{\"applicant\":\"a-");
    w.hex(p.id, 6);
    w.lit("\",\"at\":");
    dates.write(w, p.interview_day, p.interview_seconds);
    w.lit(",\"panel\":[");
    for (int s = 0; s < n_panel; ++s) {
      if (s) w.ch(',');
      w.lit("{\"role\":");
      w.qstr(panel[s].role);
      w.lit(",\"gender\":");
      w.qstr(v.gender[static_cast<int>(panel[s].gender)]);
      w.ch('}');
    }
    if (p.interview_day == attend_day && org.representative_role) {
      w.lit(",{\"role\":");
      w.qstr(org.representative_role);
      w.lit(",\"gender\":");
      w.qstr(v.gender[static_cast<int>(rep_gender)]);
      w.ch('}');
    }
    w.lit("]}");
  }

  w.room(2048);
  w.lit("],\"representative\":");
  if (!has_representative) {
    w.lit("null");
  } else if (!appointed) {
    w.lit("{\"appointed\":false,\"role\":null,\"events\":[]}");
  } else {
    w.lit("{\"appointed\":true,\"role\":");
    w.qstr(org.representative_role);
    w.lit(",\"events\":[");
    bool first = true;
    for (int e = 0; e < n_rep; ++e) {
      if (!visible(rep[e].day)) continue;
      if (!first) w.ch(',');
      first = false;
      w.lit("{\"type\":");
      w.qstr(v.rep_event[static_cast<int>(rep[e].type)]);
      w.lit(",\"at\":");
      dates.write(w, rep[e].day, -1);
      if (rep[e].agrees >= 0) {
        w.lit(",\"agrees\":");
        w.boolean(rep[e].agrees == 1);
      }
      w.ch('}');
    }
    w.lit("]}");
  }

  w.lit(",\"documents\":[");
  bool first_doc = true;
  for (int d = 0; d < n_docs; ++d) {
    const Doc& doc = docs[d];
    const bool dated = doc.day != INT32_MIN;
    if (!documents_ || !visible(dated ? doc.day : recommendation)) continue;
    if (!first_doc) w.ch(',');
    first_doc = false;
    w.lit("{\"type\":");
    w.qstr(doc.type);
    w.lit(",\"at\":");
    if (dated)
      dates.write(w, doc.day, -1);
    else
      w.lit("null");
    w.lit(",\"sent_to\":[");
    bool first = true;
    if (doc.sent_to & kToUnion) {
      w.lit("\"union\"");
      first = false;
    }
    if (doc.sent_to & kToRepresentative) {
      if (!first) w.ch(',');
      w.lit("\"representative\"");
      first = false;
    }
    if (doc.sent_to & kToJobcenter) {
      if (!first) w.ch(',');
      w.lit("\"jobcenter\"");
    }
    w.ch(']');
    if (doc.equality_statement >= 0) {
      w.lit(",\"equality_statement\":");
      w.boolean(doc.equality_statement == 1);
    }
    w.ch('}');
  }
  w.lit("]}\n");

  ++stats_.rounds;
  stats_.applications += static_cast<std::uint64_t>(n);
  stats_.hires += static_cast<std::uint64_t>(hires);
  stats_.interviews += order_.size();
}

}  // namespace fairaudit::gen
