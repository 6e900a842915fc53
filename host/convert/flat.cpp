#include "convert/flat.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <filesystem>
#include <optional>

#include "convert/csv.hpp"
#include "ingest/json_guard.hpp"

namespace fairaudit::convert {
namespace {

constexpr std::size_t kMaxLineBytes = 16u << 20;

std::string column_name(std::string_view s) {  // a header cell without its blanks
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// ---------------------------------------------------------------- CSV

class CsvFlatReader : public FlatReader {
 public:
  CsvFlatReader(ByteReader& in, const Mapping& m) : in_(in), csv_(in, CsvOptions{m.separator}), enc_(m.encoding) {
    if (!csv_.next(row_)) throw common::InputError(in.name() + ": is empty: a CSV export starts with a header line");
    if (!row_.error.empty()) throw common::InputError(in.name() + ":1: the header line cannot be read: " + row_.error);
    if (row_.blank()) throw common::InputError(in.name() + ":1: the first line (the header) is empty");
    for (std::size_t i = 0; i < row_.size; ++i) {
      std::string name = text(row_.fields[i]);
      if (!valid_utf8(name))
        throw common::InputError(in.name() + ":1: the header is not UTF-8 text; if the export was saved as Excel's plain "
                                     "\"CSV\", set \"input\": {\"encoding\": \"windows-1252\"} in the mapping");
      columns_.push_back(column_name(name));
    }
  }

  bool fixed_columns() const override { return true; }
  void for_each(const std::function<void(FlatRow&)>& fn) override {
    FlatRow row;
    while (next(row)) fn(row);
  }

  bool next(FlatRow& row) {
    for (;;) {
      if (!csv_.next(row_)) return false;
      row.line = row_.line;
      row.error = row_.error;
      if (row.error.empty() && row_.blank()) continue;
      if (row.error.empty() && row_.size != columns_.size())
        row.error = "has " + std::to_string(row_.size) + " fields; the header has " + std::to_string(columns_.size());
      if (row.cells.size() < columns_.size()) row.cells.resize(columns_.size());
      row.nested.assign(columns_.size(), false);
      for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (i < row_.size && row.error.empty()) {
          if (enc_ == Encoding::windows1252) row.cells[i] = windows1252_to_utf8(row_.fields[i]);
          else row.cells[i].swap(row_.fields[i]);
        } else {
          row.cells[i].clear();
        }
      }
      return true;
    }
  }

  std::string describe() const override {
    return std::string("CSV (") + separator_name(csv_.separator()) +
           (enc_ == Encoding::windows1252 ? ", Windows-1252" : "") + ")";
  }

 private:
  std::string text(const std::string& s) const { return enc_ == Encoding::windows1252 ? windows1252_to_utf8(s) : s; }

  ByteReader& in_;
  CsvReader csv_;
  CsvRow row_;
  Encoding enc_;
};

// ---------------------------------------------------------------- JSON

// The column index of a key, adding the column when it is new.
class Columns {
 public:
  explicit Columns(std::vector<std::string>& names) : names_(names) {}
  std::size_t index(std::string_view key) {
    auto it = index_.find(std::string(key));
    if (it != index_.end()) return it->second;
    names_.emplace_back(key);
    index_.emplace(std::string(key), names_.size() - 1);
    return names_.size() - 1;
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, std::size_t> index_;
};

void start_row(FlatRow& row, std::size_t columns) {
  row.error.clear();
  if (row.cells.size() < columns) row.cells.resize(columns);
  for (auto& c : row.cells) c.clear();
  row.nested.assign(row.cells.size(), false);
}

void set_cell(FlatRow& row, std::size_t col, std::string_view value, bool nested, std::vector<bool>& seen,
              const std::string& key) {
  if (row.cells.size() <= col) {
    row.cells.resize(col + 1);
    row.nested.resize(col + 1, false);
  }
  if (seen.size() <= col) seen.resize(col + 1, false);
  if (seen[col] && row.error.empty())
    row.error = ingest::shown_key(key) + ": " + ingest::duplicate_key_message("the row is not read");
  seen[col] = true;
  row.cells[col].assign(value);
  row.nested[col] = nested;
}

class JsonLinesReader : public FlatReader {
 public:
  explicit JsonLinesReader(ByteReader& in) : in_(in), cols_(columns_) {
    std::string_view head = in.available();
    if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") in.skip(3);
  }

  void for_each(const std::function<void(FlatRow&)>& fn) override {
    FlatRow row;
    while (next(row)) fn(row);
  }

  bool next(FlatRow& row) {
    for (;;) {
      if (!read_line()) return false;
      std::string_view l = line_;
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (l.find_first_not_of(" \t") == std::string_view::npos && !too_long_) continue;
      row.line = line_no_;
      start_row(row, columns_.size());
      seen_.assign(columns_.size(), false);
      if (too_long_) {
        row.error = "the line is longer than the limit of " + std::to_string(kMaxLineBytes) + " bytes";
        return true;
      }
      rapidjson::Document d;
      d.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag>(l.data(), l.size());
      if (d.HasParseError()) {
        row.error = std::string("not valid JSON at byte ") + std::to_string(d.GetErrorOffset()) + ": " +
                    rapidjson::GetParseError_En(d.GetParseError());
        return true;
      }
      if (!d.IsObject()) {
        row.error = "expected a flat JSON object (one application per line)";
        return true;
      }
      for (auto it = d.MemberBegin(); it != d.MemberEnd(); ++it) {
        std::string key(it->name.GetString(), it->name.GetStringLength());
        std::size_t col = cols_.index(key);
        const auto& v = it->value;
        if (v.IsString()) set_cell(row, col, std::string_view(v.GetString(), v.GetStringLength()), false, seen_, key);
        else if (v.IsBool()) set_cell(row, col, v.GetBool() ? "true" : "false", false, seen_, key);
        else if (v.IsNull()) set_cell(row, col, "", false, seen_, key);
        else set_cell(row, col, "", true, seen_, key);  // objects and arrays
      }
      return true;
    }
  }

  std::string describe() const override { return "JSON Lines"; }

 private:
  bool read_line() {
    line_.clear();
    too_long_ = false;
    line_no_ = next_line_no_;
    bool any = false;
    for (;;) {
      std::string_view av = in_.available();
      if (av.empty()) return any;
      any = true;
      auto nl = av.find('\n');
      std::size_t take = nl == std::string_view::npos ? av.size() : nl;
      if (!too_long_) {
        if (line_.size() + take > kMaxLineBytes) {
          too_long_ = true;
          line_.clear();
        } else {
          line_.append(av.data(), take);
        }
      }
      in_.skip(take);
      if (nl != std::string_view::npos) {
        in_.skip(1);
        ++next_line_no_;
        return true;
      }
    }
  }

  ByteReader& in_;
  Columns cols_;
  std::string line_;
  bool too_long_ = false;
  std::uint64_t line_no_ = 1, next_line_no_ = 1;
  std::vector<bool> seen_;
};

// A RapidJSON input stream over a ByteReader that counts lines, so a row of
// a JSON array can be named by the line its object starts on.
struct CountingStream {
  using Ch = char;
  ByteReader* in;
  std::uint64_t line = 1;
  std::size_t tell = 0;
  Ch Peek() const {
    int c = in->peek();
    return c == ByteReader::kEnd ? '\0' : static_cast<char>(c);
  }
  Ch Take() {
    int c = in->get();
    if (c == ByteReader::kEnd) return '\0';
    ++tell;
    if (c == '\n') ++line;
    return static_cast<char>(c);
  }
  std::size_t Tell() const { return tell; }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }
};

class JsonArrayReader : public FlatReader {
 public:
  explicit JsonArrayReader(ByteReader& in) : in_(in), stream_{&in}, cols_(columns_), handler_(*this) {
    std::string_view head = in.available();
    if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") in.skip(3);
  }

  // RapidJSON's SAX reader (Debian 12 ships 1.1.0, without the pull API)
  // calls back per token; a row is handed on when its object closes.
  void for_each(const std::function<void(FlatRow&)>& fn) override {
    fn_ = &fn;
    rapidjson::Reader reader;
    if (!reader.Parse<kFlags>(stream_, handler_)) {
      if (fatal_) throw common::InputError(in_.name() + ":" + std::to_string(stream_.line) + ": " + *fatal_);
      throw common::InputError(in_.name() + ":" + std::to_string(stream_.line) + ": not valid JSON: " +
                       rapidjson::GetParseError_En(reader.GetParseErrorCode()) +
                       " (a JSON export is read as one array of flat objects, or as JSON Lines)");
    }
  }

  std::string describe() const override { return "JSON array"; }

 private:
  static constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag;

  struct Handler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Handler> {
    explicit Handler(JsonArrayReader& r) : r(r) {}
    JsonArrayReader& r;
    bool Default() { return r.scalar(""); }
    bool Null() { return r.scalar(""); }
    bool Bool(bool b) { return r.scalar(b ? "true" : "false"); }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return r.scalar(std::string_view(s, n)); }
    bool String(const char* s, rapidjson::SizeType n, bool) { return r.scalar(std::string_view(s, n)); }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
      r.key_.assign(s, n);
      return true;
    }
    bool StartObject() { return r.open(true); }
    bool EndObject(rapidjson::SizeType) { return r.close(); }
    bool StartArray() { return r.open(false); }
    bool EndArray(rapidjson::SizeType) { return r.close(); }
  };

  bool scalar(std::string_view v) {
    if (depth_ == 0) {
      fatal_ = "expected an array of flat objects, one per application";
      return false;
    }
    if (depth_ == 1) {  // an element that is not an object
      row_.line = stream_.line;
      start_row(row_, columns_.size());
      row_.error = "expected a flat JSON object (one application per element)";
      (*fn_)(row_);
      return true;
    }
    if (depth_ == 2 && row_is_object_) set_cell(row_, cols_.index(key_), v, false, seen_, key_);
    return true;
  }
  bool open(bool object) {
    if (depth_ == 0) {
      if (object) {
        fatal_ = "expected an array of flat objects, one per application (or JSON Lines: one object per line)";
        return false;
      }
      depth_ = 1;
      return true;
    }
    if (depth_ == 1) {
      row_.line = stream_.line;
      start_row(row_, columns_.size());
      seen_.assign(columns_.size(), false);
      row_is_object_ = object;
      if (!object) row_.error = "expected a flat JSON object (one application per element), found an array";
    } else if (depth_ == 2 && row_is_object_) {
      set_cell(row_, cols_.index(key_), "", true, seen_, key_);
    }
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    if (depth_ == 1) (*fn_)(row_);
    return true;
  }

  ByteReader& in_;
  CountingStream stream_;
  Columns cols_;
  Handler handler_;
  const std::function<void(FlatRow&)>* fn_ = nullptr;
  FlatRow row_;
  int depth_ = 0;
  bool row_is_object_ = false;
  std::string key_;
  std::vector<bool> seen_;
  std::optional<std::string> fatal_;
};

char first_significant(ByteReader& in) {
  std::string_view head = in.available();
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  for (char c : head)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  return '\0';
}

}  // namespace

std::unique_ptr<FlatReader> open_flat(ByteReader& in, const Mapping& m) {
  InputFormat f = m.format;
  std::string ext = std::filesystem::path(in.name()).extension().string();
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (f == InputFormat::automatic) {
    if (ext == ".csv" || ext == ".tsv" || ext == ".txt") f = InputFormat::csv;
    else if (ext == ".json" || ext == ".jsonl" || ext == ".ndjson") f = InputFormat::json;
    else {
      char c = first_significant(in);
      f = (c == '[' || c == '{') ? InputFormat::json : InputFormat::csv;
    }
  }
  if (f == InputFormat::csv) return std::make_unique<CsvFlatReader>(in, m);
  if (m.encoding != Encoding::utf8)
    throw common::InputError(in.name() + ": JSON is UTF-8 by definition; the mapping's input.encoding applies to CSV only");
  char c = first_significant(in);
  if (c == '[') return std::make_unique<JsonArrayReader>(in);
  if (c == '{' || c == '\0') return std::make_unique<JsonLinesReader>(in);
  throw common::InputError(in.name() + ": expected a JSON array of flat objects or JSON Lines (one object per line)");
}

std::string windows1252_to_utf8(std::string_view s) {
  // 0x80–0x9F differ from Latin-1 (€, ‚, „, …, Š, Œ, Ž, ‘, ’, “, ”, –, —, ™, š, œ, ž, Ÿ);
  // the undefined five map to U+FFFD.
  static const char16_t k80[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                   0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                   0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                   0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    char32_t u = c < 0x80 ? c : (c < 0xA0 ? k80[c - 0x80] : c);
    if (u < 0x80) {
      out.push_back(char(u));
    } else if (u < 0x800) {
      out.push_back(char(0xC0 | (u >> 6)));
      out.push_back(char(0x80 | (u & 0x3F)));
    } else {
      out.push_back(char(0xE0 | (u >> 12)));
      out.push_back(char(0x80 | ((u >> 6) & 0x3F)));
      out.push_back(char(0x80 | (u & 0x3F)));
    }
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n;
    char32_t u;
    if ((c & 0xE0) == 0xC0) n = 1, u = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 2, u = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 3, u = c & 0x07;
    else return false;
    if (i + n >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      u = (u << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((n == 1 && u < 0x80) || (n == 2 && u < 0x800) || (n == 3 && u < 0x10000) || u > 0x10FFFF ||
        (u >= 0xD800 && u <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

}  // namespace fairaudit::convert
