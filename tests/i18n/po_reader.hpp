// A reader of the GNU gettext PO files the catalogs are written in, for the
// tests: msgid -> msgstr (the singular's msgstr[0] for a plural entry).
#pragma once
#include <map>
#include <string>

namespace i18n_test {

struct PoEntry {
  std::string msgstr;
  std::string msgid_plural;
  std::string msgstr_plural;  // msgstr[1]
};

// Throws std::runtime_error naming the file and line on a line it cannot read.
std::map<std::string, PoEntry> read_po(const std::string& path);

}  // namespace i18n_test
