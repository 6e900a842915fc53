// Ingest profiles: what a jurisdiction forbids an export to carry at all.
//
// The Danish profile (a policy with "jurisdiction": "DK") refuses every
// record holding a field named for race, skin colour, ethnic, national or
// social origin (immigrant background included), religion or belief,
// political opinion or sexual orientation, at any depth: forskelsbehandlingsloven
// § 4 forbids the employer to ask for, obtain, receive or use such
// information about an applicant, so an export that holds it is not audited
// (docs/input-format.md, "Ingest profiles"). The refusal names the line, the
// field's JSON path and the reason; the value is never read.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fairaudit::ingest {

enum class IngestProfile : std::uint8_t { none, dk };

// The profile a policy's jurisdiction selects: "DK" gives the Danish one,
// anything else none.
IngestProfile profile_for_jurisdiction(std::string_view jurisdiction);

struct ProfileRefusal {
  std::string path;     // JSON path of the field, e.g. "applicants[2].self_id.immigrant_background"
  std::string message;  // why it is refused (no value)
};

// The first field of `record` (in document order) the profile forbids, if any.
std::optional<ProfileRefusal> refused_field(IngestProfile profile, const rapidjson::Value& record);

// What a forbidden field name is about ("ethnic origin", "religion or belief",
// …), or null when the name is allowed. Exposed for the tests.
const char* forbidden_ground(std::string_view field_name);

}  // namespace fairaudit::ingest
