// What the JSON and SARIF formats write alike. Evidence, with disclosure control
// (Disclosure::withheld): a small count as "<N", any other withheld value
// (a pool whose complement is small, what is derived from a small count) as null. One writer for both formats, so
// what a union reader sees cannot differ between them.
#pragma once

#include <rapidjson/rapidjson.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/enums.hpp"
#include "common/json.hpp"
#include "emit/disclosure.hpp"
#include "fairaudit/finding.hpp"

namespace fairaudit::emit {

template <typename Writer>
void write_evidence(Writer& w, const Evidence& e, const Disclosure& d) {
  const std::vector<bool> withheld = d.withheld(e);
  w.StartObject();
  for (std::size_t i = 0; i < e.entries().size(); ++i) {
    const auto& [k, v] = e.entries()[i];
    common::str(w, k);
    using K = EvidenceValue::Kind;
    if (withheld[i]) {
      if (v.kind == K::count && d.small(v.i) && !is_derived_count(k))
        common::str(w, d.small_text());
      else
        w.Null();
      continue;
    }
    switch (v.kind) {
      case K::null: w.Null(); break;
      case K::boolean: w.Bool(v.b); break;
      case K::count: w.Int64(v.i); break;
      case K::number: w.Int64(v.i); break;
      case K::rate:
      case K::ratio:
      case K::p_value:
      case K::statistic:
      case K::real:
        if (!std::isfinite(v.d))
          w.Null();
        else
          w.Double(v.d);
        break;
      case K::text: common::str(w, v.s); break;
      case K::date: common::str(w, v.t.iso()); break;
      case K::object: write_evidence(w, v.children.front(), d); break;
      case K::list:
        w.StartArray();
        for (const auto& c : v.children) write_evidence(w, c, d);
        w.EndArray();
        break;
    }
  }
  w.EndObject();
}

// The finding's applicant ids, for the audience that may see them.
template <typename Writer>
void write_applicants(Writer& w, const Finding& f, const Disclosure& d) {
  if (!d.shows_applicant_ids()) return;
  common::key(w, "applicants");
  common::str_list(w, f.applicants);
}

// A stored finding's review state and why, when there is a store.
template <typename Writer>
void write_review(Writer& w, common::ReviewState state, const std::string& justification,
                  const std::string& pending_by = {}) {
  if (state == common::ReviewState::none) return;
  common::key(w, "review");
  w.StartObject();
  common::key(w, "state");
  common::str(w, to_string(state));
  common::key(w, "justification");
  common::str(w, justification);
  // A suppression by one side that waits for the other: the role that set it.
  if (!pending_by.empty()) {
    common::key(w, "suppression_pending_by");
    common::str(w, pending_by);
  }
  w.EndObject();
}

}  // namespace fairaudit::emit
