// Shared memory for the records an isolated run sends its plugin processes:
// the host writes each record's bytes once into a ring of memory that every
// plugin process maps read-only, and the pipe to each process carries only
// where the record lies (run/isolate.cpp). Without it each record was copied
// into every process's pipe and out of it again, once per plugin.
//
// The memory is a memfd sealed against growing, shrinking and any new
// writable mapping or write(2) (F_SEAL_FUTURE_WRITE): the host keeps the one
// writable mapping, which is not inherited across fork (MADV_DONTFORK), and a
// plugin process can neither write what the others read nor make the host's
// writes fault by shrinking the file. A plugin process only reads it: a
// round laid out there as the SDK's Round (run/round_in_place.hpp) where it
// lies, when the process maps the ring at the host's address, and any other
// record through the record codec's checked reader.
//
// A record's room is taken in order and given back when the last holder of
// its message lets go (every plugin process answered it); the ring reuses
// room only past the oldest record still held. When the ring is full the
// caller sends the record through the pipe as before (nothing waits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace fairaudit::run {

// `size` bytes of `fd` mapped shared and populated at `address` when it is
// free (`at_address` true), else wherever the system puts them (also when
// `address` is null); MAP_FAILED when neither can be had. The ring's
// mapping in the host and in each plugin process.
void* map_shared_preferably_at(void* address, std::size_t size, int prot, int fd, bool& at_address);

class RecordRing {
 public:
  // The process's ring, made on first use; null when the system gives no
  // sealed memfd (records then go through the pipes).
  static RecordRing* shared();

  // The memfd, for a plugin process to map read-only (close-on-exec).
  int fd() const { return fd_; }
  std::size_t size() const { return size_; }
  // Where the host maps it: a plugin process maps it at the same address
  // when it can, to read rounds laid out in it where they lie.
  std::uintptr_t address() const { return reinterpret_cast<std::uintptr_t>(base_); }
  // The host's view of the bytes at `offset` (of a slot still held).
  const char* at(std::uint64_t offset) const { return base_ + offset; }

  struct Slot {
    std::uint64_t id = 0;     // for release()
    std::uint64_t offset = 0; // of the bytes in the ring
    char* data = nullptr;     // the host's writable view of them
  };
  // Room for `n` bytes, or none when the ring holds too much not yet given back.
  std::optional<Slot> take(std::size_t n);
  // Any thread.
  void release(std::uint64_t id);

  RecordRing(const RecordRing&) = delete;
  RecordRing& operator=(const RecordRing&) = delete;

 private:
  RecordRing(int fd, char* base, std::size_t size) : fd_(fd), base_(base), size_(size) {}

  struct Taken {
    std::uint64_t end;  // position past the slot
    bool released = false;
  };
  int fd_;
  char* base_;
  std::size_t size_;
  std::mutex mu_;
  // Positions grow without bound; a position's place in the ring is it
  // modulo size_. [tail_, head_) is held.
  std::uint64_t head_ = 0, tail_ = 0;
  std::uint64_t first_id_ = 0;  // of taken_.front()
  std::deque<Taken> taken_;
};

}  // namespace fairaudit::run
