#include "client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>

namespace serve_test {

int connect_local(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<unsigned short>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{20, 0};  // no test waits longer for an answer
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

namespace {

Reply parse(const std::string& raw) {
  Reply r;
  const auto end = raw.find("\r\n\r\n");
  if (end == std::string::npos || raw.rfind("HTTP/1.", 0) != 0) return r;
  r.status = std::atoi(raw.c_str() + 9);
  std::size_t pos = raw.find("\r\n") + 2;
  while (pos < end) {
    const auto eol = raw.find("\r\n", pos);
    const std::string line = raw.substr(pos, eol - pos);
    pos = eol + 2;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    r.headers.emplace(name, value);
  }
  r.body = raw.substr(end + 4);
  return r;
}

std::string read_plain(int fd) {
  std::string in;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, std::size_t(n));
  }
  return in;
}

bool send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += std::size_t(n);
  }
  return true;
}

std::string exchange_tls(int fd, const std::string& raw) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  std::string in;
  if (SSL_connect(ssl) == 1) {
    std::size_t off = 0;
    while (off < raw.size()) {
      const int n = SSL_write(ssl, raw.data() + off, int(raw.size() - off));
      if (n <= 0) break;
      off += std::size_t(n);
    }
    char buf[16384];
    for (;;) {
      const int n = SSL_read(ssl, buf, sizeof buf);
      if (n <= 0) break;
      in.append(buf, std::size_t(n));
    }
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return in;
}

}  // namespace

Reply exchange(int port, const std::string& raw, bool tls) {
  const int fd = connect_local(port);
  if (fd < 0) return {};
  std::string in;
  if (tls) {
    in = exchange_tls(fd, raw);
  } else {
    send_all(fd, raw);  // the server may close before all is sent (413)
    in = read_plain(fd);
  }
  ::close(fd);
  return parse(in);
}

std::string form_escape(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Reply call(int port, const Call& c, bool tls) {
  std::string raw = c.method + " " + c.target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                    "\r\nConnection: close\r\n";
  if (!c.cookies.empty()) {
    raw += "Cookie: ";
    bool first = true;
    for (const auto& [k, v] : c.cookies) {
      raw += (first ? "" : "; ") + k + "=" + v;
      first = false;
    }
    raw += "\r\n";
  }
  for (const auto& [k, v] : c.headers) raw += k + ": " + v + "\r\n";
  if (c.method == "POST" || !c.body.empty())
    raw += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(c.body.size()) + "\r\n";
  raw += "\r\n" + c.body;
  return exchange(port, raw, tls);
}

std::string set_cookie_line(const Reply& r, const std::string& name) {
  for (const auto& line : r.all("set-cookie"))
    if (line.rfind(name + "=", 0) == 0) return line;
  return {};
}

std::string set_cookie_value(const Reply& r, const std::string& name) {
  const std::string line = set_cookie_line(r, name);
  if (line.empty()) return {};
  const auto start = name.size() + 1;
  return line.substr(start, line.find(';') - start);
}

}  // namespace serve_test
