// The words people read, in their language: nb, nn, sv, da or en.
//
// Every text a person reads goes through one of the functions below. The
// English text in the code is the message id (GNU gettext's msgid); the
// translations are PO files beside the code that says them — the host's in
// host/po/<lang>.po (gettext domain "host"), each plugin's in
// plugins/<plugin>/po/<lang>.po (domain: the plugin's name) — compiled by
// msgfmt into .mo files at build time (cmake/FairauditCatalog.cmake) and read
// with Boost.Locale. A text with no translation is shown in English.
//
// Placeholders `{key}` are kept verbatim by every translation: translate
// first, then fill them (emit::fill), so that disclosure control applies to
// the translated text exactly as to the English one.
//
//   i18n::text("Findings by unit and round")           the host's own words
//   i18n::plural(n, "finding", "findings")             "3 funn"
//   i18n::rule_text("oslo-hiring-policy/moderate-quota", f.message)
//   i18n::decimal("0.80"), i18n::date(t)               "0,80", "05.04.2026"
//
// The language is chosen once per process (`--lang`, else the policy's
// `language`, else LC_ALL/LC_MESSAGES/LANG, else English) with use(); an
// English-only output (JSON, SARIF) renders inside `Scoped english(Language::en)`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/time.hpp"

namespace fairaudit::i18n {

enum class Language : std::uint8_t { en, nb, nn, sv, da };

// "nb", "nn", "sv", "da", "en"; nullopt for anything else.
std::optional<Language> language_from_string(std::string_view code);
const char* to_string(Language);
// The five codes, for help texts and errors: "nb, nn, sv, da, en".
const char* language_list();

// The language of a POSIX locale name ("nb_NO.UTF-8", "sv_SE", "da", "no"):
// nullopt for C, POSIX and languages fairaudit has no words for.
std::optional<Language> language_of_locale(std::string_view locale_name);
// The first of LC_ALL, LC_MESSAGES, LANG that is set and not empty, as POSIX
// orders them, read by language_of_locale.
std::optional<Language> language_from_environment();

// The language from, in order: the command line's --lang (empty: not given),
// the policy's "language" (empty: none), the environment, English. A code
// that is not one of the five is an error (std::invalid_argument naming
// where it came from) for the first two; the environment's is ignored.
Language choose(const std::string& command_line, const std::string& policy);

// Where the compiled catalogs are: `<dir>/locale/<lang>/LC_MESSAGES/<domain>.mo`
// for each plugin directory (the build tree's, the installed one, --plugin-dir).
std::vector<std::filesystem::path> catalog_dirs(const std::vector<std::filesystem::path>& plugin_dirs);

// Makes `lang` the process's language, its catalogs read from `dirs`
// (catalog_dirs()). Call before rendering starts; not thread-safe itself.
void use(Language lang, const std::vector<std::filesystem::path>& dirs);
// Loads the catalogs of every language, for a server whose requests each
// come in their reader's language (Scoped on the request's thread). The
// process's language stays English. Call before serving starts; once loaded
// the catalogs are only read, so threads in different languages share them.
void use_all(const std::vector<std::filesystem::path>& dirs);
// Whether texts in `lang` have their translations (English always has).
bool loaded(Language lang);
// The language texts are translated into on this thread.
Language current();
// The process's language (use()), whatever a thread's Scoped says: what the
// log is written in, a server's log included, whichever reader a request is for.
Language process_language();

// Overrides the language on this thread while it lives: JSON and SARIF are
// written in English whatever the reader chose. After use() only the
// catalogs of the process's language are loaded, so another language than
// that one or English gives English; after use_all() each language gives
// its own words.
class Scoped {
 public:
  explicit Scoped(Language lang);
  ~Scoped();
  Scoped(const Scoped&) = delete;
  Scoped& operator=(const Scoped&) = delete;

 private:
  int previous_;
};

// The translation of `msgid` in the host's domain ("host").
std::string text(std::string_view msgid);
// The translation of `msgid` in a plugin's domain (the plugin's name).
std::string text(std::string_view domain, std::string_view msgid);
// A rule's text (summary, rationale, basis, a message, a reason) by the
// rule's full id: the domain is the part before '/' ("host" for host rules).
std::string rule_text(std::string_view rule_id, std::string_view msgid);
// "1 finding" / "3 findings": the number, a space and the form the language
// takes for it (host domain; gettext's plural forms).
std::string plural(std::uint64_t n, std::string_view one, std::string_view many);
// The word alone ("findings" / "funn"), for a label beside a number shown apart.
std::string plural_word(std::uint64_t n, std::string_view one, std::string_view many);

// A severity code ("error", "warning", "note", as --fail-on and the store
// write them) as the language's word for one ("feil", "advarsel",
// "merknad"); any other code ("never") as it is.
std::string severity(std::string_view code);

// A decimal number written with '.' ("0.80", "40.0%", "<0.001") with the
// language's decimal mark: "0,80" in nb, nn, sv and da.
std::string decimal(std::string numeric);
// A date (and time, UTC) as the language writes it: 05.04.2026 (nb, nn, da),
// 2026-04-05 (sv, whose standard form is ISO 8601), 2026-04-05 (en, ISO);
// with a time: "05.04.2026 09:30 UTC".
std::string date(const Timestamp& t);

}  // namespace fairaudit::i18n
