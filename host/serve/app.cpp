#include "serve/app.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "i18n/i18n.hpp"
#include "i18n/roles.hpp"
#include "serve/layout.hpp"
#include "serve/static_files.hpp"
#include "store/store.hpp"

namespace fairaudit::serve {
namespace {

constexpr const char* kSessionCookie = "fairaudit_session";
constexpr const char* kLoginCookie = "fairaudit_login";

// The one sentence for an unknown name, a wrong password, a locked or
// disabled account and an address refused for too many failures: nothing
// tells them apart but the server's own log.
constexpr const char* kRefused = "The name or the password is wrong, or the account cannot sign in just now.";

bool is_token(const std::string& t) {
  if (t.size() != 64) return false;
  for (char c : t)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string cookie(const char* name, const std::string& value, const char* path, bool secure, bool remove = false) {
  std::string c = std::string(name) + "=" + value + "; HttpOnly; SameSite=Strict; Path=" + path;
  if (remove) c += "; Max-Age=0";
  if (secure) c += "; Secure";
  return c;
}

// The language of the sign-in page: the first of Accept-Language's that
// fairaudit has words for ("no" is Bokmål), else English.
i18n::Language browser_language(const std::string& accept) {
  std::string_view s = accept;
  while (!s.empty()) {
    const auto comma = s.find(',');
    std::string_view tag = s.substr(0, comma);
    s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    tag = tag.substr(0, tag.find(';'));
    tag = tag.substr(0, tag.find('-'));
    std::string low;
    for (char c : tag) low += (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    if (low == "no") return i18n::Language::nb;
    if (auto l = i18n::language_from_string(low)) return *l;
  }
  return i18n::Language::en;
}

Response html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response json_error(int status, const std::string& sentence) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  std::string escaped;
  for (char c : sentence) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  r.body = "{\"error\":\"" + escaped + "\"}\n";
  return r;
}

// A short page that says one sentence, in the viewer's language (the
// sentence is an English msgid).
Response message(int status, const char* msgid, const Request& rq, const Viewer* v) {
  if (rq.wants_json) return json_error(status, i18n::text(msgid));
  const auto lang = v ? v->lang : browser_language(rq.accept_language);
  i18n::Scoped in(lang);
  std::string body = "<h1>" + esc(i18n::text(msgid)) + "</h1>";
  if (!v) body += "<p><a href=\"/login\">" + esc(i18n::text("Sign in")) + "</a></p>";
  return html(status, page(i18n::text(msgid), body, v, lang));
}

std::string home(const Viewer& v) { return v.role == Role::admin ? "/admin/users" : "/runs"; }

}  // namespace

std::string expected_origin(const Incoming& in, const std::string& configured) {
  if (!configured.empty()) return configured;
  if (in.host.empty()) return {};
  return std::string(in.request.tls ? "https://" : "http://") + in.host;
}

bool same_origin(const Incoming& in, const std::string& expected) {
  if (expected.empty()) return false;
  if (!in.origin.empty() && in.origin != "null") return in.origin == expected;
  // A browser posting a form from a page whose Referrer-Policy is
  // no-referrer (every page of this server) sends `Origin: null` and no
  // Referer (Fetch, "append a request Origin header"). Sec-Fetch-Site, a
  // header no page can set, then says whether the form was this origin's.
  if (in.fetch_site == "same-origin") return true;
  if (in.origin == "null" || !in.fetch_site.empty()) return false;
  if (in.referer.empty()) return false;
  return in.referer == expected || in.referer.rfind(expected + "/", 0) == 0;
}

struct App::Impl {
  AppOptions o;
  Pages pages;
  AddressThrottle throttle;

  explicit Impl(AppOptions opts)
      : o(std::move(opts)), pages(PagesOptions{o.store_path, o.catalog_dirs}), throttle(o.address_failures) {
    prepare_login_checks();
  }

  // One connection per server thread: SQLite connections are not shared,
  // and in WAL mode a reader never waits for the nightly writer.
  store::Connection& connection() {
    thread_local std::map<std::string, std::unique_ptr<store::Store>> stores;
    auto& s = stores[o.store_path];
    if (!s) s = std::make_unique<store::Store>(o.store_path, o.busy_timeout);
    return s->connection();
  }

  bool secure(const Request& rq) const { return rq.tls || o.origin.rfind("https://", 0) == 0; }

  Response login_form(const Request& rq, const std::string& token, bool refused, int status) {
    const auto lang = browser_language(rq.accept_language);
    i18n::Scoped in(lang);
    std::string b = "<h1>" + esc(i18n::text("Sign in")) + "</h1>";
    if (refused) b += "<p class=\"error\" role=\"alert\">" + esc(i18n::text(kRefused)) + "</p>";
    b += "<form class=\"login\" method=\"post\" action=\"/login\">";
    b += "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) + "\">";
    b += "<label for=\"name\">" + esc(i18n::text("Name")) +
         "</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required maxlength=\"64\">";
    b += "<label for=\"password\">" + esc(i18n::text("Password")) +
         "</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
         "required>";
    b += "<button type=\"submit\">" + esc(i18n::text("Sign in")) + "</button></form>";
    Response r = html(status, page(i18n::text("Sign in"), b, nullptr, lang));
    r.headers.emplace_back("Set-Cookie", cookie(kLoginCookie, token, "/login", secure(rq)));
    return r;
  }

  Outgoing login(const Incoming& in) {
    const Request& rq = in.request;
    if (rq.method == "GET") {
      if (auto v = Accounts(connection(), o.sessions).session(rq.session_cookie)) return {Response::redirect(home(*v)), to_string(v->role)};
      return {login_form(rq, is_token(in.login_cookie) ? in.login_cookie : random_token(), false, 200), "-"};
    }
    if (rq.method != "POST") return {message(405, "This request is not allowed.", rq, nullptr), "-"};
    auto field = [&](const char* k) {
      auto it = rq.form.find(k);
      return it == rq.form.end() ? std::string() : it->second;
    };
    // The sign-in form's own token (double submit): a page elsewhere cannot
    // sign a browser in to an account of its choosing.
    if (!is_token(in.login_cookie) || !constant_time_equal(field("csrf"), in.login_cookie))
      return {message(403, "This request is not allowed.", rq, nullptr), "-"};
    if (throttle.refused(rq.remote)) {
      spdlog::warn("serve: a sign-in from an address with too many failed sign-ins was refused");
      return {login_form(rq, in.login_cookie, true, 401), "-"};
    }
    Accounts accounts(connection(), o.sessions);
    Login l = accounts.login(field("name"), field("password"));
    if (!l.viewer) {
      throttle.failed(rq.remote);
      if (l.why == Login::Why::locked) spdlog::warn("serve: a sign-in to a locked account was refused");
      if (l.why == Login::Why::disabled) spdlog::warn("serve: a sign-in to a disabled account was refused");
      return {login_form(rq, in.login_cookie, true, 401), "-"};
    }
    Response r = Response::redirect(home(*l.viewer));
    r.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, l.token, "/", secure(rq)));
    r.headers.emplace_back("Set-Cookie", cookie(kLoginCookie, "", "/login", secure(rq), true));
    return {std::move(r), to_string(l.viewer->role)};
  }

  Response users_page(const Viewer& v) {
    i18n::Scoped in(v.lang);
    auto users = Accounts(connection(), o.sessions).list();
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string b = "<h1>" + esc(i18n::text("Users")) + "</h1>";
    b += "<p>" + esc(i18n::text("Users are added, disabled and given a new password with fairaudit user.")) + "</p>";
    b += "<table class=\"users\"><thead><tr><th scope=\"col\">" + esc(i18n::text("Name")) + "</th><th scope=\"col\">" +
         esc(i18n::text("Role")) + "</th><th scope=\"col\">" + esc(i18n::text("Language")) +
         "</th><th scope=\"col\">" + esc(i18n::text("Disabled")) + "</th><th scope=\"col\">" +
         esc(i18n::text("Locked")) + "</th><th scope=\"col\">" + esc(i18n::text("Last sign-in")) +
         "</th></tr></thead><tbody>";
    for (const auto& u : users) {
      b += "<tr><td>" + esc(u.name) + "</td><td>" + esc(u.role == Role::admin ? std::string("admin") : i18n::review_role_name(to_string(u.role))) + "</td><td>" +
           esc(i18n::to_string(u.lang)) + "</td><td>" + esc(i18n::text(u.disabled ? "yes" : "no")) + "</td><td>" +
           esc(i18n::text(u.locked(now) ? "yes" : "no")) + "</td><td>" +
           esc(u.last_login_at ? *u.last_login_at : i18n::text("never")) + "</td></tr>";
    }
    b += "</tbody></table>";
    return html(200, page(i18n::text("Users"), b, &v));
  }

  Outgoing route(const Incoming& in) {
    const Request& rq = in.request;
    if (rq.method == "GET")
      if (auto f = static_file(rq.path)) {
        Response r;
        r.content_type = std::string(f->content_type);
        r.body = std::string(f->body);
        r.has_data = false;
        r.headers.emplace_back("Cache-Control", "no-cache");
        return {std::move(r), "-"};
      }
    // Every POST, signed in or not, comes from a page of this server.
    if (rq.method == "POST" && !same_origin(in, expected_origin(in, o.origin)))
      return {message(403, "This request is not allowed.", rq, nullptr), "-"};
    if (rq.path == "/login") return login(in);

    auto viewer = Accounts(connection(), o.sessions).session(rq.session_cookie);
    if (!viewer) {
      if (rq.wants_json) return {json_error(401, i18n::text("Sign in first.")), "-"};
      return {Response::redirect("/login"), "-"};
    }
    const Viewer& v = *viewer;
    const std::string role = to_string(v.role);
    if (rq.method == "POST") {
      auto it = rq.form.find("csrf");
      if (it == rq.form.end() || !constant_time_equal(it->second, v.csrf))
        return {message(403, "This request is not allowed.", rq, &v), role};
    } else if (rq.method != "GET") {
      return {message(405, "This request is not allowed.", rq, &v), role};
    }
    if (rq.path == "/logout") {
      if (rq.method != "POST") return {message(405, "This request is not allowed.", rq, &v), role};
      Accounts(connection(), o.sessions).logout(rq.session_cookie);
      Response r = Response::redirect("/login");
      r.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, "", "/", secure(rq), true));
      return {std::move(r), role};
    }
    if (rq.path == "/") return {Response::redirect(home(v)), role};
    const bool admin_path = rq.path == "/admin" || rq.path.rfind("/admin/", 0) == 0;
    // An administrator manages users and sees no review data; nobody else
    // sees the users.
    if (admin_path != (v.role == Role::admin)) return {message(403, "This request is not allowed.", rq, &v), role};
    if (admin_path) {
      if (rq.path == "/admin/users" && rq.method == "GET") return {users_page(v), role};
      return {message(404, "This page does not exist.", rq, &v), role};
    }
    std::optional<Response> r;
    {
      i18n::Scoped lang(v.lang);
      r = pages.handle(rq, v);
    }
    if (!r) return {message(404, "This page does not exist.", rq, &v), role};
    return {std::move(*r), role};
  }
};

App::App(AppOptions o) : impl_(std::make_unique<Impl>(std::move(o))) {}
App::~App() = default;

Outgoing App::handle(const Incoming& in) {
  try {
    return impl_->route(in);
  } catch (const std::exception& e) {
    // The log says what failed in the server's words; the page says nothing of it.
    spdlog::error("serve: a request failed: {}", e.what());
  } catch (...) {
    spdlog::error("serve: a request failed");
  }
  try {
    return {message(500, "The server could not answer this request.", in.request, nullptr), "-"};
  } catch (...) {
    Response r;
    r.status = 500;
    r.body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head><body><p>"
             "The server could not answer this request.</p></body></html>\n";
    return {std::move(r), "-"};
  }
}

}  // namespace fairaudit::serve
