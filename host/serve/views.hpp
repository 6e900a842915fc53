// What the pages' views share (serve/pages_*.cpp): who asks and with which
// audience, the store of this thread, and the small functions every view uses
// to escape, link and answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emit/disclosure.hpp"
#include "serve/types.hpp"
#include "store/store.hpp"

namespace fairaudit::serve::views {

struct Ctx {
  store::Store& st;
  const Request& rq;
  const Viewer& v;
  emit::Audience audience;
};

// A path segment or query value percent-encoded (RFC 3986 unreserved kept):
// a unit called `"><img …>` stays one inert segment of the link.
std::string pct(std::string_view s);
// A whole number of up to 18 digits, nothing else.
std::optional<std::int64_t> parse_id(std::string_view s);

Response html(const Ctx& c, std::string_view title, std::string_view body, int status = 200);
Response json(std::string body, int status = 200);
// A sentence (already in the viewer's language) as the page or as
// {"error": …}; it never echoes what was asked for.
Response error(const Ctx& c, int status, const std::string& sentence);

// Words for codes, in the viewer's language.
std::string severity_words(std::string_view severity);
std::string state_words(std::string_view state);
std::string when(std::string_view iso);  // a stored time as the language writes it
std::string run_label(std::int64_t run_id);  // "run 12"
// A finding's key in words: "gender+immigrant_background/interview_invited>hired"
// -> "gender and immigrant background, interview invited → hired" (the
// rule's catalog's words where it has them).
std::string key_words(const std::string& rule_id, std::string_view key);

Response runs(Ctx& c);
Response findings(Ctx& c);
Response finding(Ctx& c, const std::string& fp, int status = 200, const std::string& notice = {});
Response review(Ctx& c, const std::string& fp);
Response checklist(Ctx& c, const std::string& round);
Response trend(Ctx& c, const std::string& unit);

}  // namespace fairaudit::serve::views
