#include "serve/pages.hpp"

// The first shape of the pages: none yet, every path is 404.

namespace fairaudit::serve {

struct Pages::Impl {
  PagesOptions options;
};

Pages::Pages(PagesOptions o) : impl_(std::make_unique<Impl>(Impl{std::move(o)})) {}
Pages::~Pages() = default;

std::optional<Response> Pages::handle(const Request&, const Viewer&) { return std::nullopt; }

}  // namespace fairaudit::serve
