// Evidence as the JSON and SARIF formats write it, with disclosure control:
// small counts as "<N", and the rates, ratios and statistics derived from them
// (in the same object or below it) as null. One writer for both formats, so
// what a union reader sees cannot differ between them.
#pragma once

#include <rapidjson/rapidjson.h>

#include <cmath>
#include <string>

#include "emit/disclosure.hpp"
#include "fairaudit/finding.hpp"

namespace fairaudit::emit {

template <typename Writer>
void write_evidence(Writer& w, const Evidence& e, const Disclosure& d, bool hidden_above = false) {
  const bool hidden = hidden_above || d.any_small(e);
  auto str = [&w](const std::string& s) { w.String(s.c_str(), rapidjson::SizeType(s.size())); };
  w.StartObject();
  for (const auto& [k, v] : e.entries()) {
    str(k);
    using K = EvidenceValue::Kind;
    switch (v.kind) {
      case K::null: w.Null(); break;
      case K::boolean: w.Bool(v.b); break;
      case K::count:
        if (d.small(v.i))
          str(d.small_text());
        else
          w.Int64(v.i);
        break;
      case K::number: w.Int64(v.i); break;
      case K::rate:
      case K::ratio:
      case K::p_value:
      case K::statistic:
      case K::real:
        if ((is_derived(v.kind) && hidden) || !std::isfinite(v.d))
          w.Null();
        else
          w.Double(v.d);
        break;
      case K::text: str(v.s); break;
      case K::date: str(v.t.iso()); break;
      case K::object: write_evidence(w, v.children.front(), d, hidden); break;
      case K::list:
        w.StartArray();
        for (const auto& c : v.children) write_evidence(w, c, d, hidden);
        w.EndArray();
        break;
    }
  }
  w.EndObject();
}

}  // namespace fairaudit::emit
