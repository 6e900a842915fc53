#include "emit/flat.hpp"

namespace fairaudit::emit {
namespace {

void walk(const Evidence& e, const Disclosure& d, bool hidden_above, const std::string& prefix,
          std::vector<FlatValue>& out) {
  using K = EvidenceValue::Kind;
  const bool hidden = hidden_above || d.any_small(e);
  for (const auto& [k, v] : e.entries()) {
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (v.kind == K::object) {
      walk(v.children.front(), d, hidden, path, out);
      continue;
    }
    if (v.kind == K::list) {
      for (std::size_t i = 0; i < v.children.size(); ++i)
        walk(v.children[i], d, hidden, path + "[" + std::to_string(i) + "]", out);
      continue;
    }
    FlatValue f;
    f.path = path;
    f.kind = v.kind;
    f.text = value_text(v, d, hidden);
    f.suppressed = (v.kind == K::count && d.small(v.i)) || (is_derived(v.kind) && hidden);
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<FlatValue> flatten(const Evidence& e, const Disclosure& d) {
  std::vector<FlatValue> out;
  walk(e, d, false, "", out);
  return out;
}

}  // namespace fairaudit::emit
