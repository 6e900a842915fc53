#include "convert/csv.hpp"

#include <algorithm>

namespace fairaudit::convert {

namespace {
constexpr char kCandidates[] = {',', ';', '\t'};
}

std::string separator_name(char sep) {
  if (sep == '\t') return "TAB";
  return std::string("'") + sep + "'";
}

CsvReader::CsvReader(ByteReader& in, CsvOptions options) : in_(in), options_(options), cur_{&in, 1} {
  sep_ = options.separator;
}

void CsvReader::detect_separator() {
  // The header line decides, read ahead with its quotes honoured (a column
  // name may itself hold a comma: "Dato, vedtak") and then put back, so the
  // header is parsed like every other record.
  std::size_t count[3] = {0, 0, 0};
  std::string ahead;
  bool quoted = false, field_start = true;
  for (;;) {
    int c = in_.peek();
    if (c == ByteReader::kEnd) break;
    if (!quoted && (c == '\n' || c == '\r')) break;
    if (ahead.size() >= options_.max_record_bytes) break;
    in_.get();
    ahead.push_back(static_cast<char>(c));
    if (c == '"') {
      if (quoted) quoted = false;  // a doubled quote closes and reopens: same result
      else if (field_start) quoted = true;
      field_start = false;
      continue;
    }
    field_start = false;
    if (quoted) continue;
    for (int i = 0; i < 3; ++i)
      if (c == kCandidates[i]) {
        ++count[i];
        field_start = true;
      }
  }
  in_.unread(ahead);
  int best = 0;
  for (int i = 1; i < 3; ++i)
    if (count[i] > count[best]) best = i;
  sep_ = kCandidates[best];
}

bool CsvReader::next(CsvRow& row) {
  if (!started_) {
    started_ = true;
    std::string_view head = in_.available();
    if (head.size() >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF')))
      throw common::InputError(in_.name() + ": is UTF-16 text; save the export as CSV in UTF-8 (Excel: \"CSV UTF-8\")");
    if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") {
      in_.skip(3);
      bom_ = true;
    }
    if (!sep_) detect_separator();
  }
  return read_record(cur_, row);
}

void CsvReader::skip_line(Cursor& cur) {
  for (;;) {
    std::string_view av = cur.in->available();
    if (av.empty()) return;
    auto nl = av.find('\n');
    if (nl == std::string_view::npos) {
      cur.in->skip(av.size());
      continue;
    }
    cur.in->skip(nl + 1);
    ++cur.line;
    return;
  }
}

bool CsvReader::read_record(Cursor& cur, CsvRow& row) {
  ByteReader& in = *cur.in;
  row.size = 0;
  row.error.clear();
  row.line = cur.line;
  if (in.peek() == ByteReader::kEnd) return false;
  std::size_t bytes = 0;
  const std::size_t limit = options_.max_record_bytes;
  auto over = [&](std::size_t more) {
    bytes += more;
    return bytes > limit;
  };
  auto fail = [&](std::string why) {
    row.error = std::move(why);
    skip_line(cur);
    return true;
  };

  for (;;) {
    if (row.size == options_.max_fields)
      return fail("has more than " + std::to_string(options_.max_fields) + " fields");
    if (row.fields.size() == row.size) row.fields.emplace_back();
    std::string& f = row.fields[row.size++];
    f.clear();

    int c = in.peek();
    if (c == '"') {
      in.get();
      for (;;) {
        std::string_view av = in.available();
        if (av.empty()) {
          row.error = "a quoted field that starts on line " + std::to_string(row.line) +
                      " is not closed before the end of the input";
          return true;
        }
        std::size_t i = 0;
        while (i < av.size() && av[i] != '"') {
          if (av[i] == '\n') ++cur.line;
          ++i;
        }
        if (over(i))
          return fail("the record is longer than the limit of " + std::to_string(limit) +
                      " bytes (a quote that is never closed?)");
        f.append(av.data(), i);
        in.skip(i);
        if (i == av.size()) continue;
        in.get();  // the quote
        if (in.peek() == '"') {
          in.get();
          f.push_back('"');
          continue;
        }
        break;
      }
      c = in.peek();
      if (c != sep_ && c != '\r' && c != '\n' && c != ByteReader::kEnd)
        return fail("field " + std::to_string(row.size) +
                    ": text follows the closing quote (a quote inside a quoted field is written twice: \"\")");
    } else {
      for (;;) {
        std::string_view av = in.available();
        if (av.empty()) break;
        std::size_t i = 0;
        while (i < av.size() && av[i] != sep_ && av[i] != '\r' && av[i] != '\n') ++i;
        if (over(i))
          return fail("the record is longer than the limit of " + std::to_string(limit) + " bytes");
        f.append(av.data(), i);
        in.skip(i);
        if (i < av.size()) break;
      }
    }

    c = in.peek();
    if (c == sep_) {
      in.get();
      if (over(1)) return fail("the record is longer than the limit of " + std::to_string(limit) + " bytes");
      continue;
    }
    if (c == '\r') {
      in.get();
      if (in.peek() == '\n') in.get();
      ++cur.line;
    } else if (c == '\n') {
      in.get();
      ++cur.line;
    }
    return true;
  }
}

std::string csv_field(std::string_view value, char sep) {
  bool quote = value.find_first_of(std::string{'"', '\r', '\n', sep}) != std::string_view::npos;
  if (!quote) return std::string(value);
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back('"');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string csv_record(const std::vector<std::string>& fields, char sep) {
  std::string out;
  if (fields.size() == 1 && fields[0].empty()) return "\"\"\r\n";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(sep);
    out += csv_field(fields[i], sep);
  }
  out += "\r\n";
  return out;
}

}  // namespace fairaudit::convert
