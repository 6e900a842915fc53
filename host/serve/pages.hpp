// The pages of `fairaudit serve` (docs/serve.md, "Routes"): runs, findings
// with filters, one finding with its sentences, chart, review trail and review
// form, a round's checklist and a unit's trend, each as HTML and under /api/
// as JSON, in the viewer's language and with the viewer's audience only.
//
// The server (serve/app) has already decided who asks and checked the CSRF
// token and Origin of every POST before a request reaches these pages.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "serve/types.hpp"

namespace fairaudit::serve {

struct PagesOptions {
  std::string store_path;  // the SQLite store the nightly job writes
  // Where the plugins' and the host's compiled catalogs are (i18n::catalog_dirs).
  std::vector<std::filesystem::path> catalog_dirs;
};

class Pages {
 public:
  explicit Pages(PagesOptions o);
  ~Pages();
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  // The response to a signed-in viewer's request under /runs, /findings,
  // /rounds, /units or /api; nullopt when the path is none of the pages' (the
  // server answers 404). Safe to call from several threads at once.
  std::optional<Response> handle(const Request& rq, const Viewer& v);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fairaudit::serve
