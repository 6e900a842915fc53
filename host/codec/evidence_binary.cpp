#include "codec/evidence_binary.hpp"

#include <utility>
#include <vector>

namespace fairaudit::codec {
namespace {
using K = EvidenceValue::Kind;
}

void string_too_long(std::size_t n) {
  throw CodecError("a string of " + std::to_string(n) + " bytes (at most 4 GiB)");
}
void object_without_one_child() { throw CodecError("an evidence object without exactly one child"); }

template <typename Bytes>
void BasicWriter<Bytes>::evidence(const Evidence& e, int depth) {
  check_depth(depth);
  check_items(e.entries().size());
  raw(std::uint32_t(e.entries().size()));
  for (const auto& [k, v] : e.entries()) {
    check_string(k.size());
    str(k);
    raw(std::uint8_t(v.kind));
    switch (v.kind) {
      case K::null: break;
      case K::boolean: raw(std::uint8_t(v.b)); break;
      case K::count:
      case K::number: raw(v.i); break;
      case K::rate:
      case K::ratio:
      case K::p_value:
      case K::statistic:
      case K::real: raw(v.d); break;
      case K::text:
        check_string(v.s.size());
        str(v.s);
        break;
      case K::date:
        check_date(v.t.days(), v.t.seconds());
        raw(std::int32_t(v.t.days()));
        raw(std::int32_t(v.t.seconds()));
        break;
      case K::object:
        if (v.children.size() != 1) object_without_one_child();
        evidence(v.children.front(), depth + 1);
        break;
      case K::list:
        check_items(v.children.size());
        raw(std::uint32_t(v.children.size()));
        for (const auto& c : v.children) evidence(c, depth + 1);
        break;
    }
  }
}
template class BasicWriter<ByteCounter>;
template class BasicWriter<ByteCopier>;
template class BasicWriter<ByteAppender>;

void BinaryReader::cut_short() { throw CodecError("evidence cut short"); }
void BinaryReader::out_of_range() { throw CodecError("a value out of its range"); }

Evidence BinaryReader::evidence(int depth) {
  check_depth(depth);
  const auto n = raw<std::uint32_t>();
  check_items(n);
  Evidence e;
  // Each entry takes at least 6 bytes: a damaged count fails on reading, not
  // on allocating.
  e.reserve(std::min<std::size_t>(n, left() / 6));
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string key = str();
    check_string(key.size());
    switch (in_range<K>(int(K::null), int(K::list))) {
      case K::null: e.null(std::move(key)); break;
      case K::boolean: {
        const auto b = raw<std::uint8_t>();
        if (b > 1) out_of_range();
        e.boolean(std::move(key), b != 0);
        break;
      }
      case K::count: e.count(std::move(key), raw<std::int64_t>()); break;
      case K::number: e.number(std::move(key), raw<std::int64_t>()); break;
      case K::rate: e.rate(std::move(key), raw<double>()); break;
      case K::ratio: e.ratio(std::move(key), raw<double>()); break;
      case K::p_value: e.p_value(std::move(key), raw<double>()); break;
      case K::statistic: e.statistic(std::move(key), raw<double>()); break;
      case K::real: e.real(std::move(key), raw<double>()); break;
      case K::text: {
        std::string s = str();
        check_string(s.size());
        e.text(std::move(key), std::move(s));
        break;
      }
      case K::date: {
        const auto days = raw<std::int32_t>();
        const auto seconds = raw<std::int32_t>();
        check_date(days, seconds);
        e.date(std::move(key), Timestamp::from_days_seconds(days, seconds));
        break;
      }
      case K::object: e.object(std::move(key), evidence(depth + 1)); break;
      case K::list: {
        const auto m = raw<std::uint32_t>();
        check_items(m);
        std::vector<Evidence> items;
        items.reserve(std::min<std::size_t>(m, left() / 4));  // each item at least its count
        for (std::uint32_t j = 0; j < m; ++j) items.push_back(evidence(depth + 1));
        e.list(std::move(key), std::move(items));
        break;
      }
    }
  }
  return e;
}

}  // namespace fairaudit::codec
