#include "run/memory.hpp"

#include <malloc.h>

#include <cstddef>

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

}  // namespace fairaudit::run
