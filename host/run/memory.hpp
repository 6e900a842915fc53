// Freed memory back to the system, whichever allocator the process has.
#pragma once

namespace fairaudit::run {

// With jemalloc (the fairaudit executable links it): every arena's unused
// pages are purged. With glibc's malloc (tests, sanitizer builds):
// malloc_trim, which also returns what each thread's arena keeps.
void return_free_memory();

// Whether the process allocates with jemalloc.
bool allocator_is_jemalloc();

}  // namespace fairaudit::run
