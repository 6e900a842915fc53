// Small text helpers the parts of the HTML report share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fairaudit/finding.hpp"

namespace fairaudit::emit::html {

std::string esc(std::string_view s);  // HTML-escaped
std::string humanise(std::string s);  // "stage_from" -> "stage from"
std::string percent(double v);        // 0.125 -> "12.5%"
std::string fixed2(double v);         // two decimals
// The id of a rule's entry in the rules section.
std::string anchor(const std::string& rule_id);
std::string severity_word(Severity s, std::uint64_t n);  // "error" or "errors", …

}  // namespace fairaudit::emit::html
