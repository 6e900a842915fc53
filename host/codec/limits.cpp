#include "codec/limits.hpp"

namespace fairaudit::codec {
namespace {

std::int32_t first_iso_day() {
  static const std::int32_t d = Timestamp::from_ymd(0, 1, 1)->days();
  return d;
}
std::int32_t last_iso_day() {
  static const std::int32_t d = Timestamp::from_ymd(9999, 12, 31)->days();
  return d;
}

}  // namespace

void too_deep(int) {
  throw CodecError("evidence nested deeper than " + std::to_string(kMaxDepth) + " objects or lists");
}

void string_too_large(std::size_t bytes) {
  throw CodecError("an evidence key or text of " + std::to_string(bytes) + " bytes (at most " +
                   std::to_string(kMaxStringBytes) + ")");
}

void too_many_items(std::size_t n) {
  throw CodecError("evidence with " + std::to_string(n) + " entries or items in one place (at most " +
                   std::to_string(kMaxItems) + ")");
}

bool date_in_range(std::int32_t days, std::int32_t seconds) {
  return days >= first_iso_day() - 1 && days <= last_iso_day() + 1 && seconds >= -1 && seconds <= 86'399;
}

bool date_in_iso_range(const Timestamp& t) {
  return t.days() >= first_iso_day() && t.days() <= last_iso_day() && t.seconds() >= -1 && t.seconds() <= 86'399;
}

void check_date(std::int32_t days, std::int32_t seconds) {
  if (!date_in_range(days, seconds))
    throw CodecError("a date outside the years 0000 to 9999 (day " + std::to_string(days) + ", second " +
                     std::to_string(seconds) + ")");
}

}  // namespace fairaudit::codec
