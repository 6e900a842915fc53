// One browser's worth of HTTP for the load generator: a keep-alive connection
// to `fairaudit serve` (Boost.Beast, synchronous: one session per thread), its
// cookies, and the sign-in the login form asks for (docs/serve.md: GET /login
// gives the form's csrf, POST /login with name, password, csrf and an Origin
// of the server itself answers 303 and sets fairaudit_session).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace fairaudit::bench::serve {

struct Reply {
  int status = 0;
  std::string body;
  std::string location;  // the Location header of a redirect
};

class Client {
 public:
  // host and port of the server, as the ready file writes them.
  Client(std::string host, std::string port);

  // A GET or a form POST (x-www-form-urlencoded), with this client's cookies;
  // the Set-Cookie headers of the answer are kept. A connection the server
  // closed is opened again once; a second failure throws.
  Reply get(const std::string& target);
  Reply post_form(const std::string& target, const std::map<std::string, std::string>& form);

  // Signs in; false (with `why`) when the server did not answer 303 with a
  // session cookie.
  bool sign_in(const std::string& name, const std::string& password, std::string& why);
  bool signed_in() const { return cookies_.count("fairaudit_session") > 0; }

 private:
  Reply send(boost::beast::http::request<boost::beast::http::string_body>& rq);
  void connect();

  std::string host_, port_, origin_;
  boost::asio::io_context ioc_;
  std::optional<boost::asio::ip::tcp::socket> socket_;
  boost::beast::flat_buffer buffer_;
  std::map<std::string, std::string> cookies_;
};

// Percent-encoding of a query or form value.
std::string url_encode(std::string_view s);
// The value of the first <input name="csrf" value="…"> of a page, "" if none.
std::string csrf_of(std::string_view html);

}  // namespace fairaudit::bench::serve
