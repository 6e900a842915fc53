#include "cli/serve.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/cli.hpp"
#include "common/paths.hpp"
#include "i18n/i18n.hpp"
#include "serve/app.hpp"
#include "serve/http.hpp"
#include "store/store.hpp"

namespace fairaudit::cli {
namespace {

namespace fs = std::filesystem;

// "127.0.0.1:8080", "[::1]:8080", "localhost:0" -> host and port.
bool split_listen(const std::string& s, std::string& host, unsigned short& port) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 == s.size()) return false;
  host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  if (host.empty()) return false;
  unsigned long p = 0;
  for (char c : s.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    p = p * 10 + unsigned(c - '0');
    if (p > 65535) return false;
  }
  port = static_cast<unsigned short>(p);
  return true;
}

std::chrono::milliseconds ms(double seconds) { return std::chrono::milliseconds(static_cast<long long>(seconds * 1000)); }

// Written whole or not at all: a test (or a service manager) that sees the
// file reads the whole address.
bool write_ready(const std::string& path, const std::string& address) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << address << "\n";
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  return !ec;
}

}  // namespace

int cmd_serve(const ServeArgs& a, const Common& c) {
  if (!fs::exists(a.store)) return fail("--store: no store there (fairaudit audit --store creates one)");
  serve::HttpOptions ho;
  if (!split_listen(a.listen, ho.host, ho.port)) return fail("--listen: expected HOST:PORT, e.g. 127.0.0.1:8080");
  ho.threads = a.threads;
  ho.header_timeout = ms(a.header_timeout);
  ho.body_timeout = ms(a.body_timeout);
  ho.idle_timeout = ms(a.idle_timeout);
  ho.tls_cert = a.tls_cert;
  ho.tls_key = a.tls_key;
  if (!a.origin.empty() && a.origin.rfind("http://", 0) != 0 && a.origin.rfind("https://", 0) != 0)
    return fail("--origin: expected http://HOST[:PORT] or https://HOST[:PORT]");
  const bool loopback = ho.host.rfind("127.", 0) == 0 || ho.host == "::1";
  if (!loopback && ho.tls_cert.empty())
    spdlog::warn("--listen: not a loopback address and no --tls-cert: passwords and session cookies would cross the "
                 "network in clear; put a TLS proxy in front or give --tls-cert and --tls-key");
  serve::AppOptions ao;
  ao.store_path = a.store;
  ao.origin = a.origin;
  while (!ao.origin.empty() && ao.origin.back() == '/') ao.origin.pop_back();
  ao.sessions.idle = std::chrono::minutes(a.session_idle_minutes);
  ao.sessions.absolute = std::chrono::hours(a.session_hours);
  ao.catalog_dirs = i18n::catalog_dirs(common::plugin_dirs(c.plugin_dirs));
  try {
    // Opened (and migrated) once here, so that a store that cannot be used
    // is said before the first request rather than in every one.
    { store::Store st(a.store); }
    serve::App app(ao);
    serve::HttpServer server(ho, [&app](const serve::Incoming& in) { return app.handle(in); });
    const bool tls = !ho.tls_cert.empty();
    std::fprintf(stderr, "fairaudit serve: listening on %s://%s (SIGINT or SIGTERM stops)\n", tls ? "https" : "http",
                 server.address().c_str());
    const bool ran = server.run_until_signal(
        [&] { return a.ready_file.empty() || write_ready(a.ready_file, server.address()); });
    if (!ran) return fail("--ready-file: the file could not be written");
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return kExitOk;
}

}  // namespace fairaudit::cli
