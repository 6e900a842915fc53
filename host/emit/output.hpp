// Output files appear whole or not at all: written to a temporary file in the
// same directory and renamed over the target only when complete.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>

namespace fairaudit::emit {

class AtomicOutput {
 public:
  // An empty path or "-" writes to stdout.
  explicit AtomicOutput(const std::string& path);
  ~AtomicOutput();  // removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  void write(std::string_view data);
  void commit();  // flush, fsync, rename; throws std::runtime_error

 private:
  std::string path_, tmp_;
  std::FILE* fp_ = nullptr;
  bool stdout_ = false, committed_ = false;
  bool direct_ = false;  // a device or pipe, written in place
};

// A RapidJSON output stream into an AtomicOutput, in 1 MiB pieces: a renderer
// that writes through it never holds the whole document in memory.
class OutputStream {
 public:
  using Ch = char;
  explicit OutputStream(AtomicOutput& out) : out_(out) { buf_.reserve(kPiece); }
  ~OutputStream() = default;  // an unflushed tail is dropped: Flush() is part of a complete write
  void Put(char c) {
    buf_.push_back(c);
    if (buf_.size() >= kPiece) Flush();
  }
  void Flush() {
    out_.write(buf_);
    buf_.clear();
  }

 private:
  static constexpr std::size_t kPiece = std::size_t(1) << 20;
  AtomicOutput& out_;
  std::string buf_;
};

// Writes a whole string atomically (convenience for renderers that build in memory).
void write_output(const std::string& path, std::string_view data);

}  // namespace fairaudit::emit
