// libFuzzer target: a policy file's text through the policy parser, and every
// option it sets through the option checks for each option type.
//
// The text stands for a file in the source tree's policies/ folder, so
// "extends": "nordic-base.json" reaches the real base policy and the merge of
// a chain is exercised too. Any bytes must end in a Policy or a PolicyError.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "policy/policy.hpp"

using namespace fairaudit;

namespace {

const std::vector<OptionSpec>& specs() {
  static const std::vector<OptionSpec> s = {
      OptionSpec::boolean("flag", false, "a boolean"),
      OptionSpec::integer("count", 5, 0, 100, "an integer in a range"),
      OptionSpec::real("share", 0.8, 0.0, 1.0, "a real in a range"),
      OptionSpec::string("word", "a", {"a", "b"}, "a word from a list"),
      OptionSpec::string("text", "", {}, "any string"),
      OptionSpec::list("words", {}, {"a", "b"}, "a list of words from a list"),
      OptionSpec::lists("groups", {}, {}, "a list of lists of strings"),
  };
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  policy::Policy pol;
  try {
    pol = policy::load_policy_text(text, std::string(FAIRAUDIT_SOURCE_DIR) + "/policies/fuzz-input.json");
  } catch (const policy::PolicyError&) {
    return 0;
  }
  // Each option value as it would meet a plugin declaring it with any type.
  for (const auto& entry : pol.plugins) {
    for (const auto& [key, raw] : entry.options) {
      for (const auto& spec : specs()) {
        policy::PluginEntry one{entry.name, entry.file, {{spec.key, raw}}};
        try {
          Options o = policy::resolve_options(one, {spec});
          (void)policy::to_json(o.values().at(spec.key));
        } catch (const policy::PolicyError&) {
        }
      }
    }
  }
  return 0;
}
