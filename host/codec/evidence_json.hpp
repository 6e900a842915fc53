// Evidence as JSON, for the store and the isolation wire: one entry per
// value, in the evidence's order, each with its kind by name, so disclosure
// control works the same on what is read back:
//
//   [{"key":"qualified","kind":"count","value":5},
//    {"key":"ratio","kind":"ratio","value":0.75},
//    {"key":"women","kind":"object","value":[…entries…]},
//    {"key":"groups","kind":"list","value":[[…entries…],[…entries…]]}]
//
// Reals are written with the shortest digits that read back to the same bits
// (NaN, Infinity and -Infinity as such) and read back exactly; dates as
// ISO-8601 text ("2026-03-21", "2026-03-21T09:30:00Z"), or as [days, seconds]
// for the day either side of years 0000-9999 that a UTC offset can reach.
// This is the layout stores have always held.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "codec/limits.hpp"
#include "common/json_text.hpp"
#include "fairaudit/finding.hpp"

namespace fairaudit::codec {

// The one writer type of the codec's JSON: non-finite reals are kept.
// Into a JsonText: strings copied a run at a time (common/json_text.hpp).
using JsonWriter = rapidjson::Writer<common::JsonText, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                     rapidjson::CrtAllocator, rapidjson::kWriteNanAndInfFlag>;

// Throw CodecError when `e` is outside the limits (limits.hpp).
void write_evidence(JsonWriter& w, const Evidence& e);
std::string evidence_to_json(const Evidence& e);

// Throw CodecError on anything but what write_evidence() writes.
Evidence read_evidence(const rapidjson::Value& v);
Evidence evidence_from_json(std::string_view json);

// How the codec parses JSON (NaN and infinities, exact reals, no recursion);
// CodecError when the text is not JSON, naming `what`.
void parse_json(std::string_view json, rapidjson::Document& d, const char* what);

}  // namespace fairaudit::codec
