// The frame every page of `fairaudit serve` shares: the document head (the
// style sheet /static/serve.css, the script /static/filters.js, no inline
// script or style), the header with the navigation, who is signed in and the
// sign-out form, and the page's own body.
#pragma once

#include <string>
#include <string_view>

#include "serve/types.hpp"

namespace fairaudit::serve {

// HTML-escaped text, for every value a page shows.
std::string esc(std::string_view s);

// A whole page. `viewer` is null on the login page. `body_html` is already
// escaped HTML; `title` is text (escaped here). The language is the viewer's,
// or `lang` when nobody is signed in.
std::string page(std::string_view title, std::string_view body_html, const Viewer* viewer,
                 i18n::Language lang = i18n::Language::en);

}  // namespace fairaudit::serve
