#include "serve/http.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

namespace fairaudit::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

// Beast 1.74 speaks boost::string_view.
std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// a=b&c=d, each side percent-decoded with '+' as a space.
template <class Out>
void parse_pairs(std::string_view s, Out&& put) {
  while (!s.empty()) {
    const auto amp = s.find('&');
    std::string_view pair = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    put(percent_decode(pair.substr(0, eq), true),
        eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true));
  }
}

// The value of one cookie among the Cookie headers; "" when absent.
std::string cookie_value(const http::request<http::string_body>& rq, std::string_view name) {
  for (auto [it, end] = rq.equal_range(http::field::cookie); it != end; ++it) {
    std::string_view v = sv(it->value());
    while (!v.empty()) {
      const auto semi = v.find(';');
      std::string_view c = v.substr(0, semi);
      v = semi == std::string_view::npos ? std::string_view() : v.substr(semi + 1);
      while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
      const auto eq = c.find('=');
      if (eq != std::string_view::npos && c.substr(0, eq) == name) return std::string(c.substr(eq + 1));
    }
  }
  return {};
}

std::string header(const http::request<http::string_body>& rq, http::field f) {
  auto it = rq.find(f);
  return it == rq.end() ? std::string() : std::string(it->value());
}

// The method for the log: a known one, else "-" (an unknown token is the
// client's text).
std::string log_method(const http::request<http::string_body>& rq) {
  return rq.method() == http::verb::unknown ? std::string("-") : std::string(http::to_string(rq.method()));
}

Incoming decode(const http::request<http::string_body>& rq, const std::string& remote, bool tls) {
  Incoming in;
  Request& r = in.request;
  r.method = rq.method() == http::verb::unknown ? std::string(rq.method_string()) : std::string(http::to_string(rq.method()));
  std::string_view target = sv(rq.target());
  const auto q = target.find('?');
  r.path = percent_decode(target.substr(0, q), false);
  if (q != std::string_view::npos)
    parse_pairs(target.substr(q + 1), [&](std::string k, std::string v) { r.query.emplace(std::move(k), std::move(v)); });
  const std::string type = header(rq, http::field::content_type);
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0)
    parse_pairs(rq.body(), [&](std::string k, std::string v) { r.form.emplace(std::move(k), std::move(v)); });
  r.wants_json = r.path == "/api" || r.path.rfind("/api/", 0) == 0;
  r.remote = remote;
  r.tls = tls;
  r.session_cookie = cookie_value(rq, "fairaudit_session");
  r.accept_language = header(rq, http::field::accept_language);
  in.login_cookie = cookie_value(rq, "fairaudit_login");
  in.origin = header(rq, http::field::origin);
  in.referer = header(rq, http::field::referer);
  in.host = header(rq, http::field::host);
  if (auto it = rq.find("Sec-Fetch-Site"); it != rq.end()) in.fetch_site = std::string(sv(it->value()));
  return in;
}

Response fixed_page(int status, const char* sentence) {
  Response r;
  r.status = status;
  r.has_data = false;
  r.body = std::string("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>") + sentence +
           "</title></head><body><p>" + sentence + "</p></body></html>\n";
  return r;
}

std::shared_ptr<spdlog::logger> access_logger() {
  static std::shared_ptr<spdlog::logger> log = [] {
    auto l = std::make_shared<spdlog::logger>("fairaudit-access", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
    l->set_level(spdlog::level::info);
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return log;
}

}  // namespace

// What every connection shares with the server (HttpServer::Impl holds it,
// so it is not in the anonymous namespace).
namespace http_server {

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void close_if_idle() = 0;
};

struct Shared {
  HttpOptions o;
  Handler handler;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex m;
  std::map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
};

}  // namespace http_server

namespace {

using http_server::SessionBase;
using http_server::Shared;

template <bool Tls>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Tls>> {
  using Stream = std::conditional_t<Tls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

 public:
  template <class... Ctx>
  Session(std::shared_ptr<Shared> s, tcp::socket&& sock, std::string remote, Ctx&... ctx)
      : shared_(std::move(s)), stream_(std::move(sock), ctx...), remote_(std::move(remote)) {}

  ~Session() override {
    std::lock_guard lock(shared_->m);
    shared_->sessions.erase(this);
    --shared_->connections;
  }

  void run() {
    {
      std::lock_guard lock(shared_->m);
      shared_->sessions[this] = this->shared_from_this();
    }
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->begin(); });
  }

  void close_if_idle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) beast::get_lowest_layer(self->stream_).cancel();
    });
  }

 private:
  auto& lowest() { return beast::get_lowest_layer(stream_); }

  void begin() {
    if constexpr (Tls) {
      lowest().expires_after(shared_->o.header_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close();
                                self->wait_first(true);
                              });
    } else {
      wait_first(true);
    }
  }

  // Waits for the first byte of the next request: the header timeout runs
  // from there, so that a kept-alive connection may be idle for longer.
  void wait_first(bool first) {
    idle_ = true;
    if (shared_->stopping) return close();
    if (buffer_.size() > 0) return read_header();
    lowest().expires_after(first ? shared_->o.header_timeout : shared_->o.idle_timeout);
    stream_.async_read_some(buffer_.prepare(2048), [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->buffer_.commit(n);
      self->read_header();
    });
  }

  void read_header() {
    idle_ = false;
    started_ = std::chrono::steady_clock::now();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->o.header_limit));
    parser_->body_limit(shared_->o.body_limit);
    lowest().expires_after(shared_->o.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->refuse(ec);
      self->lowest().expires_after(self->shared_->o.body_timeout);
      http::async_read(self->stream_, self->buffer_, *self->parser_,
                       [self](beast::error_code ec2, std::size_t) {
                         if (ec2) return self->refuse(ec2);
                         self->answer();
                       });
    });
  }

  // A request that could not be read: too large (413, 431), malformed (400)
  // or too slow / gone (closed without an answer).
  void refuse(beast::error_code ec) {
    if (ec == http::error::body_limit) return send(fixed_page(413, "The request is too large."), false);
    if (ec == http::error::header_limit) return send(fixed_page(431, "The request's header is too large."), false);
    if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset || ec == http::error::partial_message)
      return close();
    return send(fixed_page(400, "The request could not be read."), false);
  }

  void answer() {
    const auto& rq = parser_->get();
    Outgoing out;
    try {
      out = shared_->handler(decode(rq, remote_, Tls));
    } catch (...) {
      out = Outgoing{fixed_page(500, "The server could not answer this request."), "-"};
    }
    role_ = out.role;
    send(std::move(out.response), rq.keep_alive() && !shared_->stopping);
  }

  void send(Response r, bool keep_alive) {
    idle_ = false;
    // What the log may say of the request: its method and masked route, once
    // the header was read whole.
    const bool have_header = parser_ && parser_->is_header_done();
    add_security_headers(r);
    res_ = {};
    res_.version(have_header && parser_ ? parser_->get().version() : 11);
    res_.result(static_cast<unsigned>(r.status));
    res_.set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res_.insert(k, v);
    res_.body() = std::move(r.body);
    res_.keep_alive(keep_alive);
    res_.prepare_payload();
    method_ = have_header && parser_ ? log_method(parser_->get()) : "-";
    route_ = have_header && parser_ ? route_pattern(sv(parser_->get().target()).substr(0, sv(parser_->get().target()).find('?')))
                                    : "-";
    if (!have_header) role_ = "-";
    lowest().expires_after(shared_->o.body_timeout);
    http::async_write(stream_, res_, [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t n) {
      self->log(n);
      if (ec || !keep_alive) return self->close();
      self->wait_first(false);
    });
  }

  void log(std::size_t bytes) {
    if (!shared_->o.access_log) return;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
    access_logger()->info("{} {} {} {} {}ms {}", method_, route_, res_.result_int(), bytes, ms.count(), role_);
  }

  void close() {
    idle_ = false;
    if constexpr (Tls) {
      lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        self->lowest().socket().close(ignored);
      });
    } else {
      beast::error_code ignored;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      lowest().socket().close(ignored);
    }
  }

  std::shared_ptr<Shared> shared_;
  Stream stream_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::string method_ = "-", route_ = "-", role_ = "-";
  bool idle_ = true;
};

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string route_pattern(std::string_view raw_path) {
  static const std::vector<std::string_view> kWords = {
      "api", "runs", "findings", "review", "rounds", "checklist", "units", "trend", "admin", "users",
      "login", "logout", "static", "serve.css", "filters.js", "favicon.ico"};
  std::string out;
  std::string_view previous;
  while (!raw_path.empty()) {
    if (raw_path.front() == '/') raw_path.remove_prefix(1);
    const auto slash = raw_path.find('/');
    std::string_view seg = raw_path.substr(0, slash);
    raw_path = slash == std::string_view::npos ? std::string_view() : raw_path.substr(slash);
    if (seg.empty() && raw_path.empty()) break;
    out += '/';
    bool known = false;
    for (auto w : kWords) known = known || seg == w;
    if (known) {
      out += seg;
    } else if (previous == "findings") {
      out += "{fp}";
    } else if (previous == "rounds") {
      out += "{round}";
    } else if (previous == "units") {
      out += "{unit}";
    } else {
      out += "{id}";
    }
    previous = known ? seg : std::string_view("{id}");
    if (out.size() > 200) break;
  }
  return out.empty() ? "/" : out;
}

void add_security_headers(Response& r) {
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  if (r.has_data) r.headers.emplace_back("Cache-Control", "no-store");
}

struct HttpServer::Impl {
  explicit Impl(HttpOptions o, Handler h)
      : ioc(o.threads > 0 ? o.threads : 1), acceptor(ioc), signals(ioc) {
    shared = std::make_shared<Shared>();
    shared->o = std::move(o);
    shared->handler = std::move(h);
  }

  // The acceptor is used by the thread that accepts and by stop(), under
  // accept_m. (It was on a strand and closed by a handler stop() posted to
  // it: under load that handler was seen never to run, both server threads
  // idle, and stop() waited for ever.)
  void accept() {
    std::lock_guard lock(accept_m);
    if (!acceptor.is_open()) return;
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket sock) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) take(std::move(sock));
      if (!shared->stopping) accept();
    });
  }

  void take(tcp::socket sock) {
    beast::error_code e;
    const auto peer = sock.remote_endpoint(e);
    if (e || shared->stopping || shared->connections >= shared->o.max_connections) {
      sock.close(e);
      return;
    }
    // Small answers go out at once, not after the peer's delayed ACK.
    sock.set_option(tcp::no_delay(true), e);
    ++shared->connections;
    const std::string remote = peer.address().to_string();
    if (tls)
      std::make_shared<Session<true>>(shared, std::move(sock), remote, *tls)->run();
    else
      std::make_shared<Session<false>>(shared, std::move(sock), remote)->run();
  }

  asio::io_context ioc;
  mutable std::mutex accept_m;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::optional<asio::ssl::context> tls;
  std::shared_ptr<Shared> shared;
  std::vector<std::thread> threads;
  bool started = false, stopped = false;
};

HttpServer::HttpServer(HttpOptions o, Handler h) {
  const bool want_tls = !o.tls_cert.empty() || !o.tls_key.empty();
  if (want_tls && (o.tls_cert.empty() || o.tls_key.empty()))
    throw std::runtime_error("--tls-cert and --tls-key are given together or not at all");
  const std::string where = o.host + ":" + std::to_string(o.port);
  impl_ = std::make_unique<Impl>(std::move(o), std::move(h));
  auto& im = *impl_;
  if (want_tls) {
    im.tls.emplace(asio::ssl::context::tls_server);
    im.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    try {
      im.tls->use_certificate_chain_file(im.shared->o.tls_cert);
    } catch (const std::exception&) {
      throw std::runtime_error("--tls-cert: the certificate could not be read (a PEM file is expected)");
    }
    try {
      im.tls->use_private_key_file(im.shared->o.tls_key, asio::ssl::context::pem);
    } catch (const std::exception&) {
      throw std::runtime_error("--tls-key: the private key could not be read, or is not the certificate's");
    }
  }
  try {
    const tcp::endpoint ep(asio::ip::make_address(im.shared->o.host), im.shared->o.port);
    im.acceptor.open(ep.protocol());
    im.acceptor.set_option(asio::socket_base::reuse_address(true));
    im.acceptor.bind(ep);
    im.acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("--listen: cannot listen on " + where + " (" + e.code().message() + ")");
  }
}

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const {
  std::lock_guard lock(impl_->accept_m);
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

std::string HttpServer::address() const {
  std::lock_guard lock(impl_->accept_m);
  beast::error_code ec;
  const auto ep = impl_->acceptor.local_endpoint(ec);
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

void HttpServer::start() {
  auto& im = *impl_;
  if (im.started) return;
  im.started = true;
  im.accept();
  for (int i = 0; i < std::max(1, im.shared->o.threads); ++i) im.threads.emplace_back([&im] { im.ioc.run(); });
}

void HttpServer::stop() {
  auto& im = *impl_;
  if (!im.started || im.stopped) return;
  im.stopped = true;
  im.shared->stopping = true;
  {
    std::lock_guard lock(im.accept_m);
    beast::error_code ec;
    im.acceptor.close(ec);  // the accept in wait ends with operation_aborted
    im.signals.cancel(ec);
  }
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(im.shared->m);
    for (auto& [p, w] : im.shared->sessions)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->close_if_idle();
  live.clear();
  // The requests in flight finish, within the time a response may take.
  const auto give_up_at = std::chrono::steady_clock::now() + im.shared->o.body_timeout + im.shared->o.header_timeout;
  while (im.shared->connections > 0 && std::chrono::steady_clock::now() < give_up_at)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  im.ioc.stop();
  for (auto& t : im.threads) t.join();
  im.threads.clear();
}

bool HttpServer::run_until_signal(const std::function<bool()>& ready) {
  auto& im = *impl_;
  std::promise<void> got;
  auto fut = got.get_future();
  im.signals.add(SIGINT);
  im.signals.add(SIGTERM);
  im.signals.async_wait([&got](beast::error_code, int) { got.set_value(); });
  start();
  if (ready && !ready()) {
    stop();
    return false;
  }
  fut.wait();
  stop();
  return true;
}

}  // namespace fairaudit::serve
