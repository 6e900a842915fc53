// What was read from a pipe and not yet taken, for the framed messages
// between the host and its plugin processes: each read takes whatever the
// pipe holds straight into the buffer, and a message is taken as a view of
// its bytes there, so nothing is copied on the way but by the read itself.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

namespace fairaudit::run {

class PipeBuffer {
 public:
  std::size_t size() const { return hi_ - lo_; }
  const char* data() const { return bytes_.data() + lo_; }
  // The first `n` bytes, valid until the next read().
  std::string_view view(std::size_t n) const { return {data(), n}; }
  void consume(std::size_t n) {
    lo_ += n;
    if (lo_ == hi_) lo_ = hi_ = 0;
  }
  // One read(2) from `fd` of at least `want` bytes' room (64 KiB or more):
  // its result, the bytes kept. Views taken before are no longer valid.
  ssize_t read(int fd, std::size_t want) {
    want = std::max<std::size_t>(want, 65536);
    if (bytes_.size() - hi_ < want && lo_ > 0) {
      std::memmove(bytes_.data(), bytes_.data() + lo_, hi_ - lo_);
      hi_ -= lo_;
      lo_ = 0;
    }
    if (bytes_.size() - hi_ < want) bytes_.resize(hi_ + want);
    const ssize_t n = ::read(fd, bytes_.data() + hi_, bytes_.size() - hi_);
    if (n > 0) hi_ += std::size_t(n);
    return n;
  }
  // Empty, its memory given back (a new process's pipe).
  void reset() {
    bytes_ = {};
    lo_ = hi_ = 0;
  }

 private:
  std::vector<char> bytes_;
  std::size_t lo_ = 0, hi_ = 0;
};

}  // namespace fairaudit::run
