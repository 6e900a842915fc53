#include "emit/complements.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emit/disclosure.hpp"
#include "emit/units.hpp"
#include "fairaudit/shapes.hpp"

namespace fairaudit::emit {
namespace {

namespace gc = shapes::group_comparison;
using K = EvidenceValue::Kind;
constexpr char kSep = '\x1f';

// Strings kept once each, by number: the plan holds a count for every group
// of every finding and unit, and their names would otherwise be most of it
// (a million applications give some 60,000 counts). The characters lie end
// to end in blocks that never move, each name a view of them, and the index
// is open addressing over the names' numbers: some 25 bytes a name beside
// its characters, where a string and a hash node each were some 150.
class Names {
 public:
  std::uint32_t id(std::string_view s) {
    const std::size_t h = std::hash<std::string_view>{}(s);
    std::size_t at = slot(s, h);
    if (slots_[at] != 0) return slots_[at] - 1;
    const auto n = std::uint32_t(names_.size());
    names_.push_back(keep(s));
    hashes_.push_back(std::uint32_t(h));
    slots_[at] = n + 1;
    if (2 * names_.size() > slots_.size()) grow();
    return n;
  }
  std::optional<std::uint32_t> find(std::string_view s) const {
    const std::uint32_t v = slots_[slot(s, std::hash<std::string_view>{}(s))];
    return v == 0 ? std::nullopt : std::optional(v - 1);
  }
  std::string_view operator[](std::uint32_t i) const { return names_[i]; }
  std::size_t size() const { return names_.size(); }
  // No name looked up again: the index is given back (the names stay).
  void seal() {
    slots_ = {};
    hashes_ = {};
  }

 private:
  static constexpr std::size_t kBlock = 64 * 1024;

  // The slot of `s`: where it is, or the empty one where it would go.
  std::size_t slot(std::string_view s, std::size_t h) const {
    if (slots_.empty()) throw std::logic_error("a name looked up after the plan's names were sealed");
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask)
      if (slots_[at] == 0 || (hashes_[slots_[at] - 1] == std::uint32_t(h) && names_[slots_[at] - 1] == s)) return at;
  }
  void grow() {
    std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t n = 0; n < names_.size(); ++n) {
      std::size_t at = hashes_[n] & mask;
      while (bigger[at] != 0) at = (at + 1) & mask;
      bigger[at] = n + 1;
    }
    slots_ = std::move(bigger);
  }
  // A copy of `s` in the blocks; one longer than a block has a block of its
  // own, kept behind the one being filled.
  std::string_view keep(std::string_view s) {
    if (s.size() > kBlock) {
      auto own = std::make_unique<char[]>(s.size());
      std::copy(s.begin(), s.end(), own.get());
      const std::string_view out(own.get(), s.size());
      blocks_.insert(blocks_.empty() ? blocks_.end() : blocks_.end() - 1, std::move(own));
      return out;
    }
    if (blocks_.empty() || s.size() > kBlock - used_) {
      blocks_.push_back(std::make_unique<char[]>(kBlock));
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::copy(s.begin(), s.end(), at);
    used_ += s.size();
    return {at, s.size()};
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0;  // of the last block
  std::deque<std::string_view> names_;
  std::deque<std::uint32_t> hashes_;  // each name's, cut to 32 bits
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(64, 0);  // name + 1; 0 empty
};

// A count's name: its scope (a finding's, or a table's and unit's), its group
// and its measure, as numbers.
using Key = std::uint64_t;
constexpr Key kNoKey = ~Key(0);
constexpr Key make_key(std::uint32_t scope, std::uint32_t group, char m) {
  return Key(scope) << 32 | Key(group & 0xffffffu) << 8 | Key(std::uint8_t(m));
}
constexpr std::uint32_t key_scope(Key k) { return std::uint32_t(k >> 32); }
constexpr std::uint32_t key_group(Key k) { return std::uint32_t(k >> 8) & 0xffffffu; }
constexpr char key_measure(Key k) { return char(k & 0xff); }

// The cells and the relations between them; solve() decides what more to hide.
class Cells {
 public:
  // Eight bytes: a count is far below 2^55 (one that is not, which only a
  // faulty plugin could give, is cut to the limit: see made()).
  struct Cell {
    std::int64_t value : 56 = 0;
    bool published : 1 = false;  // shown somewhere (can be hidden there)
    bool primary : 1 = false;    // hidden by the cell's own small numbers
    bool hidden : 1 = false;     // primary, or hidden here
  };
  static_assert(sizeof(Cell) == 8);
  // total = the sum of parts; or, for a bound, total >= the sum of parts (a
  // unit's applications against the qualified of each attribute's groups).
  struct Sum {
    int total;
    std::vector<int> parts;
    bool bound = false;
  };

  // The cell of `key`; a cell seen again keeps its first value, and is
  // primary or published when any of its appearances is.
  int cell(Key key, std::int64_t value, bool published, bool primary) {
    auto [it, fresh] = index_.try_emplace(key, int(cells_.size()));
    if (fresh) {
      cells_.push_back(made(value, published, primary));
      keys_.push_back(key);
    } else {
      again(it->second, published, primary);
    }
    return it->second;
  }
  // A cell not looked up again (a finding's, found by its scope's cells).
  int add(Key key, std::int64_t value, bool published, bool primary) {
    cells_.push_back(made(value, published, primary));
    keys_.push_back(key);
    return int(cells_.size() - 1);
  }
  // The cell `i` seen again.
  void again(int i, bool published, bool primary) {
    Cell& c = cells_[std::size_t(i)];
    c.published = c.published || published;
    c.primary = c.primary || primary;
    c.hidden = c.hidden || primary;
  }
  Key key(int i) const { return keys_[std::size_t(i)]; }
  std::size_t size() const { return cells_.size(); }
  // The cell of `key` made by cell(); -1 when none.
  int find(Key key) const {
    if (key == kNoKey) return -1;
    auto it = index_.find(key);
    return it == index_.end() ? -1 : it->second;
  }
  const Cell& at(int i) const { return cells_[std::size_t(i)]; }
  // An unpublished part of a sum whose value is known only to the host (the
  // rounds of a pooled finding that have no finding of their own): small, it
  // is a primary cell; a reader who has every other part would get it.
  int unpublished(std::int64_t value, const Disclosure& d) {
    cells_.push_back(made(value, false, d.small(value)));
    keys_.push_back(kNoKey);
    return int(cells_.size() - 1);
  }
  // A relation the counts hold (the host checks: a relation that does not
  // hold would mislead the solver, and tells a reader nothing true).
  void sum(int total, std::vector<int> parts) { relate(total, std::move(parts), false); }
  void bound(int total, std::vector<int> parts) { relate(total, std::move(parts), true); }

  // What a reader can narrow each count to, by interval propagation over
  // every relation (docs/report.md): a shown count is itself, one shown as
  // "<5" is 0 to 4, any other hidden count 0 or more; each relation narrows
  // its total and its parts both ways, through chains of relations, until
  // nothing moves. A cell that must be protected (primary: small, or a pool
  // whose complement is) is leaking when fewer than min_cell values are left
  // for it; then the relation that narrowed it (or, when that relation shows
  // nothing more, the nearest one behind it) has one more shown cell hidden,
  // and again until nothing leaks.
  void solve(std::int64_t min_cell) {
    min_cell_ = min_cell;
    index_ = {};  // only the build looks cells up
    // The relations of each cell, in one array: cell i's are
    // sums_at_[first_[i]] to sums_at_[first_[i + 1]], in the relations' order.
    first_.assign(cells_.size() + 1, 0);
    const auto each_member = [&](auto&& f) {
      for (std::size_t s = 0; s < sums_.size(); ++s) {
        f(sums_[s].total, int(s));
        for (int p : sums_[s].parts) f(p, int(s));
      }
    };
    each_member([&](int c, int) { ++first_[std::size_t(c) + 1]; });
    for (std::size_t i = 0; i < cells_.size(); ++i) first_[i + 1] += first_[i];
    sums_at_.assign(first_.back(), 0);
    {
      std::vector<std::uint32_t> next(first_.begin(), first_.end() - 1);
      each_member([&](int c, int s) { sums_at_[next[std::size_t(c)]++] = s; });
    }
    for (int round = 0; round < 10000; ++round) {
      std::vector<Range> r = propagate();
      // One more cell a relation a round: the next propagation tells whether
      // that was enough (several leaking cells often have one cause).
      std::set<int> opened;
      bool changed = false;
      for (std::size_t i = 0; i < cells_.size(); ++i)
        if (cells_[i].primary && r[i].hi - r[i].lo < min_cell_ - 1) changed = open_around(int(i), r, opened) || changed;
      if (!changed) return;
    }
  }

  // The keys of the cells hidden beyond their own small numbers.
  template <typename F>
  void each_secondary(F&& f) const {
    for (std::size_t i = 0; i < cells_.size(); ++i)
      if (cells_[i].hidden && !cells_[i].primary && keys_[i] != kNoKey) f(keys_[i]);
  }

 private:
  static constexpr std::int64_t kInf = std::int64_t(1) << 50;
  static constexpr std::int64_t kLargest = (std::int64_t(1) << 55) - 1;

  // A cell; a count beyond what a cell holds is cut to the limit rather
  // than wrapped, so that no relation holds through it by accident.
  static Cell made(std::int64_t value, bool published, bool primary) {
    return {std::clamp(value, -kLargest, kLargest), published, primary, primary};
  }
  struct Range {
    std::int64_t lo = 0, hi = kInf;
  };

  void relate(int total, std::vector<int> parts, bool bound) {
    parts.erase(std::remove(parts.begin(), parts.end(), -1), parts.end());
    if (total < 0 || parts.empty()) return;
    std::int64_t sum = 0;
    for (int p : parts) sum += cells_[std::size_t(p)].value;
    const std::int64_t t = cells_[std::size_t(total)].value;
    if (bound ? sum > t : sum != t) return;
    sums_.push_back({total, std::move(parts), bound});
  }

  // What the reader starts from.
  Range first(int i) const {
    const Cell& c = cells_[std::size_t(i)];
    if (c.published && !c.hidden) return {c.value, c.value};
    if (c.published && c.primary && c.value < min_cell_) return {0, min_cell_ - 1};
    return {};
  }

  // The bounds relation `s` puts on its cell `c`, from the others' ranges.
  Range implied(int s, int c, const std::vector<Range>& r) const {
    const Sum& sum = sums_[std::size_t(s)];
    std::int64_t lo = 0, hi = 0;  // the parts but `c`
    for (int p : sum.parts) {
      if (p == c) continue;
      lo += r[std::size_t(p)].lo;
      hi = std::min(kInf, hi + r[std::size_t(p)].hi);
    }
    if (c == sum.total) {
      if (sum.bound) return {lo, kInf};
      return {lo, hi};
    }
    const Range t = r[std::size_t(sum.total)];
    Range out;
    if (!sum.bound && hi < kInf) out.lo = std::max<std::int64_t>(0, t.lo - hi);
    if (t.hi < kInf) out.hi = std::max<std::int64_t>(0, t.hi - lo);
    return out;
  }

  std::vector<Range> propagate() const {
    std::vector<Range> r(cells_.size());
    for (std::size_t i = 0; i < cells_.size(); ++i) r[i] = first(int(i));
    std::deque<int> work;
    std::vector<char> queued(sums_.size(), 1);
    std::vector<int> visits(sums_.size());
    for (std::size_t s = 0; s < sums_.size(); ++s) work.push_back(int(s));
    while (!work.empty()) {
      const int s = work.front();
      work.pop_front();
      queued[std::size_t(s)] = 0;
      // A cycle of relations can narrow by one a visit; the bound reached by
      // then is what a reader would get with as much patience.
      if (++visits[std::size_t(s)] > 200) continue;
      const Sum& sum = sums_[std::size_t(s)];
      const auto tighten = [&](int c) {
        const Range b = implied(s, c, r);
        Range& x = r[std::size_t(c)];
        if (b.lo <= x.lo && b.hi >= x.hi) return;
        x.lo = std::max(x.lo, b.lo);
        x.hi = std::max(x.lo, std::min(x.hi, b.hi));
        for (int s2 : sums_of(c))
          if (s2 != s && !queued[std::size_t(s2)]) {
            queued[std::size_t(s2)] = 1;
            work.push_back(s2);
          }
      };
      tighten(sum.total);
      for (int p : sum.parts) tighten(p);
    }
    return r;
  }

  // Whether relation `s` is what holds cell `c` where it is.
  bool binds(int s, int c, const std::vector<Range>& r) const {
    const Range b = implied(s, c, r), f = first(c), x = r[std::size_t(c)];
    return (x.lo > f.lo && b.lo >= x.lo) || (x.hi < f.hi && b.hi <= x.hi);
  }

  // One more shown cell hidden in the relation that narrows `c`, or in the
  // nearest relation behind it that still shows one.
  bool open_around(int c, const std::vector<Range>& r, std::set<int>& opened) {
    std::deque<int> cells{c};
    std::set<int> seen_cells{c}, seen_sums;
    while (!cells.empty()) {
      const int x = cells.front();
      cells.pop_front();
      for (int s : sums_of(x)) {
        if (seen_sums.count(s) || !binds(s, x, r)) continue;
        seen_sums.insert(s);
        if (opened.count(s)) return true;  // opened this round already
        if (hide_one_more(sums_[std::size_t(s)])) {
          opened.insert(s);
          return true;
        }
        const Sum& sum = sums_[std::size_t(s)];
        for (int y : sum.parts)
          if (seen_cells.insert(y).second) cells.push_back(y);
        if (seen_cells.insert(sum.total).second) cells.push_back(sum.total);
      }
    }
    return false;
  }

  // The smallest shown part (ties: the first), else the total when shown; for
  // a bound the total first (the applications rather than a group's count).
  bool hide_one_more(const Sum& s) {
    const auto shown = [&](int i) { return cells_[std::size_t(i)].published && !cells_[std::size_t(i)].hidden; };
    int pick = s.bound && shown(s.total) ? s.total : -1;
    if (pick < 0)
      for (int p : s.parts)
        if (shown(p) && (pick < 0 || cells_[std::size_t(p)].value < cells_[std::size_t(pick)].value)) pick = p;
    if (pick < 0 && shown(s.total)) pick = s.total;
    if (pick < 0) return false;
    cells_[std::size_t(pick)].hidden = true;
    return true;
  }

  std::span<const int> sums_of(int c) const {
    return {sums_at_.data() + first_[std::size_t(c)], sums_at_.data() + first_[std::size_t(c) + 1]};
  }

  std::deque<Cell> cells_;  // a deque: no copy of them all as they grow
  std::deque<Key> keys_;
  std::unordered_map<Key, int> index_;
  std::vector<Sum> sums_;
  std::vector<std::uint32_t> first_;
  std::vector<int> sums_at_;
  std::int64_t min_cell_ = 5;
};

std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += kSep;
    out += p;
  }
  return out;
}

const std::string* text_at(const Evidence& e, std::string_view key) {
  const EvidenceValue* v = e.find(key);
  return v && v->kind == K::text ? &v->s : nullptr;
}


bool within(std::string_view unit, std::string_view root) {
  return unit == root || (unit.size() > root.size() && unit.starts_with(root) && unit[root.size()] == '/');
}

// The units table's and charts' cells: qualified to invited to interview.
std::string table_key(char table, const std::string& unit, const std::string& group, char m) {
  return std::string(1, table) + kSep + unit + kSep + group + kSep + m;
}

std::vector<std::string> fields(std::string_view key) {
  std::vector<std::string> f;
  std::size_t p = 0;
  for (;;) {
    const auto q = key.find(kSep, p);
    f.emplace_back(key.substr(p, q == std::string::npos ? std::string::npos : q - p));
    if (q == std::string::npos) return f;
    p = q + 1;
  }
}

// A finding's group counts as cells, whether it shows them or not: the
// cells made when its scope was first seen, one after the other.
struct FindingCells {
  std::uint32_t scope;  // in Names
  int first, count;     // its cells
  std::uint32_t unit;   // in Names: a round finding's unit
};

// The cell of `k` among a finding's; -1 when it has none.
int cell_in(const FindingCells& fc, const Cells& cells, Key k) {
  for (int c = fc.first; c < fc.first + fc.count; ++c)
    if (cells.key(c) == k) return c;
  return -1;
}

// The round id in a round finding's scope (R, plugin, round id, ...): a view
// of the scope's own text.
std::string_view round_in(std::string_view scope) {
  const auto a = scope.find(kSep, scope.find(kSep) + 1) + 1;
  return scope.substr(a, scope.find(kSep, a) - a);
}

// The findings' scopes by number. A round finding's scope ("R", plugin,
// round id, attribute, from, to) is kept as its comparison (plugin,
// attribute, from, to: one of a few dozen) and its round id; they are most of
// the plan's names (some 100,000 at 10 million applications), and the rest of
// their text would be most of its memory. Their numbers have the top bit
// set; every other scope is a name of `names`.
class ScopeNames {
 public:
  static constexpr std::uint32_t kRound = 0x80000000u;
  explicit ScopeNames(Names& names) : names_(names) {}

  std::uint32_t id(std::string_view scope) {
    std::string_view f[6];
    if (!split_round(scope, f)) return names_.id(scope);
    std::string compact(sizeof(std::uint32_t), '\0');
    std::string comparison(f[1]);  // each field after a separator, an empty one too
    for (int i : {3, 4, 5}) (comparison += kSep) += f[i];
    const std::uint32_t c = comparisons_.id(comparison);
    std::memcpy(compact.data(), &c, sizeof c);
    compact += f[2];
    return kRound | rounds_.id(compact);
  }
  // The scope's text, as it was given.
  std::string text(std::uint32_t sid) const {
    if (!(sid & kRound)) return std::string(names_[sid]);
    const std::string_view c = comparison(sid);
    const auto plugin_end = c.find(kSep);
    std::string out = "R";
    for (const std::string_view part : {c.substr(0, plugin_end), round(sid), c.substr(plugin_end + 1)})
      (out += kSep) += part;
    return out;
  }
  // A round scope's round id, and its comparison (plugin, attribute, from, to).
  std::string_view round(std::uint32_t sid) const {
    if (!(sid & kRound)) return round_in(names_[sid]);
    return rounds_[sid & ~kRound].substr(sizeof(std::uint32_t));
  }
  std::string comparison_key(std::uint32_t sid) const {
    if (sid & kRound) return std::string(comparison(sid));
    const auto f = fields(names_[sid]);
    return join({f[1], f[3], f[4], f[5]});
  }
  // The cells of each scope, as first seen.
  FindingCells*& cells_of(std::uint32_t sid) {
    auto& v = sid & kRound ? round_cells_ : other_cells_;
    const std::uint32_t i = sid & ~kRound;
    if (v.size() <= i) v.resize(std::size_t(i) + 1);
    return v[i];
  }
  void forget_cells() {
    round_cells_ = {};
    other_cells_ = {};
  }
  void seal() {
    comparisons_.seal();
    rounds_.seal();
  }

 private:
  // The six fields of a round scope; false for any other.
  static bool split_round(std::string_view scope, std::string_view (&f)[6]) {
    if (scope.size() < 2 || scope[0] != 'R' || scope[1] != kSep) return false;
    std::size_t p = 0;
    for (int i = 0; i < 6; ++i) {
      const auto q = scope.find(kSep, p);
      if ((q == std::string_view::npos) != (i == 5)) return false;
      f[i] = scope.substr(p, q == std::string_view::npos ? std::string_view::npos : q - p);
      p = q + 1;
    }
    return true;
  }
  std::string_view comparison(std::uint32_t sid) const {
    std::uint32_t c;
    std::memcpy(&c, rounds_[sid & ~kRound].data(), sizeof c);
    return comparisons_[c];
  }

  Names& names_;
  Names comparisons_, rounds_;
  std::vector<FindingCells*> round_cells_, other_cells_;
};

// A finding's groups and their cells (pool, selected; -1 for none), in the
// order of the groups' names.
struct GroupCells {
  std::uint32_t name;
  int n = -1, s = -1;
};
std::vector<GroupCells> groups_of(const FindingCells& fc, const Cells& cells, const Names& names) {
  std::vector<GroupCells> out;
  for (int c = fc.first; c < fc.first + fc.count; ++c) {
    const Key k = cells.key(c);
    const std::uint32_t g = key_group(k);
    auto at = std::lower_bound(out.begin(), out.end(), names[g],
                               [&](const GroupCells& x, std::string_view n) { return names[x.name] < n; });
    if (at == out.end() || at->name != g) at = out.insert(at, {g});
    (key_measure(k) == 'n' ? at->n : at->s) = c;
  }
  return out;
}

}  // namespace

namespace {

std::string scope_of(const std::string& plugin, Scope scope, const std::string& round_id, const std::string& org_unit,
                     const Evidence& e) {
  const EvidenceValue* groups = e.find(gc::kGroups);
  const std::string* attr = text_at(e, gc::kAttribute);
  const std::string* from = text_at(e, gc::kStageFrom);
  const std::string* to = text_at(e, gc::kStageTo);
  if (!groups || groups->kind != K::list || !attr || !from || !to) return {};
  if (scope == Scope::round) return join({"R", plugin, round_id, *attr, *from, *to});
  std::string below;
  if (const EvidenceValue* b = e.find("reported_below"); b && b->kind == K::list)
    for (const auto& u : b->children)
      if (const std::string* s = text_at(u, "org_unit")) below += *s + ",";
  return join({"P", plugin, org_unit, *attr, *from, *to, below});
}

}  // namespace

std::string Complements::finding_scope(const run::AuditFinding& af) {
  return scope_of(af.plugin, af.finding.scope, af.finding.round_id, af.finding.org_unit, af.finding.evidence);
}

std::string Complements::check_scope(const run::AuditCheck& ac) {
  const Check& c = ac.check;
  return scope_of(c.rule.substr(0, c.rule.find('/')), c.scope, c.round_id, c.org_unit, c.evidence);
}

const std::set<Complements::GroupMeasure>* Complements::check(const run::AuditCheck& ac) const {
  if (findings_.empty()) return nullptr;
  auto it = findings_.find(check_scope(ac));
  return it == findings_.end() ? nullptr : &it->second;
}

void Complements::add(const std::string& scope, const std::string& group, char measure) {
  ++size_;
  if (scope.size() >= 2 && scope[1] == kSep && (scope[0] == 'U' || scope[0] == 'O' || scope[0] == 'T'))
    tables_.insert(scope + kSep + group + kSep + measure);
  else
    findings_[scope].insert({group, measure});
}

std::shared_ptr<const Complements> Complements::every_count(const run::AuditFinding& af) {
  auto out = std::make_shared<Complements>();
  const std::string scope = finding_scope(af);
  const EvidenceValue* groups = af.finding.evidence.find(gc::kGroups);
  if (scope.empty() || !groups) return out;
  for (const auto& g : groups->children)
    for (const auto key : {gc::kGroup, gc::kReferenceGroup})
      if (const std::string* name = text_at(g, key))
        for (const char m : {'n', 's'}) out->add(scope, *name, m);
  return out;
}

std::shared_ptr<const Complements> Complements::build(const run::RunResult& r, const Disclosure& primary) {
  if (primary.audience() != Audience::union_) return nullptr;
  Disclosure d(primary.audience(), primary.min_cell());  // the cells' own small numbers only
  Cells cells;
  // Every name once: the findings' scopes and the tables' ("U\x1funit"), the
  // groups, the units. A key of a name not seen names no cell.
  Names names;
  const auto key = [&](std::string_view scope, std::string_view group, char m) {
    return make_key(names.id(scope), names.id(group), m);
  };
  const auto table_scope = [](char table, std::string_view unit) {
    std::string s(1, table);
    s += kSep;
    s += unit;
    return s;
  };
  const auto tkey = [&](char table, std::string_view unit, std::string_view group, char m) {
    return key(table_scope(table, unit), group, m);
  };
  const auto tfind = [&](char table, std::string_view unit, std::string_view group, char m) {
    const auto s = names.find(table_scope(table, unit)), g = names.find(group);
    return cells.find(s && g ? make_key(*s, *g, m) : kNoKey);
  };

  // The findings' group counts: round findings, and unit findings pooled
  // over rounds; and the checks' (`--checks`, the one-round checklist), whose
  // counts are shown whether the rule held or not. A check that is a finding
  // has the finding's scope, so its cells are the finding's.
  std::deque<FindingCells> rounds, pooled;
  ScopeNames scopes(names);
  const auto add_cells = [&](const std::string& scope, Scope kind, const std::string& unit, const Evidence& e) {
    if (scope.empty()) return;
    const std::uint32_t sid = scopes.id(scope);
    // A scope's cells are made one after the other when it is first seen, and
    // found there when it is seen again (a check of a finding, two rules of a
    // plugin on one comparison); one it did not have then is indexed.
    // (not a structured binding: clang before 16 cannot use one in a lambda)
    FindingCells*& seen = scopes.cells_of(sid);
    const bool fresh = seen == nullptr;
    if (fresh) {
      auto& to = kind == Scope::round ? rounds : pooled;
      seen = &to.emplace_back(FindingCells{sid, int(cells.size()), 0, names.id(unit)});
    }
    FindingCells& fc = *seen;
    for (const auto& g : e.find(gc::kGroups)->children) {
      const std::vector<bool> w = d.withheld(g);
      const auto& en = g.entries();
      const auto add = [&](std::string_view group_key, std::string_view pool, std::string_view part) {
        const std::string* name = text_at(g, group_key);
        if (!name) return;
        for (std::size_t i = 0; i < en.size(); ++i) {
          const bool is_n = en[i].first == pool, is_s = en[i].first == part;
          if ((!is_n && !is_s) || en[i].second.kind != K::count) continue;
          const std::uint32_t gid = names.id(*name);
          const Key k = make_key(sid, gid, is_n ? 'n' : 's');
          int c = cell_in(fc, cells, k);
          if (c < 0 && !fresh) c = cells.find(k);
          if (c >= 0) {
            cells.again(c, true, w[i]);
          } else if (fresh) {
            cells.add(k, en[i].second.i, true, w[i]);
            ++fc.count;
          } else {
            cells.cell(k, en[i].second.i, true, w[i]);
          }
        }
      };
      add(gc::kGroup, gc::kPool, gc::kSelected);
      add(gc::kReferenceGroup, gc::kReferencePool, gc::kReferenceSelected);
    }
  };
  // The units of the open findings, for the units table's rows (read here
  // rather than in a second reading of every finding). The findings come
  // sorted by unit, so a unit equal to the largest one kept is no new one.
  std::set<std::string> finding_units;
  run::for_each_finding(r, [&](const run::AuditFinding& af) {
    add_cells(finding_scope(af), af.finding.scope, af.finding.org_unit, af.finding.evidence);
    if (is_open(af) && (finding_units.empty() || *finding_units.rbegin() != af.finding.org_unit))
      finding_units.insert(af.finding.org_unit);
  });
  for (const auto& ac : r.checks) add_cells(check_scope(ac), ac.check.scope, ac.check.org_unit, ac.check.evidence);
  scopes.forget_cells();
  // A round's unit is the one its last new scope named (a plugin names the
  // unit of its findings): the rounds' scopes in order of round id, each
  // run of one id given its last one's unit.
  {
    std::vector<std::uint32_t> order(rounds.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto round_of = [&](std::uint32_t i) { return scopes.round(rounds[i].scope); };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return round_of(a) < round_of(b); });
    for (std::size_t a = 0, b; a < order.size(); a = b) {
      for (b = a + 1; b < order.size() && round_of(order[b]) == round_of(order[a]); ++b) {
      }
      const std::uint32_t unit = rounds[order[b - 1]].unit;
      for (std::size_t i = a; i < b; ++i) rounds[order[i]].unit = unit;
    }
  }
  // No finding is kept (they may be read from disk): what the sums need is
  // in the scope keys. The round findings by (plugin, attribute, transition),
  // then by unit (in the order they came within a unit).
  // (A pointer a round: its unit is read from Names, its round id from ScopeNames.)
  struct RoundAt {
    const FindingCells* fc;
    std::string_view unit(const Names& n) const { return n[fc->unit]; }
    std::string_view round(const ScopeNames& s) const { return s.round(fc->scope); }
  };
  std::map<std::string, std::vector<RoundAt>> by_round;
  for (const auto& fc : rounds) by_round[scopes.comparison_key(fc.scope)].push_back({&fc});
  const auto by_unit = [&](const RoundAt& x, const RoundAt& y) { return x.unit(names) < y.unit(names); };
  for (auto& [_, same] : by_round) std::stable_sort(same.begin(), same.end(), by_unit);

  // The units table, the funnel plot's own rounds and the run's totals.
  const std::vector<UnitRow> rows = unit_rows_without_findings(r, d, finding_units);
  std::map<std::string, const UnitRow*, std::less<>> row_of;
  for (const auto& row : rows) row_of[row.org_unit] = &row;
  for (const auto& row : rows)
    for (const auto& [g, gr] : row.groups) {
      cells.cell(tkey('U', row.org_unit, g, 'n'), gr.n, true, gr.pool_withheld);
      cells.cell(tkey('U', row.org_unit, g, 's'), gr.selected, true, d.small(gr.selected));
    }
  // A unit with no sub-units: its own rounds are its row.
  std::set<std::string, std::less<>> parents;
  for (const auto& row : rows)
    if (const auto path = with_parents(row.org_unit); path.size() > 1) parents.insert(path[1]);
  const auto own_table = [&](std::string_view unit) { return parents.count(unit) || !row_of.count(unit) ? 'O' : 'U'; };
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> run_counts;
  for (const auto& [unit, ind] : r.indicators.units())
    for (const auto& [g, f] : ind.groups) {
      if (!is_declared(g)) continue;
      const auto n = static_cast<std::int64_t>(f.qualified), s = static_cast<std::int64_t>(f.invited);
      // Small by its own numbers, as in the units table (the funnel plot
      // leaves out a unit with any of them small).
      cells.cell(tkey(own_table(unit), unit, g, 'n'), n, true, d.small(n) || (!d.small(s) && d.small(n - s)));
      cells.cell(tkey(own_table(unit), unit, g, 's'), s, true, d.small(s));
      run_counts[g].first += n;
      run_counts[g].second += s;
    }
  for (const auto& [g, gr] : rates_by_group(run_counts, d)) {
    cells.cell(tkey('T', "", g, 'n'), gr.n, true, gr.pool_withheld);
    cells.cell(tkey('T', "", g, 's'), gr.selected, true, d.small(gr.selected));
  }

  // A row's applications bound the qualified of each attribute's groups (and
  // the run's, the run's): with the other groups shown, a small group of a
  // unit where nearly every applicant is qualified and declared would be
  // narrowed by them.
  const auto by_attribute = [&](char table, const std::string& unit, const std::vector<std::string>& groups) {
    std::map<std::string, std::vector<int>> out;
    for (const auto& g : groups) out[g.substr(0, g.find('='))].push_back(tfind(table, unit, g, 'n'));
    return out;
  };
  for (const auto& row : rows) {
    const int a = cells.cell(tkey('U', row.org_unit, "", 'a'), row.applications, true, d.small(row.applications));
    std::vector<std::string> groups;
    for (const auto& [g, _] : row.groups) groups.push_back(g);
    for (auto& [attr, parts] : by_attribute('U', row.org_unit, groups)) cells.bound(a, std::move(parts));
  }
  {
    const auto apps = static_cast<std::int64_t>(r.counts.applications);
    const int a = cells.cell(tkey('T', "", "", 'a'), apps, true, d.small(apps));
    std::vector<std::string> groups;
    for (const auto& [g, _] : run_counts)
      if (is_declared(g)) groups.push_back(g);
    for (auto& [attr, parts] : by_attribute('T', "", groups)) cells.bound(a, std::move(parts));
  }

  // A row is its unit's own rounds and its direct sub-units' rows; the run,
  // the top units' rows and the rounds of units with no path.
  std::map<std::string, std::vector<std::string>> children;
  std::vector<std::string> tops;
  for (const auto& row : rows) {
    const auto path = with_parents(row.org_unit);
    if (path.size() > 1) children[path[1]].push_back(row.org_unit);
    else tops.push_back(row.org_unit);
  }
  for (const auto& [g, counts] : run_counts) {
    if (!is_declared(g)) continue;
    for (const char m : {'n', 's'}) {
      for (const auto& row : rows) {
        if (!row.groups.count(g)) continue;
        if (!parents.count(row.org_unit)) continue;  // its own rounds: the same cell
        std::vector<int> parts{tfind('O', row.org_unit, g, m)};
        for (const auto& c : children[row.org_unit]) parts.push_back(tfind('U', c, g, m));
        cells.sum(tfind('U', row.org_unit, g, m), parts);
      }
      std::vector<int> parts;
      for (const auto& t : tops) parts.push_back(tfind('U', t, g, m));
      if (r.indicators.units().count("")) parts.push_back(tfind(own_table(""), "", g, m));
      cells.sum(tfind('T', "", g, m), parts);
    }
  }

  // A pooled finding is the sum of its unit's rounds (but those of the
  // sub-units that report it themselves); the rounds with a finding of their
  // own are shown parts, the rest one unpublished part. A pooled count from
  // qualified to interview_invited over the whole unit is the units table's too.
  for (const auto& fc : pooled) {
    const auto f = fields(scopes.text(fc.scope));
    const std::string &plugin = f[1], &unit = f[2], &attr = f[3], &from = f[4], &to = f[5], &below_list = f[6];
    std::vector<std::string> below;
    for (std::size_t a = 0, b; (b = below_list.find(',', a)) != std::string::npos; a = b + 1)
      below.push_back(below_list.substr(a, b - a));
    const auto counted = [&](std::string_view u) {
      if (!within(u, unit)) return false;
      return std::none_of(below.begin(), below.end(), [&](const std::string& b) { return within(u, b); });
    };
    const auto same_it = by_round.find(join({plugin, attr, from, to}));
    const std::vector<RoundAt> none;
    const std::vector<RoundAt>& same = same_it == by_round.end() ? none : same_it->second;
    const auto first = std::lower_bound(same.begin(), same.end(), unit,
                                        [&](const RoundAt& x, const std::string& u) { return x.unit(names) < u; });
    for (const auto& group : groups_of(fc, cells, names)) {
      const std::string_view gname = names[group.name];
      for (const char m : {'n', 's'}) {
        const int total = m == 'n' ? group.n : group.s;
        if (total < 0) continue;
        std::vector<int> parts;
        std::int64_t rest = cells.at(total).value;
        std::set<std::string_view> seen;
        for (auto at = first; at != same.end() && at->unit(names).starts_with(unit); ++at) {
          if (!counted(at->unit(names))) continue;
          // The round's cell of this group and measure.
          const int c = cell_in(*at->fc, cells, make_key(at->fc->scope, group.name, m));
          if (c < 0 || !seen.insert(at->round(scopes)).second) continue;
          parts.push_back(c);
          rest -= cells.at(c).value;
        }
        if (rest < 0) continue;  // not a sum of these rounds: counted otherwise
        if (rest > 0) parts.push_back(cells.unpublished(rest, d));
        cells.sum(total, parts);
        // The same count in the units table.
        if (below.empty() && from == "qualified" && to == "interview_invited" && attr.find('+') == std::string::npos) {
          const int row = tfind('U', unit, attr + "=" + std::string(gname), m);
          if (row >= 0 && cells.at(row).value == cells.at(total).value) {
            cells.sum(row, {total});
            cells.sum(total, {row});
          }
        }
      }
    }
  }

  // A unit's own rounds (its row when it has no sub-units, the funnel plot's
  // point) are the sum of its rounds' counts from qualified to
  // interview_invited: those with a finding or a check of their own, and the
  // rest as one unpublished part.
  for (const auto& [k, same] : by_round) {
    const auto f = fields(k);  // plugin, attribute, from, to
    if (f[2] != "qualified" || f[3] != "interview_invited" || f[1].find('+') != std::string::npos) continue;
    for (auto it = same.begin(); it != same.end();) {
      const std::string_view unit = it->unit(names);
      const auto end = std::find_if(it, same.end(), [&](const RoundAt& x) { return x.unit(names) != unit; });
      std::map<std::pair<std::string_view, char>, std::vector<int>> parts;  // (group, measure) -> the rounds' cells
      std::set<std::pair<std::uint32_t, std::string_view>> seen;             // (group, round)
      for (auto at = it; at != end; ++at)
        for (const auto& group : groups_of(*at->fc, cells, names)) {
          if (!seen.insert({group.name, at->round(scopes)}).second) continue;
          if (group.n >= 0) parts[{names[group.name], 'n'}].push_back(group.n);
          if (group.s >= 0) parts[{names[group.name], 's'}].push_back(group.s);
        }
      for (auto& [gm, cs] : parts) {
        const int own = tfind(own_table(unit), unit, f[1] + "=" + std::string(gm.first), gm.second);
        if (own < 0) continue;
        std::int64_t rest = cells.at(own).value;
        for (int c : cs) rest -= cells.at(c).value;
        if (rest < 0) continue;  // counted otherwise: not this relation
        if (rest > 0) cs.push_back(cells.unpublished(rest, d));
        cells.sum(own, std::move(cs));
      }
      it = end;
    }
  }

  names.seal();  // what solve() needs beside the cells is the names themselves
  scopes.seal();
  cells.solve(primary.min_cell());
  auto out = std::make_shared<Complements>();
  cells.each_secondary([&](Key k) {
    ++out->size_;
    const std::string scope = scopes.text(key_scope(k)), group(names[key_group(k)]);
    const char m = key_measure(k);
    if (scope[0] == 'U' || scope[0] == 'O' || scope[0] == 'T') {
      out->tables_.insert(scope + kSep + group + kSep + m);
      if (scope[0] == 'U' && !parents.count(std::string_view(scope).substr(2)))
        out->tables_.insert("O" + scope.substr(1) + kSep + group + kSep + m);  // a leaf's own rounds are its row
      return;
    }
    out->findings_[scope].insert({group, m});
  });
  return out;
}

const std::set<Complements::GroupMeasure>* Complements::finding(const run::AuditFinding& af) const {
  if (findings_.empty()) return nullptr;
  auto it = findings_.find(finding_scope(af));
  return it == findings_.end() ? nullptr : &it->second;
}

bool Complements::unit(const std::string& unit, const std::string& group, char m) const {
  return tables_.count(table_key('U', unit, group, m)) > 0;
}
bool Complements::own(const std::string& unit, const std::string& group, char m) const {
  return tables_.count(table_key('O', unit, group, m)) > 0;
}
bool Complements::run_total(const std::string& group, char m) const {
  return tables_.count(table_key('T', "", group, m)) > 0;
}
bool Complements::applications(const std::string& unit) const {
  return tables_.count(table_key('U', unit, "", 'a')) > 0;
}
bool Complements::run_applications() const { return tables_.count(table_key('T', "", "", 'a')) > 0; }

}  // namespace fairaudit::emit
