// `fairaudit serve` as a browser, or an attacker, meets it: the server runs
// in this process on 127.0.0.1 with a port of its own, and every request goes
// over a real socket. Each test stops the servers it starts.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "client.hpp"
#include "serve/app.hpp"
#include "serve/auth.hpp"
#include "serve/http.hpp"
#include "store/store.hpp"
#include "support/cli.hpp"
#include "test_paths.hpp"

namespace serve_server_test {
namespace {

using namespace fairaudit;
using serve_test::Call;
using serve_test::call;
using serve_test::form_escape;
using serve_test::Reply;

constexpr const char* kPassword = "correct horse battery";

// One running server: the application and the HTTP layer, stopped on destruction.
struct Running {
  Running(serve::AppOptions ao, serve::HttpOptions ho) : app(std::move(ao)) {
    ho.host = "127.0.0.1";
    ho.port = 0;
    ho.access_log = false;
    server = std::make_unique<serve::HttpServer>(ho, [this](const serve::Incoming& in) { return app.handle(in); });
    server->start();
  }
  ~Running() { server->stop(); }
  int port() const { return server->port(); }
  serve::App app;
  std::unique_ptr<serve::HttpServer> server;
};

serve::HttpOptions fast_timeouts() {
  serve::HttpOptions o;
  o.header_timeout = std::chrono::seconds(1);
  o.body_timeout = std::chrono::seconds(5);
  o.idle_timeout = std::chrono::seconds(5);
  return o;
}

struct Signed {
  std::string token, csrf;
};

// What no response may show: an exception's text, a path on this machine.
void expect_no_leak(const Reply& r, const std::string& where) {
  EXPECT_EQ(r.body.find("what()"), std::string::npos) << where;
  EXPECT_EQ(r.body.find("/work"), std::string::npos) << where;
  EXPECT_EQ(r.body.find("/tmp"), std::string::npos) << where;
  EXPECT_EQ(r.body.find("store.db"), std::string::npos) << where;
  EXPECT_EQ(r.body.find("sqlite"), std::string::npos) << where;
  EXPECT_EQ(r.body.find("SQL"), std::string::npos) << where;
}

void expect_security_headers(const Reply& r, const std::string& where) {
  ASSERT_NE(r.status, 0) << where;
  EXPECT_EQ(r.header("content-security-policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
      << where;
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << where;
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer") << where;
  EXPECT_EQ(r.header("x-frame-options"), "DENY") << where;
  expect_no_leak(r, where);
}

struct Server : ::testing::Test {
  void SetUp() override {
    ::setenv("FAIRAUDIT_TEST_FAST_HASH", "1", 1);
    dir = fairaudit::testing::temp_dir("serve-http");
    path = dir + "/store.db";
    st = std::make_unique<store::Store>(path);
    serve::Accounts acc(st->connection());
    acc.add("kari", serve::Role::union_, i18n::Language::nb, kPassword);
    acc.add("hilde", serve::Role::hr, i18n::Language::en, kPassword);
    acc.add("root", serve::Role::admin, i18n::Language::en, kPassword);
    run = std::make_unique<Running>(options(), fast_timeouts());
    port = run->port();
  }
  void TearDown() override {
    run.reset();
    st.reset();
    std::filesystem::remove_all(dir);
  }
  serve::AppOptions options() const {
    serve::AppOptions o;
    o.store_path = path;
    return o;
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port); }

  // GET /login, then POST it with the form's token and this server's Origin.
  Reply sign_in_reply(const std::string& name, const std::string& password) {
    const Reply form = call(port, {"GET", "/login"});
    const std::string t = serve_test::set_cookie_value(form, "fairaudit_login");
    EXPECT_EQ(t.size(), 64u);
    Call c{"POST", "/login", "name=" + form_escape(name) + "&password=" + form_escape(password) + "&csrf=" + t};
    c.cookies["fairaudit_login"] = t;
    c.headers.push_back({"Origin", origin()});
    return call(port, c);
  }
  Signed sign_in(const std::string& name) {
    const Reply r = sign_in_reply(name, kPassword);
    EXPECT_EQ(r.status, 303);
    Signed s;
    s.token = serve_test::set_cookie_value(r, "fairaudit_session");
    auto q = st->connection().prepare("SELECT csrf FROM sessions WHERE token_hash = ?");
    q.bind(1, serve::token_hash(s.token));
    if (q.step()) s.csrf = q.text(0);
    return s;
  }
  Reply get(const std::string& target, const Signed& s) {
    Call c{"GET", target};
    c.cookies["fairaudit_session"] = s.token;
    return call(port, c);
  }
  Reply post(const std::string& target, const std::string& body, const Signed& s,
             std::vector<std::pair<std::string, std::string>> headers) {
    Call c{"POST", target, body};
    c.cookies["fairaudit_session"] = s.token;
    c.headers = std::move(headers);
    return call(port, c);
  }
  bool live(const Signed& s) { return get("/runs", s).status != 303; }

  std::string dir, path;
  std::unique_ptr<store::Store> st;
  std::unique_ptr<Running> run;
  int port = 0;
};

using serve_server = Server;

TEST_F(serve_server, sign_in_sets_a_strict_http_only_cookie_and_goes_to_the_role_home) {
  const Reply r = sign_in_reply("kari", kPassword);
  expect_security_headers(r, "sign-in");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/runs");
  const std::string line = serve_test::set_cookie_line(r, "fairaudit_session");
  EXPECT_NE(line.find("; HttpOnly"), std::string::npos) << line;
  EXPECT_NE(line.find("; SameSite=Strict"), std::string::npos) << line;
  EXPECT_NE(line.find("; Path=/"), std::string::npos) << line;
  EXPECT_EQ(line.find("Secure"), std::string::npos) << "plain HTTP: " << line;
  EXPECT_EQ(sign_in_reply("root", kPassword).header("location"), "/admin/users");
}

TEST_F(serve_server, signed_out_requests_go_to_the_sign_in) {
  const Reply page = call(port, {"GET", "/runs"});
  expect_security_headers(page, "/runs signed out");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(page.header("location"), "/login");
  const Reply api = call(port, {"GET", "/api/findings"});
  expect_security_headers(api, "/api signed out");
  EXPECT_EQ(api.status, 401);
  EXPECT_EQ(api.header("content-type"), "application/json");
  Call forged{"GET", "/runs"};
  forged.cookies["fairaudit_session"] = std::string(64, 'a');
  EXPECT_EQ(call(port, forged).status, 303);
}

TEST_F(serve_server, post_without_csrf_or_with_a_foreign_or_no_origin_is_403) {
  const Signed s = sign_in("hilde");
  ASSERT_FALSE(s.csrf.empty());
  const std::vector<std::pair<std::string, std::string>> own{{"Origin", origin()}};
  Reply r = post("/logout", "", s, own);
  expect_security_headers(r, "no csrf");
  EXPECT_EQ(r.status, 403);
  r = post("/logout", "csrf=" + std::string(64, '0'), s, own);
  EXPECT_EQ(r.status, 403) << "a wrong token";
  r = post("/logout", "csrf=" + s.csrf, s, {{"Origin", "http://evil.example"}});
  expect_security_headers(r, "foreign origin");
  EXPECT_EQ(r.status, 403);
  r = post("/logout", "csrf=" + s.csrf, s, {{"Origin", "http://127.0.0.1:" + std::to_string(port + 1)}});
  EXPECT_EQ(r.status, 403) << "another port is another origin";
  r = post("/logout", "csrf=" + s.csrf, s, {{"Origin", "null"}});
  EXPECT_EQ(r.status, 403);
  r = post("/logout", "csrf=" + s.csrf, s, {});
  EXPECT_EQ(r.status, 403) << "neither Origin nor Referer";
  r = post("/logout", "csrf=" + s.csrf, s, {{"Referer", "http://evil.example/"}});
  EXPECT_EQ(r.status, 403);
  // What a browser sends from this server's own pages (Referrer-Policy:
  // no-referrer hides the origin): Origin null, Sec-Fetch-Site same-origin.
  r = post("/logout", "csrf=" + s.csrf, s, {{"Origin", "null"}, {"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(r.status, 403);
  r = post("/logout", "csrf=" + s.csrf, s, {{"Origin", "null"}, {"Sec-Fetch-Site", "same-site"}});
  EXPECT_EQ(r.status, 403) << "a sibling subdomain is another origin";
  r = post("/logout", "csrf=" + s.csrf, s, {{"Sec-Fetch-Site", "cross-site"}, {"Referer", origin() + "/runs"}});
  EXPECT_EQ(r.status, 403) << "the browser said cross-site";
  r = post("/logout", "", s, {{"Origin", "null"}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(r.status, 403) << "same-origin, but no token";
  r = post("/findings/abcd/review", "state=resolved&justification=x", s, own);
  EXPECT_EQ(r.status, 403) << "the pages' POSTs too";
  EXPECT_TRUE(live(s)) << "nothing above signed out";
  // The right token from the right page: signed out, and the session is gone.
  r = post("/logout", "csrf=" + s.csrf, s, {{"Referer", origin() + "/runs"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/login");
  EXPECT_NE(serve_test::set_cookie_line(r, "fairaudit_session").find("Max-Age=0"), std::string::npos);
  EXPECT_FALSE(live(s));
}

TEST_F(serve_server, sign_in_form_needs_its_own_token_and_origin) {
  const Reply form = call(port, {"GET", "/login"});
  const std::string t = serve_test::set_cookie_value(form, "fairaudit_login");
  const std::string body = "name=kari&password=" + form_escape(kPassword);
  Call c{"POST", "/login", body + "&csrf=" + t};
  c.headers.push_back({"Origin", origin()});
  EXPECT_EQ(call(port, c).status, 403) << "no cookie: a form posted from elsewhere";
  c.cookies["fairaudit_login"] = t;
  c.body = body + "&csrf=" + std::string(64, 'b');
  EXPECT_EQ(call(port, c).status, 403) << "a token that is not the cookie's";
  c.body = body + "&csrf=" + t;
  c.headers = {{"Origin", "https://evil.example"}};
  EXPECT_EQ(call(port, c).status, 403);
  c.headers = {};
  EXPECT_EQ(call(port, c).status, 403);
  c.headers = {{"Origin", "null"}};
  EXPECT_EQ(call(port, c).status, 403) << "an origin withheld, and no word from the browser";
  // A browser's own sign-in form under Referrer-Policy: no-referrer.
  c.headers = {{"Origin", "null"}, {"Sec-Fetch-Site", "same-origin"}};
  EXPECT_EQ(call(port, c).status, 303);
}

TEST_F(serve_server, each_role_reaches_its_own_routes_only) {
  const Signed admin = sign_in("root"), hr = sign_in("hilde"), un = sign_in("kari");
  Reply r = get("/admin/users", admin);
  expect_security_headers(r, "users page");
  EXPECT_EQ(r.status, 200);
  for (const char* name : {"kari", "hilde", "root"}) EXPECT_NE(r.body.find(name), std::string::npos) << name;
  EXPECT_EQ(r.body.find("$argon2"), std::string::npos) << "no password hash";
  EXPECT_EQ(get("/runs", admin).status, 403) << "no review data for the administrator";
  EXPECT_EQ(get("/api/findings", admin).status, 403);
  EXPECT_EQ(get("/admin/users", hr).status, 403);
  EXPECT_EQ(get("/admin/users", un).status, 403);
  r = get("/no/such/page", un);
  expect_security_headers(r, "404");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(get("/", hr).header("location"), "/runs");
}

TEST_F(serve_server, static_files_are_served_to_anyone) {
  const Reply css = call(port, {"GET", "/static/serve.css"});
  expect_security_headers(css, "css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.body, fairaudit::testing::read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/host/serve/static/serve.css"));
  const Reply js = call(port, {"GET", "/static/filters.js"});
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, fairaudit::testing::read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/host/serve/static/filters.js"));
}

TEST_F(serve_server, an_oversized_body_is_413_or_closed_and_the_server_goes_on) {
  const std::string big(70 * 1024, 'a');
  Call c{"POST", "/login", "name=" + big};
  c.headers.push_back({"Origin", origin()});
  const Reply r = call(port, c);
  EXPECT_TRUE(r.status == 413 || r.status == 0) << r.status;
  if (r.status) expect_security_headers(r, "413");
  Call h{"GET", "/login"};
  h.headers.push_back({"X-Padding", std::string(9000, 'x')});
  const Reply hr = call(port, h);
  EXPECT_TRUE(hr.status == 431 || hr.status == 0) << hr.status;
  if (hr.status) expect_security_headers(hr, "431");
  const Reply bad = serve_test::exchange(port, "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(bad.status, 400);
  expect_security_headers(bad, "400");
  EXPECT_EQ(call(port, {"GET", "/login"}).status, 200);
}

TEST_F(serve_server, a_client_sending_a_header_byte_a_second_is_cut_off) {
  const int fd = serve_test::connect_local(port);
  ASSERT_GE(fd, 0);
  const std::string header = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (std::size_t i = 0; i < header.size() && !closed; ++i) {
    if (::send(fd, &header[i], 1, MSG_NOSIGNAL) != 1) {
      closed = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 1000) > 0) {
      char b;
      closed = ::recv(fd, &b, 1, 0) <= 0;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(fd);
  EXPECT_TRUE(closed) << "the whole header went through in " << seconds << " s";
  EXPECT_LT(seconds, 4.0) << "the header timeout is 1 s";
  EXPECT_EQ(call(port, {"GET", "/login"}).status, 200);
}

TEST_F(serve_server, sql_metacharacters_give_no_500_and_leave_the_store_intact) {
  const std::vector<std::string> nasty{"'", "\"", ";", "--", std::string(1, '\0'), "' OR '1'='1",
                                       "kari'; DROP TABLE users; --", "\\", "%", "%00", "kari' --"};
  for (const auto& n : nasty) {
    const Reply r = sign_in_reply(n, kPassword);
    EXPECT_EQ(r.status, 401) << "name " << n;
    expect_no_leak(r, "sign-in");
  }
  const Signed s = sign_in("hilde");
  const std::vector<std::string> targets{"/runs", "/findings", "/api/findings", "/api/runs"};
  for (const auto& n : nasty) {
    const std::string v = form_escape(n);
    std::vector<std::string> all{"/findings/" + v, "/api/findings/" + v, "/rounds/" + v + "/checklist?run=" + v,
                                 "/units/" + v + "/trend"};
    for (const auto& t : targets)
      for (const char* p : {"unit", "rule", "severity", "state", "since", "run"}) all.push_back(t + "?" + p + "=" + v);
    for (const auto& t : all) {
      const Reply r = get(t, s);
      EXPECT_NE(r.status, 500) << t;
      EXPECT_NE(r.status, 0) << t;
      expect_security_headers(r, t);
    }
  }
  auto q = st->connection().prepare("PRAGMA integrity_check");
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.text(0), "ok");
  EXPECT_EQ(serve::Accounts(st->connection()).list().size(), 3u);
  EXPECT_TRUE(live(s));
}

TEST_F(serve_server, ten_wrong_passwords_lock_and_every_refusal_reads_the_same) {
  const Reply unknown = sign_in_reply("nobody", kPassword);
  EXPECT_EQ(unknown.status, 401);
  for (int i = 0; i < 10; ++i) {
    const Reply r = sign_in_reply("kari", "wrong password " + std::to_string(i));
    ASSERT_EQ(r.status, 401);
  }
  const Reply locked = sign_in_reply("kari", kPassword);
  EXPECT_EQ(locked.status, 401) << "the right password after ten wrong ones";
  EXPECT_TRUE(serve_test::set_cookie_value(locked, "fairaudit_session").empty());
  // The same page but for the form's own token: nothing tells the three apart.
  auto without_token = [](std::string b) {
    const auto at = b.find("name=\"csrf\" value=\"");
    if (at != std::string::npos) b.erase(at + 19, 64);
    return b;
  };
  EXPECT_EQ(without_token(locked.body), without_token(unknown.body));
  EXPECT_EQ(without_token(sign_in_reply("hilde", "wrong password").body), without_token(unknown.body));
  EXPECT_EQ(sign_in_reply("hilde", kPassword).status, 303) << "another account is not locked";
}

TEST_F(serve_server, a_disabled_users_session_stops_working) {
  const Signed s = sign_in("kari");
  ASSERT_TRUE(live(s));
  serve::Accounts(st->connection()).disable("kari");
  EXPECT_FALSE(live(s));
  EXPECT_EQ(sign_in_reply("kari", kPassword).status, 401);
}

TEST_F(serve_server, a_failing_store_gives_a_500_that_says_nothing_of_why) {
  serve::AppOptions o;
  o.store_path = dir;  // a directory: every connection fails
  Running broken(o, fast_timeouts());
  for (const char* t : {"/runs", "/api/runs", "/login"}) {
    Call c{"GET", t};
    c.cookies["fairaudit_session"] = std::string(64, 'c');
    const Reply r = call(broken.port(), c);
    EXPECT_EQ(r.status, 500) << t;
    expect_security_headers(r, t);
    EXPECT_EQ(r.body.find(dir), std::string::npos);
  }
}

TEST_F(serve_server, connections_past_the_cap_are_closed_and_stop_does_not_wait_for_idle_ones) {
  serve::HttpOptions ho = fast_timeouts();
  ho.max_connections = 2;
  ho.idle_timeout = std::chrono::seconds(30);
  auto capped = std::make_unique<Running>(options(), ho);
  const int p = capped->port();
  // Two kept-alive connections, each after one answered request.
  std::vector<int> fds;
  for (int i = 0; i < 2; ++i) {
    const int fd = serve_test::connect_local(p);
    ASSERT_GE(fd, 0);
    const std::string rq = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    ASSERT_EQ(::send(fd, rq.data(), rq.size(), MSG_NOSIGNAL), ssize_t(rq.size()));
    char buf[4096];
    ASSERT_GT(::recv(fd, buf, sizeof buf, 0), 0);
    fds.push_back(fd);
  }
  EXPECT_EQ(call(p, {"GET", "/login"}).status, 0) << "a third connection while two are open";
  const auto start = std::chrono::steady_clock::now();
  capped.reset();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 2.0) << "the idle connections were closed, not waited for";
  for (int fd : fds) {
    char b;
    EXPECT_LE(::recv(fd, &b, 1, 0), 0);
    ::close(fd);
  }
}

TEST_F(serve_server, a_kept_alive_connection_serves_again_and_is_closed_when_idle) {
  serve::HttpOptions ho = fast_timeouts();
  ho.idle_timeout = std::chrono::seconds(1);
  Running idle(options(), ho);
  const int fd = serve_test::connect_local(idle.port());
  ASSERT_GE(fd, 0);
  const std::string rq = "GET /static/filters.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  char buf[8192];
  const std::size_t body = fairaudit::testing::read_file(std::string(FAIRAUDIT_SOURCE_DIR) + "/host/serve/static/filters.js").size();
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(::send(fd, rq.data(), rq.size(), MSG_NOSIGNAL), ssize_t(rq.size()));
    std::string in;  // one whole answer: the header and Content-Length bytes
    while (in.find("\r\n\r\n") == std::string::npos || in.size() < in.find("\r\n\r\n") + 4 + body) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      ASSERT_GT(n, 0) << "request " << i + 1 << " on one connection";
      in.append(buf, std::size_t(n));
    }
    EXPECT_EQ(in.rfind("HTTP/1.1 200", 0), 0u);
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_LE(::recv(fd, buf, sizeof buf, 0), 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(fd);
  EXPECT_GT(seconds, 0.5);
  EXPECT_LT(seconds, 3.0) << "the idle timeout is 1 s";
}

TEST_F(serve_server, stopping_answers_the_request_in_flight_first) {
  Running r(options(), fast_timeouts());
  const int fd = serve_test::connect_local(r.port());
  ASSERT_GE(fd, 0);
  const std::string head = "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n"
                           "Content-Type: application/x-www-form-urlencoded\r\n\r\nname=";
  ASSERT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), ssize_t(head.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::thread stopper([&] { r.server->stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(call(r.port(), {"GET", "/login"}).status, 0) << "no new connection is answered while stopping";
  const std::string rest = "kari&";
  ASSERT_EQ(::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL), ssize_t(rest.size()));
  std::string in;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) in.append(buf, std::size_t(n));
  ::close(fd);
  stopper.join();
  EXPECT_EQ(in.rfind("HTTP/1.1 403", 0), 0u) << in;  // answered (no sign-in form token), then closed
  EXPECT_NE(in.find("Connection: close"), std::string::npos);
}

TEST_F(serve_server, a_body_slower_than_the_body_timeout_is_cut_off) {
  serve::HttpOptions ho = fast_timeouts();
  ho.body_timeout = std::chrono::seconds(1);
  Running slow(options(), ho);
  const int fd = serve_test::connect_local(slow.port());
  ASSERT_GE(fd, 0);
  const std::string head = "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n"
                           "Content-Type: application/x-www-form-urlencoded\r\n\r\nname=";
  ASSERT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), ssize_t(head.size()));
  const auto start = std::chrono::steady_clock::now();
  char b;
  const ssize_t n = ::recv(fd, &b, 1, 0);  // nothing more is sent: the server must give up
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(fd);
  EXPECT_LE(n, 0);
  EXPECT_LT(seconds, 3.0);
  EXPECT_GT(seconds, 0.5);
}

TEST_F(serve_server, behind_a_proxy_only_the_configured_origin_posts_and_forwarded_headers_are_ignored) {
  serve::AppOptions o = options();
  o.origin = "https://audit.example.no";
  Running proxied(o, fast_timeouts());
  const int p = proxied.port();
  const Reply form = call(p, {"GET", "/login"});
  const std::string t = serve_test::set_cookie_value(form, "fairaudit_login");
  EXPECT_NE(serve_test::set_cookie_line(form, "fairaudit_login").find("; Secure"), std::string::npos);
  Call c{"POST", "/login", "name=kari&password=" + form_escape(kPassword) + "&csrf=" + t};
  c.cookies["fairaudit_login"] = t;
  c.headers = {{"Origin", "http://127.0.0.1:" + std::to_string(p)}};
  EXPECT_EQ(call(p, c).status, 403) << "the Host's origin is not the configured one";
  c.headers = {{"Origin", "https://evil.example"}, {"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "evil.example"}};
  EXPECT_EQ(call(p, c).status, 403);
  c.headers = {{"Origin", "https://audit.example.no"}};
  const Reply r = call(p, c);
  EXPECT_EQ(r.status, 303);
  EXPECT_NE(serve_test::set_cookie_line(r, "fairaudit_session").find("; Secure"), std::string::npos);
}

// A self-signed certificate for 127.0.0.1, made with the openssl tool.
bool make_certificate(const std::string& dir) {
  const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout '" + dir +
                          "/key.pem' -out '" + dir + "/cert.pem' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

TEST_F(serve_server, https_sets_secure_cookies_and_refuses_plain_http) {
  if (!make_certificate(dir)) GTEST_SKIP() << "no openssl tool to make a certificate";
  serve::HttpOptions ho = fast_timeouts();
  ho.tls_cert = dir + "/cert.pem";
  ho.tls_key = dir + "/key.pem";
  Running tls(options(), ho);
  const int p = tls.port();
  const Reply form = call(p, {"GET", "/login"}, true);
  expect_security_headers(form, "https");
  ASSERT_EQ(form.status, 200);
  const std::string t = serve_test::set_cookie_value(form, "fairaudit_login");
  EXPECT_NE(serve_test::set_cookie_line(form, "fairaudit_login").find("; Secure"), std::string::npos);
  Call c{"POST", "/login", "name=kari&password=" + form_escape(kPassword) + "&csrf=" + t};
  c.cookies["fairaudit_login"] = t;
  c.headers.push_back({"Origin", "https://127.0.0.1:" + std::to_string(p)});
  const Reply r = call(p, c, true);
  EXPECT_EQ(r.status, 303);
  const std::string line = serve_test::set_cookie_line(r, "fairaudit_session");
  for (const char* flag : {"; HttpOnly", "; SameSite=Strict", "; Path=/", "; Secure"})
    EXPECT_NE(line.find(flag), std::string::npos) << flag << " in " << line;
  // The http:// origin is not the https:// one.
  c.headers = {{"Origin", "http://127.0.0.1:" + std::to_string(p)}};
  EXPECT_EQ(call(p, c, true).status, 403);
  EXPECT_EQ(call(p, {"GET", "/login"}, false).status, 0) << "no answer in plain text";
  EXPECT_EQ(call(p, {"GET", "/login"}, true).status, 200);
}

TEST(serve_server_options, a_missing_certificate_names_the_option_not_the_path) {
  serve::HttpOptions ho;
  ho.port = 0;
  ho.tls_cert = "/nonexistent/cert.pem";
  ho.tls_key = "/nonexistent/key.pem";
  try {
    serve::HttpServer s(ho, [](const serve::Incoming&) { return serve::Outgoing{}; });
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--tls-cert"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("nonexistent"), std::string::npos);
  }
}

// The real executable: --listen 127.0.0.1:0, --ready-file, an access log
// without the values of a query or a form, exit 0 on SIGTERM.
TEST(serve_command, serves_logs_without_values_and_stops_on_sigterm) {
  ::setenv("FAIRAUDIT_TEST_FAST_HASH", "1", 1);
  const std::string dir = fairaudit::testing::temp_dir("serve-cmd");
  const std::string db = dir + "/store.db", ready = dir + "/ready", err = dir + "/err";
  {
    store::Store st(db);
    serve::Accounts(st.connection()).add("kari", serve::Role::union_, i18n::Language::nb, kPassword);
  }
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(e, 2);
    ::execl(FAIRAUDIT_EXE, FAIRAUDIT_EXE, "serve", "--store", db.c_str(), "--listen", "127.0.0.1:0", "--ready-file",
            ready.c_str(), "--header-timeout", "1", "--lang", "nb", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string address;
  for (int i = 0; i < 200 && address.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    address = fairaudit::testing::read_file(ready);
  }
  if (address.empty()) ::kill(pid, SIGKILL);
  ASSERT_FALSE(address.empty()) << fairaudit::testing::read_file(err);
  EXPECT_EQ(address.rfind("127.0.0.1:", 0), 0u) << address;
  const int port = std::atoi(address.c_str() + 10);
  const Reply form = call(port, {"GET", "/login?who=kari.nordmann%40example.com"});
  EXPECT_EQ(form.status, 200);
  const std::string t = serve_test::set_cookie_value(form, "fairaudit_login");
  // The sign-in page in the browser's language.
  Call nb{"GET", "/login"};
  nb.headers.push_back({"Accept-Language", "nb-NO,nb;q=0.9,en;q=0.5"});
  EXPECT_NE(call(port, nb).body.find("<h1>Logg inn</h1>"), std::string::npos);
  Call c{"POST", "/login", "name=kari&password=Secret-Value-1234&csrf=" + t};
  c.cookies["fairaudit_login"] = t;
  c.headers.push_back({"Origin", "http://127.0.0.1:" + std::to_string(port)});
  EXPECT_EQ(call(port, c).status, 401);
  c.body = "name=kari&password=" + form_escape(kPassword) + "&csrf=" + t;
  const Reply in = call(port, c);
  EXPECT_EQ(in.status, 303);
  const std::string token = serve_test::set_cookie_value(in, "fairaudit_session");
  Call f{"GET", "/findings/0123456789abcdef?unit=oslo%2Fbydel-stovner"};
  f.cookies["fairaudit_session"] = token;
  EXPECT_EQ(call(port, f).status, 404);
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const std::string log = fairaudit::testing::read_file(err);
  EXPECT_NE(log.find(" GET /login 200 "), std::string::npos) << log;
  EXPECT_NE(log.find(" POST /login 401 "), std::string::npos) << log;
  EXPECT_NE(log.find(" POST /login 303 "), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /findings/{fp} 404 "), std::string::npos) << log;
  EXPECT_NE(log.find("ms union"), std::string::npos) << log;
  for (const std::string& secret : {std::string("kari.nordmann"), std::string("example.com"),
                                    std::string("Secret-Value"), std::string("0123456789abcdef"),
                                    std::string("stovner"), token, t})
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in the log:\n" << log;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace serve_server_test
