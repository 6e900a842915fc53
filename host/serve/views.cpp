#include "serve/views.hpp"

#include <cctype>

#include "emit/sentences.hpp"
#include "fairaudit/time.hpp"
#include "i18n/i18n.hpp"
#include "serve/layout.hpp"

namespace fairaudit::serve::views {

std::string pct(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string o;
  o.reserve(s.size());
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      o += char(ch);
    } else {
      o += '%';
      o += hex[ch >> 4];
      o += hex[ch & 15];
    }
  }
  return o;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  return v;
}

Response html(const Ctx& c, std::string_view title, std::string_view body, int status) {
  Response r;
  r.status = status;
  r.body = page(title, body, &c.v);
  return r;
}

Response json(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response error(const Ctx& c, int status, const std::string& sentence) {
  if (c.rq.wants_json) {
    std::string b = "{\"error\":\"";
    for (char ch : sentence) {
      if (ch == '"' || ch == '\\') b += '\\';
      if (static_cast<unsigned char>(ch) >= 0x20) b += ch;
    }
    return json(b + "\"}", status);
  }
  return html(c, sentence, "<p class=\"error\">" + esc(sentence) + "</p>", status);
}

std::string severity_words(std::string_view s) {
  if (s == "error" || s == "warning" || s == "note") return i18n::text(s);
  return std::string(s);
}

std::string state_words(std::string_view s) { return i18n::text(s); }

std::string when(std::string_view iso) {
  const auto t = Timestamp::parse(iso);
  return t ? i18n::date(*t) : std::string(iso);
}

std::string run_label(std::int64_t id) { return i18n::text("run") + " " + std::to_string(id); }

std::string key_words(const std::string& rule_id, std::string_view key) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = key.find('/', start);
    const std::string_view part = key.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (!out.empty()) out += ", ";
    // A stage comparison "from>to"; anything else a code or a combination.
    if (const std::size_t gt = part.find('>'); gt != std::string_view::npos)
      out += emit::code_words(rule_id, std::string(part.substr(0, gt))) + " \u2192 " +
             emit::code_words(rule_id, std::string(part.substr(gt + 1)));
    else
      out += emit::code_words(rule_id, std::string(part));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace fairaudit::serve::views
