// fairaudit serve: the shapes the HTTP server (serve/http), the login and
// sessions (serve/auth), the pages (serve/pages) and the review actions
// (review/) share. The server turns a Beast request into a Request, decides
// who asks (Viewer), and hands it to the pages; what comes back is a Response
// the server sends with the security headers every response carries
// (docs/serve.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "i18n/i18n.hpp"

namespace fairaudit::serve {

// Who a user is to the server. Each role sees one audience and nothing more:
// representative -> emit::Audience::representative (no applicant ids),
// union_ -> emit::Audience::union_ (no applicant ids, small cells hidden),
// hr -> emit::Audience::internal, admin -> the users page only.
enum class Role : std::uint8_t { representative, union_, hr, admin };
const char* to_string(Role);  // "representative", "union", "hr", "admin"
// The stored name or a local one (tillitsvalgt, likestillingsrepresentant,
// förtroendevald, tillidsrepræsentant, …: i18n::review_role) or "admin".
std::optional<Role> role_from_string(std::string_view written);

// One HTTP request, decoded. Only what the pages need; the raw headers stay
// in the server.
struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // percent-decoded, without the query: "/findings/ab12…"
  std::multimap<std::string, std::string> query;  // decoded ?a=b&c=d
  std::map<std::string, std::string> form;        // decoded x-www-form-urlencoded POST body
  bool wants_json = false;  // path under /api/
  std::string remote;       // peer address, for throttling only (never logged with data)
  bool tls = false;
  std::string session_cookie;   // the value of the fairaudit_session cookie ("" if none)
  std::string accept_language;  // for the login page before anyone is known

  // The first value of a query parameter, "" when absent.
  std::string param(const std::string& key) const {
    auto it = query.find(key);
    return it == query.end() ? std::string() : it->second;
  }
};

// One response. The server adds to every one: Content-Security-Policy
// (default-src 'self'; script-src 'self'; frame-ancestors 'none'; …),
// X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer, and
// Cache-Control: no-store when `has_data`.
struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Location, Set-Cookie, …
  bool has_data = true;

  static Response redirect(std::string location) {
    Response r;
    r.status = 303;
    r.body.clear();
    r.headers.emplace_back("Location", std::move(location));
    return r;
  }
};

// The signed-in user a request comes from.
struct Viewer {
  std::int64_t user_id = 0;
  std::string name;  // the login name, shown in the header and the review trail
  Role role = Role::representative;
  i18n::Language lang = i18n::Language::en;
  std::string csrf;  // the session's CSRF token: every form carries it as `csrf`
};

}  // namespace fairaudit::serve
