#include "emit/flat.hpp"

namespace fairaudit::emit {
namespace {

void walk(const Evidence& e, const Disclosure& d, const std::string& prefix, std::vector<FlatValue>& out) {
  using K = EvidenceValue::Kind;
  const std::vector<bool> withheld = d.withheld(e);
  for (std::size_t i = 0; i < e.entries().size(); ++i) {
    const auto& [k, v] = e.entries()[i];
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (v.kind == K::object) {
      walk(v.children.front(), d, path, out);
      continue;
    }
    if (v.kind == K::list) {
      for (std::size_t j = 0; j < v.children.size(); ++j)
        walk(v.children[j], d, path + "[" + std::to_string(j) + "]", out);
      continue;
    }
    FlatValue f;
    f.path = path;
    f.kind = v.kind;
    f.text = shown_text(v, d, withheld[i], k);
    f.suppressed = withheld[i];
    f.value = &v;
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<FlatValue> flatten(const Evidence& e, const Disclosure& d) {
  std::vector<FlatValue> out;
  walk(e, d, "", out);
  return out;
}

}  // namespace fairaudit::emit
