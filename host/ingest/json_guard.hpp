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

}  // namespace fairaudit::ingest
