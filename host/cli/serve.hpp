// fairaudit serve: the findings of the stored runs reviewed in a browser,
// behind a sign-in, each role shown its own audience (docs/serve.md).
#pragma once

#include <string>

#include "cli/common.hpp"

namespace fairaudit::cli {

struct ServeArgs {
  std::string store;
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert, tls_key;
  std::string ready_file;  // written with the address once connections are accepted
  std::string origin;      // the origin browsers use behind a reverse proxy
  int threads = 2;
  double header_timeout = 10, body_timeout = 30, idle_timeout = 60;  // seconds
  int session_idle_minutes = 30, session_hours = 12;
};

int cmd_serve(const ServeArgs& a, const Common& c);

}  // namespace fairaudit::cli
