#include "run/scrub.hpp"

#include <algorithm>

namespace fairaudit::run {
namespace {

bool is_word_char(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

}  // namespace

IdScrubber::IdScrubber(const Round* round) {
  if (!round) return;
  for (const auto& a : round->applicants)
    if (!a.id.empty()) ids_.push_back(a.id);
  // The longest first: an id that contains another is removed whole.
  std::sort(ids_.begin(), ids_.end(), [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
}

void IdScrubber::scrub(std::string& text) const {
  if (text.empty()) return;
  for (std::string_view id : ids_) {
    if (id.size() > text.size()) continue;
    for (std::size_t at = text.find(id); at != std::string::npos; at = text.find(id, at)) {
      const std::size_t end = at + id.size();
      const bool starts = at == 0 || !is_word_char(text[at - 1]) || !is_word_char(id.front());
      const bool ends = end == text.size() || !is_word_char(text[end]) || !is_word_char(id.back());
      if (starts && ends) {
        text.replace(at, id.size(), kIdRemoved);
        at += kIdRemoved.size();
      } else {
        at += 1;
      }
    }
  }
}

bool IdScrubber::holds_id(const Evidence& evidence) const {
  for (const auto& [key, v] : evidence.entries()) {
    if (v.kind == EvidenceValue::Kind::text) {
      std::string copy = v.s;
      scrub(copy);
      if (copy != v.s) return true;
    }
    for (const auto& child : v.children)
      if (holds_id(child)) return true;
  }
  return false;
}

Evidence IdScrubber::rebuilt(const Evidence& evidence) const {
  using K = EvidenceValue::Kind;
  Evidence out;
  out.reserve(evidence.entries().size());
  for (const auto& [key, v] : evidence.entries()) {
    switch (v.kind) {
      case K::null: out.null(key); break;
      case K::boolean: out.boolean(key, v.b); break;
      case K::count: out.count(key, v.i); break;
      case K::number: out.number(key, v.i); break;
      case K::rate: out.rate(key, v.d); break;
      case K::ratio: out.ratio(key, v.d); break;
      case K::p_value: out.p_value(key, v.d); break;
      case K::statistic: out.statistic(key, v.d); break;
      case K::real: out.real(key, v.d); break;
      case K::date: out.date(key, v.t); break;
      case K::text: {
        std::string s = v.s;
        scrub(s);
        out.text(key, std::move(s));
        break;
      }
      case K::object: out.object(key, v.children.empty() ? Evidence{} : rebuilt(v.children.front())); break;
      case K::list: {
        std::vector<Evidence> items;
        items.reserve(v.children.size());
        for (const auto& c : v.children) items.push_back(rebuilt(c));
        out.list(key, std::move(items));
        break;
      }
    }
  }
  return out;
}

void IdScrubber::scrub(Evidence& evidence) const {
  // Evidence is built through its own methods only: it is built again, with
  // the texts scrubbed, when one of them holds an id.
  if (!ids_.empty() && holds_id(evidence)) evidence = rebuilt(evidence);
}

void IdScrubber::scrub(Finding& f) const {
  if (ids_.empty()) return;
  scrub(f.message);
  scrub(f.key);
  scrub(f.evidence);
}

void IdScrubber::scrub(Check& c) const {
  if (ids_.empty()) return;
  scrub(c.reason);
  scrub(c.key);
  scrub(c.evidence);
}

}  // namespace fairaudit::run
