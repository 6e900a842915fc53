// The errors several parts of the host throw for the same reason, so that a
// caller catches one type whichever part read the input.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace fairaudit::common {

// An input (an export file, standard input) that cannot be read as a whole:
// missing, unreadable, a directory, empty or in a format that is not one.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// --strict: the first bad line, row or round stops the run or conversion.
// `file` and `line` say where, when the thrower knows (0: not known).
class StrictError : public std::runtime_error {
 public:
  explicit StrictError(const std::string& what, std::string file = {}, std::uint64_t line = 0)
      : std::runtime_error(what), file(std::move(file)), line(line) {}
  std::string file;
  std::uint64_t line = 0;
};

}  // namespace fairaudit::common
