// Disclosure for the union audience, tried as someone who wants a hidden cell
// back would try it: from everything one format shows of a finding's
// evidence (the counts left, the rates, ratios, verdict words, shortfalls,
// p-values), every value a hidden cell could have had is put back, the
// figures are recomputed from the SDK's own statistics, and the values that
// agree with all that is shown are kept. A hidden cell is recovered when
// fewer values agree than the range "<5" leaves (0 to 4), or, for a pool
// hidden because its complement is small, than the 5 pools it may be.
//
// The other way round, nothing may be hidden that no small count derives:
// every withheld value must be a small count, a pool whose complement is
// small, or something computed from one in its own object (docs/report.md,
// "Disclosure"). Table-driven over the formats that show evidence values
// (JSON, SARIF, CSV, HTML); the text report shows them only inside messages
// and is tried through the same fill as HTML's messages. csv-units has its
// own test below.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <tuple>

#include "emit/report_support.hpp"
#include "fairaudit/stats.hpp"

namespace fairaudit::testing::report {
// A namespace of its own: the file is compiled in one unity unit with the
// other report tests, which have helpers of the same names.
namespace reconstruction_test {
namespace {

namespace st = fairaudit::stats;
using K = EvidenceValue::Kind;
constexpr int kMinCell = 5;

// What one format shows of one value.
struct Shown {
  bool withheld = false;
  bool null = false;
  std::optional<double> lo, hi;  // a number, as an interval for rounding
  std::optional<std::string> text;
};
using View = std::map<std::string, Shown>;  // "groups[1].rate" -> shown

Shown number(double x, double tol) { return {false, false, x - tol, x + tol, std::nullopt}; }

// A value written for people (HTML, CSV details): "40.0%", "0.83", "<0.001", "yes".
Shown parse_human(const std::string& t, K kind) {
  Shown s;
  if (t == "<5" || t == "(hidden: small numbers)") return {true};
  if (kind == K::text) {
    s.text = t;  // a code such as "none" is a word, not a missing value
    return s;
  }
  if (t.empty() || t == "undefined" || t == "none") return {false, true};
  switch (kind) {
    case K::count:
    case K::number: return number(std::stod(t), 0);
    case K::rate: return number(std::stod(t) / 100.0, 0.0005 + 1e-12);
    case K::ratio: return number(std::stod(t), 0.005 + 1e-12);
    case K::p_value:
      if (t == "<0.001") return {false, false, 0.0, 0.001, std::nullopt};
      return number(std::stod(t), 0.0005 + 1e-12);
    case K::statistic:
    case K::real: {
      const double x = std::stod(t);
      return number(x, std::abs(x) * 0.005 + 1e-12);
    }
    case K::boolean: s.text = t == "yes" ? "true" : "false"; return s;
    default: s.text = t; return s;
  }
}

void json_view(const rapidjson::Value& v, const std::string& path, View& out) {
  if (v.IsObject()) {
    for (const auto& m : v.GetObject())
      json_view(m.value, path.empty() ? m.name.GetString() : path + "." + m.name.GetString(), out);
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) json_view(v[i], path + "[" + std::to_string(i) + "]", out);
  } else if (v.IsNull()) {
    out[path] = {false, true};
  } else if (v.IsString() && std::string(v.GetString()) == "<5") {
    out[path] = {true};
  } else if (v.IsNumber()) {
    out[path] = number(v.GetDouble(), std::abs(v.GetDouble()) * 1e-12);
  } else if (v.IsBool()) {
    out[path] = {false, false, std::nullopt, std::nullopt, v.GetBool() ? "true" : "false"};
  } else if (v.IsString()) {
    out[path] = {false, false, std::nullopt, std::nullopt, v.GetString()};
  }
}

std::string html_unescape(std::string s) {
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}})
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

K kind_of(const std::string& name) {
  static const std::map<std::string, K> kinds = {
      {"null", K::null},           {"boolean", K::boolean}, {"count", K::count}, {"number", K::number},
      {"rate", K::rate},           {"ratio", K::ratio},     {"p_value", K::p_value}, {"statistic", K::statistic},
      {"real", K::real},           {"text", K::text},       {"date", K::date}};
  auto it = kinds.find(name);
  return it == kinds.end() ? K::text : it->second;
}

// The views of every finding, by fingerprint, as one format shows them (and
// of every check, by its place in the output).
using Views = std::map<std::string, View>;
std::string check_view(std::size_t i) { return "check#" + std::to_string(i); }

Views from_json(const std::string& out) {
  Views v;
  const auto doc = parse_json(out);
  for (const auto& f : doc["findings"].GetArray()) json_view(f["evidence"], "", v[f["fingerprint"].GetString()]);
  // Every rule's verdict per round (`--checks`): the counts of rules that held too.
  if (doc.HasMember("checks"))
    for (rapidjson::SizeType i = 0; i < doc["checks"].Size(); ++i)
      json_view(doc["checks"][i]["evidence"], "", v[check_view(i)]);
  return v;
}

Views from_sarif(const std::string& out) {
  Views v;
  const auto doc = parse_json(out);
  for (const auto& r : doc["runs"][0]["results"].GetArray())
    json_view(r["properties"]["evidence"], "", v[r["partialFingerprints"]["fairauditFinding/v1"].GetString()]);
  return v;
}

Views from_html(const std::string& html) {
  Views v;
  static const std::regex article(R"re(<article class="finding[^"]*" id="f-([0-9a-f]+)")re");
  static const std::regex cell(R"re(data-path="([^"]*)" data-kind="([a-z_]+)"( data-withheld="1")?[^>]*>([^<]*)<)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), article); it != std::sregex_iterator(); ++it) {
    const std::size_t a = static_cast<std::size_t>(it->position(0));
    const std::string body = html.substr(a, html.find("</article>", a) - a);
    View& view = v[(*it)[1]];
    for (auto c = std::sregex_iterator(body.begin(), body.end(), cell); c != std::sregex_iterator(); ++c) {
      if ((*c)[3].matched) view[(*c)[1]] = {true};
      else view[(*c)[1]] = parse_human(html_unescape((*c)[4]), kind_of((*c)[2]));
    }
  }
  return v;
}

// The evidence's true kinds by path, for reading the CSV's cells.
void kinds(const Evidence& e, const std::string& prefix, std::map<std::string, K>& out) {
  for (const auto& [k, v] : e.entries()) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (v.kind == K::object) kinds(v.children.front(), path, out);
    else if (v.kind == K::list)
      for (std::size_t i = 0; i < v.children.size(); ++i) kinds(v.children[i], path + "[" + std::to_string(i) + "]", out);
    else out[path] = v.kind;
  }
}

Views from_csv(const std::string& out, const run::RunResult& r) {
  std::map<std::string, std::map<std::string, K>> kind;
  for (const auto& af : r.findings) kinds(af.finding.evidence, "", kind[af.fingerprint]);
  const auto rows = parse_csv(out.substr(3), ',');
  const auto& head = rows.front();
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < head.size(); ++i) col[head[i]] = i;
  Views v;
  std::map<std::string, int> group_row;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const std::string fp = row[col.at("fingerprint")];
    View& view = v[fp];
    const std::string g = "groups[" + std::to_string(group_row[fp]++) + "].";
    // Numeric columns and their flags.
    const std::vector<std::pair<const char*, const char*>> cols = {
        {"n", "n_hidden"}, {"selected", "selected_hidden"}, {"rate", "rate_hidden"},
        {"reference_n", "reference_hidden"}, {"reference_selected", "reference_hidden"},
        {"reference_rate", "reference_hidden"}, {"impact_ratio", "comparison_hidden"},
        {"p_value", "comparison_hidden"}, {"four_fifths", "comparison_hidden"}, {"outcome", "comparison_hidden"}};
    if (!row[col.at("group")].empty()) {
      for (const auto& [c, flag] : cols) {
        const std::string& cell = row[col.at(c)];
        const std::string path = g + c;
        const auto k = kind[fp].count(path) ? kind[fp][path] : K::null;
        if (!cell.empty()) {
          if (k == K::text) view[path] = {false, false, std::nullopt, std::nullopt, cell};
          else view[path] = number(std::stod(cell), k == K::p_value ? 0.5e-6 + 1e-12 : k == K::count ? 0 : 0.5e-4 + 1e-12);
        } else if (row[col.at(flag)] == "1" && kind[fp].count(path) && k != K::null) {
          // A flag may cover several columns: the truth says which of them had a value.
          view[path] = {true};
        } else {
          view[path] = {false, true};
        }
      }
    }
    // The details cell: "path=value; …".
    const std::string& d = row[col.at("details")];
    std::size_t p = 0;
    while (p < d.size()) {
      std::size_t end = d.find("; ", p);
      if (end == std::string::npos) end = d.size();
      const std::string pair = d.substr(p, end - p);
      const auto eq = pair.find('=');
      if (eq != std::string::npos) {
        const std::string path = pair.substr(0, eq);
        view[path] = parse_human(pair.substr(eq + 1), kind[fp].count(path) ? kind[fp][path] : K::text);
      }
      p = end + 2;
    }
  }
  return v;
}

// The text report shows evidence only in messages: each finding's message is
// found in the text of a run holding that finding alone, by its template
// (placeholders as captures), and each placeholder's text read as a value.
Views from_text(const std::string&, const run::RunResult& r, const emit::RenderContext& ctx) {
  Views v;
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  for (const auto& af : r.findings) {
    run::RunResult one = r;
    one.findings = {af};
    const std::string out = emit::render(emit::Format::text, one, ctx);
    const std::string& t = af.finding.message;
    std::string pattern;
    std::vector<std::string> keys;
    std::size_t i = 0;
    while (i < t.size()) {
      const std::size_t open = t.find('{', i), close = open == std::string::npos ? open : t.find('}', open);
      const std::string lit = t.substr(i, (open == std::string::npos || close == std::string::npos ? t.size() : open) - i);
      pattern += std::regex_replace(lit, special, R"(\$&)");
      if (open == std::string::npos || close == std::string::npos) break;
      const std::string key = t.substr(open + 1, close - open - 1);
      if (af.finding.evidence.find(key)) {
        keys.push_back(key);
        pattern += "(.*?)";
      } else {
        pattern += std::regex_replace(t.substr(open, close - open + 1), special, R"(\$&)");
      }
      i = close + 1;
    }
    std::smatch m;
    View& view = v[af.fingerprint];
    if (!std::regex_search(out, m, std::regex(pattern))) continue;
    for (std::size_t k = 0; k < keys.size(); ++k)
      view[keys[k]] = parse_human(m[k + 1].str(), af.finding.evidence.find(keys[k])->kind);
  }
  return v;
}

struct Format {
  const char* name;
  emit::Format format;
  std::function<Views(const std::string&, const run::RunResult&)> read;
};

const std::vector<Format>& formats() {
  static const std::vector<Format> f = {
      {"json", emit::Format::json, [](const std::string& o, const run::RunResult&) { return from_json(o); }},
      {"sarif", emit::Format::sarif, [](const std::string& o, const run::RunResult&) { return from_sarif(o); }},
      {"csv", emit::Format::csv, from_csv},
      {"html", emit::Format::html, [](const std::string& o, const run::RunResult&) { return from_html(o); }},
      {"text", emit::Format::text, nullptr},
  };
  return f;
}

bool is_cell(const std::string& key, const EvidenceValue& v) {
  return v.kind == K::count && !key.starts_with("shortfall_");
}

// (pool, part) pairs whose difference is a cell too.
const std::vector<std::pair<std::string, std::string>> kPairs = {{"n", "selected"},
                                                                 {"reference_n", "reference_selected"},
                                                                 {"strata_n", "strata_selected"},
                                                                 {"strata_reference_n", "strata_reference_selected"},
                                                                 {"unknown_count", "unknown_selected"}};

bool group_entry(const Evidence& e) { return e.find("group") && e.find("n") && e.find("rate"); }

std::int64_t count_of(const Evidence& e, const std::string& k) {
  const EvidenceValue* v = e.find(k);
  return v ? v->i : 0;
}

// The cells of `e` that are small for the union audience, complements included
// (a pool is "small" when pool - part is).
std::set<std::string> small_cells(const Evidence& e) {
  std::set<std::string> out;
  for (const auto& [k, v] : e.entries())
    if (is_cell(k, v) && v.i < kMinCell) out.insert(k);
  for (const auto& [pool, part] : kPairs)
    if (e.find(pool) && e.find(part) && count_of(e, pool) - count_of(e, part) < kMinCell) out.insert(pool + "-" + part);
  return out;
}

bool derived_like(const Evidence& e, const std::string& k, const EvidenceValue& v) {
  if (v.kind == K::rate || v.kind == K::ratio || v.kind == K::p_value || v.kind == K::statistic) return true;
  if (v.kind == K::count && k.starts_with("shortfall_")) return true;
  return group_entry(e) && (v.kind == K::boolean || (v.kind == K::text && k != "group" && k != "reference_group"));
}

// Whether a small cell of `e` derives the value `k` (the over-hiding check).
bool derived_from_small(const Evidence& e, const std::string& k, const EvidenceValue& v) {
  const auto small = small_cells(e);
  if (is_cell(k, v)) {
    if (small.count(k)) return true;
    for (const auto& [pool, part] : kPairs)
      if (k == pool && small.count(pool + "-" + part)) return true;
    return false;
  }
  if (!derived_like(e, k, v)) return false;
  if (group_entry(e) && k == "rate") return small.count("n") || small.count("selected") || small.count("n-selected");
  if (group_entry(e) && k == "reference_rate")
    return small.count("reference_n") || small.count("reference_selected") || small.count("reference_n-reference_selected");
  return !small.empty();
}

// Whether the top of a group comparison repeats, as `k`, a value its headline
// group's entry derives from a small count (Disclosure::withheld: the top
// hides what that entry hides).
bool headline_copy_of_small(const Evidence& e, const std::string& k) {
  const EvidenceValue* groups = e.find("groups");
  if (!groups || groups->kind != K::list || k == "group" || k == "reference_group") return false;
  for (const char* headline : {"group", "detectable_group"}) {
    const EvidenceValue* name = e.find(headline);
    if (!name || name->kind != K::text) continue;
    for (const auto& g : groups->children) {
      const EvidenceValue* gname = g.find("group");
      if (!gname || gname->kind != K::text || gname->s != name->s) continue;
      const std::string key = k == "detectable_n" ? "n" : k == "detectable_reference_n" ? "reference_n" : k;
      if (const EvidenceValue* v = g.find(key); v && derived_from_small(g, key, *v)) return true;
    }
  }
  return false;
}

struct Attack {
  std::vector<std::string> failures;
  std::size_t hidden_cells = 0, tried = 0;
};

// Recomputes a group comparison's shown figures for candidate counts; nullopt
// when the formula is not one the test knows (then a shown value beside a
// hidden cell is a failure by itself).
std::optional<Shown> recompute(const std::string& k, const std::map<std::string, std::int64_t>& c, double threshold,
                               double alpha, bool pooled) {
  const st::GroupCount f{c.at("n"), c.at("selected")}, r{c.at("reference_n"), c.at("reference_selected")};
  const auto num = [](std::optional<double> x) { return x ? number(*x, 0) : Shown{false, true}; };
  if (k == "rate") return num(st::selection_rate(f));
  if (k == "reference_rate") return num(st::selection_rate(r));
  if (k == "impact_ratio") return num(st::impact_ratio(f, r, st::threshold_fraction(threshold)).ratio);
  if (k == "four_fifths")
    return Shown{false, false, std::nullopt, std::nullopt,
                 st::to_string(st::impact_ratio(f, r, st::threshold_fraction(threshold)).verdict)};
  if (pooled) return std::nullopt;
  if (k == "shortfall_parity") return number(double(st::shortfall_to_parity(f, r)), 0);
  if (k == "shortfall_four_fifths") return number(double(st::shortfall_to_threshold(f, r, st::threshold_fraction(threshold))), 0);
  if (k == "fisher_p_two_sided") return number(st::fisher_exact(st::table(f, r)).p_two_sided, 1e-9);
  if (k == "z") return num(st::pooled_z(f, r));
  if (k == "flip_reverses") return Shown{false, false, std::nullopt, std::nullopt, st::flip_reverses(f, r) ? "true" : "false"};
  (void)alpha;
  return std::nullopt;
}

bool agrees(const Shown& predicted, const Shown& shown) {
  if (shown.null || predicted.null) return shown.null == predicted.null;
  if (shown.text || predicted.text) return shown.text == predicted.text;
  return *predicted.lo >= *shown.lo - 1e-12 && *predicted.lo <= *shown.hi + 1e-12;
}

void attack_object(const Evidence& e, const View& view, const std::string& prefix, double threshold, double alpha,
                   const std::string& where, Attack& out) {
  const auto path = [&](const std::string& k) { return prefix.empty() ? k : prefix + "." + k; };
  const auto shown = [&](const std::string& k) -> const Shown* {
    auto it = view.find(path(k));
    return it == view.end() ? nullptr : &it->second;
  };
  std::vector<std::string> hidden;  // withheld cells of this object
  for (const auto& [k, v] : e.entries()) {
    if (v.kind == K::object || v.kind == K::list) continue;
    const Shown* s = shown(k);
    if (!s) continue;  // not shown at all (a format shows what it chooses)
    const bool real_value = v.kind != K::null && !(v.kind >= K::rate && v.kind <= K::statistic && !std::isfinite(v.d));
    const bool withheld = s->withheld || (s->null && real_value);
    if (withheld && !derived_from_small(e, k, v) && !headline_copy_of_small(e, k))
      out.failures.push_back(where + ": " + path(k) + " is hidden, but no small count derives it (over-hiding)");
    if (withheld && is_cell(k, v)) hidden.push_back(k);
  }
  if (hidden.empty()) return;
  out.hidden_cells += hidden.size();
  // Shown values of this object that could tell something about the hidden cells.
  const bool group = group_entry(e);
  const bool pooled = e.find("strata_n") != nullptr;
  std::vector<std::string> probes;
  for (const auto& [k, v] : e.entries()) {
    const Shown* s = shown(k);
    if (!s || s->withheld || (s->null && v.kind != K::null) || !derived_like(e, k, v)) continue;
    if (group && k == "reference_rate" &&
        std::none_of(hidden.begin(), hidden.end(), [](const std::string& h) { return h.starts_with("reference_"); }))
      continue;
    if (group && k == "rate" &&
        std::none_of(hidden.begin(), hidden.end(), [](const std::string& h) { return h == "n" || h == "selected"; }))
      continue;
    probes.push_back(k);
  }
  if (!group) {
    for (const auto& k : probes)
      out.failures.push_back(where + ": " + path(k) + " is shown beside a hidden count it is computed from");
    return;
  }
  // Every assignment of the hidden cells that "<5" (or a small complement) allows.
  std::map<std::string, std::int64_t> c;
  for (const char* k : {"n", "selected", "reference_n", "reference_selected"}) c[k] = count_of(e, k);
  std::vector<std::string> order;  // parts before pools
  for (const auto& h : hidden)
    if (h == "selected" || h == "reference_selected") order.push_back(h);
  for (const auto& h : hidden)
    if (h == "n" || h == "reference_n") order.push_back(h);
  if (order.size() != hidden.size()) {
    for (const auto& h : hidden)
      if (std::find(order.begin(), order.end(), h) == order.end())
        for (const auto& k : probes)
          if (k != "rate" && k != "reference_rate")
            out.failures.push_back(where + ": " + path(k) + " is shown beside hidden " + path(h));
  }
  const auto small_shown = [&](const std::string& k) { return shown(k)->withheld; };
  std::map<std::string, std::set<std::int64_t>> agreeing, possible;
  bool truth_agrees = false;
  std::function<void(std::size_t)> walk = [&](std::size_t i) {
    if (i == order.size()) {
      ++out.tried;
      for (const auto& k : probes) {
        auto p = recompute(k, c, threshold, alpha, pooled);
        if (!p) continue;
        if (!agrees(*p, *shown(k))) return;
      }
      bool truth = true;
      for (const auto& h : order) truth = truth && c[h] == count_of(e, h);
      truth_agrees = truth_agrees || truth;
      for (const auto& h : order) agreeing[h].insert(c[h]);
      return;
    }
    const std::string& h = order[i];
    const std::string part = h == "n" ? "selected" : h == "reference_n" ? "reference_selected" : "";
    // A pool shown as "<5" is below 5; one hidden for its complement is part + 0..4.
    const bool by_complement = !part.empty() && !(count_of(e, h) < kMinCell && small_shown(h));
    for (std::int64_t x = 0; x < kMinCell; ++x) {
      c[h] = by_complement ? c[part] + x : x;
      if (!part.empty() && c[h] < c[part]) continue;
      possible[h].insert(c[h]);
      walk(i + 1);
    }
    c[h] = count_of(e, h);
  };
  walk(0);
  std::set<std::string> unknown_formula;
  for (const auto& k : probes)
    if (!recompute(k, c, threshold, alpha, pooled)) unknown_formula.insert(k);
  for (const auto& k : unknown_formula)
    out.failures.push_back(where + ": " + path(k) + " is shown beside a hidden count it is computed from");
  if (!truth_agrees) {
    out.failures.push_back(where + ": the true counts disagree with what is shown (the test misread the format)");
    return;
  }
  for (const auto& h : order)
    if (agreeing[h].size() < possible[h].size())
      out.failures.push_back(where + ": " + path(h) + " is recovered from what is shown (" +
                             std::to_string(agreeing[h].size()) + " of " + std::to_string(possible[h].size()) +
                             " values agree)");
}

void attack(const Evidence& e, const View& view, const std::string& prefix, double threshold, double alpha,
            const std::string& where, Attack& out) {
  attack_object(e, view, prefix, threshold, alpha, where, out);
  for (const auto& [k, v] : e.entries()) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (v.kind == K::object) attack(v.children.front(), view, path, threshold, alpha, where, out);
    if (v.kind == K::list)
      for (std::size_t i = 0; i < v.children.size(); ++i)
        attack(v.children[i], view, path + "[" + std::to_string(i) + "]", threshold, alpha, where, out);
  }
}

double real_at(const Evidence& e, const char* k, double fallback) {
  const EvidenceValue* v = e.find(k);
  return v && v->kind == K::real ? v->d : fallback;
}

class Reconstruction : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(temp_dir("reconstruct"));
    // Small cells in different places: the focal group's selected, the
    // reference's selected, a complement (all but one hired), none at all
    // (24/6 against 27/12 pooled over three rounds), and an empty group.
    std::vector<RoundCounts> rounds;
    for (int i = 1; i <= 3; ++i)
      rounds.push_back({"LARGE-" + std::to_string(i), "gen/large", 8, 8, 2, 9, 9, 4});
    rounds.push_back({"FOCAL-1", "gen/focal", 12, 10, 2, 12, 10, 8});
    rounds.push_back({"COMPL-1", "gen/complement", 9, 7, 6, 25, 20, 5});
    rounds.push_back({"REF-1", "gen/reference", 45, 40, 8, 8, 6, 4});
    rounds.push_back({"ZERO-1", "gen/zero", 10, 10, 0, 10, 10, 6});
    inputs_ = new std::vector<std::string>(fixture_inputs());
    inputs_->push_back(write_small_export(*dir_));
    inputs_->push_back(write_rounds_export(*dir_, "generated.jsonl", rounds));
    run_ = new InProcess(audit_in_process(*inputs_, emit::Audience::union_));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete run_;
    delete inputs_;
    delete dir_;
  }
  static std::string* dir_;
  static std::vector<std::string>* inputs_;
  static InProcess* run_;
};
std::string* Reconstruction::dir_ = nullptr;
std::vector<std::string>* Reconstruction::inputs_ = nullptr;
InProcess* Reconstruction::run_ = nullptr;

// The attack itself finds a leak: the JSON view with one hidden group's true
// rate put back gives its count away.
TEST_F(Reconstruction, TheAttackFindsWhatALeakWouldShow) {
  const Views views = from_json(emit::render(emit::Format::json, run_->result, run_->ctx));
  std::size_t leaks = 0;
  for (const auto& af : run_->result.findings) {
    const EvidenceValue* groups = af.finding.evidence.find("groups");
    if (!groups || groups->kind != K::list) continue;
    for (std::size_t i = 0; i < groups->children.size(); ++i) {
      const Evidence& g = groups->children[i];
      const std::string p = "groups[" + std::to_string(i) + "]";
      View view = views.at(af.fingerprint);
      if (!group_entry(g) || !view.at(p + ".selected").withheld || view.at(p + ".n").withheld) continue;
      const EvidenceValue* rate = g.find("rate");
      if (!rate || rate->kind != K::rate) continue;
      View leaky = view;
      leaky[p + ".rate"] = number(rate->d, 1e-12);
      Attack a;
      attack(g, leaky, p, 0.8, 0.05, "leak", a);
      EXPECT_FALSE(a.failures.empty()) << "a rate beside n gives selected away: " << p;
      leaks += !a.failures.empty();
    }
  }
  EXPECT_GT(leaks, 3u);
}

// Within one object only: the counts hidden across findings and tables are
// tried by ReconstructionAcross, so they are left out here (an empty plan).
emit::RenderContext within_objects(const emit::RenderContext& ctx) {
  emit::RenderContext c = ctx;
  c.disclosure.set_complements(std::make_shared<emit::Complements>());
  return c;
}

TEST_F(Reconstruction, NoHiddenCellIsRecoveredAndNothingElseIsHidden) {
  const emit::RenderContext ctx = within_objects(run_->ctx);
  for (const auto& f : formats()) {
    SCOPED_TRACE(f.name);
    const std::string out = f.read ? emit::render(f.format, run_->result, ctx) : std::string();
    const Views views = f.read ? f.read(out, run_->result) : from_text(out, run_->result, ctx);
    Attack a;
    std::size_t seen = 0;
    for (const auto& af : run_->result.findings) {
      auto it = views.find(af.fingerprint);
      if (it == views.end()) continue;
      ++seen;
      const Evidence& e = af.finding.evidence;
      attack(e, it->second, "", real_at(e, "threshold", 0.8), real_at(e, "alpha", 0.05),
             af.finding.rule + " " + af.finding.org_unit + " " + af.finding.round_id, a);
    }
    EXPECT_EQ(seen, run_->result.findings.size());
    // Otherwise the attack would pass vacuously (messages name few counts).
    if (f.read) {
      EXPECT_GT(a.hidden_cells, 20u);
      EXPECT_GT(a.tried, 100u);
    }
    for (const auto& msg : a.failures) ADD_FAILURE() << f.name << ": " << msg;
  }
}

// The top of a group comparison repeats figures of its headline group (its
// verdict words, the smallest detectable ratio, the pools it was computed
// for): where the group's entry hides one, the top must not show it — a pool
// hidden for its complement read back from `detectable_reference_n`, or the
// hidden verdict read from `gates`.
TEST_F(Reconstruction, TheTopOfAComparisonRepeatsNothingItsGroupHides) {
  const auto text = [](const Evidence& e, const char* k) -> const std::string* {
    const EvidenceValue* v = e.find(k);
    return v && v->kind == K::text ? &v->s : nullptr;
  };
  std::size_t compared = 0;
  for (const auto& f : formats()) {
    if (!f.read) continue;
    const Views views = f.read(emit::render(f.format, run_->result, run_->ctx), run_->result);
    for (const auto& af : run_->result.findings) {
      const Evidence& e = af.finding.evidence;
      const EvidenceValue* groups = e.find("groups");
      auto vit = views.find(af.fingerprint);
      if (!groups || groups->kind != K::list || vit == views.end()) continue;
      const View& view = vit->second;
      const auto shown_value = [&](const std::string& path) {
        auto it = view.find(path);
        return it != view.end() && !it->second.withheld && !it->second.null;
      };
      for (std::size_t i = 0; i < groups->children.size(); ++i) {
        const Evidence& g = groups->children[i];
        const std::string* name = text(g, "group");
        const std::string *headline = text(e, "group"), *detectable = text(e, "detectable_group");
        if (!name || !((headline && *headline == *name) || (detectable && *detectable == *name))) continue;
        const std::string at = "groups[" + std::to_string(i) + "].";
        for (const auto& [k, v] : g.entries()) {
          auto it = view.find(at + k);
          if (it == view.end() || !(it->second.withheld || (it->second.null && v.kind != K::null))) continue;
          ++compared;
          // The same figure under the same name at the top.
          if (k != "group" && k != "reference_group" && e.find(k) && e.find(k)->kind != K::null && shown_value(k))
            ADD_FAILURE() << f.name << " " << af.finding.rule << ": " << k << " is hidden in " << at
                          << " but shown at the top";
          // A hidden count repeated at the top under a longer name.
          if (v.kind != K::count) continue;
          for (const auto& [tk, tv] : e.entries())
            if (tv.kind == K::count && tv.i == v.i && tk.ends_with("_" + k) && shown_value(tk))
              ADD_FAILURE() << f.name << " " << af.finding.rule << ": " << tk << " = " << tv.i << " gives back "
                            << at << k;
        }
      }
    }
  }
  EXPECT_GT(compared, 20u);
}

// The pooled finding of the issue: both groups large (24/6 against 27/12),
// so its rates, ratios and p-values are shown, in every format.
TEST_F(Reconstruction, LargeGroupsShowTheirFigures) {
  const run::AuditFinding* pooled = nullptr;
  for (const auto& af : run_->result.findings)
    if (af.finding.org_unit == "gen/large" && af.finding.evidence.find("groups")) {
      for (const auto& g : af.finding.evidence.find("groups")->children)
        if (count_of(g, "n") == 24 || count_of(g, "n") == 27) pooled = &af;
    }
  ASSERT_NE(pooled, nullptr) << "no finding on the 24/6 against 27/12 unit";
  for (const auto& f : formats()) {
    if (!f.read) continue;  // text: messages only
    const Views views = f.read(emit::render(f.format, run_->result, run_->ctx), run_->result);
    const View& v = views.at(pooled->fingerprint);
    for (const char* k : {"groups[0].rate", "groups[0].reference_rate", "groups[0].impact_ratio"}) {
      ASSERT_TRUE(v.count(k)) << f.name << " " << k;
      EXPECT_FALSE(v.at(k).withheld || v.at(k).null) << f.name << " hides " << k;
    }
  }
}

// csv-units: numbers only in numeric columns, a withheld value an empty cell
// with its group's flag, and nothing recoverable from a rate beside a count.
TEST_F(Reconstruction, UnitsTable) {
  emit::RenderContext internal = run_->ctx;
  internal.disclosure = emit::Disclosure(emit::Audience::internal, kMinCell);
  const auto shown =
      parse_csv(emit::render(emit::Format::csv_units, run_->result, within_objects(run_->ctx)).substr(3), ',');
  const auto truth = parse_csv(emit::render(emit::Format::csv_units, run_->result, internal).substr(3), ',');
  ASSERT_EQ(shown.size(), truth.size());
  const auto& head = shown.front();
  std::size_t flagged = 0;
  for (std::size_t r = 1; r < shown.size(); ++r) {
    ASSERT_EQ(shown[r].size(), head.size());
    for (std::size_t c = 1; c < head.size(); ++c) {
      const std::string& cell = shown[r][c];
      EXPECT_TRUE(cell.empty() || std::regex_match(cell, std::regex(R"(\d+(\.\d+)?)"))) << head[c] << ": " << cell;
    }
    for (std::size_t c = 0; c < head.size(); ++c) {
      if (!head[c].ends_with(" qualified")) continue;
      const std::string& q = shown[r][c];
      const std::string& i = shown[r][c + 1];
      const std::string& rate = shown[r][c + 2];
      const std::string& ratio = shown[r][c + 3];
      const std::string& flag = shown[r][c + 4];
      ASSERT_TRUE(head[c + 4].ends_with(" hidden")) << head[c + 4];
      const std::string& tq = truth[r][c];
      if (tq.empty()) continue;  // the unit has no such group
      const std::int64_t n = std::stoll(tq), s = std::stoll(truth[r][c + 1]);
      const bool small = n < kMinCell || s < kMinCell || n - s < kMinCell;
      if (flag == "1") ++flagged;
      // A rate with a count beside it gives the other count.
      if (i.empty() || q.empty()) EXPECT_TRUE(rate.empty()) << shown[r][0] << " " << head[c];
      if (i.empty()) EXPECT_TRUE(ratio.empty()) << shown[r][0] << " " << head[c];
      if (!q.empty() && !i.empty()) EXPECT_GE(std::stoll(q) - std::stoll(i), kMinCell) << "complement";
      if (small) EXPECT_EQ(flag, "1") << shown[r][0] << " " << head[c];
      // Nothing hidden without a small count (its own, or the reference's for the ratio).
      if (!small && flag == "1") {
        EXPECT_FALSE(q.empty() || i.empty() || rate.empty()) << "over-hiding: " << shown[r][0] << " " << head[c];
      }
    }
  }
  EXPECT_GT(flagged, 0u);
}

// Across findings and tables: what a reader can add up. A unit's row of the
// units table is its sub-units' rows (and its own rounds); a pooled finding's
// count is its rounds' counts (those with a finding of their own, and the
// rest unknown); a pooled count from qualified to interview_invited is the
// units table's too. Each cell is an interval of what it may be: a shown
// count exactly, a hidden one [0, ∞) ([0, 4] where it is shown as "<5"), and
// the sums narrow them (interval propagation, both ways, until nothing
// moves). A small cell is recovered when fewer than 5 values are left for
// it. And nothing is hidden that is not small itself or in a sum with a
// hidden small cell.
constexpr std::int64_t kInf = std::int64_t(1) << 40;

struct Ledger {
  struct Range {
    std::int64_t lo = 0, hi = kInf;
  };
  std::map<std::string, Range> cells;
  std::set<std::string> small;   // small in truth: a count below 5, or a pool whose complement is
  std::set<std::string> hidden;  // hidden where it appears, shown nowhere
  std::set<std::string> shown;
  std::vector<std::pair<std::string, std::vector<std::string>>> sums;
  // total >= the sum of parts: a unit's applications against the qualified
  // of one attribute's groups.
  std::vector<std::pair<std::string, std::vector<std::string>>> bounds;

  void see(const std::string& id, std::int64_t truth, bool small_in_truth, bool hidden_here, bool shown_as_small) {
    if (small_in_truth) small.insert(id);
    if (!hidden_here) {
      shown.insert(id);
      hidden.erase(id);
      cells[id] = {truth, truth};
      return;
    }
    if (shown.count(id)) return;
    hidden.insert(id);
    Range& r = cells.try_emplace(id).first->second;
    if (shown_as_small) r.hi = std::min<std::int64_t>(r.hi, kMinCell - 1);
  }
  void unknown(const std::string& id) { cells.try_emplace(id); }
  void sum(const std::string& total, std::vector<std::string> parts) {
    if (!cells.count(total)) return;
    parts.erase(std::remove_if(parts.begin(), parts.end(), [&](const std::string& p) { return !cells.count(p); }),
                parts.end());
    if (!parts.empty()) sums.emplace_back(total, std::move(parts));
  }
  void bound(const std::string& total, std::vector<std::string> parts) {
    if (!cells.count(total)) return;
    parts.erase(std::remove_if(parts.begin(), parts.end(), [&](const std::string& p) { return !cells.count(p); }),
                parts.end());
    if (!parts.empty()) bounds.emplace_back(total, std::move(parts));
  }

  static std::int64_t add(std::int64_t a, std::int64_t b) { return std::min(kInf, a + b); }
  void propagate() {
    for (int round = 0; round < 50; ++round) {
      bool moved = false;
      const auto tighten = [&](const std::string& id, std::int64_t lo, std::int64_t hi) {
        Range& r = cells[id];
        if (lo > r.lo) r.lo = lo, moved = true;
        if (hi < r.hi) r.hi = hi, moved = true;
      };
      for (const auto& [total, parts] : sums) {
        std::int64_t lo = 0, hi = 0;
        for (const auto& p : parts) lo = add(lo, cells[p].lo), hi = add(hi, cells[p].hi);
        tighten(total, lo, hi);
        const Range t = cells[total];
        for (const auto& p : parts) {
          std::int64_t others_lo = lo - cells[p].lo, others_hi = hi >= kInf ? kInf : hi - cells[p].hi;
          tighten(p, std::max<std::int64_t>(0, t.lo - (hi >= kInf ? kInf : others_hi)),
                  t.hi >= kInf ? kInf : t.hi - others_lo);
        }
      }
      for (const auto& [total, parts] : bounds) {
        std::int64_t lo = 0;
        for (const auto& p : parts) lo = add(lo, cells[p].lo);
        tighten(total, lo, kInf);
        const Range t = cells[total];
        for (const auto& p : parts) tighten(p, 0, t.hi >= kInf ? kInf : t.hi - (lo - cells[p].lo));
      }
      if (!moved) return;
    }
  }
  // Recovered small cells, and cells hidden with no small cell to protect: a
  // hidden count must be tied to a hidden small count by relations through
  // counts a reader does not see (in one sum with it, or in a chain: hiding
  // a row can need a second row hidden, whose sum with the first would give
  // it back).
  std::vector<std::string> failures() {
    propagate();
    std::vector<std::string> out;
    std::vector<std::pair<std::string, std::vector<std::string>>> relations = sums;
    relations.insert(relations.end(), bounds.begin(), bounds.end());
    std::map<std::string, std::vector<std::size_t>> relations_of;
    for (std::size_t i = 0; i < relations.size(); ++i) {
      relations_of[relations[i].first].push_back(i);
      for (const auto& p : relations[i].second) relations_of[p].push_back(i);
    }
    std::set<std::string> tied;
    std::vector<std::string> queue;
    for (const auto& id : hidden)
      if (small.count(id)) tied.insert(id), queue.push_back(id);
    while (!queue.empty()) {
      const std::string id = queue.back();
      queue.pop_back();
      for (std::size_t i : relations_of[id]) {
        std::vector<std::string> all = relations[i].second;
        all.push_back(relations[i].first);
        for (const auto& c : all)
          if (!shown.count(c) && tied.insert(c).second) queue.push_back(c);
      }
    }
    for (const auto& id : hidden) {
      const Range& r = cells[id];
      if (small.count(id) && r.hi - r.lo < kMinCell - 1)
        out.push_back(id + " is recovered by adding up what is shown (" + std::to_string(r.lo) + " to " +
                      std::to_string(r.hi) + ")");
      if (!small.count(id) && !tied.count(id))
        out.push_back(id + " is hidden, but no small count is tied to it by what is not shown (over-hiding)");
    }
    return out;
  }
  std::size_t protected_cells() const {
    std::size_t n = 0;
    for (const auto& id : hidden) n += small.count(id) && !id.starts_with("?");
    return n;
  }
};

std::string join_ids(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "|") + p;
  return out;
}

const std::string* text_of(const Evidence& e, const char* k) {
  const EvidenceValue* v = e.find(k);
  return v && v->kind == K::text ? &v->s : nullptr;
}

bool within(const std::string& unit, const std::string& root) {
  return unit == root || (unit.starts_with(root) && unit.size() > root.size() && unit[root.size()] == '/');
}

// The findings' and checks' group counts as one format shows them, and the
// sums between pooled findings and their rounds, and between a unit with no
// sub-units (its row of the units table) and its rounds. `rounds_of`: the
// rounds of each such unit.
void finding_cells(const run::RunResult& r, const Views& views, const std::map<std::string, std::int64_t>& rounds_of,
                   Ledger& l) {
  struct Shows {
    std::string plugin, round_id, org_unit;
    bool round;
    const Evidence* e;
    std::string key;
    std::map<std::string, std::pair<std::string, std::string>> groups;  // group -> (n id, selected id)
  };
  std::vector<Shows> scopes;
  const auto shows = [&](const std::string& plugin, Scope scope, const std::string& round_id, const std::string& unit,
                         const Evidence& e, const std::string& view) {
    const EvidenceValue* groups = e.find("groups");
    const std::string *attr = text_of(e, "attribute"), *from = text_of(e, "stage_from"), *to = text_of(e, "stage_to");
    if (!groups || groups->kind != K::list || !attr || !from || !to) return;
    const bool round = scope == Scope::round;
    Shows sc{plugin, round_id, unit, round, &e, join_ids({round ? "R" : "P", plugin, round ? round_id : unit, *attr, *from, *to}), {}};
    auto vit = views.find(view);
    for (std::size_t i = 0; i < groups->children.size(); ++i) {
      const Evidence& g = groups->children[i];
      const std::string at = "groups[" + std::to_string(i) + "].";
      for (const auto& [gk, nk, sk] : {std::tuple{"group", "n", "selected"},
                                       std::tuple{"reference_group", "reference_n", "reference_selected"}}) {
        const std::string* name = text_of(g, gk);
        if (!name || !g.find(nk) || !g.find(sk)) continue;
        const std::int64_t n = count_of(g, nk), sel = count_of(g, sk);
        const std::string nid = join_ids({sc.key, *name, "n"}), sid = join_ids({sc.key, *name, "s"});
        sc.groups[*name] = {nid, sid};
        for (const auto& [id, key, v, small] : {std::tuple{nid, std::string(nk), n, n < kMinCell || n - sel < kMinCell},
                                                std::tuple{sid, std::string(sk), sel, sel < kMinCell}}) {
          const Shown* s = nullptr;
          if (vit != views.end())
            if (auto it = vit->second.find(at + key); it != vit->second.end()) s = &it->second;
          if (!s) {  // a format shows what it chooses: unknown, but not hidden by disclosure
            l.unknown(id);
            continue;
          }
          l.see(id, v, small, s->withheld || s->null, s->withheld && v < kMinCell);
        }
      }
    }
    scopes.push_back(std::move(sc));
  };
  for (const auto& af : r.findings)
    shows(af.plugin, af.finding.scope, af.finding.round_id, af.finding.org_unit, af.finding.evidence, af.fingerprint);
  for (std::size_t i = 0; i < r.checks.size(); ++i) {
    const Check& c = r.checks[i].check;
    shows(c.rule.substr(0, c.rule.find('/')), c.scope, c.round_id, c.org_unit, c.evidence, check_view(i));
  }
  for (const auto& p : scopes) {
    if (p.round) continue;
    const Evidence& e = *p.e;
    std::vector<std::string> below;
    if (const EvidenceValue* b = e.find("reported_below"); b && b->kind == K::list)
      for (const auto& u : b->children) below.push_back(*text_of(u, "org_unit"));
    const std::string& unit = p.org_unit;
    const EvidenceValue* unit_rounds = e.find("unit_rounds");
    const std::string tail = p.key.substr(p.key.find('|', p.key.find('|', 2) + 1));  // |attr|from|to
    for (const auto& [group, ids] : p.groups) {
      for (const bool n : {true, false}) {
        std::vector<std::string> parts;
        std::set<std::string> rounds;
        for (const auto& q : scopes) {
          if (!q.round || q.plugin != p.plugin || !q.key.ends_with(tail)) continue;
          if (!within(q.org_unit, unit) ||
              std::any_of(below.begin(), below.end(), [&](const std::string& b) { return within(q.org_unit, b); }))
            continue;
          auto it = q.groups.find(group);
          if (it == q.groups.end() || !rounds.insert(q.round_id).second) continue;
          parts.push_back(n ? it->second.first : it->second.second);
        }
        // Rounds of the unit with no finding of their own: one unknown part.
        if (!unit_rounds || std::int64_t(rounds.size()) < unit_rounds->i) {
          parts.push_back("?" + (n ? ids.first : ids.second));
          l.unknown(parts.back());
        }
        l.sum(n ? ids.first : ids.second, parts);
        // The same count in the units table.
        const std::string* attr = text_of(e, "attribute");
        if (below.empty() && *text_of(e, "stage_from") == "qualified" && *text_of(e, "stage_to") == "interview_invited" &&
            attr->find('+') == std::string::npos) {
          const std::string row = join_ids({"U", unit, *attr + "=" + group, n ? "n" : "s"});
          l.sum(row, {n ? ids.first : ids.second});
          l.sum(n ? ids.first : ids.second, {row});
        }
      }
    }
  }
  // A unit with no sub-units: its row is its rounds, from qualified to
  // interview_invited, by each plugin that counts them.
  std::map<std::string, std::map<std::string, std::vector<const Shows*>>> by_unit;  // unit -> plugin|attr -> rounds
  for (const auto& q : scopes) {
    if (!q.round || *text_of(*q.e, "stage_from") != "qualified" || *text_of(*q.e, "stage_to") != "interview_invited")
      continue;
    const std::string* attr = text_of(*q.e, "attribute");
    if (attr->find('+') != std::string::npos || !rounds_of.count(q.org_unit)) continue;
    by_unit[q.org_unit][q.plugin + "|" + *attr].push_back(&q);
  }
  for (const auto& [unit, by] : by_unit)
    for (const auto& [plugin_attr, qs] : by) {
      const std::string attr = plugin_attr.substr(plugin_attr.find('|') + 1);
      std::map<std::string, std::set<std::string>> rounds;  // group -> rounds with its counts
      std::map<std::pair<std::string, bool>, std::vector<std::string>> parts;
      for (const Shows* q : qs)
        for (const auto& [group, ids] : q->groups) {
          if (!rounds[group].insert(q->round_id).second) continue;
          parts[{group, true}].push_back(ids.first);
          parts[{group, false}].push_back(ids.second);
        }
      for (auto& [gm, ps] : parts) {
        const std::string id = join_ids({"?own", unit, plugin_attr, gm.first, gm.second ? "n" : "s"});
        if (std::int64_t(rounds[gm.first].size()) < rounds_of.at(unit)) {
          ps.push_back(id);
          l.unknown(id);
        }
        l.sum(join_ids({"U", unit, attr + "=" + gm.first, gm.second ? "n" : "s"}), ps);
      }
    }
}

// The units table (csv-units) as shown, against the truth (internal), and the
// sums of its rows: a unit is its direct sub-units and its own rounds.
// Returns the rounds of each unit with no sub-units.
// `plan` says which of the run's totals (the HTML's "all rounds" charts and
// the run's applications, not in csv-units) are shown; null: all of them.
std::map<std::string, std::int64_t> table_cells(const std::vector<std::vector<std::string>>& shown,
                                                const std::vector<std::vector<std::string>>& truth,
                                                const run::RunResult& r, const emit::Complements* plan, Ledger& l) {
  const auto& head = truth.front();
  std::map<std::string, std::size_t> row_of;
  std::size_t units_col = 0, rounds_col = 0, apps_col = 0;
  for (std::size_t c = 0; c < head.size(); ++c) {
    if (head[c] == "units") units_col = c;
    if (head[c] == "rounds") rounds_col = c;
    if (head[c] == "applications") apps_col = c;
  }
  for (std::size_t r = 1; r < truth.size(); ++r) row_of[truth[r][0]] = r;
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& [u, r] : row_of) {
    const auto slash = u.rfind('/');
    if (slash != std::string::npos && slash > 0 && row_of.count(u.substr(0, slash))) children[u.substr(0, slash)].push_back(u);
  }
  for (std::size_t c = 0; c < head.size(); ++c) {
    if (!head[c].ends_with(" qualified")) continue;
    const std::string group = head[c].substr(0, head[c].size() - std::string(" qualified").size());
    for (const auto& [u, r] : row_of) {
      if (truth[r][c].empty()) continue;
      const std::int64_t n = std::stoll(truth[r][c]), s = std::stoll(truth[r][c + 1]);
      l.see(join_ids({"U", u, group, "n"}), n, n < kMinCell || n - s < kMinCell, shown[r][c].empty(), false);
      l.see(join_ids({"U", u, group, "s"}), s, s < kMinCell, shown[r][c + 1].empty(), false);
    }
    for (const auto& [u, kids] : children) {
      std::int64_t kid_units = 0;
      for (const auto& k : kids) kid_units += std::stoll(truth[row_of[k]][units_col]);
      for (const char* m : {"n", "s"}) {
        std::vector<std::string> parts;
        for (const auto& k : kids) parts.push_back(join_ids({"U", k, group, m}));
        if (kid_units < std::stoll(truth[row_of[u]][units_col])) {  // rounds of its own
          parts.push_back("?" + join_ids({"U", u, group, m}));
          l.unknown(parts.back());
        }
        l.sum(join_ids({"U", u, group, m}), parts);
      }
    }
  }
  // A row's applications bound the qualified of each attribute's groups.
  std::map<std::string, std::int64_t> leaves;
  for (const auto& [u, r] : row_of) {
    const std::int64_t apps = std::stoll(truth[r][apps_col]);
    const std::string id = join_ids({"A", u});
    l.see(id, apps, apps < kMinCell, shown[r][apps_col].empty(), false);
    std::map<std::string, std::vector<std::string>> by_attribute;
    for (std::size_t c = 0; c < head.size(); ++c)
      if (head[c].ends_with(" qualified") && !truth[r][c].empty()) {
        const std::string group = head[c].substr(0, head[c].size() - std::string(" qualified").size());
        by_attribute[group.substr(0, group.find('='))].push_back(join_ids({"U", u, group, "n"}));
      }
    for (auto& [attr, parts] : by_attribute) l.bound(id, parts);
    if (!children.count(u)) leaves[u] = std::stoll(truth[r][rounds_col]);
  }
  // The run: its top units' rows (every round of the fixture has a unit), and
  // its applications bound its groups.
  std::map<std::string, std::vector<std::string>> run_groups;
  for (std::size_t c = 0; c < head.size(); ++c) {
    if (!head[c].ends_with(" qualified")) continue;
    const std::string group = head[c].substr(0, head[c].size() - std::string(" qualified").size());
    for (const char* m : {"n", "s"}) {
      std::int64_t total = 0;
      std::vector<std::string> parts;
      for (const auto& [u, row] : row_of) {
        if (u.find('/') != std::string::npos || truth[row][c].empty()) continue;
        total += std::stoll(truth[row][c + (m[0] == 's')]);
        parts.push_back(join_ids({"U", u, group, m}));
      }
      const std::string id = join_ids({"T", group, m});
      l.see(id, total, total < kMinCell, plan && plan->run_total(group, m[0]), false);
      l.sum(id, parts);
      if (m[0] == 'n') run_groups[group.substr(0, group.find('='))].push_back(id);
    }
  }
  const auto apps = std::int64_t(r.counts.applications);
  l.see("A|run", apps, apps < kMinCell, plan && plan->run_applications(), false);
  for (auto& [attr, parts] : run_groups) l.bound("A|run", parts);
  return leaves;
}

class ReconstructionAcross : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(temp_dir("reconstruct-across"));
    // acr: two sub-units, one of them with few women invited (3 of 10): the
    // parent's row minus the other sub-unit's would give the 3. pool/u: three
    // rounds with a disparity each, one with one woman invited: the pooled
    // finding minus the other two rounds would give the 1. big: no small
    // count anywhere, so nothing of it may be hidden. two/u: two rounds,
    // one of them with two women of ten invited; with every rule's verdict
    // kept (--checks), the other round's held check shows its counts, and the
    // unit's row minus them would give the 2.
    std::vector<RoundCounts> rounds = {
        {"TWO-1", "two/u", 20, 10, 3, 20, 10, 3},         {"TWO-2", "two/u", 10, 6, 2, 10, 2, 1},
        {"ACR-BIG-1", "acr/big", 20, 10, 3, 20, 10, 3},   {"ACR-SMALL-1", "acr/small", 12, 7, 2, 10, 3, 1},
        {"POOL-1", "pool/u", 20, 15, 5, 20, 5, 1},        {"POOL-2", "pool/u", 20, 15, 5, 20, 5, 1},
        {"POOL-3", "pool/u", 10, 8, 2, 6, 1, 0},          {"BIG-1", "big/a", 30, 20, 6, 30, 10, 2},
        {"BIG-2", "big/b", 30, 20, 6, 30, 10, 2},
    };
    inputs_ = new std::vector<std::string>{write_rounds_export(*dir_, "across.jsonl", rounds)};
    run_ = new InProcess(audit_in_process(*inputs_, emit::Audience::union_, true));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete run_;
    delete inputs_;
    delete dir_;
  }
  static std::string* dir_;
  static std::vector<std::string>* inputs_;
  static InProcess* run_;
};
std::string* ReconstructionAcross::dir_ = nullptr;
std::vector<std::string>* ReconstructionAcross::inputs_ = nullptr;
InProcess* ReconstructionAcross::run_ = nullptr;

TEST_F(ReconstructionAcross, NoHiddenCellIsRecoveredBySubtractionAndNothingElseIsHidden) {
  emit::RenderContext internal = run_->ctx;
  internal.disclosure = emit::Disclosure(emit::Audience::internal, kMinCell);
  const auto truth = parse_csv(emit::render(emit::Format::csv_units, run_->result, internal).substr(3), ',');
  // The units table as csv-units shows it; csv-units-long shows the same
  // cells (LongUnitsTableHidesTheSameCells), HTML's table and charts the same
  // rows (the HTML's own cells are read with its findings).
  const auto shown = parse_csv(emit::render(emit::Format::csv_units, run_->result, run_->ctx).substr(3), ',');
  ASSERT_EQ(shown.size(), truth.size());
  for (const auto& f : formats()) {
    if (!f.read) continue;  // text: messages only
    SCOPED_TRACE(f.name);
    Ledger l;
    const auto plan = emit::Complements::build(run_->result, run_->ctx.disclosure);
    const auto leaves = table_cells(shown, truth, run_->result, plan.get(), l);
    finding_cells(run_->result, f.read(emit::render(f.format, run_->result, run_->ctx), run_->result), leaves, l);
    for (const auto& msg : l.failures()) ADD_FAILURE() << f.name << " + csv-units: " << msg;
    // The fixture's small cells are there and in sums (else the test is vacuous).
    EXPECT_GE(l.protected_cells(), 2u) << f.name;
    EXPECT_GE(l.sums.size(), 10u) << f.name;
  }
}

// The attack finds the fixture's leaks when only each object's own small
// cells are hidden (an empty plan: what the host did before it hid across
// findings and tables): the row acr minus acr/big, the pooled finding minus
// its other rounds.
TEST_F(ReconstructionAcross, TheAttackFindsTheLeaksOfHidingWithinObjectsOnly) {
  emit::RenderContext internal = run_->ctx, within = run_->ctx;
  internal.disclosure = emit::Disclosure(emit::Audience::internal, kMinCell);
  within.disclosure.set_complements(std::make_shared<emit::Complements>());
  const auto truth = parse_csv(emit::render(emit::Format::csv_units, run_->result, internal).substr(3), ',');
  const auto shown = parse_csv(emit::render(emit::Format::csv_units, run_->result, within).substr(3), ',');
  Ledger l;
  const auto leaves = table_cells(shown, truth, run_->result, within.disclosure.complements(), l);
  finding_cells(run_->result, from_json(emit::render(emit::Format::json, run_->result, within)), leaves, l);
  std::size_t recovered = 0, table = 0, pooled = 0;
  for (const auto& msg : l.failures()) {
    if (msg.find("recovered") == std::string::npos) continue;
    ++recovered;
    table += msg.starts_with("U|acr/small|gender=woman|s");
    pooled += msg.find("POOL-3") != std::string::npos;
  }
  EXPECT_GT(recovered, 0u);
  EXPECT_EQ(table, 1u) << "acr minus acr/big gives acr/small's women invited";
  EXPECT_GT(pooled, 0u) << "the pooled finding minus two rounds gives the third";
}

// The attack finds what the checks give away when the plan is decided from
// the findings alone (what the host did before checks were cells of it): the
// row of two/u minus the held round TWO-1's check gives TWO-2's women invited.
TEST_F(ReconstructionAcross, TheAttackFindsWhatHeldChecksGiveAwayToAPlanOfFindingsOnly) {
  emit::RenderContext internal = run_->ctx, findings_only = run_->ctx;
  internal.disclosure = emit::Disclosure(emit::Audience::internal, kMinCell);
  run::RunResult without_checks = run_->result;
  without_checks.checks.clear();
  findings_only.disclosure.set_complements(emit::Complements::build(without_checks, run_->ctx.disclosure));
  const auto truth = parse_csv(emit::render(emit::Format::csv_units, run_->result, internal).substr(3), ',');
  const auto shown = parse_csv(emit::render(emit::Format::csv_units, run_->result, findings_only).substr(3), ',');
  Ledger l;
  const auto leaves = table_cells(shown, truth, run_->result, findings_only.disclosure.complements(), l);
  finding_cells(run_->result, from_json(emit::render(emit::Format::json, run_->result, findings_only)), leaves, l);
  std::size_t two = 0;
  for (const auto& msg : l.failures())
    two += msg.find("recovered") != std::string::npos && msg.find("TWO-2") != std::string::npos;
  EXPECT_GT(two, 0u) << "the row of two/u minus TWO-1's check gives TWO-2's count";
  ASSERT_FALSE(run_->result.checks.empty());
}

// Where no count of a unit is small, all of its figures are shown.
TEST_F(ReconstructionAcross, UnitsWithoutSmallCountsShowEverything) {
  const auto shown = parse_csv(emit::render(emit::Format::csv_units, run_->result, run_->ctx).substr(3), ',');
  const auto& head = shown.front();
  std::size_t rows = 0;
  for (std::size_t r = 1; r < shown.size(); ++r) {
    if (!within(shown[r][0], "big")) continue;
    ++rows;
    for (std::size_t c = 0; c < head.size(); ++c)
      if (head[c].ends_with(" hidden")) EXPECT_EQ(shown[r][c], "0") << shown[r][0] << " " << head[c];
  }
  EXPECT_EQ(rows, 3u);
}

// The same cells are hidden in the long units table as in the wide one.
TEST_F(ReconstructionAcross, LongUnitsTableHidesTheSameCells) {
  const auto wide = parse_csv(emit::render(emit::Format::csv_units, run_->result, run_->ctx).substr(3), ',');
  const auto tall = parse_csv(emit::render(emit::Format::csv_units_long, run_->result, run_->ctx).substr(3), ',');
  std::map<std::string, std::size_t> wide_row;
  for (std::size_t r = 1; r < wide.size(); ++r) wide_row[wide[r][0]] = r;
  const auto& wh = wide.front();
  const auto& th = tall.front();
  std::map<std::string, std::size_t> col;
  for (std::size_t c = 0; c < th.size(); ++c) col[th[c]] = c;
  std::size_t compared = 0;
  for (std::size_t r = 1; r < tall.size(); ++r) {
    const auto& row = tall[r];
    const std::string unit = row[0], group = row[col.at("attribute")] + "=" + row[col.at("group")];
    for (std::size_t c = 0; c < wh.size(); ++c) {
      if (wh[c] != group + " qualified") continue;
      EXPECT_EQ(wide[wide_row.at(unit)][c], row[col.at("qualified")]) << unit << " " << group;
      EXPECT_EQ(wide[wide_row.at(unit)][c + 1], row[col.at("invited")]) << unit << " " << group;
      ++compared;
    }
  }
  EXPECT_GT(compared, 10u);
}

}  // namespace
}  // namespace reconstruction_test
}  // namespace fairaudit::testing::report
