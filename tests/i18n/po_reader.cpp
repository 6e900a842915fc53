#include "po_reader.hpp"

#include <fstream>
#include <stdexcept>

namespace i18n_test {
namespace {

// The text of a quoted PO string ("…" with C escapes).
std::string unquote(const std::string& s, const std::string& where) {
  const auto open = s.find('"'), close = s.rfind('"');
  if (open == std::string::npos || close == open) throw std::runtime_error(where + ": expected a quoted string");
  std::string out;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    const char c = s[++i];
    out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
  }
  return out;
}

}  // namespace

std::map<std::string, PoEntry> read_po(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::map<std::string, PoEntry> out;
  std::string line, id, str, plural, str1;
  std::string* field = nullptr;
  bool have = false;
  auto flush = [&] {
    if (have && !id.empty()) out[id] = PoEntry{str, plural, str1};
    id.clear(), str.clear(), plural.clear(), str1.clear();
    have = false;
    field = nullptr;
  };
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string where = path + ":" + std::to_string(n);
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("msgid_plural ", 0) == 0) {
      plural = unquote(line, where), field = &plural;
    } else if (line.rfind("msgid ", 0) == 0) {
      flush();
      have = true;
      id = unquote(line, where), field = &id;
    } else if (line.rfind("msgstr[0] ", 0) == 0 || line.rfind("msgstr ", 0) == 0) {
      str = unquote(line, where), field = &str;
    } else if (line.rfind("msgstr[1] ", 0) == 0) {
      str1 = unquote(line, where), field = &str1;
    } else if (line.rfind("msgstr[", 0) == 0) {
      field = nullptr;
    } else if (line[0] == '"' && field) {
      *field += unquote(line, where);
    } else {
      throw std::runtime_error(where + ": not a PO line");
    }
  }
  flush();
  return out;
}

}  // namespace i18n_test
