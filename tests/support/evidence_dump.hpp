// Evidence as text that tells every kind and every bit apart: two evidence
// values are the same, bit for bit, exactly when their dumps are equal.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "fairaudit/finding.hpp"

namespace fairaudit::testing {

inline std::string dump(const Evidence& e) {
  std::string out = "{";
  for (const auto& [k, v] : e.entries()) {
    out += k + ":" + std::to_string(int(v.kind)) + "=";
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v.d, sizeof bits);
    out += std::to_string(v.b) + "," + std::to_string(v.i) + "," + std::to_string(bits) + "," + v.s + "," +
           std::to_string(v.t.days()) + "," + std::to_string(v.t.seconds());
    for (const auto& c : v.children) out += dump(c);
    out += ";";
  }
  return out + "}";
}

}  // namespace fairaudit::testing
