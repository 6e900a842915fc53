#include "run/isolate.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <tuple>
#include <variant>

#include "codec/evidence_binary.hpp"
#include "codec/record_binary.hpp"
#include "common/enums.hpp"
#include "loader/loader.hpp"
#include "run/record_ring.hpp"
#include "run/round_in_place.hpp"

namespace fairaudit::run {
namespace {

// The status byte of a child's answer: 0 when the call returned, else what
// the answer's payload is.
constexpr std::uint8_t kStatusOk = 0, kStatusThrew = 1, kStatusOutOfMemory = 2, kStatusLoadError = 3,
                       kStatusOptionError = 4, kStatusLog = 5;
// The host's messages that configure the child and tell it what the run
// keeps (records are CallKind).
constexpr std::uint8_t kConfigure = 10, kSetup = 11;
// What a child whose plugin called exit() or quick_exit() ends with: its
// handler, registered after everything the host registered, ends the process
// at once, so that none of the host's own exit handlers and static
// destructors run in the child's copy of the host.
constexpr int kChildCalledExit = 121;
// What a child ends with when a call of the plugin took longer than the
// timeout: it has written the answers before that record and stops as the
// host would have stopped it.
constexpr int kChildTimedOut = 122;
// The exit status of a child that could not become the plugin's process
// (exec failed, or the arguments it was given are not the host's).
constexpr int kChildCannotStart = 123;
// The file descriptors the child keeps: the two pipes and, until it has
// mapped it, the records' shared memory (every other file of the host is
// closed in the child).
constexpr int kChildIn = 3, kChildOut = 4, kChildRing = 5;
// A record message's type with this bit set: the record lies in the shared
// ring (run/record_ring.hpp), and the payload says where, [u64 offset][u32 size].
constexpr std::uint8_t kInRing = 0x80;
constexpr std::size_t kRingPlaceBytes = 12;
// With kInRing, a round's message whose round lies in the ring laid out as
// the SDK's Round (run/round_in_place.hpp), for a process that maps the ring
// at the host's address to read where it lies.
constexpr std::uint8_t kPlaced = 0x40;

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

bool send(int fd, std::uint8_t type, std::string_view payload) {
  std::string frame;
  frame.reserve(5 + payload.size());
  const std::uint32_t len = std::uint32_t(payload.size());
  frame.push_back(char(type));
  frame.append(reinterpret_cast<const char*>(&len), 4);
  frame.append(payload);
  return write_all(fd, frame.data(), frame.size());
}

// What a plugin may report for one record: far beyond any real round's
// findings, small enough that a plugin gone wild cannot make the host
// allocate gigabytes on its say-so.
constexpr std::uint32_t kMaxAnswerBytes = 64u << 20;

// Reads one message, waiting until `deadline`. 0: ok, 1: timed out, 2: closed,
// 3: announced a message longer than kMaxAnswerBytes. `buf` holds what was
// read beyond the last message: each read takes whatever the pipe holds, so
// several answers that arrived together cost one read. `payload`: a view
// into `buf`, valid until the next receive().
int receive(int fd, std::chrono::steady_clock::time_point deadline, PipeBuffer& buf, std::uint8_t& type,
            std::string_view& payload) {
  for (;;) {
    std::size_t want = 5;
    if (buf.size() >= 5) {
      std::uint32_t len;
      std::memcpy(&len, buf.data() + 1, 4);
      if (len > kMaxAnswerBytes) return 3;
      if (buf.size() >= 5 + std::size_t(len)) {
        type = std::uint8_t(buf.data()[0]);
        payload = std::string_view(buf.data() + 5, len);
        buf.consume(5 + std::size_t(len));
        return 0;
      }
      want = 5 + std::size_t(len) - buf.size();
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return 1;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, int(std::min<long long>(left.count(), 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return 1;
    const ssize_t n = buf.read(fd, want);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 2;
  }
}

// ---------------------------------------------------------------- descriptions and options on the wire
//
// In binary, through the codec's writer and reader: every read is checked
// against the end, every enum against its words, since the child may be
// faulty.

void put_strings(codec::BinaryWriter& w, const std::vector<std::string>& v) {
  w.raw(std::uint32_t(v.size()));
  for (const auto& s : v) w.str(s);
}
std::vector<std::string> get_strings(codec::BinaryReader& r) {
  const auto n = r.raw<std::uint32_t>();
  if (n > r.left()) throw codec::CodecError("a list longer than the message");
  std::vector<std::string> v(n);
  for (auto& s : v) r.str(s);
  return v;
}

void put_value(codec::BinaryWriter& w, const OptionValue& v) {
  w.raw(std::uint8_t(v.index()));
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) w.raw(std::uint8_t(x));
        else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) w.raw(x);
        else if constexpr (std::is_same_v<T, std::string>) w.str(x);
        else if constexpr (std::is_same_v<T, StringList>) put_strings(w, x);
        else {
          w.raw(std::uint32_t(x.size()));
          for (const auto& l : x) put_strings(w, l);
        }
      },
      v);
}
OptionValue get_value(codec::BinaryReader& r) {
  switch (r.raw<std::uint8_t>()) {
    case 0: return r.raw<std::uint8_t>() != 0;
    case 1: return r.raw<std::int64_t>();
    case 2: return r.raw<double>();
    case 3: return r.str();
    case 4: return get_strings(r);
    case 5: {
      const auto n = r.raw<std::uint32_t>();
      if (n > r.left()) throw codec::CodecError("a list longer than the message");
      StringLists v(n);
      for (auto& l : v) l = get_strings(r);
      return v;
    }
  }
  throw codec::CodecError("an option value of no known type");
}

template <typename E>
E word_of(codec::BinaryReader& r, std::optional<E> (*from)(std::string_view)) {
  const std::string s = r.str();
  const auto e = from(s);
  if (!e) throw codec::CodecError("a word outside its list");
  return *e;
}
std::optional<Indicator> indicator_word(std::string_view s) {
  if (s.empty()) return Indicator::none;
  return common::indicator_from_string(s);
}
void put_fields(codec::BinaryWriter& w, const std::vector<Field>& v) {
  w.raw(std::uint32_t(v.size()));
  for (Field f : v) w.str(to_string(f));
}
std::vector<Field> get_fields(codec::BinaryReader& r) {
  const auto n = r.raw<std::uint32_t>();
  if (n > r.left()) throw codec::CodecError("a list longer than the message");
  std::vector<Field> v;
  for (std::uint32_t i = 0; i < n; ++i) v.push_back(word_of<Field>(r, field_from_string));
  return v;
}

std::string encode_info(const PluginInfo& p) {
  std::string out;
  codec::BinaryWriter w(out);
  w.str(p.name);
  w.str(p.version);
  w.str(p.description);
  w.raw(std::uint32_t(p.rules.size()));
  for (const auto& r : p.rules) {
    for (const std::string* s : {&r.id, &r.summary, &r.rationale, &r.basis, &r.local_term}) w.str(*s);
    w.str(to_string(r.default_severity));
    w.str(to_string(r.scope));
    w.str(common::to_string(r.indicator));
    put_fields(w, r.needs);
    put_fields(w, r.needs_for_breach);
  }
  w.raw(std::uint32_t(p.options.size()));
  for (const auto& o : p.options) {
    w.str(o.key);
    w.raw(std::uint8_t(o.type));
    put_value(w, o.default_value);
    w.str(o.description);
    for (const auto* bound : {&o.min, &o.max}) {
      w.raw(std::uint8_t(bound->has_value()));
      w.raw(bound->value_or(0.0));
    }
    put_strings(w, o.choices);
  }
  return out;
}

PluginInfo decode_info(std::string_view bytes) {
  codec::BinaryReader r(bytes.data(), bytes.data() + bytes.size());
  PluginInfo p;
  p.name = r.str();
  p.version = r.str();
  p.description = r.str();
  const auto rules = r.raw<std::uint32_t>();
  if (rules > r.left()) throw codec::CodecError("a list longer than the message");
  for (std::uint32_t i = 0; i < rules; ++i) {
    RuleInfo ri;
    for (std::string* s : {&ri.id, &ri.summary, &ri.rationale, &ri.basis, &ri.local_term}) r.str(*s);
    ri.default_severity = word_of<Severity>(r, common::severity_from_string);
    ri.scope = word_of<Scope>(r, common::scope_from_string);
    ri.indicator = word_of<Indicator>(r, indicator_word);
    ri.needs = get_fields(r);
    ri.needs_for_breach = get_fields(r);
    p.rules.push_back(std::move(ri));
  }
  const auto options = r.raw<std::uint32_t>();
  if (options > r.left()) throw codec::CodecError("a list longer than the message");
  for (std::uint32_t i = 0; i < options; ++i) {
    OptionSpec o;
    o.key = r.str();
    o.type = r.in_range<OptionType>(0, int(OptionType::string_lists));
    o.default_value = get_value(r);
    o.description = r.str();
    for (auto* bound : {&o.min, &o.max}) {
      const bool has = r.raw<std::uint8_t>() != 0;
      const double v = r.raw<double>();
      if (has) *bound = v;
    }
    o.choices = get_strings(r);
    p.options.push_back(std::move(o));
  }
  if (!r.at_end()) throw codec::CodecError("bytes after the description");
  return p;
}

std::string encode_options(const Options& o) {
  std::string out;
  codec::BinaryWriter w(out);
  w.raw(std::uint32_t(o.values().size()));
  for (const auto& [k, v] : o.values()) {
    w.str(k);
    put_value(w, v);
  }
  return out;
}

Options decode_options(std::string_view bytes) {
  codec::BinaryReader r(bytes.data(), bytes.data() + bytes.size());
  std::map<std::string, OptionValue> values;
  const auto n = r.raw<std::uint32_t>();
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string k = r.str();
    values[std::move(k)] = get_value(r);
  }
  return Options(std::move(values));
}

// ---------------------------------------------------------------- the child

// What the child writes to the host, gathered: the answers to the records
// of what one read brought (the host sends records in batches) go in one
// write(2), so that the host is woken once for them rather than once per
// record. Written when the child would otherwise wait for the host (nothing
// complete left to read), and at the latest after kAnswersTogether answers,
// kOutBytes bytes or once the oldest answer has waited half the timeout: the
// host's deadline for an answer (kAnswerTimeouts) counts on that bound.
constexpr std::size_t kAnswersTogether = 64;
// The child's clock, read three times for each record it checks: the
// kernel's last tick (a few milliseconds coarse, and several times cheaper
// to read than the precise clock), which is fine for timeouts of seconds.
// Only ever compared with itself.
struct ChildClock {
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<ChildClock>;
  static time_point now() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return time_point(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
  }
};
constexpr std::size_t kOutBytes = std::size_t(1) << 20;
// An answer the child gathered is written at the latest when the record
// after the one half a timeout past it is checked: within 2.5 timeouts of
// its record's start when each record takes less than the timeout.
constexpr std::int64_t kAnswerTimeouts = 3;
class ChildOut {
 public:
  ChildOut(int fd, std::chrono::milliseconds timeout) : fd_(fd), hold_(timeout / 2) {}
  // A frame whose payload the caller appends to bytes() after open();
  // close() fills its length in.
  std::size_t open(std::uint8_t status) {
    const std::size_t at = bytes_.size();
    bytes_.push_back(char(status));
    bytes_.append(4, '\0');
    return at;
  }
  void close(std::size_t at) {
    const std::uint32_t len = std::uint32_t(bytes_.size() - at - 5);
    std::memcpy(bytes_.data() + at + 1, &len, 4);
  }
  void drop(std::size_t at) { bytes_.resize(at); }  // a frame whose payload could not be made
  std::string& bytes() { return bytes_; }
  void add(std::uint8_t status, std::string_view payload) {
    const std::size_t at = open(status);
    bytes_.append(payload);
    close(at);
  }
  void answered() {
    const auto now = ChildClock::now();
    if (answers_++ == 0) oldest_ = now;
    if (answers_ >= kAnswersTogether || bytes_.size() >= kOutBytes || now - oldest_ >= hold_) flush();
  }
  // Everything gathered, in one write; the end when the host is gone.
  void flush() {
    if (!bytes_.empty() && !write_all(fd_, bytes_.data(), bytes_.size())) _exit(0);
    bytes_.clear();
    if (bytes_.capacity() > 4 * kOutBytes) bytes_.shrink_to_fit();  // after a flood
    answers_ = 0;
  }

 private:
  int fd_;
  ChildClock::duration hold_;
  std::string bytes_;
  std::size_t answers_ = 0;
  ChildClock::time_point oldest_;  // when the first answer gathered was
};
// The child's, for an exit() in the plugin to write what was gathered.
ChildOut* child_out = nullptr;

// The plugin's log lines, sent to the host with the answers, in order:
// [u8 level][text].
class ForwardLogger final : public Logger {
 public:
  explicit ForwardLogger(ChildOut& out) : out_(out) {}
  void debug(std::string_view m) override { forward(0, m); }
  void info(std::string_view m) override { forward(1, m); }
  void warn(std::string_view m) override { forward(2, m); }

 private:
  void forward(char level, std::string_view m) {
    std::string payload(1, level);
    payload.append(m.substr(0, 2000));
    out_.add(kStatusLog, payload);
  }
  ChildOut& out_;
};

[[noreturn]] void on_exit_in_child() {
  // The answers to the records before the one that called exit(), so that
  // the host blames that one.
  if (child_out) child_out->flush();
  _exit(kChildCalledExit);
}

// The child's descriptors: 0, 1 and 2 on /dev/null, the pipes on kChildIn
// and kChildOut, the ring (when there is one) on kChildRing, nothing else.
void confine_descriptors(int in, int out, int ring) {
  const int high_in = ::fcntl(in, F_DUPFD, 16), high_out = ::fcntl(out, F_DUPFD, 16);
  const int high_ring = ring < 0 ? -1 : ::fcntl(ring, F_DUPFD, 16);
  const int null = ::open("/dev/null", O_RDWR);
  if (high_in < 0 || high_out < 0 || (ring >= 0 && high_ring < 0) || null < 0) _exit(126);
  for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
  ::dup2(high_in, kChildIn);
  ::dup2(high_out, kChildOut);
  int last = kChildOut;
  if (high_ring >= 0) ::dup2(high_ring, last = kChildRing);
  if (::close_range(unsigned(last + 1), ~0U, 0) != 0) {
    const long max = std::min(::sysconf(_SC_OPEN_MAX), 1L << 16);
    for (long fd = last + 1; fd < max; ++fd) ::close(int(fd));
  }
}

// The records' ring, mapped read-only (the memfd is sealed against any
// writable mapping), its descriptor closed; null when the host has no ring.
// At the host's address when that is free here, so that the rounds laid out
// in it can be read in place (`in_place`).
struct RingView {
  const char* base = nullptr;
  std::size_t size = 0;
  bool in_place = false;
};
// FAIRAUDIT_TEST_RING_ELSEWHERE: as when the address is taken in this
// process, for the test of rounds sent in the codec's form. And
// FAIRAUDIT_TEST_RING_ELSEWHERE_ON_RESTART (a directory): so for every
// process of a plugin but its first, for the test of a process started again
// after a crash that cannot read in place the rounds laid out for the first.
bool ring_elsewhere_for_a_test(const std::string& plugin) {
  if (std::getenv("FAIRAUDIT_TEST_RING_ELSEWHERE")) return true;
  const char* dir = std::getenv("FAIRAUDIT_TEST_RING_ELSEWHERE_ON_RESTART");
  if (!dir) return false;
  const int fd = ::open((std::string(dir) + "/" + plugin).c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return true;  // an earlier process of the plugin made it
  ::close(fd);
  return false;
}
RingView map_ring(std::size_t size, std::uintptr_t host_address, const std::string& plugin) {
  if (size == 0) return {};
  // Populated at once: the records pass through the whole ring many times
  // in a run, and each of its pages would otherwise fault in every plugin
  // process on its first read.
  void* const want = ring_elsewhere_for_a_test(plugin) ? nullptr : reinterpret_cast<void*>(host_address);
  bool in_place = false;
  void* p = map_shared_preferably_at(want, size, PROT_READ, kChildRing, in_place);
  ::close(kChildRing);
  if (p == MAP_FAILED) return {};
  return {static_cast<const char*>(p), size, in_place};
}

// The child: load and describe the plugin, configure it, then read each
// record it is sent, call the plugin, report back.
[[noreturn]] void child_main(const std::filesystem::path& path, const std::string& name, std::size_t ring_size,
                             std::uintptr_t ring_address, std::chrono::milliseconds timeout) {
  const int in = kChildIn;
  // Not dumpable (exec made it dumpable again): see spawn().
  ::prctl(PR_SET_DUMPABLE, 0);
  // Before any of the plugin's code runs, while the descriptor is there.
  const RingView ring = map_ring(ring_size, ring_address, name);
  ChildOut out(kChildOut, timeout);
  child_out = &out;
  // An answer for the host (written with the others of its batch).
  const auto answer = [&out](std::uint8_t status, std::string_view payload) {
    out.add(status, payload);
    out.answered();
  };
  // The next message, from what one read brought (the host sends several
  // records before it awaits the first answer).
  PipeBuffer inbuf;
  // Whether the next message is all there: if not, reading it may wait for
  // the host, which may be waiting for the answers gathered so far.
  const auto whole_message_read = [&] {
    if (inbuf.size() < 5) return false;
    std::uint32_t len;
    std::memcpy(&len, inbuf.data() + 1, 4);
    return inbuf.size() - 5 >= len;
  };
  const auto fill = [&](std::size_t need) {
    while (inbuf.size() < need) {
      const ssize_t n = inbuf.read(in, need - inbuf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(0);
    }
  };
  // `payload`: a view into the buffer, valid until the next call.
  const auto next = [&](std::uint8_t& type, std::string_view& payload) {
    fill(5);
    std::uint32_t len;
    type = std::uint8_t(inbuf.data()[0]);
    std::memcpy(&len, inbuf.data() + 1, 4);
    inbuf.consume(5);
    fill(len);
    payload = inbuf.view(len);
    inbuf.consume(len);
  };
  ForwardLogger log(out);
  // The last answer before the child ends on its own.
  const auto last_answer = [&](std::uint8_t status, std::string_view payload) {
    out.add(status, payload);
    out.flush();
    _exit(0);
  };
  if (ring_size > 0 && !ring.base) last_answer(kStatusThrew, "cannot map the records' shared memory");
  loader::LoadedPlugin loaded;
  try {
    loaded = loader::load_plugin_file(path, name);
  } catch (const loader::LoadError& e) {
    last_answer(kStatusLoadError, e.what());
  } catch (const std::bad_alloc&) {
    last_answer(kStatusOutOfMemory, "ran out of memory while starting");
  } catch (...) {
    last_answer(kStatusThrew, "an exception while starting");
  }
  Plugin& plugin = *loaded.plugin;
  answer(kStatusOk, encode_info(loaded.info));

  // What the run keeps (kSetup), as BufferSink decides it in the host.
  struct Setup {
    bool keep_evidence = true, keep_all = true, keep_units = false;
    std::map<std::string, std::tuple<std::uint32_t, bool, bool>, std::less<>> rules;  // id -> place, indicator, off
  } setup;
  struct Collect : Sink {
    explicit Collect(const Setup& s) : setup(s) {}
    const Setup& setup;
    Reported r;
    const std::string* last_rule = nullptr;  // a key of setup.rules
    const std::tuple<std::uint32_t, bool, bool>* last_use = nullptr;
    void check(Check c) override {
      if (!setup.keep_evidence) c.evidence = {};
      r.checks.push_back(std::move(c));
    }
    void finding(Finding f) override { r.findings.push_back(std::move(f)); }
    bool wants_check_evidence() const override { return setup.keep_evidence; }
    bool counted(const std::string& rule, Scope scope, Verdict v) override {
      // A plugin's verdicts come rule after rule, many of one rule in a
      // row: the last rule looked up is compared first, before the map.
      if (!last_rule || *last_rule != rule) {
        const auto it = setup.rules.find(rule);
        if (it == setup.rules.end()) return false;
        last_rule = &it->first;
        last_use = &it->second;
      }
      const auto& [place, indicator, off] = *last_use;
      if (setup.keep_all || (setup.keep_units && scope == Scope::org_unit) || indicator) return false;
      if (!off) r.counted.emplace_back(place, v);
      return true;
    }
  };
  // The record of the previous call, whose strings and vectors the next one
  // reuses.
  ingest::Record record;
  // And its report's vectors, emptied, so that a record's checks do not grow
  // a new vector each time.
  Reported spare;
  std::string_view payload;
  for (;;) {
    if (!whole_message_read()) out.flush();
    std::uint8_t type;
    next(type, payload);
    std::uint8_t status = kStatusOk;
    std::string reply;
    bool framed = false;  // the answer is in `out`
    std::size_t frame = 0;  // where in `out` it starts
    try {
      if (type == kSetup) {
        codec::BinaryReader rd(payload.data(), payload.data() + payload.size());
        setup.keep_evidence = rd.raw<std::uint8_t>() != 0;
        setup.keep_all = rd.raw<std::uint8_t>() != 0;
        setup.keep_units = rd.raw<std::uint8_t>() != 0;
        const auto n = rd.raw<std::uint32_t>();
        setup.rules.clear();
        for (std::uint32_t i = 0; i < n; ++i) {
          std::string id = rd.str();
          const bool indicator = rd.raw<std::uint8_t>() != 0;
          const bool off = rd.raw<std::uint8_t>() != 0;
          setup.rules[std::move(id)] = {i, indicator, off};
        }
        // Whether this process reads rounds laid out in the ring.
        reply.assign(1, char(ring.in_place && rounds_can_be_placed()));
      } else if (type == kConfigure) {
        try {
          plugin.configure(decode_options(payload), log);
        } catch (const OptionError& e) {
          std::string bytes;
          codec::BinaryWriter w(bytes);
          w.str(e.key());
          w.str(e.what());
          answer(kStatusOptionError, bytes);
          continue;
        }
        reply = encode_info(plugin.info());
      } else {
        Collect sink(setup);
        sink.r = std::move(spare);
        sink.r.checks.clear();
        sink.r.findings.clear();
        sink.r.counted.clear();
        if (CallKind(type) == CallKind::finish) {
          plugin.finish(sink);
        } else {
          // payload: the record as codec::write_record wrote it, or where
          // in the ring it lies; its kind must be the message's.
          std::string_view bytes = payload;
          const bool placed = type & kPlaced, in_ring = type & kInRing;
          if (in_ring) {
            std::uint64_t offset;
            std::uint32_t size;
            if (payload.size() != kRingPlaceBytes || !ring.base) throw std::runtime_error("a malformed record message");
            std::memcpy(&offset, payload.data(), 8);
            std::memcpy(&size, payload.data() + 8, 4);
            if (offset > ring.size || size > ring.size - offset) throw std::runtime_error("a record outside the ring");
            bytes = std::string_view(ring.base + offset, size);
            type &= std::uint8_t(~(kInRing | kPlaced));
          }
          const auto began = ChildClock::now();
          if (placed) {
            // Laid out by the host at this very address (it sends such
            // rounds only to a process that said at kSetup that it maps the
            // ring there): read where it lies.
            if (!in_ring || !ring.in_place || CallKind(type) != CallKind::round || bytes.size() < sizeof(Round) ||
                reinterpret_cast<std::uintptr_t>(bytes.data()) % 8 != 0)
              throw std::runtime_error("a round laid out in the ring that this process cannot read there");
            plugin.round(*std::launder(reinterpret_cast<const Round*>(bytes.data())), sink);
          } else {
            codec::read_record(bytes.data(), bytes.data() + bytes.size(), record);
            if (std::size_t(type) != record.index() + std::size_t(CallKind::round))
              throw std::runtime_error("a record message whose kind is not its record's");
            std::visit(
                [&](const auto& rec) {
                  using T = std::decay_t<decltype(rec)>;
                  if constexpr (std::is_same_v<T, Round>) plugin.round(rec, sink);
                  else if constexpr (std::is_same_v<T, UnitRecord>) plugin.unit(rec, sink);
                  else plugin.measures(rec, sink);
                },
                record);
          }
          // Past the timeout: the host, which waits for a batch's answers
          // together, would not have seen it. The child stops as the host
          // would have stopped it, the answers before this record written.
          if (ChildClock::now() - began > timeout) {
            out.flush();
            _exit(kChildTimedOut);
          }
        }
        frame = out.open(kStatusOk);
        framed = true;
        encode(sink.r, out.bytes());  // run/wire.hpp
        out.close(frame);
        spare = std::move(sink.r);
      }
    } catch (const std::bad_alloc&) {
      status = kStatusOutOfMemory;
      reply = "ran out of memory (the plugin's limit is set by --plugin-memory)";
    } catch (const std::exception& e) {
      status = kStatusThrew;
      reply = e.what();
    } catch (...) {
      status = kStatusThrew;
      reply = "an exception that is not a std::exception";
    }
    if (framed && status == kStatusOk) {
      out.answered();
      continue;
    }
    if (framed) out.drop(frame);  // the report could not be encoded
    answer(status, reply);
  }
}

// A record's answer (run/wire.hpp), its counted verdicts checked against
// the run's list of the plugin's rules.
Reported decode_answer(std::string_view payload, std::uint32_t rules) {
  Reported rep = decode(payload);
  for (const auto& [place, v] : rep.counted)
    if (place >= rules) throw std::runtime_error("malformed message from the plugin process: a verdict on a rule outside the list");
  return rep;
}

std::string signal_text(int sig) {
  const char* d = strsignal(sig);
  return "signal " + std::to_string(sig) + (d ? std::string(" (") + d + ")" : std::string());
}

void log_line(const std::string& plugin, std::string_view payload) {
  if (payload.empty()) return;
  const std::string_view text = payload.substr(1);
  switch (payload[0]) {
    case 0: spdlog::debug("{}: {}", plugin, text); break;
    case 1: spdlog::info("{}: {}", plugin, text); break;
    default: spdlog::warn("{}: {}", plugin, text); break;
  }
}

}  // namespace

// Constructed once the deferred constructor has returned: when the
// description fails, the destructor stops the process.
IsolatedPlugin::IsolatedPlugin(std::filesystem::path path, std::string name, IsolationOptions options)
    : IsolatedPlugin(std::move(path), std::move(name), options, Deferred{}) {
  await_start();
}

namespace {
std::atomic<bool> exec_for_plugins{false};
}  // namespace

void use_exec_for_plugin_processes() { exec_for_plugins = true; }
bool plugin_process_executable() { return exec_for_plugins; }

void plugin_process_main(int argc, char** argv) {
  struct stat in {}, out {};
  const bool from_host = argc == 7 && ::fstat(kChildIn, &in) == 0 && S_ISFIFO(in.st_mode) &&
                         ::fstat(kChildOut, &out) == 0 && S_ISFIFO(out.st_mode);
  char* end = nullptr;
  const unsigned long long ring_size = from_host ? std::strtoull(argv[4], &end, 10) : 0;
  const bool ring_ok = from_host && end && *end == '\0';
  const unsigned long long timeout_ms = ring_ok ? std::strtoull(argv[5], &end, 10) : 0;
  const bool timeout_ok = ring_ok && end && *end == '\0' && timeout_ms > 0;
  const unsigned long long ring_address = timeout_ok ? std::strtoull(argv[6], &end, 10) : 0;
  if (!timeout_ok || !end || *end != '\0') {
    const char msg[] =
        "fairaudit: __plugin-process is the program of a plugin's own process, started by fairaudit audit; it is "
        "not a command to run\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(2);
  }
  // Named for ps and top ("fa:" and the plugin's name; the kernel keeps 15
  // bytes), rather than "exe" from /proc/self/exe.
  const std::string title = ("fa:" + std::string(argv[3])).substr(0, 15);
  ::prctl(PR_SET_NAME, title.c_str());
  std::atexit(on_exit_in_child);
  std::at_quick_exit(on_exit_in_child);
  child_main(argv[2], argv[3], std::size_t(ring_size), std::uintptr_t(ring_address),
             std::chrono::milliseconds(timeout_ms));
}

IsolatedPlugin::~IsolatedPlugin() { reap(true); }

void IsolatedPlugin::spawn() {
  int down[2], up[2];
  if (::pipe2(down, O_CLOEXEC) != 0) throw PluginFault(FailureKind::exception, "cannot create pipes: " + std::string(strerror(errno)));
  if (::pipe2(up, O_CLOEXEC) != 0) {
    ::close(down[0]);
    ::close(down[1]);
    throw PluginFault(FailureKind::exception, "cannot create pipes: " + std::string(strerror(errno)));
  }
  // Made before the first process is started, so every process maps it.
  RecordRing* ring = RecordRing::shared();
  const pid_t parent = ::getpid();
  // The new program's arguments, made before fork: between fork and exec the
  // child only calls what is safe in a copy of a process with many threads
  // (no allocation: another thread may have held the allocator's lock).
  const std::size_t ring_size = ring ? ring->size() : 0;
  const std::uintptr_t ring_address = ring ? ring->address() : 0;
  std::vector<std::string> args;
  std::vector<char*> argv;
  if (plugin_process_executable()) {
    args = {"fairaudit", kPluginProcessCommand, path_.string(), name_, std::to_string(ring_size),
            std::to_string(options_.timeout.count()), std::to_string(ring_address)};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
  }
  pid_t pid = ::fork();
  if (pid > 0) ::setpgid(pid, pid);  // as the child does: whichever runs first
  if (pid < 0) {
    for (int fd : {down[0], down[1], up[0], up[1]}) ::close(fd);
    throw PluginFault(FailureKind::exception, "cannot start a process for the plugin: " + std::string(strerror(errno)));
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the host
    // A process group of its own, which the host ends with it: a process
    // the plugin forks (and its records) does not outlive the run.
    ::setpgid(0, 0);
    // The process holds applicants' records: when the plugin crashes, no
    // core file of them is written. RLIMIT_CORE alone does not stop a core
    // handler the system pipes dumps to (systemd-coredump, apport); a process
    // that is not dumpable is never dumped. The host also learns of the crash
    // at once instead of after a dump of the whole process.
    ::prctl(PR_SET_DUMPABLE, 0);
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    if (::getppid() != parent) _exit(0);
    confine_descriptors(down[0], up[1], ring ? ring->fd() : -1);
#if !defined(FAIRAUDIT_ASAN)
    // AddressSanitizer reserves far more address space than any limit; the
    // limit is left off in such builds.
    // The records' ring, mapped in the process, is the host's memory, not
    // the plugin's: the limit is the plugin's beside it.
    rlimit rl{};
    rl.rlim_cur = rl.rlim_max = (rlim_t(options_.memory_mb) << 20) + (ring ? rlim_t(ring->size()) : 0);
    ::setrlimit(RLIMIT_AS, &rl);
#endif
    // A fresh program: nothing of the host's memory (its locks, its heap
    // with the records of earlier rounds) comes along; the limits, the
    // descriptors and the death signal do. The fairaudit executable runs
    // plugin_process_main; a program that did not say it can (a test
    // binary) runs the child in the copy.
    if (!argv.empty()) {
      ::execv("/proc/self/exe", argv.data());
      _exit(kChildCannotStart);
    }
    std::atexit(on_exit_in_child);
    std::at_quick_exit(on_exit_in_child);
    child_main(path_, name_, ring_size, ring_address, options_.timeout);
  }
  ::close(down[0]);
  ::close(up[1]);
  // Room for several records at once (submit_message keeps what is out
  // within it, so that no write blocks while the child writes answers).
  ::fcntl(down[1], F_SETPIPE_SZ, 1 << 20);
  const int room = ::fcntl(down[1], F_GETPIPE_SZ);
  pipe_room_ = room > 0 ? std::size_t(room) : 4096;
  received_.reset();
  pid_ = pid;
  to_child_ = down[1];
  from_child_ = up[0];
}

void IsolatedPlugin::reap(bool kill_first) {
  if (pid_ <= 0) return;
  if (kill_first) ::kill(pid_, SIGKILL);
  ::close(to_child_);
  ::close(from_child_);
  wait_for_group();
}

int IsolatedPlugin::wait_for_group() {
  // Once the process has ended, and before it is waited for (until then its
  // id, which is its group's, cannot be another's), whatever it started is
  // ended too.
  siginfo_t info{};
  while (::waitid(P_PID, id_t(pid_), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  ::kill(-pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return status;
}

IsolatedPlugin::Answer IsolatedPlugin::exchange(std::uint8_t type, std::string_view payload, const char* during) {
  return await_answer(type == 0 || send(to_child_, type, payload), during);
}

IsolatedPlugin::Answer IsolatedPlugin::await_answer(bool sent, const char* during, std::size_t records) {
  // The child writes the answers of a batch together: within a few
  // timeouts of the awaited record's start when no record takes longer
  // than one (ChildOut).
  const auto deadline =
      std::chrono::steady_clock::now() + options_.timeout * (records > 1 ? kAnswerTimeouts : std::int64_t(1));
  blame_exact_ = false;
  Answer a;
  int got = sent ? 0 : 2;
  while (got == 0) {
    got = receive(from_child_, deadline, received_, a.status, a.payload);
    if (got != 0 || a.status != kStatusLog) break;
    log_line(name_, a.payload);
  }
  if (got == 0) return a;
  // The child hung or died: find out how.
  std::string why;
  FailureKind fault;
  if (got == 1) {
    fault = FailureKind::timeout;
    why = "did not answer within " + std::to_string(options_.timeout.count()) + " ms " + during + " and was stopped";
    reap(true);
  } else if (got == 3) {
    fault = FailureKind::oversized_answer;
    why = "sent an answer larger than " + std::to_string(kMaxAnswerBytes >> 20) + " MiB " + during +
          " and was stopped";
    reap(true);
  } else {
    ::close(to_child_);
    ::close(from_child_);
    const int st = wait_for_group();
    if (WIFEXITED(st) && WEXITSTATUS(st) == kChildTimedOut) {
      fault = FailureKind::timeout;
      why = "did not answer within " + std::to_string(options_.timeout.count()) + " ms " + during + " and was stopped";
      blame_exact_ = true;
    } else if (WIFSIGNALED(st)) {
      fault = FailureKind::crash;
      why = "crashed with " + signal_text(WTERMSIG(st)) + " " + during;
    } else {
      fault = FailureKind::exit;
      blame_exact_ = WEXITSTATUS(st) == kChildCalledExit;  // it wrote the answers before this record
      why = WEXITSTATUS(st) == kChildCalledExit ? std::string("ended its process (exit) ") + during
                                                 : "ended its process with status " + std::to_string(WEXITSTATUS(st)) +
                                                       " " + during;
    }
  }
  throw PluginFault(fault, why);
}

IsolatedPlugin::IsolatedPlugin(std::filesystem::path path, std::string name, IsolationOptions options, Deferred)
    : path_(std::move(path)), name_(std::move(name)), options_(options) {
  // A write to a child that died must be an error, not the end of the host.
  ::signal(SIGPIPE, SIG_IGN);
  spawn();
}

void IsolatedPlugin::start() {
  spawn();
  await_start();
}

void IsolatedPlugin::await_start() {
  Answer a = exchange(0, {}, "while starting (loading its library, making the plugin, describing it)");
  if (a.status == kStatusLoadError) {
    reap(true);
    throw loader::LoadError(std::string(a.payload));
  }
  if (a.status != kStatusOk) {
    reap(true);
    throw PluginFault(a.status == kStatusOutOfMemory ? FailureKind::out_of_memory : FailureKind::exception,
                      std::string(a.payload) + " (while starting)");
  }
  try {
    info_ = decode_info(a.payload);
  } catch (const codec::CodecError& e) {
    reap(true);
    throw PluginFault(FailureKind::exception, std::string("sent a description that cannot be read: ") + e.what());
  }
}

void IsolatedPlugin::apply_options() {
  Answer a = exchange(kConfigure, encode_options(*configured_), "while being configured");
  if (a.status == kStatusOptionError) {
    std::string key, message;
    try {
      codec::BinaryReader r(a.payload.data(), a.payload.data() + a.payload.size());
      key = r.str();
      message = r.str();
    } catch (const codec::CodecError&) {
      throw std::runtime_error("the plugin refused its options");
    }
    throw OptionError(key, message);
  }
  if (a.status == kStatusThrew) throw std::runtime_error(std::string(a.payload));
  if (a.status != kStatusOk)
    throw PluginFault(a.status == kStatusOutOfMemory ? FailureKind::out_of_memory : FailureKind::exception,
                      std::string(a.payload) + " (while being configured)");
  try {
    info_ = decode_info(a.payload);
  } catch (const codec::CodecError& e) {
    throw PluginFault(FailureKind::exception, std::string("sent a description that cannot be read: ") + e.what());
  }
}

void IsolatedPlugin::prepare_run(bool keep_evidence, bool keep_all, bool keep_units, const std::vector<RuleUse>& rules) {
  std::string bytes;
  codec::BinaryWriter w(bytes);
  w.raw(std::uint8_t(keep_evidence));
  w.raw(std::uint8_t(keep_all));
  w.raw(std::uint8_t(keep_units));
  w.raw(std::uint32_t(rules.size()));
  for (const auto& r : rules) {
    w.str(r.id);
    w.raw(std::uint8_t(r.indicator));
    w.raw(std::uint8_t(r.off));
  }
  setup_ = std::move(bytes);
  rules_ = std::uint32_t(rules.size());
  apply_setup();
}

namespace {
// Whether rounds go to the plugin processes laid out in the ring: once a
// process said it reads them there, and as long as none said it cannot (its
// ring mapped elsewhere, as when the address was taken in it). Process-wide,
// like the ring.
std::atomic<bool> a_process_reads_in_place{false}, a_process_cannot_read_in_place{false};
std::atomic<std::uint64_t> records_made{0}, records_placed{0}, records_in_ring{0};
bool rounds_go_in_place() {
  return a_process_reads_in_place && !a_process_cannot_read_in_place && rounds_can_be_placed();
}
}  // namespace

void IsolatedPlugin::apply_setup() {
  Answer a = exchange(kSetup, *setup_, "while being prepared for the run");
  if (a.status != kStatusOk)
    throw PluginFault(a.status == kStatusOutOfMemory ? FailureKind::out_of_memory : FailureKind::exception,
                      std::string(a.payload));
  // A process that cannot read rounds in place is sent every record in the
  // codec's form, and so are the others from now on; the rounds laid out
  // already that wait for it (a process started again after a crash) are
  // put in that form before they are sent again.
  if (a.payload.size() == 1 && a.payload[0] == 1) {
    a_process_reads_in_place = true;
    spdlog::debug("{}: its process reads rounds where the host laid them out, in the records' shared memory", name_);
  } else {
    a_process_cannot_read_in_place = true;
    spdlog::debug("{}: its process cannot read rounds in the records' shared memory where the host laid them out; "
                  "every process is sent them in the record codec's form",
                  name_);
  }
}

const PluginInfo& IsolatedPlugin::configure(const Options& options) {
  configured_ = options;
  apply_options();
  return info_;
}

void IsolatedPlugin::make_message(const ingest::Record* record, std::string& message) {
  // The frame's header, then the record in binary, then the length filled in.
  message.clear();
  message.push_back(char(record ? std::uint8_t(record->index() + std::size_t(CallKind::round))
                                : std::uint8_t(CallKind::finish)));
  message.append(4, '\0');
  if (record) codec::write_record(message, *record);
  const std::uint32_t len = std::uint32_t(message.size() - 5);
  std::memcpy(message.data() + 1, &len, 4);
}

namespace {
// A message whose record lies in the ring: the frame says where, and the
// record's room is given back when the last plugin process's queue lets go
// of the message.
struct RingMessage final : std::string {
  RingMessage(RecordRing& r, std::uint64_t i) : ring(r), id(i) {}
  ~RingMessage() { ring.release(id); }
  RingMessage(const RingMessage&) = delete;
  RingMessage& operator=(const RingMessage&) = delete;
  RecordRing& ring;
  std::uint64_t id;
};
// The message of a record written at `slot`: its kind (with kPlaced for a
// laid-out round), then where it lies, [u64 offset][u32 size].
std::shared_ptr<const std::string> ring_message(RecordRing& ring, const RecordRing::Slot& slot, std::uint8_t type,
                                                std::size_t size) {
  auto message = std::make_shared<RingMessage>(ring, slot.id);
  const std::uint32_t len = kRingPlaceBytes, bytes = std::uint32_t(size);
  message->push_back(char(type | kInRing));
  message->append(reinterpret_cast<const char*>(&len), 4);
  message->append(reinterpret_cast<const char*>(&slot.offset), 8);
  message->append(reinterpret_cast<const char*>(&bytes), 4);
  return message;
}
}  // namespace

std::shared_ptr<const std::string> IsolatedPlugin::make_message(const ingest::Record* record) {
  // The record is written into this thread's scratch string, whose room
  // stays from one record to the next, then copied once into the ring.
  thread_local std::string scratch;
  RecordRing* ring = RecordRing::shared();
  if (record) ++records_made;
  if (const Round* round = ring && record ? std::get_if<Round>(record) : nullptr; round && rounds_go_in_place()) {
    const std::size_t size = placed_size(*round);
    if (auto slot = ring->take(size)) {
      place_round(slot->data, size, *round);
      ++records_placed;
      return ring_message(*ring, *slot, std::uint8_t(CallKind::round) | kPlaced, size);
    }
  }
  if (ring && record) {
    scratch.clear();
    codec::write_record(scratch, *record);
    if (auto slot = ring->take(scratch.size())) {
      std::memcpy(slot->data, scratch.data(), scratch.size());
      ++records_in_ring;
      return ring_message(*ring, *slot, std::uint8_t(record->index() + std::size_t(CallKind::round)), scratch.size());
    }
  }
  // No ring, or no room in it: the record goes through the pipe.
  auto message = std::make_shared<std::string>();
  message->reserve(scratch.size() + 64);
  make_message(record, *message);
  return message;
}

void IsolatedPlugin::submit_message(std::shared_ptr<const std::string> message) {
  if (broken_) return;
  pending_.push_back({std::move(message), false});
  // Sent kSendTogether at a time, so that a plugin process is woken once for
  // them rather than for each; collect() sends the rest.
  if (++unsent_ >= kSendTogether) send_pending();
}

namespace {
// All of `iov` through writev(2), whatever it moves at a time and however
// often a signal interrupts it; false at the end or on an error.
bool writev_all(int fd, iovec* iov, int n) {
  while (n > 0) {
    ssize_t done = ::writev(fd, iov, n);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return false;
    while (n > 0 && std::size_t(done) >= iov->iov_len) {
      done -= ssize_t(iov->iov_len);
      ++iov;
      --n;
    }
    if (n > 0) {
      iov->iov_base = static_cast<char*>(iov->iov_base) + done;
      iov->iov_len -= std::size_t(done);
    }
  }
  return true;
}
}  // namespace

// A page of the pipe (send_pending): the system's page, 4 KiB on most
// machines and 16 or 64 KiB on some ARM ones, where a 1 MiB pipe holds only
// 16 or 64 writes whatever their size.
const std::size_t kPipePage = [] {
  const long page = ::sysconf(_SC_PAGESIZE);
  return page > 0 ? std::size_t(page) : std::size_t(4096);
}();

void IsolatedPlugin::send_pending() {
  // Written only while what is out (sent, not answered) fits the pipe: the
  // bytes in the pipe are never more, so no write here waits on a child that
  // waits for the host to read its answers. A record larger than the pipe
  // goes alone. The records that fit go in one writev(2), up to kBatch.
  // The pipe holds pages, not bytes: a write that does not fit in what is
  // left of the last page starts a new one, so each write is counted a page
  // more than its bytes (records sent through the pipe, when the ring is
  // full, would otherwise fill its pages before the count says so).
  constexpr int kBatch = 64;
  iovec iov[kBatch];
  Pending* batch[kBatch];
  int n = 0;
  std::size_t bytes = 0;
  room_waited_ = false;
  const auto flush = [&] {
    const bool ok = writev_all(to_child_, iov, n);
    if (ok) {
      for (int i = 0; i < n; ++i) {
        batch[i]->sent = true;
        batch[i]->room = batch[i]->bytes->size();
      }
      batch[0]->room += kPipePage;
      out_bytes_ += bytes + kPipePage;
      out_records_ += std::size_t(n);
      unsent_ -= std::size_t(n);
    }
    n = 0;
    bytes = 0;
    return ok;  // not: the child is gone; collect() finds out how
  };
  for (auto& m : pending_) {
    if (m.sent) continue;
    if (suspects_ > 0 && out_records_ + std::size_t(n) > 0) break;  // one suspect at a time, alone
    const std::size_t size = m.bytes->size();
    if (out_bytes_ + bytes > 0 && out_bytes_ + bytes + size + kPipePage > pipe_room_) {
      room_waited_ = true;
      break;
    }
    iov[n] = {const_cast<char*>(m.bytes->data()), size};
    batch[n++] = &m;
    bytes += size;
    if (n == kBatch && !flush()) return;
  }
  if (n > 0) flush();
}

void IsolatedPlugin::submit(const ingest::Record* record) { submit_message(make_message(record)); }

RecordsSent records_sent() {
  const std::uint64_t made = records_made, placed = records_placed, in_ring = records_in_ring;
  return {placed, in_ring, made - placed - in_ring};
}

void IsolatedPlugin::recode_placed_pending() {
  RecordRing* ring = RecordRing::shared();
  if (!ring) return;
  for (auto& p : pending_) {
    const std::string& m = *p.bytes;
    if (m.size() != 5 + kRingPlaceBytes || !(std::uint8_t(m[0]) & kPlaced)) continue;
    std::uint64_t offset;
    std::memcpy(&offset, m.data() + 5, 8);
    // The round as the host laid it out, in its own writable view of the
    // ring: the slot is held by this very message until it is replaced.
    const ingest::Record record(*std::launder(reinterpret_cast<const Round*>(ring->at(offset))));
    p.bytes = make_message(&record);
  }
}

bool IsolatedPlugin::answer_read() const {
  if (received_.size() < 5) return false;
  std::uint32_t len;
  std::memcpy(&len, received_.data() + 1, 4);
  return received_.size() - 5 >= len;
}

Reported IsolatedPlugin::call(const ingest::Record* record) {
  if (pending_.empty()) submit(record);
  return collect();
}

Reported IsolatedPlugin::collect() {
  if (broken_) {
    pending_.clear();
    unsent_ = 0;
    throw *broken_;
  }
  if (pending_.empty()) throw std::logic_error("IsolatedPlugin::collect() with nothing submitted");
  for (;;) {
    // What waits to be sent goes before the host waits itself (not when the
    // awaited answer is read already, so that the records go in batches).
    if (!pending_.front().sent || (unsent_ > 0 && !answer_read())) send_pending();
    const bool sent = pending_.front().sent;
    // The child writes the answers of what it read together, at most
    // kAnswersTogether of them: the awaited one may wait for the records
    // sent after it, and when the child dies before it, any of those may be
    // the one that killed it.
    const std::size_t batch = suspects_ > 0 ? 1 : std::min(out_records_, kAnswersTogether);
    std::optional<PluginFault> fault;
    try {
      Answer a = await_answer(sent, "on this record", batch);
      const Pending m = std::move(pending_.front());
      pending_.pop_front();
      out_bytes_ -= m.room;
      --out_records_;
      if (suspects_ > 0 && --suspects_ == 0 && suspect_fault_) {
        spdlog::warn("{}: its process failed while checking a batch of records ({}), and none of them failed again "
                     "when sent alone; no round is blamed",
                     name_, suspect_fault_->what());
        suspect_fault_.reset();
      }
      if (room_waited_) send_pending();  // what waited for room
      if (a.status == kStatusOk) return decode_answer(a.payload, rules_);
      throw PluginFault(a.status == kStatusOutOfMemory ? FailureKind::out_of_memory : FailureKind::exception,
                        std::string(a.payload));
    } catch (const PluginFault& f) {
      if (pid_ > 0) throw;  // the plugin threw; its process goes on
      fault = f;
    }
    // The child is gone. The record it was sent alone, or whose answer was
    // too large, is the one to blame; else any record of its batch may be,
    // and they are sent again one at a time.
    const bool alone = !sent || batch <= 1 || blame_exact_ || fault->kind == FailureKind::oversized_answer;
    if (alone) {
      pending_.pop_front();
      if (suspects_ > 0) --suspects_;
      suspect_fault_.reset();
    } else {
      suspects_ = batch;
      suspect_fault_ = fault;
      spdlog::debug("{}: its process failed while checking a batch of {} records ({}); they are sent again one at a time",
                    name_, suspects_, fault->what());
    }
    // Start a fresh one, loaded and configured as the first, and send it the
    // records the old one never answered.
    ++restarts_;
    out_bytes_ = 0;
    out_records_ = 0;
    for (auto& p : pending_) p.sent = false;
    unsent_ = pending_.size();
    try {
      start();
      if (configured_) apply_options();
      if (setup_) apply_setup();
      if (!rounds_go_in_place()) recode_placed_pending();
      send_pending();
    } catch (const std::exception& e) {
      pending_.clear();
      unsent_ = 0;
      suspects_ = 0;
      suspect_fault_.reset();
      reap(true);
      broken_.emplace(fault->kind, std::string("its process could not be started again after it ") + fault->what() +
                                       ": " + e.what());
      throw PluginFault(fault->kind, std::string(fault->what()) + "; its process could not be started again: " + e.what());
    }
    if (alone) throw PluginFault(fault->kind, std::string(fault->what()) + "; its process was restarted");
    if (pending_.empty()) throw std::logic_error("IsolatedPlugin::collect(): no record left to blame");
  }
}

}  // namespace fairaudit::run
