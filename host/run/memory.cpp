#include "run/memory.hpp"

#include <malloc.h>

#include <sys/types.h>

#include <cstddef>
#include <string>

// jemalloc's control interface, present only when jemalloc is linked: a weak
// reference is null otherwise, so the host library needs no build switch.
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen)
    __attribute__((weak));

namespace fairaudit::run {

bool allocator_is_jemalloc() { return mallctl != nullptr; }

void return_free_memory() {
  if (mallctl) {
    // "arena.<i>.purge" with i = MALLCTL_ARENAS_ALL (4096 in jemalloc 5): all arenas.
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
  ::malloc_trim(0);
}

void return_memory_as_freed() {
  if (!mallctl) return;  // glibc's malloc: return_free_memory() at each step
  // 0 ms: a page is returned when it is no longer used, not some seconds
  // later (10 s by default). For every arena there is, and those made after.
  ssize_t now = 0;
  for (const char* d : {"dirty", "muzzy"}) {
    const std::string setting = std::string(d) + "_decay_ms";
    mallctl(("arenas." + setting).c_str(), nullptr, nullptr, &now, sizeof now);
    unsigned arenas = 0;
    std::size_t len = sizeof arenas;
    if (mallctl("arenas.narenas", &arenas, &len, nullptr, 0) != 0) continue;
    for (unsigned i = 0; i < arenas; ++i)  // an arena not made yet refuses: nothing to return
      mallctl(("arena." + std::to_string(i) + "." + setting).c_str(), nullptr, nullptr, &now, sizeof now);
  }
}

void hold_freed_memory_on_this_thread(int ms) {
  if (!mallctl) return;
  // One such arena for the process, made the first time (a server audits
  // many times; arenas are never destroyed). Its decay is set at each call:
  // return_memory_as_freed() of a later run sets every arena's.
  static const unsigned arena = [] {
    unsigned i = 0;
    std::size_t len = sizeof i;
    return mallctl("arenas.create", &i, &len, nullptr, 0) == 0 ? i : ~0u;
  }();
  if (arena == ~0u) return;
  ssize_t decay = ms;
  for (const char* d : {"dirty", "muzzy"})
    mallctl(("arena." + std::to_string(arena) + "." + d + "_decay_ms").c_str(), nullptr, nullptr, &decay, sizeof decay);
  unsigned i = arena;
  mallctl("thread.arena", nullptr, nullptr, &i, sizeof i);
}

}  // namespace fairaudit::run
