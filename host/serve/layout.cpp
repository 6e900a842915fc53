#include "serve/layout.hpp"

// The first shape of the frame; the pages give it its navigation and words.

namespace fairaudit::serve {

std::string esc(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string page(std::string_view title, std::string_view body_html, const Viewer* viewer, i18n::Language lang) {
  std::string o = "<!DOCTYPE html>\n<html lang=\"";
  o += i18n::to_string(viewer ? viewer->lang : lang);
  o += "\"><head><meta charset=\"utf-8\"><title>";
  o += esc(title);
  o += "</title><link rel=\"stylesheet\" href=\"/static/serve.css\"></head><body><main>";
  o += body_html;
  o += "</main></body></html>\n";
  return o;
}

}  // namespace fairaudit::serve
