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

st::Adjustment adjustment_of(const std::string& name) {
  if (name == "holm") return st::Adjustment::holm;
  if (name == "benjamini_hochberg") return st::Adjustment::benjamini_hochberg;
  return st::Adjustment::none;
}

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
// Whether an applicant with stages `m` is counted at `t`: see in_pool().
// `withdrawn_at` is the applicant's withdrawal, `last_to` the round's last
// `to` event.
bool in_pool_of(Reached m, const Transition& t, const fairaudit::Timestamp* withdrawn_at,
                const std::optional<fairaudit::Timestamp>& last_to) {
  if (!reached_in(m, t.from)) return false;
  if (!has(m, Stage::withdrawn) || reached_in(m, t.to)) return true;
  // Withdrew and was not selected: passed over only when the round's
  // selection for `to` was over by then.
  if (!last_to || !withdrawn_at) return false;
  return !withdrawn_at->before(*last_to);
}

const fairaudit::Timestamp* withdrawal_of(const Applicant& p) {
  const auto* e = p.first(Stage::withdrawn);
  return e ? &e->at : nullptr;
}

// The latest of the round's events of stage `s`.
std::optional<fairaudit::Timestamp> last_event(const Round& r, Stage s) {
  std::optional<fairaudit::Timestamp> last;
  for (const auto& p : r.applicants)
    for (const auto& e : p.events)
      if (e.type == s && (!last || *last < e.at)) last = e.at;
  return last;
}

}  // namespace

bool reached(const Applicant& p, const StagePoint& s) { return reached_in(reached_mask(p), s); }

std::optional<fairaudit::Timestamp> last_to_event(const Round& r, const Transition& t) {
  if (t.to.qualified) return std::nullopt;
  auto last = last_event(r, t.to.stage);
  // An interview held stands for its invitation when the ATS recorded only the interview.
  if (!last && t.to.stage == Stage::interview_invited) last = last_event(r, Stage::interview_held);
  return last;
}

bool in_pool(const Applicant& p, const Transition& t, const std::optional<fairaudit::Timestamp>& last_to) {
  return in_pool_of(reached_mask(p), t, withdrawal_of(p), last_to);
}

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
                            "Significance level of one comparison: the +2 test, the confidence level (1 − alpha) "
                            "of the impact-ratio interval and the smallest detectable impact ratio. Verdicts "
                            "compare adjusted p-values with round_level and pooled_level."),
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
                            "Fewest selections the compared group would have had at the reference group's rate "
                            "(pooled: per round, summed over the rounds with both groups) for a verdict. A more "
                            "extreme difference never falls below it."),
           &Config::min_expected),
      bind<Config>(OptionSpec::real("exclude_share", 0.02, 0.0, 0.2,
                                    "A group with a smaller share of the people at a transition is not compared and "
                                    "cannot be the reference; the evidence lists it with its counts (6 RCNY "
                                    "§ 5-301: categories under 2% may be excluded, their counts disclosed)."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     c.exclude_share = o.get_real(key);
                     c.exclude_fraction = st::threshold_fraction(c.exclude_share);
                   }}),
      bind_share(OptionSpec::real("unknown_share_threshold", 0.2, 0.0, 1.0,
                                  "Share of applicants with no usable answer above which unknown-share is reported."),
                 &Config::unknown_share_threshold, &Config::unknown_share_fraction),
      bind(OptionSpec::integer("unknown_share_min_pool", 20, 1, 100000,
                               "Fewest applicants in a round before unknown-share gives a verdict (two of seven "
                               "declining says nothing about the form)."),
           &Config::unknown_share_min_pool),
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
      bind<Config>(OptionSpec::string("round_adjustment", "holm", {"holm", "benjamini_hochberg", "none"},
                                      "Multiple-testing control over the family of one round's comparisons (every "
                                      "attribute, combination, transition and group): Holm (family-wise error), "
                                      "Benjamini–Hochberg (false discovery rate) or none."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     c.round_adjustment = adjustment_of(o.get_string(key));
                   }}),
      bind(OptionSpec::real("round_level", 0.05, 0.0001, 0.5,
                            "The level the round family's adjusted p-values are compared with."),
           &Config::round_level),
      bind<Config>(OptionSpec::string("pooled_adjustment", "benjamini_hochberg", {"benjamini_hochberg", "holm", "none"},
                                      "Multiple-testing control over the family of every pooled comparison of the "
                                      "run (each unit, attribute, transition and pair of groups): "
                                      "Benjamini–Hochberg (false discovery rate, for screening), Holm or none."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     c.pooled_adjustment = adjustment_of(o.get_string(key));
                   }}),
      bind(OptionSpec::real("pooled_level", 0.05, 0.0001, 0.5,
                            "The level the pooled family's adjusted p-values are compared with (with "
                            "Benjamini–Hochberg: the false discovery rate)."),
           &Config::pooled_level),
      bind<Config>(OptionSpec::string("round_severity", "warning", {"warning", "error"},
                                      "Severity of a round disparity that is practically and statistically "
                                      "significant (one gate alone is a note)."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     c.round_severity = o.get_string(key) == "error" ? Severity::error : Severity::warning;
                   }}),
      bind<Config>(OptionSpec::string("pooled_severity", "error", {"error", "warning"},
                                      "Severity of a pooled disparity that is practically and statistically "
                                      "significant (one gate alone is a note)."),
                   Store{[](Config& c, const Options& o, const std::string& key) {
                     c.pooled_severity = o.get_string(key) == "warning" ? Severity::warning : Severity::error;
                   }}),
      bind(OptionSpec::real("power", 0.8, 0.5, 0.99,
                            "Power at which the evidence states the smallest impact ratio the numbers could have "
                            "found (one-sided test at alpha)."),
           &Config::power),
      bind(OptionSpec::string("profile", "oslo", {"oslo", "state", "se-kommun", "dk-kommune"},
                              "Whose activity duty each rule cites as its basis: Norway's likestillings- og "
                              "diskrimineringsloven (oslo, state), Sweden's diskrimineringslagen (se-kommun) or "
                              "Denmark's ligestillingsloven and forskelsbehandlingsloven (dk-kommune)."),
           &Config::profile),
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
  // The round's last `to` event per transition, for withdrawals (in_pool).
  std::vector<std::optional<fairaudit::Timestamp>> last_to;
  bool any_withdrawn = false;
  for (const auto& p : r.applicants) any_withdrawn = any_withdrawn || p.reached(Stage::withdrawn);
  for (const auto& t : c.transitions) last_to.push_back(any_withdrawn ? last_to_event(r, t) : std::nullopt);
  // Per applicant and transition: bit 0 in the pool, bit 1 reached `to`.
  flags.assign(r.applicants.size() * transitions, 0);
  for (std::size_t i = 0; i < r.applicants.size(); ++i) {
    const Reached m = reached_mask(r.applicants[i]);
    const fairaudit::Timestamp* withdrawn_at = has(m, Stage::withdrawn) ? withdrawal_of(r.applicants[i]) : nullptr;
    for (std::size_t ti = 0; ti < transitions; ++ti) {
      const Transition& t = c.transitions[ti];
      if (in_pool_of(m, t, withdrawn_at, last_to[ti]))
        flags[i * transitions + ti] = std::uint8_t(1 | (reached_in(m, t.to) ? 2 : 0));
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

const char* to_string(Gate g) {
  switch (g) {
    case Gate::neither: return "neither";
    case Gate::practical: return "practical_only";
    case Gate::statistical: return "statistical_only";
    case Gate::both: return "both";
  }
  return "neither";
}

namespace {

// The figures every comparison shows, from the counts it rests on.
void fill_figures(const Config& c, Comparison& cmp, st::GroupCount f, st::GroupCount r) {
  cmp.z = st::pooled_z(f, r);
  cmp.ci = st::impact_ratio_ci(f, r, 1 - c.alpha);
  cmp.shortfall_parity = st::shortfall_to_parity(f, r);
  cmp.shortfall_threshold = st::shortfall_to_threshold(f, r, c.threshold);
  cmp.flip = st::flip_reverses(f, r);
}

// Sufficiency on what the verdict rests on: both groups at least min_cell
// people, and at least min_expected selections for the focal group at the
// reference group's rate. Neither depends on the focal group's selections and
// the expected count grows with the reference group's, so a more extreme
// difference between the same pools is never less sufficient.
bool enough(const Config& c, st::GroupCount f, st::GroupCount r, double expected_focal) {
  return f.n >= c.min_cell && r.n >= c.min_cell && expected_focal >= c.min_expected;
}

void set_detectable(const Config& c, Comparison& cmp) {
  const auto rate = st::selection_rate(cmp.strata_ref);
  cmp.detectable = rate ? st::detectable_impact_ratio(cmp.strata_focal.n, cmp.strata_ref.n, *rate, c.alpha, c.power)
                        : std::nullopt;
}

}  // namespace

Comparison compare(const Config& c, const std::string& group, st::GroupCount focal, const std::string& reference,
                   st::GroupCount ref) {
  Comparison cmp;
  cmp.group = group;
  cmp.reference = reference;
  cmp.focal = cmp.strata_focal = focal;
  cmp.ref = cmp.strata_ref = ref;
  cmp.strata = 1;
  cmp.ir = st::impact_ratio(focal, ref, c.threshold);
  cmp.expected_focal =
      ref.n > 0 ? static_cast<double>(focal.n) * static_cast<double>(ref.selected) / static_cast<double>(ref.n) : 0;
  fill_figures(c, cmp, focal, ref);
  cmp.fisher = st::fisher_exact(st::table(focal, ref));
  set_detectable(c, cmp);
  // Small numbers give no verdict (UGESP 1607.4(D) and Q&A 20: pool over time
  // or sites instead).
  cmp.sufficient = enough(c, focal, ref, cmp.expected_focal);
  if (!cmp.sufficient) {
    cmp.outcome = Outcome::insufficient_data;
    return cmp;
  }
  if (cmp.ir.verdict == st::FourFifths::undefined) return cmp;  // nobody selected: nothing to compare
  cmp.tested = true;
  cmp.p = cmp.fisher.p_two_sided;
  cmp.lower = st::rate_below(focal, ref, 1, 1);
  cmp.adverse = cmp.ir.verdict == st::FourFifths::adverse;
  // UGESP 1607.4(D): smaller differences may constitute adverse impact where
  // they are significant in both statistical and practical terms; the +2 test
  // is the practical side of that.
  if (cmp.lower && !cmp.adverse) cmp.plus_two = st::plus_two_still_significant(focal, ref, c.alpha);
  // The practical gate: below four-fifths (or still significant with two
  // more selections), and not reversed by moving one selection (Q&A 21).
  cmp.practical = cmp.lower && (cmp.adverse || cmp.plus_two) && !cmp.flip;
  return cmp;
}

Comparison compare_pooled(const Config& c, const std::string& group, st::GroupCount focal_total,
                          const std::string& reference, st::GroupCount ref_total, const Strata& strata) {
  Comparison cmp;
  cmp.group = group;
  cmp.reference = reference;
  cmp.focal = focal_total;
  cmp.ref = ref_total;
  cmp.strata_focal = strata.focal;
  cmp.strata_ref = strata.ref;
  cmp.expected_focal = strata.expected_focal;
  cmp.cmh = strata.cmh.result();
  cmp.strata = cmp.cmh->strata;
  // The crude figures are shown; the verdict rests on the rounds that count.
  cmp.ir = st::impact_ratio(focal_total, ref_total, c.threshold);
  cmp.fisher_left_to_evidence = true;  // shown, not decided on: worked out for the comparisons shown
  fill_figures(c, cmp, strata.focal, strata.ref);
  set_detectable(c, cmp);
  cmp.sufficient = enough(c, strata.focal, strata.ref, strata.expected_focal) && cmp.strata >= c.pooled_min_rounds &&
                   cmp.cmh->p.has_value();
  if (!cmp.sufficient) {
    cmp.outcome = Outcome::insufficient_data;
    return cmp;
  }
  if (!cmp.cmh->rate_ratio) return cmp;  // the reference group had nobody selected in those rounds
  // Within rounds: a gap in the totals that comes from rounds with different
  // base rates (Simpson's paradox) is not how the groups were treated.
  cmp.lower = cmp.cmh->delta < 0;
  cmp.tested = cmp.lower;
  // The flip test within rounds (UGESP Q&A 21): one selection moved from the
  // reference group to the focal group in one round adds 1 to Σ(a − E[a]);
  // when that makes the focal group selected more often, the disparity is
  // one person. (For a single round this is the round's flip test.)
  cmp.flip = cmp.cmh->delta + 1 > 0;
  cmp.p = cmp.cmh->p;
  // Adverse when the Mantel–Haenszel rate ratio, which compares the groups
  // within each round, is below the threshold.
  cmp.adverse = *cmp.cmh->rate_ratio * static_cast<double>(c.threshold.den) < static_cast<double>(c.threshold.num);
  cmp.practical = cmp.lower && cmp.adverse && !cmp.flip;
  return cmp;
}

void decide(const Config& /*c*/, Comparison& cmp, double level, Severity both_severity) {
  if (cmp.outcome == Outcome::insufficient_data) return;
  cmp.statistical = cmp.tested && cmp.lower && cmp.p_adjusted && *cmp.p_adjusted < level;
  cmp.gate = cmp.practical && cmp.statistical ? Gate::both
             : cmp.practical                  ? Gate::practical
             : cmp.statistical                ? Gate::statistical
                                              : Gate::neither;
  switch (cmp.gate) {
    case Gate::both: cmp.outcome = both_severity == Severity::error ? Outcome::error : Outcome::warning; break;
    case Gate::practical:
    case Gate::statistical: cmp.outcome = Outcome::note; break;
    case Gate::neither: cmp.outcome = Outcome::none; break;
  }
}

void adjust(std::vector<Comparison*>& family, st::Adjustment method) {
  std::vector<double> p;
  p.reserve(family.size());
  for (const Comparison* cmp : family) p.push_back(*cmp->p);
  const auto adjusted = st::adjust_p(p, method);
  for (std::size_t i = 0; i < family.size(); ++i) family[i]->p_adjusted = adjusted[i];
}

bool excluded_by_share(const Config& c, std::int64_t n, std::int64_t total) {
  // n/total < num/den, exactly (the products stay far below 2^63: num and den
  // are at most 1000).
  return total > 0 && n * c.exclude_fraction.den < c.exclude_fraction.num * total;
}

std::string reference_group(const Config& c, const std::string& analysis, const GroupCounts& groups,
                            GroupCounts* excluded) {
  std::int64_t total = 0;
  for (const auto& [name, g] : groups) total += g.n;
  std::vector<std::string> names;
  std::vector<st::GroupCount> counts;
  for (const auto& [name, g] : groups) {
    if (excluded_by_share(c, g.n, total)) {
      if (excluded) excluded->emplace_back(name, g);
      continue;
    }
    names.push_back(name);
    // A group below min_cell cannot be the reference: its rate is too unsure
    // to measure others against.
    counts.push_back(g.n >= c.min_cell ? g : st::GroupCount{});
  }
  auto mode = c.reference_mode;
  std::optional<std::size_t> declared;
  if (mode == st::ReferenceMode::declared) {
    auto it = c.declared_reference.find(analysis);
    auto pos = it == c.declared_reference.end() ? names.end() : std::find(names.begin(), names.end(), it->second);
    if (pos == names.end() || counts[std::size_t(pos - names.begin())].n == 0)
      mode = st::ReferenceMode::highest_rate;  // none declared, or too small to measure against
    else
      declared = static_cast<std::size_t>(pos - names.begin());
  }
  auto idx = st::pick_reference(counts, mode, declared);
  return idx ? names[*idx] : std::string{};
}

// The entries group_evidence writes for a pooled comparison and for a
// round's: an evidence object is made for every comparison a finding shows.
constexpr std::size_t kPooledGroupEntries = 38, kRoundGroupEntries = 29;

Evidence group_evidence(const Comparison& cmp) {
  namespace gc = fairaudit::shapes::group_comparison;
  Evidence e;
  e.reserve(cmp.cmh ? kPooledGroupEntries : kRoundGroupEntries);  // room for them all at once, not grown entry by entry
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
  if (cmp.cmh) {
    // What the pooled verdict rests on: the rounds in which both groups took part.
    e.count("strata_n", cmp.strata_focal.n);
    e.count("strata_selected", cmp.strata_focal.selected);
    e.count("strata_reference_n", cmp.strata_ref.n);
    e.count("strata_reference_selected", cmp.strata_ref.selected);
  }
  e.statistic("expected_selected", cmp.expected_focal);
  // A pooled family has thousands of comparisons, of which few are shown.
  const st::FisherResult fisher =
      cmp.fisher_left_to_evidence ? st::fisher_exact(st::table(cmp.strata_focal, cmp.strata_ref)) : cmp.fisher;
  e.p_value("fisher_p_two_sided", fisher.p_two_sided);
  e.p_value("fisher_p_one_sided", fisher.p_less);
  e.p_value("fisher_mid_p", fisher.mid_p_less);
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
  // The p-value the verdict used, before and after the family's adjustment.
  if (cmp.p) e.p_value("p_value", *cmp.p); else e.null("p_value");
  if (cmp.p_adjusted) e.p_value("p_adjusted", *cmp.p_adjusted); else e.null("p_adjusted");
  e.boolean("practical_significance", cmp.practical);
  e.boolean("statistical_significance", cmp.statistical);
  e.text("gates", to_string(cmp.gate));
  if (cmp.detectable) e.ratio("detectable_impact_ratio", *cmp.detectable); else e.null("detectable_impact_ratio");
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

void evaluate_round(const Config& c, const std::vector<TransitionCounts>& all, std::vector<RoundResult>& out) {
  const std::size_t transitions = c.transitions.size();
  out.resize(all.size());
  std::vector<Comparison*> family;
  for (std::size_t k = 0; k < all.size(); ++k) {
    RoundResult& res = out[k];
    res.comparisons.clear();
    res.excluded.clear();
    res.summary = {};
    res.compared_groups = 0;
    const TransitionCounts& counts = all[k];
    res.reference = counts.groups.size() >= 2
                        ? reference_group(c, analysis_at(c, k / transitions).name, counts.groups, &res.excluded)
                        : std::string{};
    res.compared_groups = counts.groups.size() - res.excluded.size();
    if (res.reference.empty()) continue;
    const st::GroupCount rc = *find_group(counts.groups, res.reference);
    for (const auto& [g, gc] : counts.groups) {
      if (g == res.reference || find_group(res.excluded, g)) continue;
      res.comparisons.push_back(compare(c, g, gc, res.reference, rc));
    }
  }
  // The round's comparisons are one family: a round is read as one report.
  for (auto& res : out)
    for (auto& cmp : res.comparisons)
      if (cmp.tested) family.push_back(&cmp);
  adjust(family, c.round_adjustment);
  for (auto& res : out) {
    res.family_size = family.size();
    for (auto& cmp : res.comparisons) decide(c, cmp, c.round_level, c.round_severity);
    res.summary = summarise(res.comparisons);
  }
}

namespace {

// The comparison whose power a verdict that is not a breach states: of the
// sufficient comparisons, the one with the least power (the smallest
// detectable impact ratio, none at all first), so that "only an impact ratio
// below …" holds for every group compared.
const Comparison* weakest(const std::vector<Comparison>& comparisons) {
  const Comparison* w = nullptr;
  for (const auto& cmp : comparisons) {
    if (!cmp.sufficient) continue;
    if (!w || cmp.detectable.value_or(-1) < w->detectable.value_or(-1)) w = &cmp;
  }
  return w;
}

}  // namespace

Evidence disparity_evidence(const Config& c, const Analysis& a, const Transition& t, const std::string& reference,
                            const TransitionCounts& counts, const std::vector<Comparison>& comparisons,
                            const GroupCounts& excluded, const Summary& s, const Family& family, bool pooled) {
  namespace gc = fairaudit::shapes::group_comparison;
  const Comparison* head = s.worst ? s.worst : weakest(comparisons);
  if (!head && !comparisons.empty()) head = &comparisons.front();
  const Comparison* weak = weakest(comparisons);
  Evidence e;
  e.text(gc::kAttribute, a.name);
  e.text(gc::kStageFrom, t.from.name);
  e.text(gc::kStageTo, t.to.name);
  e.text(gc::kReferenceGroup, head && pooled ? head->reference : reference);
  e.text("reference_mode", c.reference_mode_name);
  e.text(gc::kGroup, head ? head->group : std::string{});
  e.real(gc::kThreshold, c.threshold_value);
  e.real("alpha", c.alpha);
  e.text("gates", head ? to_string(head->gate) : "neither");
  e.text("family", family.name);
  e.text("adjustment", st::to_string(family.method));
  e.real("family_level", family.level);
  e.number("family_size", static_cast<std::int64_t>(family.size));
  e.text("impact_ratio_method",
         pooled ? "four-fifths rule, UGESP 29 CFR 1607.4(D), on the Mantel-Haenszel rate ratio across the rounds "
                  "with both groups (mh_rate_ratio) against " + rate_text(c.threshold) +
                      "; impact_ratio and four_fifths show the crude totals; each group against the group it is "
                      "selected less often than within rounds"
                : "four-fifths rule, UGESP 29 CFR 1607.4(D), integer comparison " + rate_text(c.threshold) +
                      "; reference: " + c.reference_mode_name + " among groups of at least min_cell");
  e.text("significance_method",
         std::string(pooled ? "Cochran-Mantel-Haenszel with continuity correction across rounds"
                            : "Fisher exact, two-sided (R convention, relative tolerance 1e-7)") +
             "; p_adjusted by " + st::to_string(family.method) + " over the " + family.name +
             " family, compared with family_level");
  e.text("verdict_method",
         "two gates: practical significance (below the threshold or +2 test, not reversed by the flip test, UGESP "
         "Q&A 21) and statistical significance after multiple-testing control; both give a finding at the policy's "
         "severity, one gate alone a note (monitor), neither complies");
  e.text("mid_p_method", "Lancaster mid-p, one-sided (focal group selected less)");
  e.text("z_method", "pooled two-proportion Z");
  e.text("ci_method", "Katz log interval for the impact ratio, 0.5 added to empty cells");
  e.text("practical_significance_method", "shortfall, flip test (UGESP Q&A 21), +2 test");
  e.real("power", c.power);
  e.text("detectable_method",
         "smallest impact ratio found with the stated power by a one-sided test at alpha, normal approximation for "
         "two proportions (Fleiss, Levin & Paik 2003, § 4.2)");
  // The smallest impact ratio the least powerful sufficient comparison could
  // have found, with the counts it comes from next to it (small counts hide
  // it, and the message may name it).
  if (weak) {
    e.text("detectable_group", weak->group);
    e.count("detectable_n", weak->strata_focal.n);
    e.count("detectable_reference_n", weak->strata_ref.n);
    if (weak->detectable) e.ratio("detectable_impact_ratio", *weak->detectable);
    else e.null("detectable_impact_ratio");
  }
  // Kept apart so that a small unknown count hides only itself, not every
  // figure in the finding.
  Evidence unknown;
  unknown.count("unknown_count", counts.unknown.n);
  unknown.count("unknown_selected", counts.unknown.selected);
  e.object("unknown", std::move(unknown));
  std::vector<Evidence> out_groups;
  for (const auto& [g, gcnt] : excluded) {
    Evidence x;
    x.text("group", g);
    x.count("n", gcnt.n);
    x.count("selected", gcnt.selected);
    out_groups.push_back(std::move(x));
  }
  e.real("exclude_share", c.exclude_share);
  e.list("excluded", std::move(out_groups));
  std::vector<Evidence> groups;
  for (const auto& cmp : comparisons) groups.push_back(group_evidence(cmp));
  e.list(gc::kGroups, std::move(groups));
  return e;
}

std::string disparity_reason(const Summary& s, const std::vector<Comparison>& comparisons, bool pooled) {
  const std::string pre = pooled ? "{attribute}, pooled over {rounds} rounds: " : "{attribute}: ";
  const std::string within = pooled ? " within rounds" : "";
  if (s.verdict == fairaudit::Verdict::breach) {
    const Comparison& w = *s.worst;
    const std::string below = w.adverse ? " is below {threshold} of the rate for {reference_group}"
                                        : " is lower than for {reference_group}, still significantly with two more "
                                          "selections";
    switch (w.gate) {
      case Gate::both:
        return pre + "the rate from {stage_from} to {stage_to} for {group}" + below + within +
               ", and significantly lower after adjusting for the {family_size} comparisons of the {family} "
               "(both gates: practical and statistical significance).";
      case Gate::practical:
        return pre + "the rate from {stage_from} to {stage_to} for {group}" + below + within +
               ", but not significantly lower once the {family_size} comparisons of the {family} are taken into "
               "account: monitor (practical significance only).";
      case Gate::statistical:
        return pre + "the rate from {stage_from} to {stage_to} for {group} is significantly lower than for "
                     "{reference_group}" + within +
               " after adjusting for the {family_size} comparisons of the {family}, but the difference is not of "
               "practical significance (not below {threshold}, or one selection moved would reverse it): monitor "
               "(statistical significance only).";
      case Gate::neither: break;
    }
  }
  if (s.verdict == fairaudit::Verdict::complies) {
    const Comparison* w = weakest(comparisons);
    const std::string power =
        w && w->detectable ? "; with these numbers, only an impact ratio below {detectable_impact_ratio} could have "
                             "been found (for {detectable_group})."
                           : "; with these numbers, no disparity could have been found at all (for "
                             "{detectable_group}).";
    return pre + "no group is selected from {stage_from} to {stage_to} at a rate that is both below {threshold} of "
                 "the rate for {reference_group}" + within + " and significantly lower" + (w ? power : ".");
  }
  return pre + "too few people" + (pooled ? std::string(", or too few rounds with both groups,") : std::string()) +
         " in the compared {attribute} groups from {stage_from} to {stage_to} for a verdict (below min_cell, or "
         "fewer expected selections than min_expected)" +
         (pooled ? std::string(".") : std::string("; pooled over rounds instead."));
}

void round_disparity(const Config& c, const Round& r, const Analysis& a, const Transition& t,
                     const TransitionCounts& counts, const RoundResult& result, const std::string& key,
                     const std::string& rule, fairaudit::Sink& sink) {
  Summary s = result.summary;
  std::string reason;
  std::vector<std::string> concerned;
  if (result.reference.empty() && result.compared_groups >= 2) {
    s.verdict = fairaudit::Verdict::insufficient_data;
    s.severity.reset();
    reason = "No {attribute} group from {stage_from} to {stage_to} has min_cell people to compare the others with; "
             "pooled over rounds instead.";
  } else if (result.reference.empty() || nobody_selected(counts.groups)) {
    s.verdict = fairaudit::Verdict::not_applicable;
    s.severity.reset();
    reason = result.reference.empty() ? "Fewer than two {attribute} groups reached {stage_from}; there is nothing to "
                                        "compare."
                                      : "Nobody has reached {stage_to} yet; there is nothing to compare.";
  } else {
    reason = disparity_reason(s, result.comparisons, false);
    if (s.verdict == fairaudit::Verdict::breach) {
      const auto last_to = last_to_event(r, t);
      std::string buf;
      for (const auto& cmp : result.comparisons) {
        if (cmp.outcome < Outcome::note) continue;
        for (const auto& p : r.applicants)
          if (in_pool(p, t, last_to) && !reached(p, t.to) && answer_of(a, p, buf).value == cmp.group)
            concerned.push_back(p.id);
      }
    }
  }
  // The evidence is most of the work for a round that complies; it is built
  // only when someone reads it.
  Evidence ev;
  if (s.verdict == fairaudit::Verdict::breach || sink.wants_check_evidence())
    ev = disparity_evidence(c, a, t, result.reference, counts, result.comparisons, result.excluded, s,
                            Family{"round", c.round_adjustment, c.round_level, result.family_size}, false);
  sink.round_verdict(r, rule, s.verdict, std::move(reason), std::move(ev), std::move(concerned), s.severity, key);
}

}  // namespace icd
