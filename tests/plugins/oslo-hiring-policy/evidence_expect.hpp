// Reading typed evidence in the oslo-hiring-policy tests. Each accessor also
// checks the value's kind: a number of people must be a `count`, or the host
// cannot suppress it for the union audience.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "fairaudit/finding.hpp"

namespace oslo_test {

using Kind = fairaudit::EvidenceValue::Kind;

inline const fairaudit::EvidenceValue* value(const fairaudit::Evidence& e, std::string_view key, Kind kind) {
  const auto* v = e.find(key);
  if (!v) {
    ADD_FAILURE() << "no evidence value '" << key << "'";
    return nullptr;
  }
  EXPECT_EQ(static_cast<int>(v->kind), static_cast<int>(kind)) << "evidence '" << key << "' has the wrong kind";
  return v;
}

inline std::int64_t count(const fairaudit::Evidence& e, std::string_view key) {
  const auto* v = value(e, key, Kind::count);
  return v ? v->i : -1;
}
inline std::int64_t number(const fairaudit::Evidence& e, std::string_view key) {
  const auto* v = value(e, key, Kind::number);
  return v ? v->i : -1;
}
inline std::string date(const fairaudit::Evidence& e, std::string_view key) {
  const auto* v = value(e, key, Kind::date);
  return v ? v->t.iso() : std::string("<missing>");
}
inline std::string text(const fairaudit::Evidence& e, std::string_view key) {
  const auto* v = value(e, key, Kind::text);
  return v ? v->s : std::string("<missing>");
}
inline bool boolean(const fairaudit::Evidence& e, std::string_view key) {
  const auto* v = value(e, key, Kind::boolean);
  return v && v->b;
}
inline bool is_null(const fairaudit::Evidence& e, std::string_view key) {
  const auto* v = e.find(key);
  return v && v->kind == Kind::null;
}

// Counts reach the reader only through {key} placeholders, filled in by the
// host with disclosure applied; a digit in a message would be a count (or a
// date) formatted by the plugin itself.
inline bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace oslo_test
