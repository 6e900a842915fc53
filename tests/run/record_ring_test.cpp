// The shared memory an isolated run writes its records into
// (run/record_ring.hpp): a plugin process can read it but by no means write
// it — not through its read-only mapping, not through a new mapping, not with
// write(2), not by opening the file again for writing — nor shrink it under
// the host; and the host reuses a record's room only once it is given back.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include "run/record_ring.hpp"

using fairaudit::run::RecordRing;

namespace {

// Runs `body` in a forked process, as a plugin process runs: 0 when each of
// its attempts failed as it should, else the number of the first that did not.
template <typename Body>
int in_child(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) _exit(body());
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

}  // namespace

TEST(RecordRing, APluginProcessCanReadButNeverWriteOrShrinkIt) {
  RecordRing* ring = RecordRing::shared();
  ASSERT_NE(ring, nullptr);
  auto slot = ring->take(6);
  ASSERT_TRUE(slot);
  std::memcpy(slot->data, "record", 6);
  const int fd = ring->fd();
  const std::size_t size = ring->size();
  const std::uint64_t offset = slot->offset;
  EXPECT_EQ(in_child([&]() -> int {
              // The host's writable mapping is not inherited.
              void* ro = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
              if (ro == MAP_FAILED) return 1;
              if (std::memcmp(static_cast<char*>(ro) + offset, "record", 6) != 0) return 2;
              if (::mprotect(ro, size, PROT_READ | PROT_WRITE) == 0) return 3;
              if (::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) != MAP_FAILED) return 4;
              if (::pwrite(fd, "x", 1, off_t(offset)) >= 0) return 5;
              if (::ftruncate(fd, 0) == 0) return 6;
              const int again = ::open(("/proc/self/fd/" + std::to_string(fd)).c_str(), O_RDWR);
              if (again >= 0) {
                if (::pwrite(again, "x", 1, off_t(offset)) >= 0) return 7;
                if (::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, again, 0) != MAP_FAILED) return 8;
              }
              // Nor can it change the seals.
              if (::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0) return 9;
              return std::memcmp(static_cast<char*>(ro) + offset, "record", 6) == 0 ? 0 : 10;
            }),
            0);
  ring->release(slot->id);
}

TEST(RecordRing, RoomIsReusedOnlyOnceEveryRecordBeforeItIsGivenBack) {
  RecordRing* ring = RecordRing::shared();
  ASSERT_NE(ring, nullptr);
  const std::size_t chunk = ring->size() / 4;  // the largest a record may take
  std::vector<RecordRing::Slot> held;
  for (;;) {
    auto s = ring->take(chunk);
    if (!s) break;
    held.push_back(*s);
    ASSERT_LE(held.size(), 4u);
  }
  ASSERT_GE(held.size(), 3u);
  // Given back out of order: the room after the oldest is not free until
  // the oldest is.
  ring->release(held[1].id);
  EXPECT_FALSE(ring->take(chunk));
  ring->release(held[0].id);
  auto again = ring->take(chunk);
  ASSERT_TRUE(again);
  // No room still held overlaps the new one.
  for (std::size_t i = 2; i < held.size(); ++i)
    EXPECT_TRUE(again->offset + chunk <= held[i].offset || held[i].offset + chunk <= again->offset);
  ring->release(again->id);
  for (std::size_t i = 2; i < held.size(); ++i) ring->release(held[i].id);
  // A record larger than a quarter of the ring goes through the pipe.
  EXPECT_FALSE(ring->take(chunk + 8));
}
