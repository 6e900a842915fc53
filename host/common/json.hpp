// The small helpers every RapidJSON writer and reader of the host uses: a
// string written with its length (it may hold NUL bytes), a literal key whose
// length is known where it is written, and a parse that reads numbers exactly.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/rapidjson.h>
#include <rapidjson/stringbuffer.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace fairaudit::common {

// Short names, as they are written on every line of a writer's code
// (`key(w, "rule"); str(w, f.rule);`).
template <typename Writer>
void str(Writer& w, std::string_view s) {
  w.String(s.data(), rapidjson::SizeType(s.size()));
}
// Overloads so that literals and whatever reads as a std::string pick one.
template <typename Writer>
void str(Writer& w, const std::string& s) {
  str(w, std::string_view(s));
}
template <typename Writer>
void str(Writer& w, const char* s) {
  str(w, std::string_view(s));
}

// A literal key: its length is known here, not measured per call.
template <typename Writer, std::size_t N>
void key(Writer& w, const char (&k)[N]) {
  w.Key(k, rapidjson::SizeType(N - 1));
}
template <typename Writer>
void key(Writer& w, std::string_view k) {
  w.Key(k.data(), rapidjson::SizeType(k.size()));
}

// ["a", "b", …]
template <typename Writer, typename Strings>
void str_list(Writer& w, const Strings& v) {
  w.StartArray();
  for (const auto& s : v) str(w, s);
  w.EndArray();
}

// {"name":…,"version":…}: a plugin as the JSON and SARIF formats and the
// store list it.
template <typename Writer>
void name_version(Writer& w, std::string_view name, std::string_view version) {
  w.StartObject();
  key(w, "name");
  str(w, name);
  key(w, "version");
  str(w, version);
  w.EndObject();
}

// A document written whole, with a final newline: `write(w)` with a Writer
// (a RapidJSON writer type) into memory, or straight into `stream`.
template <typename Writer, typename Write>
std::string json_document(Write&& write) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  write(w);
  std::string out(sb.GetString(), sb.GetSize());
  out += '\n';
  return out;
}
template <typename Writer, typename Stream, typename Write>
void json_document_to(Stream& stream, Write&& write) {
  Writer w(stream);
  write(w);
  stream.Put('\n');
  stream.Flush();
}

// A string value with its length: GetString() alone stops at a NUL byte.
inline std::string string_of(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

struct ParseOptions {
  bool nan_and_inf = false;  // NaN, Infinity and -Infinity as numbers
  bool iterative = true;     // no recursion: nesting, however deep, cannot exhaust the stack
};

// Parses `json` into `d`. Every number is read from its text with
// std::from_chars, which rounds correctly: a real written by RapidJSON's
// writer (the shortest digits that read back to the same bits) comes back
// bit for bit. RapidJSON's own full-precision parser would do the same, but
// RapidJSON 1.1.0 passes zero to __builtin_clzll in it for input such as
// 0.0e-30 (undefined behaviour, found by fuzzing), and its default parser may
// be one unit in the last place off. Integers that fit stay integers
// (Int64/Uint64), as RapidJSON's parser gives them.
rapidjson::ParseResult parse_json(std::string_view json, rapidjson::Document& d, ParseOptions o = {});

}  // namespace fairaudit::common
