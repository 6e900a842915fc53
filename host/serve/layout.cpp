#include "serve/layout.hpp"

#include "i18n/i18n.hpp"
#include "i18n/roles.hpp"

// The frame of every page. The Content-Security-Policy the server sends
// allows no inline script or style: nothing here carries a style= or on…=
// attribute, the one script is /static/filters.js, and the pages work
// without it.

namespace fairaudit::serve {
namespace {

std::string role_words(Role r) {
  switch (r) {
    case Role::representative: return i18n::review_role_name("representative");
    case Role::union_: return i18n::review_role_name("union");
    case Role::hr: return i18n::review_role_name("hr");
    case Role::admin: return i18n::text("administrator");
  }
  return {};
}

}  // namespace

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
  // The words of the frame are in the page's language, whatever the thread's.
  const i18n::Language l = viewer ? viewer->lang : lang;
  i18n::Scoped scoped(l);
  std::string o = "<!DOCTYPE html>\n<html lang=\"";
  o += i18n::to_string(l);
  o += "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  o += esc(title);
  o += " · fairaudit</title><link rel=\"stylesheet\" href=\"/static/serve.css\">"
       "<script src=\"/static/filters.js\" defer></script></head><body>";
  o += "<header class=\"site\"><span class=\"brand\">fairaudit</span>";
  if (viewer) {
    o += "<nav aria-label=\"" + esc(i18n::text("Main")) + "\"><ul>";
    if (viewer->role == Role::admin) {
      o += "<li><a href=\"/admin/users\">" + esc(i18n::text("Users")) + "</a></li>";
    } else {
      o += "<li><a href=\"/runs\">" + esc(i18n::text("Runs")) + "</a></li>";
      o += "<li><a href=\"/findings\">" + esc(i18n::text("Findings")) + "</a></li>";
    }
    o += "</ul></nav><div class=\"user\"><span class=\"name\">" + esc(viewer->name) + "</span> <span class=\"role\">(" +
         esc(role_words(viewer->role)) + ")</span>";
    o += "<form class=\"logout\" method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         esc(viewer->csrf) + "\"><button type=\"submit\">" + esc(i18n::text("Sign out")) + "</button></form></div>";
  }
  o += "</header><main>";
  o += body_html;
  o += "</main></body></html>\n";
  return o;
}

}  // namespace fairaudit::serve
