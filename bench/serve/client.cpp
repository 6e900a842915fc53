#include "client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/error.hpp>
#include <cctype>
#include <regex>

namespace fairaudit::bench::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

Client::Client(std::string host, std::string port)
    : host_(std::move(host)), port_(std::move(port)), origin_("http://" + host_ + ":" + port_) {}

void Client::connect() {
  tcp::resolver resolver(ioc_);
  socket_.emplace(ioc_);
  net::connect(*socket_, resolver.resolve(host_, port_));
  socket_->set_option(tcp::no_delay(true));
  buffer_.clear();
}

Reply Client::send(http::request<http::string_body>& rq) {
  rq.version(11);
  rq.set(http::field::host, host_ + ":" + port_);
  rq.set(http::field::user_agent, "fairaudit-serve-load");
  std::string cookie;
  for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) rq.set(http::field::cookie, cookie);
  rq.prepare_payload();
  for (int attempt = 0;; ++attempt) {
    try {
      if (!socket_) connect();
      http::write(*socket_, rq);
      http::response_parser<http::string_body> parser;
      parser.body_limit(1ull << 31);  // a findings list of a large run may be big; it is measured, not refused
      http::read(*socket_, buffer_, parser);
      auto res = parser.release();
      for (auto it = res.find(http::field::set_cookie); it != res.end() && it->name() == http::field::set_cookie; ++it) {
        std::string v(it->value());
        const auto semi = v.find(';');
        const auto eq = v.find('=');
        if (eq == std::string::npos || eq > semi) continue;
        const std::string name = v.substr(0, eq);
        const std::string value = v.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
        // An expired or emptied cookie is the server taking it back.
        if (value.empty() || v.find("Max-Age=0") != std::string::npos) cookies_.erase(name);
        else cookies_[name] = value;
      }
      Reply r;
      r.status = static_cast<int>(res.result_int());
      r.location = std::string(res[http::field::location]);
      r.body = std::move(res.body());
      if (!res.keep_alive()) socket_.reset();
      return r;
    } catch (const beast::system_error&) {
      // A keep-alive connection the server closed between two requests.
      socket_.reset();
      if (attempt > 0) throw;
    }
  }
}

Reply Client::get(const std::string& target) {
  http::request<http::string_body> rq{http::verb::get, target, 11};
  rq.set(http::field::accept, target.rfind("/api/", 0) == 0 ? "application/json" : "text/html");
  return send(rq);
}

Reply Client::post_form(const std::string& target, const std::map<std::string, std::string>& form) {
  http::request<http::string_body> rq{http::verb::post, target, 11};
  std::string body;
  for (const auto& [k, v] : form) body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  rq.set(http::field::content_type, "application/x-www-form-urlencoded");
  rq.set(http::field::origin, origin_);
  rq.body() = std::move(body);
  return send(rq);
}

bool Client::sign_in(const std::string& name, const std::string& password, std::string& why) {
  const Reply page = get("/login");
  if (page.status != 200) {
    why = "GET /login answered " + std::to_string(page.status);
    return false;
  }
  const Reply r = post_form("/login", {{"name", name}, {"password", password}, {"csrf", csrf_of(page.body)}});
  if (r.status != 303 || !signed_in()) {
    why = "POST /login answered " + std::to_string(r.status) + (signed_in() ? "" : " without a session cookie");
    return false;
  }
  return true;
}

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string csrf_of(std::string_view html) {
  // Either attribute order of the hidden field.
  static const std::regex a(R"re(<input[^>]*name="csrf"[^>]*value="([^"]*)")re");
  static const std::regex b(R"re(<input[^>]*value="([^"]*)"[^>]*name="csrf")re");
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(html.begin(), html.end(), m, a) || std::regex_search(html.begin(), html.end(), m, b))
    return m[1].str();
  return {};
}

}  // namespace fairaudit::bench::serve
