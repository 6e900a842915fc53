// Output files appear whole or not at all: written to a temporary file in the
// same directory and renamed over the target only when complete.
#pragma once

#include <rapidjson/writer.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/json_text.hpp"

namespace fairaudit::emit {

class AtomicOutput {
 public:
  // An empty path or "-" writes to stdout.
  explicit AtomicOutput(const std::string& path);
  ~AtomicOutput();  // removes the temporary file unless committed
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  void write(std::string_view data);
  // Flush and fsync what is written so far, without renaming: the disk
  // takes the file while the caller finishes what the rename must wait for
  // (a nightly run's store), and commit() then has little left to wait for.
  void sync();
  void commit();  // flush, fsync, rename; throws std::runtime_error

 private:
  [[noreturn]] void write_failed() const;  // with errno's reason
  std::string path_, tmp_;
  unsigned mode_ = 0600;  // the mode the file gets when committed
  std::FILE* fp_ = nullptr;
  bool stdout_ = false, committed_ = false;
  bool direct_ = false;  // a device or pipe, written in place
};

// A RapidJSON output stream into an AtomicOutput, in 1 MiB pieces: a renderer
// that writes through it never holds the whole document in memory. Strings
// are copied in runs rather than character by character (see the end of this
// file): a nightly run's JSON is hundreds of megabytes.
class OutputStream {
 public:
  using Ch = char;
  explicit OutputStream(AtomicOutput& out) : out_(out), buf_(new char[kPiece]), cap_(kPiece) { reset(); }
  ~OutputStream() = default;  // an unflushed tail is dropped: Flush() is part of a complete write
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;

  void Put(char c) {
    if (next_ == end_) Flush();
    *next_++ = c;
  }
  void Flush() {
    out_.write(std::string_view(buf_.get(), std::size_t(next_ - buf_.get())));
    reset();
  }
  // Room for n more characters, written with put_unsafe() or append_unsafe()
  // (RapidJSON's PutReserve and PutUnsafe, below).
  void reserve(std::size_t n) {
    if (std::size_t(end_ - next_) < n) make_room(n);
  }
  void put_unsafe(char c) { *next_++ = c; }
  void append_unsafe(const char* p, std::size_t n) {
    std::memcpy(next_, p, n);
    next_ += n;
  }

 private:
  static constexpr std::size_t kPiece = std::size_t(1) << 20;
  void reset() {
    next_ = buf_.get();
    end_ = next_ + cap_;
  }
  void make_room(std::size_t n) {
    Flush();
    if (n > cap_) {  // a string longer than a piece: a buffer that holds it
      buf_.reset(new char[n]);
      cap_ = n;
      reset();
    }
  }
  AtomicOutput& out_;
  std::unique_ptr<char[]> buf_;
  std::size_t cap_;
  char* next_ = nullptr;
  char* end_ = nullptr;
};

// Found by argument-dependent lookup from RapidJSON's Writer, in place of its
// generic versions (which call Put for each character).
inline void PutReserve(OutputStream& os, std::size_t n) { os.reserve(n); }
inline void PutUnsafe(OutputStream& os, char c) { os.put_unsafe(c); }

using common::JsonText;

// Writes a whole string atomically (convenience for renderers that build in memory).
void write_output(const std::string& path, std::string_view data);

}  // namespace fairaudit::emit

// RapidJSON's Writer copies a string one character at a time unless its
// output stream has a scanner like this one (as common/json_text.hpp gives
// JsonText): the characters that need no escape are copied as one run, into
// the room WriteString has reserved (6 bytes per character).
namespace rapidjson {
template <>
inline bool Writer<fairaudit::emit::OutputStream>::ScanWriteUnescapedString(StringStream& is, size_t length) {
  const char* const end = is.head_ + length;
  const char* const run_end = fairaudit::common::end_of_plain_run(is.src_, end);
  os_->append_unsafe(is.src_, std::size_t(run_end - is.src_));
  is.src_ = run_end;
  return run_end != end;
}
}  // namespace rapidjson
