// A plugin that misbehaves on purpose, on rounds whose id contains "FAULT":
// it throws, crashes, hangs, is slow, exits, eats memory, floods the host with
// findings or reports an undeclared rule (or throws from or crashes in
// configure(), before any round). Others fail before any round: their
// factory exits, aborts, crashes or hangs, or their static constructor
// exits. Two break the contract on every round: one prints to stdout and
// stderr, one writes applicant ids into every text it reports. On
// every other round it reports one complying check, so tests can see that the
// rest of the run went on. Built once per fault (see CMakeLists.txt).
// One more, `checks-calls`, holds the host to the SDK's contract instead: it
// throws when a call comes from another thread than the first, or a round
// comes out of input order. Others are stamped as if built with another
// toolchain or SDK, to be refused before any of their code runs.
#include <sys/prctl.h>
#include <unistd.h>

#include <cctype>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "fairaudit/plugin.hpp"

namespace {

using namespace fairaudit;

#if defined(FAULT_PRINTS)
// What a careless plugin prints: half a JSON document on stdout, a line on
// stderr. Neither may reach fairaudit's outputs.
void print_garbage(const char* where) {
  std::printf("{\"printed-by-the-plugin\": \"%s\"", where);
  std::fflush(stdout);
  std::fprintf(stderr, "printed-by-the-plugin on stderr in %s\n", where);
  (void)!::write(1, "}{", 2);
}
#endif

class Faulty final : public Plugin {
 public:
  // The factory (fairaudit_create_plugin) makes the plugin with this.
  Faulty() {
#if defined(FAULT_FACTORY_EXIT)
    std::exit(0);
#elif defined(FAULT_FACTORY_ABORT)
    std::abort();
#elif defined(FAULT_FACTORY_CRASH)
    std::raise(SIGSEGV);
#elif defined(FAULT_FACTORY_HANG)
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
#elif defined(FAULT_PRINTS)
    print_garbage("the factory");
#endif
  }
  PluginInfo info() const override {
    PluginInfo p;
    p.name = FAULT_NAME;
    p.version = "0.0.1";
    p.description = "test plugin that fails on purpose";
    p.rules = {RuleInfo{.id = "seen",
                        .summary = "Reports every round it sees.",
                        .rationale = "test",
                        .basis = "test",
                        .local_term = "",
                        .default_severity = Severity::note,
                        .scope = Scope::round}};
    return p;
  }
  void configure(const Options&, Logger&) override {
#if defined(FAULT_CONFIGURE)
    throw std::runtime_error("deliberate configure failure");
#elif defined(FAULT_CONFIGURE_CRASH)
    std::raise(SIGSEGV);
#elif defined(FAULT_PRINTS)
    print_garbage("configure()");
#endif
  }
  void round(const Round& r, Sink& sink) override {
#if defined(FAULT_PRINTS)
    print_garbage("round()");
#endif
#if defined(FAULT_LEAKS_IDS)
    // Every applicant id of the round where the contract forbids it: in the
    // message, the key, text evidence (nested too) and a check's reason.
    // Also in capitals, as evidence keys (nested too), and as the unit a
    // unit's result is filed under.
    std::string ids, shouted;
    for (const auto& a : r.applicants) ids += (ids.empty() ? "" : ", ") + a.id;
    for (char c : ids) shouted += char(std::toupper(static_cast<unsigned char>(c)));
    const std::string first = r.applicants.empty() ? "none" : r.applicants.front().id;
    Evidence nested;
    nested.text("who", ids).text(first, "an id as a nested key");
    Finding leak;
    leak.rule = "seen";
    leak.scope = Scope::round;
    leak.round_id = r.round_id;
    leak.org_unit = r.org_unit;
    leak.key = ids;
    leak.message = "Applicants " + ids + " were not called (" + shouted + ").";
    leak.evidence.text("applicants", ids).object("detail", nested).count("n", std::int64_t(r.applicants.size()));
    leak.evidence.text(first, "an id as a key");
    sink.finding(std::move(leak));
    Finding unit;
    unit.rule = "seen";
    unit.scope = Scope::org_unit;
    unit.org_unit = first;
    unit.message = "A unit named by an id.";
    sink.finding(std::move(unit));
    sink.round_verdict(r, "seen", Verdict::breach, "Not called: " + ids + ".");
    pooled_ += (pooled_.empty() ? "" : "; ") + r.round_id + ": " + ids;
    return;
#endif
#if defined(FAULT_FORKS)
    // A process of its own that would go on after the run, holding what
    // its parent held (named, so that a test can look for it).
    if (r.round_id.find("FAULT") != std::string::npos && ::fork() == 0) {
      ::prctl(PR_SET_NAME, "fa-test-orphan");
      for (int i = 0; i < 60; ++i) ::sleep(1);
      ::_exit(0);
    }
#endif
#if defined(FAULT_FILES_ELSEWHERE)
    {
      // A round's result filed under a round it was not given.
      Finding elsewhere;
      elsewhere.rule = "seen";
      elsewhere.scope = Scope::round;
      elsewhere.round_id = "R-ELSEWHERE";
      elsewhere.org_unit = r.org_unit;
      elsewhere.message = "filed elsewhere";
      sink.finding(std::move(elsewhere));
      return;
    }
#endif
#if defined(FAULT_CHECK_CALLS)
    same_thread();
    if (r.source.line <= last_line_) throw std::runtime_error("a round came out of input order");
    last_line_ = r.source.line;
#endif
    if (r.round_id.find("FAULT") != std::string::npos) {
#if defined(FAULT_THROW)
      throw std::runtime_error("deliberate failure");
#elif defined(FAULT_EXIT)
      std::exit(0);
#elif defined(FAULT_CRASH)
      // The signal a wild pointer brings, without the undefined behaviour:
      // under UndefinedBehaviorSanitizer a store through null is reported
      // and the process exits with status 1 before any segfault happens.
      std::raise(SIGSEGV);
#elif defined(FAULT_HANG)
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
#elif defined(FAULT_SLOW)
      // Returns, but later than the tests' timeout.
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
#elif defined(FAULT_MEMORY)
      std::vector<std::vector<char>> hog;
      for (;;) hog.emplace_back(std::size_t(64) << 20, 'x');
#elif defined(FAULT_FLOOD)
      // 80 findings of 1 MiB each: more than a plugin may answer for one record.
      for (int i = 0; i < 80; ++i) {
        Finding f;
        f.rule = "seen";
        f.scope = Scope::round;
        f.round_id = r.round_id;
        f.org_unit = r.org_unit;
        f.key = std::to_string(i);
        f.message = std::string(std::size_t(1) << 20, 'x');
        sink.finding(std::move(f));
      }
      return;
#elif defined(FAULT_UNDECLARED)
      sink.round_verdict(r, "not-declared", Verdict::breach, "oops");
#endif
    }
    Finding f;
    f.rule = "seen";
    f.scope = Scope::round;
    f.round_id = r.round_id;
    f.org_unit = r.org_unit;
    f.message = "seen";
    sink.finding(std::move(f));
  }
#if defined(FAULT_LEAKS_IDS)
  // A pooled result naming the ids of every round, reported where no round
  // is at hand.
  void finish(Sink& sink) override {
    Finding f;
    f.rule = "seen";
    f.scope = Scope::org_unit;
    f.org_unit = "oslo/x";
    f.key = "pooled " + pooled_;
    f.message = "Pooled, not called: " + pooled_ + ".";
    Evidence nested;
    nested.text("who", pooled_);
    f.evidence.text("applicants", pooled_).list("rounds", {nested});
    sink.finding(std::move(f));
  }

 private:
  std::string pooled_;
#endif
#if defined(FAULT_CHECK_CALLS)
  void unit(const UnitRecord&, Sink&) override { same_thread(); }
  void finish(Sink&) override { same_thread(); }

 private:
  void same_thread() {
    if (!thread_) thread_ = std::this_thread::get_id();
    if (*thread_ != std::this_thread::get_id()) throw std::runtime_error("called from a second thread");
  }
  std::optional<std::thread::id> thread_;
  std::uint64_t last_line_ = 0;
#endif
};

}  // namespace

#if defined(FAULT_STATIC_MARKER)
namespace {
// Shows whether any of the library's code ran: its static constructor writes
// a file named after the plugin into $FAIRAUDIT_TEST_MARKER_DIR, and for a
// plugin the gate must refuse ends the process.
struct RanMarker {
  RanMarker() {
    if (const char* dir = std::getenv("FAIRAUDIT_TEST_MARKER_DIR")) std::ofstream(std::string(dir) + "/" FAULT_NAME) << "ran\n";
#if defined(FAULT_STATIC_ABORT)
    std::abort();
#elif defined(FAULT_STATIC_EXIT)
    std::exit(0);
#endif
  }
};
const RanMarker ran_marker;
}  // namespace
#endif

FAIRAUDIT_PLUGIN(Faulty)
