// Evidence flattened into (path, value) pairs with disclosure control
// applied, for the formats that show evidence as text cells (CSV, HTML).
// Each object's entries are withheld as Disclosure::withheld says, the walk
// json.cpp does.
#pragma once

#include <string>
#include <vector>

#include "emit/disclosure.hpp"
#include "fairaudit/finding.hpp"

namespace fairaudit::emit {

struct FlatValue {
  std::string path;  // "n", "unknown.unknown_count", "groups[1].rate"
  EvidenceValue::Kind kind = EvidenceValue::Kind::null;
  std::string text;     // value_text() with disclosure applied
  bool suppressed = false;  // withheld: a small count shown as "<N", or another value hidden
  const EvidenceValue* value = nullptr;  // the value itself (in the evidence flattened)
};

// Every scalar of the evidence in order; objects and lists are descended into.
std::vector<FlatValue> flatten(const Evidence& e, const Disclosure& d);

}  // namespace fairaudit::emit
