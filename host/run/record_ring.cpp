#include "run/record_ring.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace fairaudit::run {
namespace {

// Room for every record in flight: the 64 records of one thread's window, or
// the batches out to the plugin threads, many times over for ordinary rounds.
// Populated when made (and when each plugin process maps it): an export of
// more than a few thousand rounds passes through all of it anyway, and each
// page would otherwise fault once in the host and once in every process.
constexpr std::size_t kRingBytes = std::size_t(8) << 20;
// Where the ring is mapped, in the host and in every plugin process: 24 TiB,
// far from where the system puts programs, their heaps and their libraries
// (top-down from near 128 TiB, or bottom-up from 42 TiB in the legacy
// layout), and above the shadow memory of AddressSanitizer (below 16 TiB).
// A plugin process maps it before any of the plugin's code runs.
void* const kRingAddress = reinterpret_cast<void*>(std::uintptr_t(0x1800) << 32);

RecordRing* make_ring(RecordRing* (*construct)(int, char*, std::size_t)) {
  const int fd = ::memfd_create("fairaudit-records", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return nullptr;
  void* base = MAP_FAILED;
  if (::ftruncate(fd, off_t(kRingBytes)) == 0) {
    // At the address every plugin process maps it at too, so that rounds laid
    // out in it (run/round_in_place.hpp) can be read there; anywhere else when
    // that address is taken (records then go in the codec's form).
    bool at_address = false;
    base = map_shared_preferably_at(kRingAddress, kRingBytes, PROT_READ | PROT_WRITE, fd, at_address);
  }
  // The writable mapping stays the host's: a plugin process forked later
  // does not inherit it, and once sealed no process can make another one.
  if (base == MAP_FAILED || ::madvise(base, kRingBytes, MADV_DONTFORK) != 0 ||
      ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL) != 0) {
    if (base != MAP_FAILED) ::munmap(base, kRingBytes);
    ::close(fd);
    return nullptr;
  }
  return construct(fd, static_cast<char*>(base), kRingBytes);
}

}  // namespace

void* map_shared_preferably_at(void* address, std::size_t size, int prot, int fd, bool& at_address) {
  at_address = false;
  if (address) {
    void* p = ::mmap(address, size, prot, MAP_SHARED | MAP_POPULATE | MAP_FIXED_NOREPLACE, fd, 0);
    if (p == address) return at_address = true, p;
    if (p != MAP_FAILED) ::munmap(p, size);  // a kernel that took the address as a hint
  }
  return ::mmap(nullptr, size, prot, MAP_SHARED | MAP_POPULATE, fd, 0);
}

RecordRing* RecordRing::shared() {
  // Never unmapped: plugin processes are started and stopped until the end.
  // FAIRAUDIT_TEST_NO_RING: as on a system without sealed memfds, for the
  // test that sends every record through the pipes.
  static RecordRing* ring =
      std::getenv("FAIRAUDIT_TEST_NO_RING")
          ? nullptr
          : make_ring([](int fd, char* base, std::size_t size) { return new RecordRing(fd, base, size); });
  return ring;
}

std::optional<RecordRing::Slot> RecordRing::take(std::size_t n) {
  n = (n + 7) & ~std::size_t(7);
  if (n == 0 || n > size_ / 4) return std::nullopt;  // a record that large goes through the pipe
  std::lock_guard lk(mu_);
  while (!taken_.empty() && taken_.front().released) {
    tail_ = taken_.front().end;
    taken_.pop_front();
    ++first_id_;
  }
  std::uint64_t at = head_;
  const std::size_t place = std::size_t(at % size_);
  if (place + n > size_) at += size_ - place;  // not across the end: start again at the beginning
  if (at + n - tail_ > size_) return std::nullopt;
  head_ = at + n;
  taken_.push_back({head_});
  return Slot{first_id_ + taken_.size() - 1, at % size_, base_ + at % size_};
}

void RecordRing::release(std::uint64_t id) {
  std::lock_guard lk(mu_);
  if (id >= first_id_ && id - first_id_ < taken_.size()) taken_[std::size_t(id - first_id_)].released = true;
}

}  // namespace fairaudit::run
