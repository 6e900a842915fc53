// How findings' evidence, rule metadata and small lists are kept in the store:
// JSON text that keeps every evidence value's kind, so a stored run is
// rendered again with the same disclosure control as a live one.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/finding.hpp"
#include "fairaudit/plugin.hpp"
#include "ingest/record.hpp"

namespace fairaudit::store {

// The evidence codec's JSON (codec/evidence_json.hpp), the layout stores
// have always held.
std::string evidence_to_json(const Evidence& e);
Evidence evidence_from_json(std::string_view json);  // throws StoreError

// "plugin/rule" -> metadata, as SARIF's tool.driver.rules needs it.
std::string catalogue_to_json(const std::map<std::string, RuleInfo>& rules);
std::map<std::string, RuleInfo> catalogue_from_json(std::string_view json);

std::string strings_to_json(const std::vector<std::string>& v);
std::vector<std::string> strings_from_json(std::string_view json);

std::string pairs_to_json(const std::vector<std::pair<std::string, std::string>>& v);  // [{"name":…,"version":…}]
std::vector<std::pair<std::string, std::string>> pairs_from_json(std::string_view json);

std::string line_errors_to_json(const std::vector<ingest::LineError>& v);
std::vector<ingest::LineError> line_errors_from_json(std::string_view json);

}  // namespace fairaudit::store
