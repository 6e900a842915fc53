// Reading a flat export's bytes: a file, standard input or a string, in large
// blocks, with one byte of look-ahead. The CSV and JSON readers of
// host/convert take their input from here, so neither holds more than a block
// of the export in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/errors.hpp"
#include "common/hash.hpp"

namespace fairaudit::convert {

class ByteReader {
 public:
  static constexpr int kEnd = -1;

  // Opens a file, or standard input for "-". Throws InputError.
  explicit ByteReader(const std::string& path);
  // Reads from memory (tests, the fuzz target); the bytes must outlive the reader.
  static ByteReader from_memory(std::string_view bytes);
  ~ByteReader();
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  int peek() {
    if (pos_ == end_ && !refill()) return kEnd;
    return static_cast<unsigned char>(data_[pos_]);
  }
  int get() {
    if (pos_ == end_ && !refill()) return kEnd;
    ++consumed_;
    return static_cast<unsigned char>(data_[pos_++]);
  }
  // The bytes that can be read without another read(2): lets a scanner copy a
  // run of ordinary bytes at once. Empty at the end of the input.
  std::string_view available() {
    if (pos_ == end_ && !refill()) return {};
    return std::string_view(data_ + pos_, end_ - pos_);
  }
  void skip(std::size_t n) {
    pos_ += n;
    consumed_ += n;
  }
  // Puts back the bytes just read (they must be exactly those), so that a
  // look-ahead of any length can be undone: the CSV reader reads the header
  // line to choose the separator, then parses it like any other record.
  void unread(std::string_view bytes);
  std::uint64_t consumed() const { return consumed_; }
  const std::string& name() const { return name_; }

  // What was read of the input, for the run's metadata (its inputs are the
  // flat files, not the canonical file made of them): the SHA-256 of every
  // byte, their number and the lines they hold. Complete once the reader
  // reached the end; sha256() is taken once, at the end.
  std::string sha256() { return sha_.hex(); }
  std::uint64_t bytes_read() const { return bytes_read_; }
  std::uint64_t lines_read() const { return newlines_ + (bytes_read_ && !ends_with_newline_ ? 1 : 0); }

 private:
  struct Memory {};
  ByteReader(std::string_view bytes, Memory);
  bool refill();
  void account(const char* p, std::size_t n);

  std::string name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::string buffer_;
  std::string pushed_back_;  // unread() bytes and the rest of the block after them
  const char* data_ = nullptr;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t consumed_ = 0;
  bool eof_ = false;
  common::Sha256 sha_;
  std::uint64_t bytes_read_ = 0, newlines_ = 0;
  bool ends_with_newline_ = false;
};

}  // namespace fairaudit::convert
