// The HTTP(S) server of `fairaudit serve`: Boost.Beast over Asio, a few
// threads, every connection held to time and size limits, every response
// given the security headers (docs/serve.md, "Security").
//
// The server decodes a request into serve::Request, asks the handler, and
// writes what it answers. It never shows an exception's text: a handler that
// throws gives a 500 with a fixed sentence.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "serve/types.hpp"

namespace fairaudit::serve {

struct HttpOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (port() says which)
  int threads = 2;
  std::chrono::milliseconds header_timeout{10000};  // from the first byte (or connect) to the end of the header
  std::chrono::milliseconds body_timeout{30000};    // to read the body, and to write a response
  std::chrono::milliseconds idle_timeout{60000};    // between requests on a kept-alive connection
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 64 * 1024;  // larger: 413 and the connection closed
  std::size_t max_connections = 512;   // more are closed at once
  std::string tls_cert, tls_key;       // PEM files; both given: HTTPS only
  bool access_log = true;              // a line per request on stderr
};

// A request as the handler sees it: the decoded Request and what only the
// server's own checks need (Origin, Referer, Host, the login-form cookie).
struct Incoming {
  Request request;
  std::string origin, referer, host;
  std::string fetch_site;    // Sec-Fetch-Site, which browsers set and no page can
  std::string login_cookie;  // fairaudit_login: the sign-in form's token
};

// What the handler answers, and the role to write in the access log
// ("-" when nobody is signed in).
struct Outgoing {
  Response response;
  std::string role = "-";
};

using Handler = std::function<Outgoing(const Incoming&)>;

// The route of a request path with every id masked, for the access log:
// "/findings/{fp}/review", "/units/{unit}/trend", "/api/runs".
std::string route_pattern(std::string_view raw_path);
// "%41+b" -> "A b" when `plus_is_space`; an invalid escape is kept as written.
std::string percent_decode(std::string_view s, bool plus_is_space);
// The headers every response carries (CSP, nosniff, …), Cache-Control:
// no-store when it has data. Added by the server; public for the tests.
void add_security_headers(Response& r);

class HttpServer {
 public:
  // Throws std::runtime_error when the address cannot be bound or the
  // certificate or key cannot be read (the message names the option).
  HttpServer(HttpOptions o, Handler h);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port bound (the one the system chose for port 0).
  unsigned short port() const;
  // "127.0.0.1:40123"
  std::string address() const;
  // Starts the threads: from now on connections are accepted.
  void start();
  // Stops accepting, lets the requests in flight finish (within the body
  // timeout), closes idle connections and joins the threads.
  void stop();
  // For `fairaudit serve`: catches SIGINT and SIGTERM, start()s, calls
  // `ready` (false: stop at once and return false), blocks until one of the
  // signals comes, then stop()s and returns true.
  bool run_until_signal(const std::function<bool()>& ready = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fairaudit::serve
