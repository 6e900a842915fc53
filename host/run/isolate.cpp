#include "run/isolate.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <variant>

namespace fairaudit::run {
namespace {

// The status byte of a child's answer: 0 when the call returned, else how it
// failed (the answer is then the message).
constexpr std::uint8_t kStatusThrew = 1, kStatusOutOfMemory = 2;

// All `n` bytes through `io` (::read or ::write), whatever it moves at a time
// and however often a signal interrupts it; false at the end or on an error.
template <typename Byte, typename Io>
bool transfer_all(int fd, Byte* c, std::size_t n, Io io) {
  while (n) {
    const ssize_t done = io(fd, c, n);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return false;
    c += done;
    n -= std::size_t(done);
  }
  return true;
}

// Message framing: [u8 type][u32 length][payload].
bool write_all(int fd, const void* p, std::size_t n) { return transfer_all(fd, static_cast<const char*>(p), n, ::write); }
bool read_all(int fd, void* p, std::size_t n) { return transfer_all(fd, static_cast<char*>(p), n, ::read); }

bool send(int fd, std::uint8_t type, std::string_view payload) {
  std::uint32_t len = std::uint32_t(payload.size());
  return write_all(fd, &type, 1) && write_all(fd, &len, 4) && write_all(fd, payload.data(), payload.size());
}

// What a plugin may report for one record: far beyond any real round's
// findings, small enough that a plugin gone wild cannot make the host
// allocate gigabytes on its say-so.
constexpr std::uint32_t kMaxAnswerBytes = 64u << 20;

// Reads one message, waiting until `deadline`. 0: ok, 1: timed out, 2: closed,
// 3: announced a message longer than kMaxAnswerBytes.
int receive(int fd, std::chrono::steady_clock::time_point deadline, std::uint8_t& type, std::string& payload) {
  std::string buf;
  std::size_t need = 5;
  bool header = true;
  while (buf.size() < need) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return 1;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, int(std::min<long long>(left.count(), 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return 1;
    char tmp[65536];
    ssize_t n = ::read(fd, tmp, std::min(sizeof tmp, need - buf.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 2;
    buf.append(tmp, std::size_t(n));
    if (header && buf.size() == 5) {
      std::uint32_t len;
      std::memcpy(&len, buf.data() + 1, 4);
      if (len > kMaxAnswerBytes) return 3;
      need = 5 + std::size_t(len);
      header = false;
    }
  }
  type = std::uint8_t(buf[0]);
  payload = buf.substr(5);
  return 0;
}

// The child: parse each line it is sent, call the plugin, report back.
[[noreturn]] void child_loop(Plugin& plugin, int in, int out, const ingest::Limits& limits) {
  struct Collect : Sink {
    Reported r;
    void check(Check c) override { r.checks.push_back(std::move(c)); }
    void finding(Finding f) override { r.findings.push_back(std::move(f)); }
  };
  for (;;) {
    std::uint8_t type;
    std::uint32_t len;
    if (!read_all(in, &type, 1) || !read_all(in, &len, 4)) _exit(0);
    std::string payload(len, '\0');
    if (!read_all(in, payload.data(), len)) _exit(0);
    Collect sink;
    std::uint8_t status = 0;
    std::string answer;
    try {
      if (CallKind(type) == CallKind::finish) {
        plugin.finish(sink);
      } else {
        // payload: [u64 line][u32 file length][file][the record's line]
        std::uint64_t line;
        std::uint32_t flen;
        std::memcpy(&line, payload.data(), 8);
        std::memcpy(&flen, payload.data() + 8, 4);
        Source src{payload.substr(12, flen), line};
        auto parsed = ingest::parse_line(std::string_view(payload).substr(12 + flen), src, limits);
        if (parsed.error) throw std::runtime_error("the record could not be parsed again: " + parsed.error->message);
        std::visit(
            [&](const auto& rec) {
              using T = std::decay_t<decltype(rec)>;
              if constexpr (std::is_same_v<T, Round>) plugin.round(rec, sink);
              else if constexpr (std::is_same_v<T, UnitRecord>) plugin.unit(rec, sink);
              else plugin.measures(rec, sink);
            },
            *parsed.record);
      }
      answer = encode(sink.r);
    } catch (const std::bad_alloc&) {
      status = kStatusOutOfMemory;
      answer = "ran out of memory (the plugin's limit is set by --plugin-memory)";
    } catch (const std::exception& e) {
      status = kStatusThrew;
      answer = e.what();
    } catch (...) {
      status = kStatusThrew;
      answer = "an exception that is not a std::exception";
    }
    if (!send(out, status, answer)) _exit(0);
  }
}

std::string signal_text(int sig) {
  const char* d = strsignal(sig);
  return "signal " + std::to_string(sig) + (d ? std::string(" (") + d + ")" : std::string());
}

}  // namespace

IsolatedPlugin::IsolatedPlugin(Plugin& plugin, std::string name, IsolationOptions options, ingest::Limits limits)
    : plugin_(plugin), name_(std::move(name)), options_(options), limits_(limits) {
  // A write to a child that died must be an error, not the end of the host.
  ::signal(SIGPIPE, SIG_IGN);
  spawn();
}

IsolatedPlugin::~IsolatedPlugin() { reap(true); }

void IsolatedPlugin::spawn() {
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0) throw PluginFault(FailureKind::exception, "cannot create pipes: " + std::string(strerror(errno)));
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw PluginFault(FailureKind::exception, "cannot start a process for the plugin: " + std::string(strerror(errno)));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the host
    if (::getppid() != parent) _exit(0);
    ::close(down[1]);
    ::close(up[0]);
#if !defined(FAIRAUDIT_ASAN)
    // AddressSanitizer reserves far more address space than any limit; the
    // limit is left off in such builds.
    rlimit rl{};
    rl.rlim_cur = rl.rlim_max = rlim_t(options_.memory_mb) << 20;
    ::setrlimit(RLIMIT_AS, &rl);
#endif
    child_loop(plugin_, down[0], up[1], limits_);
  }
  ::close(down[0]);
  ::close(up[1]);
  pid_ = pid;
  to_child_ = down[1];
  from_child_ = up[0];
}

void IsolatedPlugin::reap(bool kill_first) {
  if (pid_ <= 0) return;
  if (kill_first) ::kill(pid_, SIGKILL);
  ::close(to_child_);
  ::close(from_child_);
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

Reported IsolatedPlugin::call(CallKind kind, const Source& source, std::string_view line) {
  std::string payload;
  if (kind != CallKind::finish) {
    std::uint64_t ln = source.line;
    std::uint32_t flen = std::uint32_t(source.file.size());
    payload.append(reinterpret_cast<const char*>(&ln), 8);
    payload.append(reinterpret_cast<const char*>(&flen), 4);
    payload.append(source.file);
    payload.append(line);
  }
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  std::uint8_t status = 0;
  std::string answer;
  int got = send(to_child_, std::uint8_t(kind), payload) ? receive(from_child_, deadline, status, answer) : 2;
  if (got == 0) {
    if (status != 0)
      throw PluginFault(status == kStatusOutOfMemory ? FailureKind::out_of_memory : FailureKind::exception, answer);
    return decode(answer);
  }
  // The child hung or died: find out how, start a fresh one, report the fault.
  std::string why;
  FailureKind fault;
  if (got == 1) {
    fault = FailureKind::timeout;
    why = "did not answer within " + std::to_string(options_.timeout.count()) + " ms and was stopped";
    reap(true);
  } else if (got == 3) {
    fault = FailureKind::oversized_answer;
    why = "sent an answer larger than " + std::to_string(kMaxAnswerBytes >> 20) + " MiB for one record and was stopped";
    reap(true);
  } else {
    int st = 0;
    ::close(to_child_);
    ::close(from_child_);
    while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    fault = WIFSIGNALED(st) ? FailureKind::crash : FailureKind::exit;
    why = WIFSIGNALED(st) ? "crashed with " + signal_text(WTERMSIG(st))
                          : "exited with status " + std::to_string(WEXITSTATUS(st));
  }
  ++restarts_;
  spawn();
  throw PluginFault(fault, why + "; its process was restarted");
}

}  // namespace fairaudit::run
