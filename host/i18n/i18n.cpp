#include "i18n/i18n.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <locale>
#include <stdexcept>
#include <system_error>

#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>
#include <spdlog/spdlog.h>

#include "common/enums.hpp"

namespace fairaudit::i18n {
namespace {

namespace fs = std::filesystem;

constexpr common::EnumWords<Language, 5> kCodes{{"en", "nb", "nn", "sv", "da"}};
// The locale Boost.Locale generates for each language: its catalogs are found
// under <dir>/<language>/LC_MESSAGES, and UTF-8 is what every output writes.
constexpr std::array<const char*, 5> kLocaleNames{"en_US.UTF-8", "nb_NO.UTF-8", "nn_NO.UTF-8", "sv_SE.UTF-8",
                                                  "da_DK.UTF-8"};

struct State {
  Language language = Language::en;
  // The catalogs of each loaded language (none for English): use() loads
  // the process's language only, use_all() every one. Written before any
  // rendering starts and only read afterwards, so threads share them.
  std::array<std::optional<std::locale>, 5> locales;
  // What use() loaded last: the command line sets the help's language before
  // it is parsed and the run's after, mostly the same, read once.
  std::optional<std::pair<Language, std::vector<fs::path>>> used;
};
State& state() {
  static State s;
  return s;
}
// -1: the process's language; else a Language forced by Scoped on this thread.
thread_local int scoped_language = -1;

std::size_t index(Language l) { return static_cast<std::size_t>(l); }

}  // namespace

std::optional<Language> language_from_string(std::string_view code) { return kCodes.value(code); }
const char* to_string(Language l) { return kCodes.name(l); }
const char* language_list() { return "nb, nn, sv, da, en"; }

std::optional<Language> language_of_locale(std::string_view name) {
  // language[_territory][.codeset][@modifier]
  const std::size_t end = name.find_first_of("_.@");
  std::string_view lang = name.substr(0, end);
  // "no" is the macro-language Norwegian; its written standard by default is Bokmål.
  if (lang == "no") return Language::nb;
  if (lang == "C" || lang == "POSIX" || lang.empty()) return std::nullopt;
  return language_from_string(lang);
}

std::optional<Language> language_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return language_of_locale(v);
  }
  return std::nullopt;
}

Language choose(const std::string& command_line, const std::string& policy) {
  if (!command_line.empty()) {
    if (auto l = language_from_string(command_line)) return *l;
    throw std::invalid_argument(std::string("--lang: expected one of ") + language_list());
  }
  if (!policy.empty()) {
    if (auto l = language_from_string(policy)) return *l;
    throw std::invalid_argument(std::string("the policy's \"language\": expected one of ") + language_list());
  }
  return language_from_environment().value_or(Language::en);
}

std::vector<fs::path> catalog_dirs(const std::vector<fs::path>& plugin_dirs) {
  std::vector<fs::path> out;
  for (const auto& d : plugin_dirs) {
    std::error_code ec;
    if (fs::is_directory(d / "locale", ec)) out.push_back(d / "locale");
  }
  return out;
}

namespace {

// The locale with every catalog compiled for `lang` under `dirs`; nullopt
// when none can be read (its texts are then shown in English).
std::optional<std::locale> load(Language lang, const std::vector<fs::path>& dirs) {
  // Every catalog compiled for the language is a domain: the host's and one
  // per plugin, found rather than listed, so a plugin's catalog is read
  // whether or not the plugin is enabled (fairaudit rules lists them all).
  std::vector<std::string> domains;
  for (const auto& d : dirs) {
    std::error_code ec;
    for (fs::directory_iterator it(d / to_string(lang) / "LC_MESSAGES", ec), end; !ec && it != end;
         it.increment(ec))
      if (it->path().extension() == ".mo") domains.push_back(it->path().stem().string());
  }
  auto generate = [&](const std::vector<std::string>& with) {
    boost::locale::generator gen;
    gen.categories(boost::locale::message_facet | boost::locale::information_facet);
    for (const auto& d : dirs) gen.add_messages_path(d.string());
    for (const auto& d : with) gen.add_messages_domain(d);
    if (with.empty()) gen.add_messages_domain("host");
    return gen(kLocaleNames[index(lang)]);
  };
  try {
    return generate(domains);
  } catch (const std::exception&) {
  }
  // One catalog Boost.Locale cannot read spoils them all: keep the others,
  // and the texts of that one are shown in English.
  std::vector<std::string> readable;
  for (const auto& d : domains) {
    try {
      generate({d});
      readable.push_back(d);
    } catch (const std::exception&) {
      spdlog::warn("the {} catalog of {} cannot be read; its texts are shown in English", to_string(lang), d);
    }
  }
  try {
    return generate(readable);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The catalogs texts in `l` are looked up in; null for English or a
// language whose catalogs are not loaded (its texts are English).
const std::locale* locale_of(Language l) {
  if (l == Language::en) return nullptr;
  const auto& loc = state().locales[index(l)];
  return loc ? &*loc : nullptr;
}

}  // namespace

void use(Language lang, const std::vector<fs::path>& dirs) {
  State& s = state();
  if (s.used && s.used->first == lang && s.used->second == dirs) return;
  s.used.emplace(lang, dirs);
  s.language = lang;
  for (auto& l : s.locales) l.reset();
  if (lang == Language::en) return;
  s.locales[index(lang)] = load(lang, dirs);
  if (!s.locales[index(lang)]) s.language = Language::en;
}

void use_all(const std::vector<fs::path>& dirs) {
  State& s = state();
  s.used.reset();
  s.language = Language::en;
  for (std::size_t i = 0; i < s.locales.size(); ++i) {
    const auto l = static_cast<Language>(i);
    s.locales[i] = l == Language::en ? std::nullopt : load(l, dirs);
  }
}

bool loaded(Language lang) { return lang == Language::en || locale_of(lang) != nullptr; }

Language current() {
  if (scoped_language >= 0) return static_cast<Language>(scoped_language);
  return state().language;
}

Language process_language() { return state().language; }

Scoped::Scoped(Language lang) : previous_(scoped_language) { scoped_language = static_cast<int>(lang); }
Scoped::~Scoped() { scoped_language = previous_; }

std::string text(std::string_view msgid) { return text("host", msgid); }

std::string text(std::string_view domain, std::string_view msgid) {
  const std::locale* loc = locale_of(current());
  // The empty msgid is the catalog's header in gettext: never look it up.
  if (!loc || msgid.empty()) return std::string(msgid);
  const std::string id(msgid), dom(domain);
  return boost::locale::dgettext(dom.c_str(), id.c_str(), *loc);
}

namespace {

// A rule's text whose last sentence names the policy's own values of an
// option, "WORDS: VALUES (option NAME).": the catalog has the sentence as
// "WORDS: {values} (option NAME)." and the text before it on its own, so the
// values stay the policy's words (data) while the sentence around them is
// translated, the list's "and" too. Empty when the text is not of that form
// or the catalog has no such sentence.
std::string with_option_values(std::string_view domain, std::string_view msgid) {
  const std::size_t opt = msgid.rfind(" (option ");
  if (opt == std::string_view::npos || !msgid.ends_with(").")) return {};
  const std::size_t colon = msgid.rfind(": ", opt);
  if (colon == std::string_view::npos) return {};
  const std::size_t start = msgid.rfind(". ", colon);  // the sentence's start
  const std::size_t from = start == std::string_view::npos ? 0 : start + 2;
  const std::string sentence = std::string(msgid.substr(from, colon + 2 - from)) + "{values}" + std::string(msgid.substr(opt));
  std::string translated = text(domain, sentence);
  if (translated == sentence) return {};
  std::string values(msgid.substr(colon + 2, opt - colon - 2));
  if (const std::size_t a = values.rfind(" and "); a != std::string::npos)
    values.replace(a, 5, " " + text("host", "and") + " ");
  if (const std::size_t at = translated.find("{values}"); at != std::string::npos) translated.replace(at, 8, values);
  if (from == 0) return translated;
  const std::string before(msgid.substr(0, from - 1));  // with its full stop
  const std::string first = text(domain, before);
  return first == before ? std::string() : first + " " + translated;
}

}  // namespace

std::string rule_text(std::string_view rule_id, std::string_view msgid) {
  const std::size_t slash = rule_id.find('/');
  const std::string_view domain = slash == std::string_view::npos ? std::string_view("host") : rule_id.substr(0, slash);
  std::string t = text(domain, msgid);
  if (t.size() != msgid.size() || t != msgid || current() == Language::en) return t;
  if (std::string v = with_option_values(domain, msgid); !v.empty()) return v;
  return t;
}

std::string plural_word(std::uint64_t n, std::string_view one, std::string_view many) {
  const std::locale* loc = locale_of(current());
  if (!loc) return std::string(n == 1 ? one : many);
  const std::string s(one), p(many);
  // gettext's plural forms take an int; every Nordic form is the same above 1.
  return boost::locale::dngettext("host", s.c_str(), p.c_str(), static_cast<int>(n > 1000000 ? 1000000 : n),
                                  *loc);
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + plural_word(n, one, many);
}

std::string severity(std::string_view code) {
  if (code == "error") return plural_word(1, "error", "errors");
  if (code == "warning") return plural_word(1, "warning", "warnings");
  if (code == "note") return plural_word(1, "note", "notes");
  return std::string(code);
}

std::string decimal(std::string numeric) {
  if (current() == Language::en) return numeric;
  for (char& c : numeric)
    if (c == '.') c = ',';
  return numeric;
}

std::string date(const Timestamp& t) {
  const Language l = current();
  if (l == Language::en) return t.iso();
  char buf[48];
  const bool dotted = l != Language::sv;
  if (dotted)
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", t.day(), t.month(), t.year());
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year(), t.month(), t.day());
  std::string out = buf;
  if (t.has_time()) {
    std::snprintf(buf, sizeof buf, " %02d:%02d UTC", t.seconds() / 3600, (t.seconds() / 60) % 60);
    out += buf;
  }
  return out;
}

}  // namespace fairaudit::i18n
