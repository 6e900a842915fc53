// fairaudit-gen — the employers and their org-unit trees.
//
// Rounds happen in leaf units such as oslo/bydel-alna/helse or
// goteborg/forskoleforvaltningen/forskola. Each leaf carries what makes its
// rounds look like that unit's: the sector (job titles, gender mix), the
// share of applicants declaring immigrant background, how many rounds it
// runs, and whether a disparity is planted in its interview invitations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fairaudit/model.hpp"
#include "rng.hpp"
#include "writer.hpp"

namespace fairaudit::gen {

enum class Country : std::uint8_t { norway, sweden, denmark };

// A kind of workplace: the leaf level of a tree.
struct Sector {
  const char* name;
  double female_share;  // among applicants who state woman or man
  const char* titles[4];  // ISCO-08 based occupation codes (STYRK-08, SSYK 2012, DISCO-08 share them)
};

struct Org {
  const char* name;  // first path segment, e.g. "oslo"
  const char* code;  // round-id prefix, e.g. "OSL"
  Jurisdiction jurisdiction;
  Country country;
  double weight;  // share of all rounds
  double immigrant_share;  // of applicants who answer the question
  std::vector<const char*> level1;
  const char* level1_more;  // name stem when the tree asks for more level-1 units than listed
  const std::vector<Sector>* sectors;
  const char* deeper;  // name stem for levels below the sector
  const char* representative_role;  // nullptr where the country has no such role in hiring
  int employees;  // for the Swedish active-measures record
};

// The disparity planted in a unit: applicants of this group are invited to
// interview less often than equally good applicants of other groups.
struct Planted {
  enum class Attribute : std::uint8_t { none, gender, immigrant_background, disability };
  Attribute attribute = Attribute::none;
  Gender gender = Gender::woman;  // when attribute == gender; otherwise the group is "yes"
};
const char* to_string(Planted::Attribute);

struct Leaf {
  std::string path;
  std::string code;  // unique within its org; the middle of round ids
  int org = 0;
  const Sector* sector = nullptr;
  double immigrant_share = 0;
  Planted planted;
  std::uint32_t next_sequence = 1;
};

struct TreeShape {
  int depth = 2;    // levels below the employer
  int breadth = 8;  // children per unit at every level
};
// "D/B", e.g. "2/8"; throws std::invalid_argument on anything else.
TreeShape parse_tree_shape(const std::string& spec);

class UnitTree {
 public:
  UnitTree(const TreeShape& shape, std::uint64_t seed, double planted_share);

  const std::vector<Org>& orgs() const { return orgs_; }
  const std::vector<Leaf>& leaves() const { return leaves_; }
  Leaf& leaf(std::size_t i) { return leaves_[i]; }
  // A leaf, drawn with the units' round weights.
  std::size_t pick(Rng& rng) const;

  // One `unit` record per leaf (representative routine, meetings) and one
  // `measures` record per Swedish employer, for `period`/`year`.
  void write_unit_records(Writer& w, const Dates& dates, std::uint64_t seed, int year) const;

 private:
  std::vector<Org> orgs_;
  std::vector<Leaf> leaves_;
  std::vector<double> cumulative_;  // round weights, running sum over leaves
};

}  // namespace fairaudit::gen
