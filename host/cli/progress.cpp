#include "cli/progress.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fairaudit::cli {
namespace {

constexpr auto kRedraw = std::chrono::milliseconds(100);  // terminal: ten frames a second at most
constexpr auto kLogEvery = std::chrono::seconds(10);      // log, size unknown
constexpr int kBarWidth = 24;

std::string grouped(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(std::size_t(i), ",");
  return s;
}

// Erases the progress line before spdlog writes a message, so a warning never
// lands in the middle of the bar.
class ClearBarSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit ClearBarSink(ProgressBar* bar) : bar_(bar) {}

 protected:
  void sink_it_(const spdlog::details::log_msg&) override { bar_->clear(); }
  void flush_() override {}

 private:
  ProgressBar* bar_;
};

}  // namespace

std::optional<ProgressMode> progress_mode_from_string(const std::string& s) {
  if (s == "auto") return ProgressMode::automatic;
  if (s == "always") return ProgressMode::always;
  if (s == "never") return ProgressMode::never;
  return std::nullopt;
}

std::uint64_t total_input_bytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in == "-" || !std::filesystem::is_regular_file(in, ec)) return 0;
    auto n = std::filesystem::file_size(in, ec);
    if (ec) return 0;
    total += n;
  }
  return total;
}

std::string human_bytes(double b) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%.0f %s", b, units[u]);
  else std::snprintf(buf, sizeof buf, b < 10 ? "%.2f %s" : b < 100 ? "%.1f %s" : "%.0f %s", b, units[u]);
  return buf;
}

std::string human_duration(double seconds) {
  auto s = std::uint64_t(std::max(0.0, std::round(seconds)));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%llu:%02llu:%02llu", (unsigned long long)(s / 3600),
                  (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%llu:%02llu", (unsigned long long)(s / 60), (unsigned long long)(s % 60));
  return buf;
}

ProgressBar::ProgressBar(ProgressMode mode, std::uint64_t total_bytes, std::FILE* out, bool terminal)
    : active_(mode == ProgressMode::always || (mode == ProgressMode::automatic && terminal)),
      terminal_(terminal),
      total_(total_bytes),
      out_(out),
      start_(Clock::now()),
      last_draw_(start_) {}

ProgressBar::ProgressBar(ProgressMode mode, std::uint64_t total_bytes)
    : ProgressBar(mode, total_bytes, stderr, isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { finish(); }

std::string ProgressBar::line(std::uint64_t bytes, std::optional<std::uint64_t> rounds, double seconds) const {
  std::string s = "fairaudit: ";
  const double rate = seconds > 0.05 ? double(bytes) / seconds : 0;
  if (total_ > 0) {
    const double share = std::min(1.0, double(bytes) / double(total_));
    const int filled = int(share * kBarWidth);
    s += '[';
    s += std::string(std::size_t(filled), '=');
    if (filled < kBarWidth) {
      s += '>';
      s += std::string(std::size_t(kBarWidth - filled - 1), ' ');
    }
    char pct[16];
    std::snprintf(pct, sizeof pct, "] %3d%%  ", int(share * 100));
    s += pct;
    s += human_bytes(double(bytes)) + " of " + human_bytes(double(total_));
  } else {
    s += human_bytes(double(bytes)) + " read";
  }
  if (rounds) s += ", " + grouped(*rounds) + (*rounds == 1 ? " round" : " rounds");
  if (rate > 0) s += ", " + human_bytes(rate) + "/s";
  if (total_ > 0 && rate > 0 && bytes < total_) s += ", " + human_duration(double(total_ - bytes) / rate) + " left";
  if (total_ > 0 && bytes >= total_) s += ", all read in " + human_duration(seconds);
  return s;
}

void ProgressBar::draw(std::uint64_t bytes, std::optional<std::uint64_t> rounds, bool last) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  std::string text = line(bytes, rounds, seconds);
  if (terminal_) {
    if (last) return clear();
    std::fprintf(out_, "\r%s\033[K", text.c_str());
    drawn_ = true;
  } else {
    std::fprintf(out_, "%s\n", text.c_str());
  }
  std::fflush(out_);
}

void ProgressBar::update(std::uint64_t bytes, std::optional<std::uint64_t> rounds) {
  if (!active_) return;
  std::lock_guard lk(mu_);
  if (finished_) return;
  last_bytes_ = bytes;
  if (rounds) last_rounds_ = rounds;
  const auto now = Clock::now();
  if (terminal_) {
    if (drawn_ && now - last_draw_ < kRedraw) return;
  } else if (total_ > 0) {
    const int tenth = int(std::min<std::uint64_t>(10, bytes * 10 / total_));
    if (tenth <= last_tenth_ || tenth >= 10) return;
    last_tenth_ = tenth;
  } else if (now - last_draw_ < kLogEvery) {
    return;
  }
  last_draw_ = now;
  draw(bytes, last_rounds_, false);
}

void ProgressBar::clear() {
  std::lock_guard lk(mu_);
  if (!terminal_ || !drawn_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

void ProgressBar::finish() {
  {
    std::lock_guard lk(mu_);
    if (!active_ || finished_) return;
    finished_ = true;
    draw(last_bytes_, last_rounds_, true);
  }
  if (log_sink_) {
    auto& sinks = spdlog::default_logger()->sinks();
    auto sink = std::static_pointer_cast<spdlog::sinks::sink>(log_sink_);
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
    log_sink_.reset();
  }
}

void ProgressBar::attach_to_log() {
  if (!active_ || !terminal_ || log_sink_) return;
  auto sink = std::make_shared<ClearBarSink>(this);
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.insert(sinks.begin(), sink);
  log_sink_ = sink;
}

}  // namespace fairaudit::cli
