// A rejected line as JSON, the same in the JSON output's "rejected" list and
// in the store's copy of it, which a stored run is rendered again from.
#pragma once

#include "common/json.hpp"
#include "ingest/record.hpp"

namespace fairaudit::codec {

template <typename Writer>
void write_line_error(Writer& w, const ingest::LineError& e) {
  using common::key;
  using common::str;
  w.StartObject();
  key(w, "file"); str(w, e.file);
  key(w, "line"); w.Uint64(e.line);
  key(w, "path"); str(w, e.path);
  key(w, "kind"); str(w, e.kind);
  key(w, "message"); str(w, e.message);
  w.EndObject();
}

}  // namespace fairaudit::codec
