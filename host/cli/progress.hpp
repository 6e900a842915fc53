// `--progress auto|always|never`: a progress line on stderr for long inputs —
// bytes and rounds done, rate, time left. In `auto` only when stderr is a
// terminal, so a nightly job's log and a pipe's stdout stay clean. On a
// terminal the line is redrawn in place; otherwise (`always` into a log file)
// a line is written at every tenth of the input.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace fairaudit::cli {

enum class ProgressMode { automatic, always, never };
std::optional<ProgressMode> progress_mode_from_string(const std::string& s);

// The total size of the inputs when every one is a regular file; 0 when not
// known (standard input, a pipe), and then no percentage or time left is shown.
std::uint64_t total_input_bytes(const std::vector<std::string>& inputs);

class ProgressBar {
 public:
  using Clock = std::chrono::steady_clock;

  // `terminal` says whether `out` is a terminal (isatty); tests pass it.
  ProgressBar(ProgressMode mode, std::uint64_t total_bytes, std::FILE* out, bool terminal);
  // The usual one: stderr, terminal or not as isatty says.
  ProgressBar(ProgressMode mode, std::uint64_t total_bytes);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  bool active() const { return active_; }

  // Called from the reading thread; cheap when nothing is to be drawn.
  // `rounds` is shown when known.
  void update(std::uint64_t bytes, std::optional<std::uint64_t> rounds = std::nullopt);
  // Erases the line on a terminal (before a log message, at the end).
  void clear();
  // The end: erases the bar (terminal) or writes a last line (log).
  void finish();

  // Routes spdlog's messages past the bar: each one erases the line first and
  // the next update draws it again. Undone by finish().
  void attach_to_log();

  // The line as it would be drawn now (tests).
  std::string line(std::uint64_t bytes, std::optional<std::uint64_t> rounds, double seconds) const;

 private:
  void draw(std::uint64_t bytes, std::optional<std::uint64_t> rounds, bool last);

  bool active_ = false, terminal_ = false, finished_ = false, drawn_ = false;
  std::uint64_t total_ = 0;
  std::FILE* out_ = nullptr;
  Clock::time_point start_, last_draw_;
  int last_tenth_ = 0;
  std::uint64_t last_bytes_ = 0;
  std::optional<std::uint64_t> last_rounds_;
  std::recursive_mutex mu_;
  std::shared_ptr<void> log_sink_;  // the spdlog sink while attached
};

// "1.5 MB", "730 kB", "12 B" (decimal units, as file managers show sizes).
std::string human_bytes(double bytes);
// "0:07", "12:34", "1:02:03"
std::string human_duration(double seconds);

}  // namespace fairaudit::cli
