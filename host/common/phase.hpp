// Where a run's time goes, at --log-level debug: a phase logs its wall and
// process CPU time when it ends (docs/nightly.md, "Where a night's time
// goes"). Only a fixed name and two durations are logged, never a value of
// the export.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <ctime>

namespace fairaudit::common {

class Phase {
 public:
  // `part` ("run", "store") and `name` are string literals: the phase keeps the pointers.
  Phase(const char* part, const char* name) : part_(part), name_(name), wall_(now()), cpu_(cpu()) {}
  ~Phase() {
    spdlog::debug("{}: {}: {} ms wall, {} ms CPU", part_, name_, (now() - wall_) / 1000000, (cpu() - cpu_) / 1000000);
  }
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;

  // Nanoseconds on the monotonic clock and of the process's CPU time.
  static std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  static std::int64_t cpu() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return std::int64_t(t.tv_sec) * 1000000000 + t.tv_nsec;
  }

 private:
  const char* part_;
  const char* name_;
  std::int64_t wall_, cpu_;
};

}  // namespace fairaudit::common
