// Freed memory back to the system, whichever allocator the process has.
#pragma once

namespace fairaudit::run {

// With jemalloc (the fairaudit executable links it): every arena's unused
// pages are purged. With glibc's malloc (tests, sanitizer builds):
// malloc_trim, which also returns what each thread's arena keeps.
void return_free_memory();

// From now on, memory freed goes back to the system at once rather than
// after some seconds (jemalloc's decay; nothing with glibc's malloc). For the
// end of a run: merging, storing and writing the findings free as much as
// they allocate, and what they free would otherwise count in the peak on top
// of what they hold. The parse keeps the delay, which saves it system calls.
void return_memory_as_freed();

// Whether the process allocates with jemalloc.
bool allocator_is_jemalloc();

}  // namespace fairaudit::run
