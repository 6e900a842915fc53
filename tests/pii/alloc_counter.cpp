// Replaces the global allocation functions with counting ones, so that a test
// can show that the PII guard allocates nothing. Kept in its own file: the
// compiler then cannot see malloc and operator delete meet across inlining.
#include <atomic>
#include <cstdlib>
#include <new>

std::atomic<long> g_pii_test_allocations{0};

void* operator new(std::size_t size) {
  g_pii_test_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
