#include "convert/bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fairaudit::convert {

namespace {
constexpr std::size_t kBlock = 1u << 20;
}

ByteReader::ByteReader(const std::string& path) : name_(path) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw common::InputError(path + ": cannot be opened: " + std::strerror(errno));
    owns_fd_ = true;
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd_);
      fd_ = -1;
      throw common::InputError(path + ": is a directory, not an export file");
    }
  }
  buffer_.resize(kBlock);
  data_ = buffer_.data();
}

ByteReader ByteReader::from_memory(std::string_view bytes) { return ByteReader(bytes, Memory{}); }

ByteReader::ByteReader(std::string_view bytes, Memory)
    : name_("<memory>"), data_(bytes.data()), end_(bytes.size()), eof_(true) {
  account(bytes.data(), bytes.size());
}

void ByteReader::account(const char* p, std::size_t n) {
  if (!n) return;
  sha_.update(p, n);
  bytes_read_ += n;
  newlines_ += std::uint64_t(std::count(p, p + n, '\n'));
  ends_with_newline_ = p[n - 1] == '\n';
}

ByteReader::~ByteReader() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

void ByteReader::unread(std::string_view bytes) {
  const std::size_t n = bytes.size();
  consumed_ -= n;
  if (pos_ >= n && std::string_view(data_ + pos_ - n, n) == bytes) {
    pos_ -= n;  // still in the current block
    return;
  }
  std::string joined(bytes);
  joined.append(data_ + pos_, end_ - pos_);
  pushed_back_ = std::move(joined);
  data_ = pushed_back_.data();
  pos_ = 0;
  end_ = pushed_back_.size();
}

bool ByteReader::refill() {
  if (eof_ || fd_ < 0) return false;
  for (;;) {
    ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw common::InputError(name_ + ": cannot be read: " + std::strerror(errno));
    data_ = buffer_.data();
    pos_ = 0;
    end_ = static_cast<std::size_t>(n);
    if (n == 0) eof_ = true;
    account(buffer_.data(), end_);
    return n > 0;
  }
}

}  // namespace fairaudit::convert
