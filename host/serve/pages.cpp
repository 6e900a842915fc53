#include "serve/pages.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <map>

#include "serve/layout.hpp"
#include "serve/views.hpp"

// The routes of docs/serve.md and who may see them: each role its audience,
// admin none of these pages. Each thread keeps its own store connection
// (store::Store is one SQLite connection and not thread-safe).

namespace fairaudit::serve {
namespace {

std::atomic<std::uint64_t> next_pages_id{1};

std::optional<emit::Audience> audience_of(Role r) {
  switch (r) {
    case Role::representative: return emit::Audience::representative;
    case Role::union_: return emit::Audience::union_;
    case Role::hr: return emit::Audience::internal;
    case Role::admin: return std::nullopt;
  }
  return std::nullopt;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The part of `path` between `head` and `tail` ("/units/" … "/trend"); the
// middle may hold a '/' (an encoded one, decoded by the server).
std::optional<std::string> middle(std::string_view path, std::string_view head, std::string_view tail) {
  if (path.size() <= head.size() + tail.size() || !starts_with(path, head) || !ends_with(path, tail)) return std::nullopt;
  return std::string(path.substr(head.size(), path.size() - head.size() - tail.size()));
}

}  // namespace

struct Pages::Impl {
  PagesOptions options;
  std::uint64_t id = next_pages_id++;

  store::Store& store() {
    // One connection per thread and Pages; a thread that served ends with its own.
    thread_local std::map<std::uint64_t, std::unique_ptr<store::Store>> stores;
    auto& s = stores[id];
    if (!s) s = std::make_unique<store::Store>(options.store_path, std::chrono::milliseconds(5000));
    return *s;
  }
};

Pages::Pages(PagesOptions o) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(o);
  // Every language's words, for requests in each viewer's language.
  i18n::use_all(impl_->options.catalog_dirs);
}
Pages::~Pages() = default;

std::optional<Response> Pages::handle(const Request& rq, const Viewer& v) {
  std::string_view path = rq.path;
  const bool api = starts_with(path, "/api/");
  if (api) path.remove_prefix(4);
  const bool ours = path == "/runs" || path == "/findings" || starts_with(path, "/findings/") ||
                    starts_with(path, "/rounds/") || starts_with(path, "/units/");
  if (!ours) return std::nullopt;

  i18n::Scoped lang(v.lang);
  Request copy;  // wants_json follows the path, whatever the server set
  const Request* r = &rq;
  if (rq.wants_json != api) {
    copy = rq;
    copy.wants_json = api;
    r = &copy;
  }
  const auto audience = audience_of(v.role);
  try {
    store::Store& st = impl_->store();
    views::Ctx c{st, *r, v, audience.value_or(emit::Audience::union_)};
    if (!audience) return views::error(c, 403, i18n::text("This page is not for the administrator's account."));
    const bool get = r->method == "GET" || r->method == "HEAD";
    if (path == "/runs") return get ? views::runs(c) : views::error(c, 405, i18n::text("This page is only read."));
    if (path == "/findings") return get ? views::findings(c) : views::error(c, 405, i18n::text("This page is only read."));
    if (auto fp = middle(path, "/findings/", "/review"); fp && !api) {
      if (r->method != "POST") return views::error(c, 405, i18n::text("A review is sent with the review form."));
      return views::review(c, *fp);
    }
    if (starts_with(path, "/findings/")) {
      const std::string fp(path.substr(10));
      if (fp.empty() || fp.find('/') != std::string::npos) return std::nullopt;
      return get ? views::finding(c, fp) : views::error(c, 405, i18n::text("This page is only read."));
    }
    if (auto round = middle(path, "/rounds/", "/checklist"))
      return get ? views::checklist(c, *round) : views::error(c, 405, i18n::text("This page is only read."));
    if (auto unit = middle(path, "/units/", "/trend"))
      return get ? views::trend(c, *unit) : views::error(c, 405, i18n::text("This page is only read."));
    return std::nullopt;
  } catch (const std::exception& e) {
    // The store's messages name files and may quote what was asked: logged, not shown.
    spdlog::error("serve: {} of a page failed: {}", r->method, e.what());
    Response out;
    out.status = 500;
    if (api) {
      out.content_type = "application/json";
      out.body = "{\"error\":\"the store could not be read\"}";
    } else {
      out.body = "<!DOCTYPE html><title>500</title><p>" + esc(i18n::text("The store could not be read; try again later.")) +
                 "</p>";
    }
    return out;
  }
}

}  // namespace fairaudit::serve
