// The identifier guard over a whole JSON document: every string value and
// every key name, at any depth (policy files and mapping files; record lines
// are guarded while they are parsed, ingest/record.cpp). Also how a key name
// is shown in a message: as it is when it is a plain word, withheld otherwise.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

#include "ingest/pii.hpp"

namespace fairaudit::ingest {

struct JsonGuardHit {
  std::string path;  // "plugins.x.options.y[2]"; key names that are not plain words shown as "(a key)"
  PiiKind kind;
  bool in_key = false;    // the identifier is a key name (the path is its object's)
  bool control = false;   // not an identifier but a control character in a key name
};

// The first string or key name holding a direct identifier (FieldClass::any),
// or a key name holding a control character; nullopt when there is none.
std::optional<JsonGuardHit> guard_json(const rapidjson::Value& doc);

// A key name as a message shows it: itself when it is a plain word (letters,
// digits, '_', '-', '.', '/', at most 64 bytes, no identifier), "(a key of
// N bytes, not shown)" otherwise.
std::string shown_key(std::string_view key);

// The message for a hit, for a file of the given kind ("policy", "mapping").
std::string guard_message(const JsonGuardHit& hit);

// Whether `doc` nests objects and arrays deeper than `limit` levels (the
// document itself is level 1). It looks no deeper than limit + 1, so it is
// safe on any document an iterative parse made; every recursive walk here
// (guard_json, first_duplicate_key) must come after it.
bool nested_deeper_than(const rapidjson::Value& doc, int limit);

// The path of the first key given twice in one object, at any depth, or
// nullopt. JSON readers differ on such a member (RapidJSON's lookup takes
// the first, jq and Python's json the last), so a document that has one says
// two things: a policy's threshold, a mapping's column, a record's answer
// could each be read either way. Each key of the path is shown by `show`.
using KeyShown = std::string (*)(std::string_view);
std::optional<std::string> first_duplicate_key(const rapidjson::Value& doc, KeyShown show = shown_key);

// The message for it, ending with what is not done with the document
// ("the record is not read", "the policy is not used").
std::string duplicate_key_message(std::string_view consequence);

}  // namespace fairaudit::ingest
