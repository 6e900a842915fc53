#include "units.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

namespace fairaudit::gen {
namespace {

// Female shares per sector are rounded from the public-sector workforce
// statistics of the three countries (care and early childhood above 80%,
// technical services below 30%); they set the gender mix of applicants.
const std::vector<Sector> kNorwegianSectors = {
    {"helse", 0.82, {"2221", "5321", "2264", "5321"}},
    {"oppvekst", 0.72, {"2341", "2341", "5312", "2352"}},
    {"barnehage", 0.88, {"2342", "5311", "5311", "2342"}},
    {"barnevern", 0.80, {"2635", "3412", "2635", "2635"}},
    {"nav", 0.68, {"3353", "2635", "4110", "3353"}},
    {"hjemmetjenester", 0.86, {"2221", "5322", "5322", "5321"}},
    {"kultur", 0.58, {"2622", "3435", "2622", "4110"}},
    {"administrasjon", 0.62, {"2422", "2411", "4110", "2423"}},
    {"teknisk", 0.22, {"2142", "3112", "7126", "2142"}},
    {"it", 0.28, {"2512", "2522", "3512", "2512"}},
};
const std::vector<Sector> kStateSectors = {
    {"region-ost", 0.56, {"3353", "2422", "4110", "2411"}},
    {"region-vest", 0.55, {"3353", "2422", "4110", "2411"}},
    {"region-midt", 0.55, {"3353", "2422", "4110", "2411"}},
    {"region-nord", 0.57, {"3353", "2422", "4110", "2411"}},
    {"region-sor", 0.55, {"3353", "2422", "4110", "2411"}},
    {"stab", 0.60, {"2422", "2423", "1213", "2411"}},
    {"it", 0.28, {"2512", "2522", "3512", "2512"}},
    {"analyse", 0.50, {"2120", "2631", "2422", "2422"}},
};
const std::vector<Sector> kSwedishSectors = {
    {"vard-och-omsorg", 0.82, {"2221", "5321", "5322", "2264"}},
    {"forskola", 0.92, {"2342", "5311", "5311", "2342"}},
    {"grundskola", 0.74, {"2341", "5312", "2352", "2341"}},
    {"socialtjanst", 0.78, {"2635", "3412", "2635", "2635"}},
    {"kultur", 0.60, {"2622", "3435", "2622", "4110"}},
    {"administration", 0.64, {"2422", "2411", "4110", "2423"}},
    {"fastighet", 0.25, {"2142", "3112", "7126", "7126"}},
    {"it", 0.30, {"2512", "2522", "3512", "2512"}},
};
const std::vector<Sector> kDanishSectors = {
    {"sundhed", 0.84, {"2221", "5321", "5322", "2264"}},
    {"dagtilbud", 0.90, {"2342", "5311", "5311", "2342"}},
    {"skole", 0.70, {"2341", "5312", "2352", "2341"}},
    {"socialomrade", 0.75, {"2635", "3412", "2635", "2635"}},
    {"kultur", 0.60, {"2622", "3435", "2622", "4110"}},
    {"administration", 0.62, {"2422", "2411", "4110", "2423"}},
    {"teknik", 0.25, {"2142", "3112", "7126", "7126"}},
    {"it", 0.30, {"2512", "2522", "3512", "2512"}},
};

std::vector<Org> make_orgs() {
  using J = Jurisdiction;
  using C = Country;
  return {
      {"oslo", "OSL", J::no_oslo, C::norway, 0.38, 0.26,
       {"bydel-gamle-oslo", "bydel-grunerlokka", "bydel-sagene", "bydel-alna", "bydel-stovner", "bydel-frogner",
        "bydel-sondre-nordstrand", "bydel-nordre-aker", "bydel-st-hanshaugen", "bydel-ullern", "bydel-vestre-aker",
        "bydel-bjerke", "bydel-grorud", "bydel-ostensjo", "bydel-nordstrand", "utdanningsetaten", "sykehjemsetaten",
        "helseetaten", "velferdsetaten", "bymiljoetaten", "kulturetaten", "vann-og-avlopsetaten",
        "plan-og-bygningsetaten"},
       "virksomhet", &kNorwegianSectors, "avdeling", "likestillingsrepresentant", 50000},
      {"staten", "STA", J::no_state, C::norway, 0.16, 0.14,
       {"nav", "skatteetaten", "politiet", "statens-vegvesen", "udi", "helsedirektoratet", "dfo", "statsforvalteren",
        "domstoladministrasjonen", "kartverket"},
       "etat", &kStateSectors, "seksjon", "tillitsvalgt", 0},
      {"bergen", "BGN", J::other, C::norway, 0.09, 0.15,
       {"bergenhus", "arna", "asane", "fana", "fyllingsdalen", "laksevag", "ytrebygda", "arstad"}, "omrade",
       &kNorwegianSectors, "avdeling", "tillitsvalgt", 0},
      {"trondheim", "TRD", J::other, C::norway, 0.06, 0.13,
       {"midtbyen", "ostbyen", "lerkendal", "heimdal", "helse-og-velferd", "oppvekst-og-utdanning",
        "kultur-og-naering", "miljo-og-samfunn"},
       "omrade", &kNorwegianSectors, "avdeling", "tillitsvalgt", 0},
      {"goteborg", "GBG", J::se, C::sweden, 0.09, 0.0,
       {"socialforvaltningen-centrum", "socialforvaltningen-hisingen", "socialforvaltningen-nordost",
        "socialforvaltningen-sydvast", "grundskoleforvaltningen", "forskoleforvaltningen",
        "aldre-samt-vard-och-omsorgsforvaltningen", "stadsmiljoforvaltningen"},
       "forvaltning", &kSwedishSectors, "enhet", "facklig_representant", 57000},
      {"malmo", "MLM", J::se, C::sweden, 0.06, 0.0,
       {"halsa-vard-och-omsorgsforvaltningen", "funktionsstodsforvaltningen", "forskoleforvaltningen",
        "grundskoleforvaltningen", "gymnasie-och-vuxenutbildningsforvaltningen",
        "arbetsmarknads-och-socialforvaltningen", "fastighets-och-gatukontoret", "kulturforvaltningen"},
       "forvaltning", &kSwedishSectors, "enhet", "facklig_representant", 27000},
      {"trelleborg", "TRB", J::se, C::sweden, 0.02, 0.0,
       {"omsorgsforvaltningen", "utbildningsforvaltningen", "socialforvaltningen", "kultur-och-fritidsforvaltningen",
        "samhallsbyggnadsforvaltningen", "kommunledningskontoret"},
       "forvaltning", &kSwedishSectors, "enhet", "facklig_representant", 3001},
      {"aarhus", "AAR", J::dk, C::denmark, 0.06, 0.0,
       {"sundhed-og-omsorg", "born-og-unge", "sociale-forhold-og-beskaeftigelse", "kultur-og-borgerservice",
        "teknik-og-miljo", "borgmesterens-afdeling"},
       "omrade", &kDanishSectors, "afdeling", "tillidsrepraesentant", 0},
      {"kobenhavn", "KBH", J::dk, C::denmark, 0.08, 0.0,
       {"sundheds-og-omsorgsforvaltningen", "borne-og-ungdomsforvaltningen", "socialforvaltningen",
        "beskaeftigelses-og-integrationsforvaltningen", "kultur-og-fritidsforvaltningen",
        "teknik-og-miljoforvaltningen", "okonomiforvaltningen"},
       "forvaltning", &kDanishSectors, "afdeling", "tillidsrepraesentant", 0},
  };
}

// Three letters that stand for a unit in a round id: the initials of its
// words ("bydel-gamle-oslo" -> BGO), padded from the last word.
std::string abbreviation(std::string_view name) {
  std::string out;
  std::size_t start = 0;
  while (start < name.size() && out.size() < 3) {
    std::size_t end = name.find('-', start);
    if (end == std::string_view::npos) end = name.size();
    if (end > start) out += static_cast<char>(std::toupper(static_cast<unsigned char>(name[start])));
    start = end + 1;
  }
  // One-word names: take the following letters of the word.
  std::size_t last = name.rfind('-');
  last = last == std::string_view::npos ? 0 : last + 1;
  for (std::size_t i = last + 1; out.size() < 3 && i < name.size(); ++i)
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(name[i])));
  return out;
}

std::string numbered(const char* stem, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%02d", stem, n);
  return buf;
}

std::string unique_code(std::unordered_set<std::string>& used, const std::string& code) {
  std::string candidate = code;
  for (int k = 2; !used.insert(candidate).second; ++k) candidate = code + std::to_string(k);
  return candidate;
}

constexpr std::uint64_t kLeafStream = 0x1EAF;
constexpr std::uint64_t kUnitRecordStream = 0x5417;

}  // namespace

const char* to_string(Planted::Attribute a) {
  switch (a) {
    case Planted::Attribute::none: return "none";
    case Planted::Attribute::gender: return "gender";
    case Planted::Attribute::immigrant_background: return "immigrant_background";
    case Planted::Attribute::disability: return "disability";
  }
  return "?";
}

TreeShape parse_tree_shape(const std::string& spec) {
  TreeShape s;
  int depth = 0, breadth = 0;
  char tail = 0;
  if (std::sscanf(spec.c_str(), "%d/%d%c", &depth, &breadth, &tail) != 2 || depth < 1 || depth > 6 || breadth < 1 ||
      breadth > 100)
    throw std::invalid_argument("--units-tree: expected DEPTH/BREADTH with depth 1-6 and breadth 1-100, e.g. 2/8");
  s.depth = depth;
  s.breadth = breadth;
  return s;
}

UnitTree::UnitTree(const TreeShape& shape, std::uint64_t seed, double planted_share) : orgs_(make_orgs()) {
  double per_org = 1;
  for (int i = 0; i < shape.depth; ++i) per_org *= shape.breadth;
  if (per_org * static_cast<double>(orgs_.size()) > 2e6)
    throw std::invalid_argument("--units-tree: more than 2 million units; use a smaller depth or breadth");

  std::vector<double> weights;
  for (int o = 0; o < static_cast<int>(orgs_.size()); ++o) {
    const Org& org = orgs_[static_cast<std::size_t>(o)];
    const auto& sectors = *org.sectors;
    std::unordered_set<std::string> used_level1;
    const std::size_t first_leaf = leaves_.size();
    for (int a = 0; a < shape.breadth; ++a) {
      const bool listed = a < static_cast<int>(org.level1.size());
      const std::string l1 = listed ? org.level1[static_cast<std::size_t>(a)] : numbered(org.level1_more, a + 1);
      const std::string l1code = unique_code(
          used_level1, listed ? abbreviation(l1) : abbreviation(org.level1_more) + std::to_string(a + 1));
      // Below level 1: sectors, then numbered sub-units; leaves are the units
      // at `depth` levels below the employer.
      struct Frame {
        std::string path, code;
        const Sector* sector;
        int level;
      };
      std::vector<Frame> stack{{std::string(org.name) + "/" + l1, std::string(org.code) + "-" + l1code,
                                &sectors[static_cast<std::size_t>(a) % sectors.size()], 1}};
      std::vector<Frame> order;
      while (!stack.empty()) {
        Frame f = std::move(stack.back());
        stack.pop_back();
        if (f.level == shape.depth) {
          order.push_back(std::move(f));
          continue;
        }
        for (int b = shape.breadth - 1; b >= 0; --b) {
          Frame child;
          child.level = f.level + 1;
          if (f.level == 1) {
            const auto& sec = sectors[static_cast<std::size_t>(b) % sectors.size()];
            const bool named = b < static_cast<int>(sectors.size());
            child.sector = &sec;
            child.path = f.path + "/" + (named ? std::string(sec.name) : numbered("enhet", b + 1));
            child.code = f.code + "-" + (named ? abbreviation(sec.name) : "E" + std::to_string(b + 1));
          } else {
            child.sector = f.sector;
            child.path = f.path + "/" + numbered(org.deeper, b + 1);
            child.code = f.code + std::to_string(b + 1);
          }
          stack.push_back(std::move(child));
        }
      }
      for (auto& f : order) {
        Leaf leaf;
        leaf.path = std::move(f.path);
        leaf.code = std::move(f.code);
        leaf.org = o;
        leaf.sector = f.sector;
        leaves_.push_back(std::move(leaf));
      }
    }
    // Sector codes can repeat within one level-1 unit (barnehage, barnevern);
    // round ids must stay unique, so leaf codes are made unique per employer.
    std::unordered_set<std::string> used_leaf;
    for (std::size_t i = first_leaf; i < leaves_.size(); ++i) leaves_[i].code = unique_code(used_leaf, leaves_[i].code);

    // Units differ a lot in how often they hire (a nursing home hires every
    // month, a planning office once a year): lognormal weights within the
    // employer, scaled to the employer's share.
    double org_total = 0;
    const std::size_t first_weight = weights.size();
    for (std::size_t i = first_leaf; i < leaves_.size(); ++i) {
      Rng r(stream_seed(seed, kLeafStream, i));
      const double w = r.lognormal(1.0, 0.8);
      weights.push_back(w);
      org_total += w;
      Leaf& leaf = leaves_[i];
      leaf.immigrant_share = std::min(0.6, org.immigrant_share * r.lognormal(1.0, 0.35));
      if (r.chance(planted_share)) {
        // Denmark does not ask about ethnic origin (forskelsbehandlingsloven
        // § 4), Sweden's employers do not register it: plant what can be seen.
        const bool ethnicity_asked = org.country == Country::norway;
        const double u = r.uniform();
        if (ethnicity_asked && u < 0.5) {
          leaf.planted.attribute = Planted::Attribute::immigrant_background;
        } else if (u < (ethnicity_asked ? 0.65 : 0.35)) {
          leaf.planted.attribute = Planted::Attribute::disability;
        } else {
          leaf.planted.attribute = Planted::Attribute::gender;
          // Against the gender that is the minority in the sector.
          leaf.planted.gender = leaf.sector->female_share >= 0.5 ? Gender::man : Gender::woman;
        }
      }
    }
    for (std::size_t i = first_weight; i < weights.size(); ++i) weights[i] *= org.weight / org_total;
  }
  cumulative_.resize(weights.size());
  double sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) cumulative_[i] = (sum += weights[i]);
}

std::size_t UnitTree::pick(Rng& rng) const {
  const double x = rng.uniform() * cumulative_.back();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
}

void UnitTree::write_unit_records(Writer& w, const Dates& dates, std::uint64_t seed, int year) const {
  const std::int32_t y0 = days_from_civil(year, 1, 1);
  for (std::size_t i = 0; i < leaves_.size(); ++i) {
    const Leaf& leaf = leaves_[i];
    const Org& org = orgs_[static_cast<std::size_t>(leaf.org)];
    Rng r(stream_seed(seed, kUnitRecordStream, i));
    w.room(4096 + leaf.path.size());
    w.lit("{\"kind\":\"unit\",\"schema\":1,\"org_unit\":");
    w.qstr(leaf.path);
    w.lit(",\"period\":\"");
    w.uint(static_cast<std::uint64_t>(year));
    w.ch('"');

    // Oslo kommune's agreement (Dok 24 Del I) asks every unit for a written
    // routine for the likestillingsrepresentant's part in hiring and for
    // trekantmøter; other Norwegian employers have both less often.
    const bool oslo = org.jurisdiction == Jurisdiction::no_oslo;
    if (org.country == Country::norway) {
      const double has_routine = oslo ? 0.9 : 0.5;
      if (r.chance(has_routine)) {
        static const char* kVersions[] = {"2024-01", "2025-01", "2025-09"};
        w.lit(",\"representative_routine\":{\"documented\":");
        w.boolean(r.chance(0.94));
        w.lit(",\"version\":");
        w.qstr(kVersions[r.between(0, 2)]);
        w.ch('}');
      }
    }

    const char* meeting = "trekantmote";
    const char* full_roles[4] = {"tjenesteleder", "tillitsvalgt", "verneombud", "likestillingsrepresentant"};
    int n_roles = oslo ? 4 : 3;
    if (org.country == Country::sweden) {
      meeting = "samverkan";
      full_roles[0] = "chef", full_roles[1] = "facklig_representant", full_roles[2] = "skyddsombud";
    } else if (org.country == Country::denmark) {
      meeting = "med_udvalg";
      full_roles[0] = "leder", full_roles[1] = "tillidsrepraesentant", full_roles[2] = "arbejdsmiljorepraesentant";
    }
    const double weights[] = {oslo ? 0.12 : 0.3, 0.3, 0.3, 0.2, 0.08};
    const int meetings = r.weighted(weights);
    w.lit(",\"meetings\":[");
    for (int m = 0; m < meetings; ++m) {
      if (m) w.ch(',');
      w.lit("{\"type\":");
      w.qstr(meeting);
      w.lit(",\"at\":");
      std::int32_t day = y0 + r.between(10, 340);
      while (weekday(day) >= 6) ++day;
      dates.write(w, day, -1);
      w.lit(",\"roles\":[");
      // Some meetings are held without one of the roles: the gap
      // meets-in-trekantmote looks for.
      const int missing = r.chance(0.22) ? r.between(1, n_roles - 1) : -1;
      bool first = true;
      for (int k = 0; k < n_roles; ++k) {
        if (k == missing) continue;
        if (!first) w.ch(',');
        first = false;
        w.qstr(full_roles[k]);
      }
      w.lit("],\"tags\":[");
      const double u = r.uniform();
      if (u < 0.7)
        w.lit("\"recruitment\"");
      else if (u < 0.9)
        w.lit("\"hms\"");
      else
        w.lit("\"recruitment\",\"hms\"");
      w.lit("]}");
    }
    w.lit("]}\n");
  }

  // Diskrimineringslagen (2008:567) ch. 3: yearly documentation of active
  // measures for employers with 25 or more employees.
  for (std::size_t o = 0; o < orgs_.size(); ++o) {
    const Org& org = orgs_[o];
    if (org.country != Country::sweden) continue;
    Rng r(stream_seed(seed, kUnitRecordStream, leaves_.size() + o));
    w.room(4096);
    w.lit("{\"kind\":\"measures\",\"schema\":1,\"employer\":");
    w.qstr(org.name);
    w.lit(",\"year\":");
    w.uint(static_cast<std::uint64_t>(year));
    w.lit(",\"employees\":");
    w.uint(static_cast<std::uint64_t>(org.employees));
    w.lit(",\"area\":\"recruitment_promotion\",\"steps\":{");
    static const char* kSteps[] = {"investigate", "analyse", "act", "follow_up"};
    std::int32_t day = y0 + r.between(20, 60);
    for (int s = 0; s < 4; ++s) {
      if (s) w.ch(',');
      w.qstr(kSteps[s]);
      w.ch(':');
      // Later steps are missing more often: many employers stop after the
      // analysis.
      if (r.chance(0.1 + 0.1 * s)) {
        w.lit("null");
      } else {
        dates.write(w, day, -1);
      }
      day += r.between(20, 70);
    }
    w.lit("},\"grounds_covered\":[");
    static const char* kGrounds[] = {"sex",      "gender_identity",    "ethnicity", "religion",
                                     "disability", "sexual_orientation", "age"};
    const bool all = r.chance(0.7);
    bool first = true;
    for (int g = 0; g < 7; ++g) {
      if (!all && r.chance(0.35)) continue;
      if (!first) w.ch(',');
      first = false;
      w.qstr(kGrounds[g]);
    }
    w.lit("],\"cooperation_documented\":");
    w.boolean(r.chance(0.85));
    w.lit("}\n");
  }
}

}  // namespace fairaudit::gen
