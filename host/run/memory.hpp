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

// The calling thread allocates from an arena of its own whose freed pages go
// back to the system after `ms` milliseconds, whatever return_memory_as_freed()
// set for the others (nothing with glibc's malloc). For the store's writing
// thread: SQLite opens a temporary B-tree each time a statement whose CHECK
// holds a list of words runs (an INSERT of a new finding or details) and
// frees its page cache when the statement ends; returned at once, each free
// is a madvise and the next statement's page cache is faulted in again.
void hold_freed_memory_on_this_thread(int ms);

// Whether the process allocates with jemalloc.
bool allocator_is_jemalloc();

}  // namespace fairaudit::run
