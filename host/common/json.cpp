#include "common/json.hpp"

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

namespace fairaudit::common {
namespace {

// A document whose numbers, which the reader gives as their text
// (kParseNumbersAsStringsFlag), are converted here; every other event is the
// document's own.
class ExactDocument : public rapidjson::Document {
 public:
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    const char* end = s + n;
    bool integral = true;
    for (const char* p = s; p != end; ++p)
      if (*p == '.' || *p == 'e' || *p == 'E' || *p == 'N' || *p == 'I') integral = false;
    if (integral) {
      std::int64_t i = 0;
      if (auto r = std::from_chars(s, end, i); r.ec == std::errc() && r.ptr == end) {
        if (i >= 0) return i <= UINT32_MAX ? (i <= INT32_MAX ? Int(int(i)) : Uint(unsigned(i))) : Int64(i);
        return i >= INT32_MIN ? Int(int(i)) : Int64(i);
      }
      std::uint64_t u = 0;
      if (auto r = std::from_chars(s, end, u); r.ec == std::errc() && r.ptr == end) return Uint64(u);
    }
    // NaN and Infinity are read here too. RapidJSON's reader refuses a
    // number too large for a double before it gets here; one too small
    // (1e-400) is zero with its sign, as RapidJSON's parser makes it.
    double x = 0;
    const auto r = std::from_chars(s, end, x);
    if (r.ptr != end) return false;
    if (r.ec == std::errc::result_out_of_range) x = out_of_range(s, end);
    else if (r.ec != std::errc()) return false;
    return Double(x);
  }

 private:
  // from_chars gives no value on overflow or underflow: a huge magnitude is
  // infinite, a tiny one zero, with the number's sign.
  static double out_of_range(const char* s, const char* end) {
    const bool minus = *s == '-';
    bool big = s[minus] != '0';  // without an exponent, only "0.000…" is tiny
    for (const char* p = s; p != end; ++p)
      if (*p == 'e' || *p == 'E') big = p + 1 != end && p[1] != '-';
    const double mag = big ? HUGE_VAL : 0.0;
    return minus ? -mag : mag;
  }
};

template <unsigned Flags>
rapidjson::ParseResult parse_with(std::string_view json, rapidjson::Document& d) {
  rapidjson::ParseResult result;
  // Populate() hands the document over as a plain Document; it is the
  // ExactDocument made here, whose RawNumber() the reader must call.
  auto generate = [&](rapidjson::Document& doc) {
    rapidjson::MemoryStream ms(json.data(), json.size());
    rapidjson::Reader reader;
    result = reader.Parse<Flags | rapidjson::kParseNumbersAsStringsFlag>(ms, static_cast<ExactDocument&>(doc));
    return !result.IsError();
  };
  ExactDocument exact;
  exact.Populate(generate);
  d.Swap(exact);
  return result;
}

}  // namespace

rapidjson::ParseResult parse_json(std::string_view json, rapidjson::Document& d, ParseOptions o) {
  using namespace rapidjson;
  if (o.nan_and_inf)
    return o.iterative ? parse_with<kParseNanAndInfFlag | kParseIterativeFlag>(json, d)
                       : parse_with<kParseNanAndInfFlag>(json, d);
  return o.iterative ? parse_with<kParseIterativeFlag>(json, d) : parse_with<kParseDefaultFlags>(json, d);
}

}  // namespace fairaudit::common
