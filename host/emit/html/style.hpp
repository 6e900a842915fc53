// What makes the HTML report one self-contained file: its styles and its one
// small script (the findings filter) are inline, and a Content-Security-Policy
// that allows that script alone (by its hash) forbids every network request,
// so the file can be mailed and opened anywhere.
#pragma once

#include <string>

namespace fairaudit::emit::html {

const char* style();   // the stylesheet, screen and print
const char* script();  // the findings filter
// The script's hash for the Content-Security-Policy (CSP Level 2 hash source).
std::string csp_hash(const std::string& script);

}  // namespace fairaudit::emit::html
