// The files under /static/: the style sheet and the one script, built into
// the executable from host/serve/static/ so that an installed fairaudit
// serves them without a data directory.
#pragma once

#include <optional>
#include <string_view>

namespace fairaudit::serve {

struct StaticFile {
  std::string_view content_type, body;
};

// "/static/serve.css", "/static/filters.js"; nullopt for any other path.
std::optional<StaticFile> static_file(std::string_view path);

}  // namespace fairaudit::serve
