// fairaudit convert: a flat ATS export (CSV or JSON, one row per application)
// through a mapping file into canonical JSON Lines; and the same conversion
// for `fairaudit audit --mapping`.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "convert/convert.hpp"

namespace fairaudit::cli {

struct ConvertArgs {
  std::string mapping;
  std::vector<std::string> inputs;
  std::string output;
  bool strict = false;
  std::size_t memory_mb = 128;
  std::string temp_dir;
};

int cmd_convert(const ConvertArgs& a);

// A canonical export converted for one audit run: a 0600 file under $TMPDIR,
// removed when this goes (special-category data is not left lying around).
class ConvertedExport {
 public:
  explicit ConvertedExport(std::string path) : path_(std::move(path)) {}
  ~ConvertedExport();
  ConvertedExport(const ConvertedExport&) = delete;
  ConvertedExport& operator=(const ConvertedExport&) = delete;
  const std::string& path() const { return path_; }
  // What the conversion read and wrote: the flat inputs with their SHA-256,
  // and the rows each canonical line (round) came from.
  convert::ConvertReport report;

 private:
  std::string path_;
};

// Converts `inputs` with `mapping` for `audit --mapping`, printing the
// conversion report on stderr. Throws std::runtime_error with a message for
// the user (mapping, input or --strict errors).
std::unique_ptr<ConvertedExport> convert_for_audit(const std::string& mapping, const std::vector<std::string>& inputs,
                                                   bool strict);

}  // namespace fairaudit::cli
