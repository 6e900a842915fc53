// A small HTTP/1.1 client for the server tests, on plain sockets (and
// OpenSSL for HTTPS), to 127.0.0.1 only. Each request is sent whole on a
// connection of its own with "Connection: close" and read to the end.
#pragma once

#include <map>
#include <string>
#include <vector>
#include <utility>

namespace serve_test {

struct Reply {
  int status = 0;  // 0: the server closed without an answer
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [it, end] = headers.equal_range(name); it != end; ++it) out.push_back(it->second);
    return out;
  }
};

// Sends `raw` (a whole request, as written) and reads the answer.
Reply exchange(int port, const std::string& raw, bool tls = false);

struct Call {
  Call() = default;
  Call(std::string m, std::string t, std::string b = {}) : method(std::move(m)), target(std::move(t)), body(std::move(b)) {}
  std::string method = "GET";
  std::string target = "/";
  std::string body;  // sent as application/x-www-form-urlencoded when not empty (or when method is POST)
  std::map<std::string, std::string> cookies;
  std::vector<std::pair<std::string, std::string>> headers;  // extra: Origin, Referer, …
};
Reply call(int port, const Call& c, bool tls = false);

// A connected socket to 127.0.0.1:port (-1 on failure), for the slow-client test.
int connect_local(int port);

// The value of the cookie `name` set by a reply ("" when none).
std::string set_cookie_value(const Reply& r, const std::string& name);
// The whole Set-Cookie line of `name` ("" when none).
std::string set_cookie_line(const Reply& r, const std::string& name);

// "a b&c" -> "a+b%26c"
std::string form_escape(const std::string& s);

}  // namespace serve_test
