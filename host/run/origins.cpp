#include "run/origins.hpp"

#include <algorithm>
#include <stdexcept>

namespace fairaudit::run {

void Origins::rename(const std::string& input, std::string name) { renames_[input] = std::move(name); }

std::uint32_t Origins::file_index(const std::string& file) {
  auto it = std::find(files_.begin(), files_.end(), file);
  if (it != files_.end()) return std::uint32_t(it - files_.begin());
  files_.push_back(file);
  last_.emplace_back();
  return std::uint32_t(files_.size() - 1);
}

void Origins::add_round(const std::string& input, const std::string& file, std::uint64_t first, std::uint64_t last) {
  if (converted_.empty()) converted_ = input;
  if (input != converted_) throw std::logic_error("Origins: one converted export per run");
  const std::uint32_t f = file_index(file);
  spans_.push_back(Span{f, first, last});
  if (last > first) last_[f][first] = last;
}

void Origins::apply(Source& source) const {
  if (!converted_.empty() && source.file == converted_) {
    if (source.line >= 1 && source.line <= spans_.size()) {
      const Span& s = spans_[source.line - 1];
      source.file = files_[s.file];
      source.line = s.first;
    } else {
      // Not a round of the conversion (it writes nothing else): the flat
      // file without a row, never the temporary file.
      source.file = files_.empty() ? std::string() : files_.front();
      source.line = 0;
    }
    return;
  }
  if (auto it = renames_.find(source.file); it != renames_.end()) source.file = it->second;
}

std::uint64_t Origins::end_line(const Source& source) const {
  if (spans_.empty() || source.line == 0) return 0;
  auto it = std::find(files_.begin(), files_.end(), source.file);
  if (it == files_.end()) return 0;
  const auto& last = last_[std::size_t(it - files_.begin())];
  auto l = last.find(source.line);
  return l == last.end() ? 0 : l->second;
}

std::string Origins::name_of(const std::string& input) const {
  auto it = renames_.find(input);
  return it == renames_.end() ? input : it->second;
}

}  // namespace fairaudit::run
