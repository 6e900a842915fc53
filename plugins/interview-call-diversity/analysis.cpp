#include "analysis.hpp"

#include "fairaudit/shapes.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace icd {
namespace {

using fairaudit::OptionError;
using fairaudit::Stage;

std::pair<std::string, std::string> split_assignment(const std::string& key, const std::string& item) {
  auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
    throw OptionError(key, "option '" + key + "': \"" + item + "\" is not of the form attribute=group");
  return {item.substr(0, eq), item.substr(eq + 1)};
}

Analysis analysis_of(const std::string& key, const std::vector<std::string>& names) {
  Analysis a;
  for (const auto& n : names) {
    auto attr = attribute_from_name(n);
    if (!attr) throw OptionError(key, "option '" + key + "': unknown attribute \"" + n + "\"");
    if (!a.name.empty()) a.name += "+";
    a.name += n;
    a.parts.push_back(*attr);
  }
  return a;
}

// The progress order of stage events: a later stage cannot come before an earlier one.
int progress(const StagePoint& s) {
  if (s.qualified) return 1;  // between applied and interview_invited
  switch (s.stage) {
    case Stage::applied: return 0;
    case Stage::screened: return 1;
    case Stage::interview_invited: return 2;
    case Stage::interview_held: return 3;
    case Stage::reference_checked: return 4;
    case Stage::recommended: return 5;
    case Stage::offered: return 6;
    case Stage::hired: return 7;
    default: return -1;
  }
}

std::string rate_text(st::Fraction f) { return std::to_string(f.num) + "/" + std::to_string(f.den); }

}  // namespace

std::optional<Attribute> attribute_from_name(const std::string& name) {
  Attribute a;
  a.name = name;
  if (name == "gender") {
    a.kind = AttrKind::gender;
    return a;
  }
  if (name == "age_band") {
    a.kind = AttrKind::age_band;
    return a;
  }
  if (auto f = fairaudit::self_id_field_from_string(name)) {
    a.kind = AttrKind::self_id;
    a.field = *f;
    return a;
  }
  return std::nullopt;
}

namespace {
// The SDK's word for an answer or a gender as a string view, measured once:
// answer_of runs for every applicant and every attribute analysed.
template <typename E, std::size_t N>
std::string_view word(E e) {
  static const std::array<std::string_view, N> words = [] {
    std::array<std::string_view, N> w{};
    for (std::size_t i = 0; i < N; ++i) w[i] = fairaudit::to_string(E(i));
    return w;
  }();
  const auto i = std::size_t(e);
  return i < N ? words[i] : std::string_view(fairaudit::to_string(e));
}
std::string_view word(fairaudit::Gender g) { return word<fairaudit::Gender, 5>(g); }
std::string_view word(fairaudit::Answer v) { return word<fairaudit::Answer, 5>(v); }
}  // namespace

Answer answer_of(const Attribute& a, const Applicant& p) {
  switch (a.kind) {
    case AttrKind::gender:
      if (p.gender == fairaudit::Gender::unknown || p.gender == fairaudit::Gender::declined)
        return {"", word(p.gender)};
      return {word(p.gender), ""};
    case AttrKind::self_id: {
      auto v = p.self_id.get(a.field);
      if (v == fairaudit::Answer::yes || v == fairaudit::Answer::no) return {word(v), ""};
      return {"", word(v)};
    }
    case AttrKind::age_band:
      if (p.age_band.empty()) return {"", "unknown"};
      return {p.age_band, ""};
  }
  return {"", "unknown"};
}

Answer answer_of(const Analysis& a, const Applicant& p, std::string& buf) {
  if (a.parts.size() == 1) return answer_of(a.parts.front(), p);
  buf.clear();
  for (const auto& part : a.parts) {
    Answer one = answer_of(part, p);
    if (!one.known()) return {"", one.reason};
    if (!buf.empty()) buf += '+';
    buf += one.value;
  }
  return {buf, ""};
}

std::optional<StagePoint> stage_point_from_name(const std::string& name) {
  StagePoint s;
  s.name = name;
  if (name == "qualified") {
    s.qualified = true;
    return s;
  }
  auto stage = fairaudit::stage_from_string(name);
  if (!stage || *stage == Stage::rejected || *stage == Stage::withdrawn) return std::nullopt;
  s.stage = *stage;
  return s;
}

namespace {

// The stages an applicant reached, one bit per Stage, and a bit for
// "qualified": reached() and in_pool() from one pass over the events.
using Reached = std::uint32_t;
constexpr Reached kQualifiedBit = Reached(1) << 31;
static_assert(std::size_t(Stage::withdrawn) < 31, "a Stage needs a bit of its own");
Reached reached_mask(const Applicant& p) {
  Reached m = p.qualified() ? kQualifiedBit : 0;
  for (const auto& e : p.events) m |= Reached(1) << unsigned(e.type);
  return m;
}
bool has(Reached m, Stage s) { return (m >> unsigned(s)) & 1u; }
// Whether an applicant with stages `m` reached `s`.
bool reached_in(Reached m, const StagePoint& s) {
  if (s.qualified) return (m & kQualifiedBit) != 0;
  if (s.stage == Stage::applied) return true;  // everyone in the round applied
  // An interview cannot be held without an invitation, even when the ATS
  // recorded only the interview.
  if (s.stage == Stage::interview_invited) return has(m, Stage::interview_invited) || has(m, Stage::interview_held);
  return has(m, s.stage);
}
// Whether an applicant with stages `m` is counted at `t`.
bool in_pool_of(Reached m, const Transition& t) {
  if (!reached_in(m, t.from)) return false;
  return !(has(m, Stage::withdrawn) && !reached_in(m, t.to));
}

}  // namespace

bool reached(const Applicant& p, const StagePoint& s) { return reached_in(reached_mask(p), s); }

bool in_pool(const Applicant& p, const Transition& t) { return in_pool_of(reached_mask(p), t); }

namespace {

std::vector<std::string> attribute_words() {
  return {"gender", "immigrant_background", "disability", "cv_gap", "priority_access", "age_band"};
}
std::vector<std::string> stage_words() {
  return {"applied",           "screened",    "qualified", "interview_invited", "interview_held",
          "reference_checked", "recommended", "offered",   "hired"};
}

using fairaudit::bind;
using fairaudit::Options;
using fairaudit::OptionSpec;
using Store = void (*)(Config&, const Options&, const std::string&);

// A share kept as given and as the exact fraction the rules compare with.
fairaudit::Option<Config> bind_share(OptionSpec spec, double Config::*value, st::Fraction Config::*fraction) {
  return bind<Config>(std::move(spec), [value, fraction](Config& c, const Options& o, const std::string& key) {
    c.*value = o.get_real(key);
    c.*fraction = st::threshold_fraction(c.*value);
  });
}

}  // namespace

// In the order they are stored: reference_groups is checked against the
// reference_group stored before it.
const std::vector<fairaudit::Option<Config>>& config_options() {
  static const std::vector<fairaudit::Option<Config>> options{
      bind_share(OptionSpec::real("impact_ratio", 0.8, 0.5, 1.0,
                                  "A group is adversely affected when its selection rate is below this share of "
                                  "the reference group's (four-fifths: 0.8). Compared exactly to three decimals."),
                 &Config::threshold_value, &Config::threshold),
      bind(OptionSpec::real("alpha", 0.05, 0.0001, 0.5,
                            "Significance level for Fisher's exact test (rounds), the Cochran–Mantel–Haenszel test "
                            "(pooled), the +2 test and the confidence level (1 − alpha) of the impact-ratio "
                            "interval."),
           &Config::alpha),
      bind<Config>(OptionSpec::list("attributes", {"gender", "immigrant_background", "disability", "cv_gap"},
                                    attribute_words(), "The self-declared attributes whose groups are compared."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     std::set<std::string> seen;
                     for (const auto& name : o.get_list(key)) {
                       if (!seen.insert(name).second)
                         throw OptionError(key, "option '" + key + "': \"" + name + "\" is listed twice");
                       c.attributes.push_back(analysis_of(key, {name}));
                     }
                   }}),
      bind<Config>(OptionSpec::lists("intersections", {{"gender", "immigrant_background"}}, attribute_words(),
                                     "Combinations of attributes compared as combined groups."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     for (const auto& combo : o.get_lists(key)) {
                       if (combo.size() < 2)
                         throw OptionError(key, "option '" + key + "': each combination needs at least two attributes");
                       c.intersections.push_back(analysis_of(key, combo));
                     }
                   }}),
      bind<Config>(
          OptionSpec::lists("transitions", {{"qualified", "interview_invited"}, {"interview_invited", "hired"}},
                            stage_words(),
                            "Stage transitions [from, to]: the pool is everyone who reached `from` (withdrawn "
                            "applicants who did not reach `to` are left out); `qualified` is the assessment outcome."),
          Store{[](Config& c, const Options& o, const std::string& key) {
            for (const auto& pair : o.get_lists(key)) {
              if (pair.size() != 2)
                throw OptionError(key, "option '" + key + "': each transition is [from, to], two stages");
              auto from = stage_point_from_name(pair[0]);
              auto to = stage_point_from_name(pair[1]);
              if (!from || !to)
                throw OptionError(key, "option '" + key + "': unknown stage in [" + pair[0] + ", " + pair[1] + "]");
              if (progress(*from) >= progress(*to))
                throw OptionError(key, "option '" + key + "': \"" + pair[1] + "\" does not come after \"" + pair[0] +
                                           "\"");
              c.transitions.push_back({*from, *to});
            }
          }}),
      bind<Config>(OptionSpec::string("reference_group", "highest_rate", {"highest_rate", "largest_group", "declared"},
                                      "The group others are compared with: the highest selection rate (UGESP "
                                      "1607.4(D)), the largest pool, or the group declared in reference_groups."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     c.reference_mode_name = o.get_string(key);
                     if (c.reference_mode_name == "largest_group")
                       c.reference_mode = st::ReferenceMode::largest_group;
                     else if (c.reference_mode_name == "declared")
                       c.reference_mode = st::ReferenceMode::declared;
                     else
                       c.reference_mode = st::ReferenceMode::highest_rate;
                   }}),
      bind<Config>(OptionSpec::list("reference_groups", {}, {},
                                    "Declared reference groups as attribute=group, e.g. gender=man or "
                                    "gender+immigrant_background=man+no; attributes not listed use the highest "
                                    "rate."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     for (const auto& item : o.get_list(key)) {
                       auto [attr, group] = split_assignment(key, item);
                       c.declared_reference[attr] = group;
                     }
                     if (c.reference_mode == st::ReferenceMode::declared && c.declared_reference.empty())
                       throw OptionError(key, "option '" + key +
                                                  "': reference_group is \"declared\" but no group is declared");
                   }}),
      bind(OptionSpec::integer("min_cell", 5, 1, 1000,
                               "Fewest people a compared group (and the reference group) must have for a verdict; "
                               "below it the rule reports insufficient data."),
           &Config::min_cell),
      bind(OptionSpec::real("min_expected", 1.0, 0.0, 100.0,
                            "Fewest expected people in each cell of the 2×2 table under equal rates for a verdict."),
           &Config::min_expected),
      bind_share(OptionSpec::real("unknown_share_threshold", 0.2, 0.0, 1.0,
                                  "Share of applicants with no usable answer above which unknown-share is reported."),
                 &Config::unknown_share_threshold, &Config::unknown_share_fraction),
      bind<Config>(OptionSpec::list("expected_groups", {"gender=woman", "gender=man"}, {},
                                    "Groups whose absence from the applicant pool missing-group reports, as "
                                    "attribute=group."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     for (const auto& item : o.get_list(key)) {
                       auto [attr, group] = split_assignment(key, item);
                       auto a = attribute_from_name(attr);
                       if (!a) throw OptionError(key, "option '" + key + "': unknown attribute \"" + attr + "\"");
                       c.expected_groups.emplace_back(*a, group);
                     }
                   }}),
      bind(OptionSpec::integer("missing_group_min_pool", 10, 1, 100000,
                               "Fewest applicants with a known answer before an absent group is reported."),
           &Config::missing_group_min_pool),
      bind<Config>(OptionSpec::string("pool_by", "org_unit", {"org_unit", "none"},
                                      "Pool rounds by org unit for pooled-disparity, or not at all."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     c.pool = o.get_string(key) != "none";
                   }}),
      bind(OptionSpec::boolean("pool_parents", true,
                               "Also pool each unit's rounds into every parent in its path (oslo/bydel-x/helse "
                               "into oslo/bydel-x and oslo)."),
           &Config::pool_parents),
      bind(OptionSpec::integer("pooled_min_rounds", 2, 1, 100000,
                               "Fewest rounds in which both compared groups took part before a pooled verdict."),
           &Config::pooled_min_rounds),
  };
  return options;
}

Config read_config(const fairaudit::Options& o) {
  Config c = fairaudit::bind_options(config_options(), o);
  for (std::size_t ai = 0; ai < analyses(c); ++ai)
    for (const auto& t : c.transitions) c.keys.push_back(analysis_at(c, ai).name + "/" + t.key());
  return c;
}

bool nobody_selected(const GroupCounts& groups) {
  return std::all_of(groups.begin(), groups.end(), [](const auto& kv) { return kv.second.selected == 0; });
}

const st::GroupCount* find_group(const GroupCounts& groups, std::string_view group) {
  for (const auto& [name, g] : groups)
    if (name == group) return &g;
  return nullptr;
}

const Analysis& analysis_at(const Config& c, std::size_t ai) {
  return ai < c.attributes.size() ? c.attributes[ai] : c.intersections[ai - c.attributes.size()];
}

std::vector<TransitionCounts> count_all(const Config& c, const Round& r) {
  std::vector<TransitionCounts> out;
  std::vector<std::uint8_t> flags;
  count_all(c, r, out, flags);
  return out;
}


void count_all(const Config& c, const Round& r, std::vector<TransitionCounts>& out, std::vector<std::uint8_t>& flags) {
  const std::size_t transitions = c.transitions.size();
  // Per applicant and transition: bit 0 in the pool, bit 1 reached `to`.
  flags.assign(r.applicants.size() * transitions, 0);
  for (std::size_t i = 0; i < r.applicants.size(); ++i) {
    const Reached m = reached_mask(r.applicants[i]);
    for (std::size_t ti = 0; ti < transitions; ++ti) {
      const Transition& t = c.transitions[ti];
      if (in_pool_of(m, t)) flags[i * transitions + ti] = std::uint8_t(1 | (reached_in(m, t.to) ? 2 : 0));
    }
  }
  out.resize(analyses(c) * transitions);
  for (auto& tc : out) {
    tc.groups.clear();
    tc.unknown = {};
  }
  std::string buf;
  for (std::size_t ai = 0; ai < analyses(c); ++ai) {
    const Analysis& a = analysis_at(c, ai);
    TransitionCounts* counts = &out[ai * transitions];
    for (std::size_t i = 0; i < r.applicants.size(); ++i) {
      const std::uint8_t* f = &flags[i * transitions];
      if (std::none_of(f, f + transitions, [](std::uint8_t v) { return v != 0; })) continue;
      const Answer ans = answer_of(a, r.applicants[i], buf);
      for (std::size_t ti = 0; ti < transitions; ++ti) {
        if (!f[ti]) continue;
        st::GroupCount* g = &counts[ti].unknown;
        if (ans.known()) {
          auto& groups = counts[ti].groups;
          auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& kv) { return kv.first == ans.value; });
          if (it == groups.end()) it = groups.insert(groups.end(), {std::string(ans.value), st::GroupCount{}});
          g = &it->second;
        }
        ++g->n;
        if (f[ti] & 2) ++g->selected;
      }
    }
    for (std::size_t ti = 0; ti < transitions; ++ti)
      std::sort(counts[ti].groups.begin(), counts[ti].groups.end(),
                [](const auto& x, const auto& y) { return x.first < y.first; });
  }
}

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::none: return "none";
    case Outcome::insufficient_data: return "insufficient_data";
    case Outcome::note: return "note";
    case Outcome::warning: return "warning";
    case Outcome::error: return "error";
  }
  return "none";
}

Comparison compare(const Config& c, const std::string& group, st::GroupCount focal, const std::string& reference,
                   st::GroupCount ref, std::optional<st::CmhAccumulator::Result> cmh, std::int64_t strata,
                   bool full) {
  Comparison cmp;
  cmp.group = group;
  cmp.reference = reference;
  cmp.focal = focal;
  cmp.ref = ref;
  cmp.cmh = cmh;
  cmp.full = full;
  cmp.ir = st::impact_ratio(focal, ref, c.threshold);
  if (full) {
    cmp.fisher = st::fisher_exact(st::table(focal, ref));
    cmp.z = st::pooled_z(focal, ref);
    cmp.ci = st::impact_ratio_ci(focal, ref, 1 - c.alpha);
    cmp.shortfall_parity = st::shortfall_to_parity(focal, ref);
    cmp.shortfall_threshold = st::shortfall_to_threshold(focal, ref, c.threshold);
    cmp.flip = st::flip_reverses(focal, ref);
    cmp.plus_two = st::plus_two_still_significant(focal, ref, c.alpha);
  }

  // Small numbers give no verdict (UGESP 1607.4(D) and Q&A 20: pool over time
  // or sites instead). The expected counts are those of the 2×2 table under
  // equal rates.
  const double total = static_cast<double>(focal.n + ref.n);
  const double sel = static_cast<double>(focal.selected + ref.selected);
  double min_expected = 0;
  if (total > 0) {
    const double nf = static_cast<double>(focal.n), nr = static_cast<double>(ref.n);
    min_expected = std::min({nf * sel / total, nf * (total - sel) / total, nr * sel / total, nr * (total - sel) / total});
  }
  cmp.sufficient = focal.n >= c.min_cell && ref.n >= c.min_cell && min_expected >= c.min_expected;
  if (cmh) cmp.sufficient = cmp.sufficient && strata >= c.pooled_min_rounds && cmh->p.has_value();

  if (!cmp.sufficient) {
    cmp.outcome = Outcome::insufficient_data;
    return cmp;
  }
  if (cmp.ir.verdict == st::FourFifths::undefined) return cmp;  // nobody selected: nothing to compare

  const bool lower = st::rate_below(focal, ref, 1, 1);
  // Not full: only the figures the outcome turns on, when it turns on them.
  if (!full && !cmh && lower) cmp.fisher = st::fisher_exact(st::table(focal, ref));
  const bool significant =
      cmh ? (cmh->p && *cmh->p < c.alpha && cmh->delta < 0) : (lower && cmp.fisher.p_two_sided < c.alpha);
  // Pooled: when the focal group is not selected less within the rounds, a gap
  // in the totals comes from rounds with different base rates (Simpson's
  // paradox), not from how the groups were treated.
  if (cmh && cmh->delta >= 0) return cmp;
  // Pooled: adverse when the Mantel–Haenszel rate ratio, which compares the
  // groups within each round, is below the threshold — the crude totals mix
  // rounds with different base rates.
  const bool adverse = cmh ? (cmh->rate_ratio && *cmh->rate_ratio * static_cast<double>(c.threshold.den) <
                                                     static_cast<double>(c.threshold.num))
                           : cmp.ir.verdict == st::FourFifths::adverse;
  if (!full && (adverse || significant)) cmp.flip = st::flip_reverses(focal, ref);
  if (!full && !adverse && significant) cmp.plus_two = st::plus_two_still_significant(focal, ref, c.alpha);
  if (adverse) {
    if (cmp.flip)
      cmp.outcome = Outcome::note;  // UGESP Q&A 21: one different selection would reverse it
    else if (significant)
      cmp.outcome = Outcome::error;
    else
      cmp.outcome = Outcome::warning;  // practically significant only
  } else if (significant && cmp.plus_two && !cmp.flip) {
    // UGESP 1607.4(D): smaller differences may constitute adverse impact where
    // they are significant in both statistical and practical terms.
    cmp.outcome = Outcome::warning;
  }
  return cmp;
}

std::string reference_group(const Config& c, const std::string& analysis, const GroupCounts& groups) {
  std::vector<std::string> names;
  std::vector<st::GroupCount> counts;
  for (const auto& [name, g] : groups) {
    names.push_back(name);
    counts.push_back(g);
  }
  auto mode = c.reference_mode;
  std::optional<std::size_t> declared;
  if (mode == st::ReferenceMode::declared) {
    auto it = c.declared_reference.find(analysis);
    if (it == c.declared_reference.end()) {
      mode = st::ReferenceMode::highest_rate;  // none declared for this attribute
    } else {
      auto pos = std::find(names.begin(), names.end(), it->second);
      if (pos == names.end()) return {};
      declared = static_cast<std::size_t>(pos - names.begin());
    }
  }
  auto idx = st::pick_reference(counts, mode, declared);
  return idx ? names[*idx] : std::string{};
}

Evidence group_evidence(const Comparison& cmp) {
  namespace gc = fairaudit::shapes::group_comparison;
  Evidence e;
  e.text(gc::kGroup, cmp.group);
  e.count(gc::kPool, cmp.focal.n);
  e.count(gc::kSelected, cmp.focal.selected);
  if (auto r = st::selection_rate(cmp.focal)) e.rate(gc::kRate, *r); else e.null(gc::kRate);
  e.text(gc::kReferenceGroup, cmp.reference);
  e.count(gc::kReferencePool, cmp.ref.n);
  e.count(gc::kReferenceSelected, cmp.ref.selected);
  if (auto r = st::selection_rate(cmp.ref)) e.rate(gc::kReferenceRate, *r); else e.null(gc::kReferenceRate);
  if (cmp.ir.ratio) e.ratio(gc::kImpactRatio, *cmp.ir.ratio); else e.null(gc::kImpactRatio);
  e.text(gc::kFourFifths, st::to_string(cmp.ir.verdict));
  e.p_value("fisher_p_two_sided", cmp.fisher.p_two_sided);
  e.p_value("fisher_p_one_sided", cmp.fisher.p_less);
  e.p_value("fisher_mid_p", cmp.fisher.mid_p_less);
  if (cmp.z) e.statistic("z", *cmp.z); else e.null("z");
  if (cmp.ci) {
    e.ratio("ci_low", cmp.ci->low);
    e.ratio("ci_high", cmp.ci->high);
  } else {
    e.null("ci_low");
    e.null("ci_high");
  }
  e.count("shortfall_parity", cmp.shortfall_parity);
  e.count("shortfall_four_fifths", cmp.shortfall_threshold);
  e.boolean("flip_reverses", cmp.flip);
  e.boolean("plus_two_significant", cmp.plus_two);
  if (cmp.cmh) {
    if (cmp.cmh->chi2) e.statistic("cmh_chi2", *cmp.cmh->chi2); else e.null("cmh_chi2");
    if (cmp.cmh->p) e.p_value("cmh_p", *cmp.cmh->p); else e.null("cmh_p");
    if (cmp.cmh->odds_ratio) e.ratio("mh_odds_ratio", *cmp.cmh->odds_ratio); else e.null("mh_odds_ratio");
    if (cmp.cmh->rate_ratio) e.ratio("mh_rate_ratio", *cmp.cmh->rate_ratio); else e.null("mh_rate_ratio");
    e.number("strata", cmp.cmh->strata);
  }
  e.boolean("sufficient", cmp.sufficient);
  e.text(fairaudit::shapes::group_comparison::kOutcome, to_string(cmp.outcome));
  return e;
}

Summary summarise(const std::vector<Comparison>& comparisons) {
  Summary s;
  bool any_sufficient = false, any_insufficient = false;
  for (const auto& cmp : comparisons) {
    if (cmp.outcome == Outcome::insufficient_data) {
      any_insufficient = true;
      continue;
    }
    any_sufficient = true;
    if (cmp.outcome >= Outcome::note && (!s.worst || cmp.outcome > s.worst->outcome)) s.worst = &cmp;
  }
  if (s.worst) {
    s.verdict = fairaudit::Verdict::breach;
    s.severity = s.worst->outcome == Outcome::error     ? Severity::error
                 : s.worst->outcome == Outcome::warning ? Severity::warning
                                                        : Severity::note;
  } else if (any_sufficient) {
    s.verdict = fairaudit::Verdict::complies;
  } else if (any_insufficient) {
    s.verdict = fairaudit::Verdict::insufficient_data;
  }
  return s;
}

Evidence disparity_evidence(const Config& c, const Analysis& a, const Transition& t, const std::string& reference,
                            const TransitionCounts& counts, const std::vector<Comparison>& comparisons,
                            const Summary& s, bool pooled) {
  namespace gc = fairaudit::shapes::group_comparison;
  Evidence e;
  e.text(gc::kAttribute, a.name);
  e.text(gc::kStageFrom, t.from.name);
  e.text(gc::kStageTo, t.to.name);
  e.text(gc::kReferenceGroup, reference);
  e.text("reference_mode", c.reference_mode_name);
  e.text(gc::kGroup, s.worst ? s.worst->group : (comparisons.empty() ? std::string{} : comparisons.front().group));
  e.real(gc::kThreshold, c.threshold_value);
  e.real("alpha", c.alpha);
  e.text("impact_ratio_method",
         pooled ? "four-fifths rule, UGESP 29 CFR 1607.4(D), on the Mantel-Haenszel rate ratio across rounds "
                  "(mh_rate_ratio) against " + rate_text(c.threshold) +
                      "; impact_ratio and four_fifths show the crude totals; reference: " + c.reference_mode_name
                : "four-fifths rule, UGESP 29 CFR 1607.4(D), integer comparison " + rate_text(c.threshold) +
                      "; reference: " + c.reference_mode_name);
  e.text("significance_method", pooled ? "Cochran-Mantel-Haenszel with continuity correction across rounds"
                                       : "Fisher exact, two-sided (R convention, relative tolerance 1e-7)");
  e.text("mid_p_method", "Lancaster mid-p, one-sided (focal group selected less)");
  e.text("z_method", "pooled two-proportion Z");
  e.text("ci_method", "Katz log interval for the impact ratio, 0.5 added to empty cells");
  e.text("practical_significance_method", "shortfall, flip test (UGESP Q&A 21), +2 test");
  // Kept apart so that a small unknown count hides only itself, not every
  // figure in the finding.
  Evidence unknown;
  unknown.count("unknown_count", counts.unknown.n);
  unknown.count("unknown_selected", counts.unknown.selected);
  e.object("unknown", std::move(unknown));
  std::vector<Evidence> groups;
  for (const auto& cmp : comparisons) groups.push_back(group_evidence(cmp));
  e.list(gc::kGroups, std::move(groups));
  return e;
}

void round_disparity(const Config& c, const Round& r, const Analysis& a, const Transition& t,
                     const TransitionCounts& counts, const std::string& key, const std::string& rule,
                     fairaudit::Sink& sink) {
  std::string ref = counts.groups.size() >= 2 ? reference_group(c, a.name, counts.groups) : std::string{};
  // First with the figures the verdict needs; again with all of them when
  // the evidence is read (a breach's finding, or the checklist).
  auto compare_all = [&](bool full) {
    std::vector<Comparison> out;
    if (ref.empty()) return out;
    const st::GroupCount rc = *find_group(counts.groups, ref);
    out.reserve(counts.groups.size() - 1);
    for (const auto& [g, gc] : counts.groups)
      if (g != ref) out.push_back(compare(c, g, gc, ref, rc, std::nullopt, 0, full));
    return out;
  };
  std::vector<Comparison> comparisons;
  Summary s = summarise_as_needed(comparisons, compare_all, sink.wants_check_evidence());

  std::string reason;
  std::vector<std::string> concerned;
  if (ref.empty() || nobody_selected(counts.groups)) {
    s.verdict = fairaudit::Verdict::not_applicable;
    s.severity.reset();
    reason = ref.empty() ? "Fewer than two {attribute} groups reached {stage_from}; there is nothing to compare."
                         : "Nobody has reached {stage_to} yet; there is nothing to compare.";
  } else if (s.verdict == fairaudit::Verdict::breach) {
    reason = s.worst->ir.verdict == st::FourFifths::adverse
                 ? "{attribute}: the rate from {stage_from} to {stage_to} for {group} is below {threshold} of the "
                   "rate for {reference_group}."
                 : "{attribute}: the rate from {stage_from} to {stage_to} for {group} is significantly lower than "
                   "for {reference_group}.";
    std::string buf;
    for (const auto& cmp : comparisons) {
      if (cmp.outcome < Outcome::note) continue;
      for (const auto& p : r.applicants)
        if (in_pool(p, t) && !reached(p, t.to) && answer_of(a, p, buf).value == cmp.group) concerned.push_back(p.id);
    }
  } else if (s.verdict == fairaudit::Verdict::complies) {
    reason = "No {attribute} group's rate from {stage_from} to {stage_to} is below {threshold} of the rate for "
             "{reference_group}.";
  } else {
    reason = "Too few people in the compared {attribute} groups from {stage_from} to {stage_to} for a verdict "
             "(below the minimum cell or expected count); pooled over rounds instead.";
  }
  // The evidence is most of the work for a round that complies; it is built
  // only when someone reads it.
  Evidence ev;
  if (s.verdict == fairaudit::Verdict::breach || sink.wants_check_evidence())
    ev = disparity_evidence(c, a, t, ref, counts, comparisons, s, false);
  sink.round_verdict(r, rule, s.verdict, std::move(reason), std::move(ev), std::move(concerned), s.severity, key);
}

}  // namespace icd
