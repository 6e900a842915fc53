// What `fairaudit serve` answers: sign-in and sign-out, the users page, the
// static files, and for a signed-in viewer everything else through the pages
// (serve/pages). Every POST is checked for its CSRF token and its Origin
// before anything is done; each role reaches its own routes only
// (docs/serve.md, "Routes" and "Security").
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "serve/auth.hpp"
#include "serve/http.hpp"
#include "serve/pages.hpp"

namespace fairaudit::serve {

struct AppOptions {
  std::string store_path;
  SessionPolicy sessions;
  // The origin browsers use ("https://audit.example.no") when a reverse
  // proxy is in front; empty: the request's own scheme and Host header.
  // X-Forwarded-Proto and X-Forwarded-Host are never trusted.
  std::string origin;
  std::vector<std::filesystem::path> catalog_dirs;  // for the pages (i18n::catalog_dirs)
  std::chrono::milliseconds busy_timeout{60000};    // of each thread's store connection
  int address_failures = 30;  // failed sign-ins from one address within 15 minutes before it is refused
};

class App {
 public:
  explicit App(AppOptions o);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // The answer to one request. Safe to call from several threads at once;
  // never throws (a failure is a 500 with a fixed sentence).
  Outgoing handle(const Incoming& in);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The origin a POST must come from: `configured` when given, else
// http(s)://HOST as the request's Host header says.
std::string expected_origin(const Incoming& in, const std::string& configured);
// Whether a POST comes from `expected`: its Origin is it; or the browser
// withheld the Origin (`null` or none, as it does under Referrer-Policy:
// no-referrer) and says Sec-Fetch-Site: same-origin; or, from a client that
// sends neither, its Referer is under it.
bool same_origin(const Incoming& in, const std::string& expected);

}  // namespace fairaudit::serve
