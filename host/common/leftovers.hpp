// What a killed run leaves behind — a half-written output file next to its
// target, a spill directory of findings in the temporary directory — carries
// the process id in its name, so that the next run can tell a leftover of a
// dead process (removed) from the work of one still running (kept).
#pragma once

#include <filesystem>
#include <string>

namespace fairaudit::common {

// "PREFIX<pid>-": the start of the name of a temporary file or directory
// this process makes; mkstemp/mkdtemp's XXXXXX follow.
std::string owned_prefix(const std::string& prefix);

// Removes the entries of `dir` named PREFIX<pid>-XXXXXX whose process is no
// longer running and which belong to this user; entries of the older form
// PREFIX XXXXXX (no process id) when unchanged for a day. Never throws: a
// leftover that cannot be removed stays. Returns how many were removed.
std::size_t remove_leftovers(const std::filesystem::path& dir, const std::string& prefix);

// The process's file mode creation mask, read without changing it (umask(2)
// can only be read by setting it, which would race with other threads).
unsigned current_umask();

}  // namespace fairaudit::common
