// Process isolation for plugins (the default for `audit`; --no-isolate turns
// it off): each plugin lives in a child process from its first instruction.
// The host reads the library's stamp from the file (loader::check_gate) and
// starts the child; the child loads the library (its static constructors),
// makes the plugin (the factory), describes it (info()) and, once the host
// has checked the policy's options against that description, configures it —
// all under the same timeout and memory limit as its rounds. No code of the
// plugin runs in the fairaudit process.
//
// For each record the host sends the record it parsed, in binary
// (codec/record_binary.hpp: no plugin process parses JSON again); the child
// reads it, calls the plugin and sends back what the plugin reported. The child's
// standard input, output and error are /dev/null and it holds no other file
// of the host's, so whatever a plugin prints reaches no output; its log lines
// come back over the pipe to the host's log. A crash, an abort, an exit, a
// hang past the timeout or runaway memory in the plugin costs only that call:
// it becomes a host/plugin-failure finding, a new child is started (loaded
// and configured again), and the run goes on.
//
// The conversation goes in batches: the host writes a child many records at
// once (one writev), and the child writes the answers to what it read in one
// write, in order, when it would otherwise wait for the host. A child that
// dies before it answered a batch (a crash, a hang) leaves no answer to say
// which record killed it: the batch's unanswered records are then sent to the
// new child one at a time, each awaited alone, so that the fault is blamed on
// the record that brings it about and the others are still checked. A child
// whose plugin calls exit() writes the answers before it first, and one whose
// call outlasts the timeout writes them and ends itself, so those are blamed
// at once.
//
// The child is a fresh program: the host forks and, before anything else,
// executes its own executable again (/proc/self/exe) with the command
// kPluginProcessCommand, which runs plugin_process_main. A bare copy of a
// host with several threads could find a lock (the allocator's, a logger's)
// held by a thread that does not exist in the copy, and wait for ever; and a
// copy would carry the host's memory with the records read so far. Only a
// program that says it runs plugin_process_main (the fairaudit executable,
// use_exec_for_plugin_processes()) is executed; any other host (a test
// binary) runs the child in the copy.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fairaudit/plugin.hpp"
#include "ingest/record.hpp"
#include "run/failure.hpp"
#include "run/pipe_buffer.hpp"
#include "run/wire.hpp"

namespace fairaudit::run {

// `fairaudit __plugin-process LIBRARY NAME RING_BYTES TIMEOUT_MS RING_ADDRESS`, with the
// pipes and the records' shared memory on the descriptors spawn() leaves:
// what a plugin's process runs; no person types it.
inline constexpr const char* kPluginProcessCommand = "__plugin-process";

// Said by the fairaudit executable's main: its plugin processes are started
// by executing it again.
void use_exec_for_plugin_processes();
bool plugin_process_executable();

// How the records of this process's runs went to the plugin processes (one
// message for all of them): rounds laid out in the shared memory, records in
// the record codec's form there, and records through the pipes (no room, or
// no shared memory). For the log.
struct RecordsSent {
  std::uint64_t placed = 0, in_ring = 0, through_pipe = 0;
};
RecordsSent records_sent();

// The plugin's process (kPluginProcessCommand): never returns. Run by hand,
// without the host's descriptors, it says so and exits with status 2.
[[noreturn]] void plugin_process_main(int argc, char** argv);

struct IsolationOptions {
  bool enabled = false;
  std::chrono::milliseconds timeout{5000};  // per call: starting, configuring, each record
  std::uint64_t memory_mb = 4096;           // address-space limit of each plugin process
  ingest::Limits limits;                    // unused: records reach the child parsed (codec/record_binary.hpp)
};

enum class CallKind : std::uint8_t { round = 1, unit = 2, measures = 3, finish = 4 };

class IsolatedPlugin {
 public:
  // Starts the plugin's process: it loads the library at `path` (whose stamp
  // the caller has checked), makes the plugin and describes it. Throws
  // loader::LoadError for what the loader refuses in the child (no factory,
  // an exception from the factory or info(), a name that is not `name`), and
  // PluginFault when the process crashed, exited, hung or ran out of memory
  // while starting.
  IsolatedPlugin(std::filesystem::path path, std::string name, IsolationOptions options);
  // Starts the plugin's process and returns at once: the description is
  // awaited by await_start(), which throws what the constructor above
  // throws. The processes of a policy's plugins then load their libraries
  // at the same time, on every core, instead of one after the other.
  struct Deferred {};
  IsolatedPlugin(std::filesystem::path path, std::string name, IsolationOptions options, Deferred);
  void await_start();
  ~IsolatedPlugin();
  IsolatedPlugin(const IsolatedPlugin&) = delete;
  IsolatedPlugin& operator=(const IsolatedPlugin&) = delete;

  // The plugin's description, as info() gave it (after configure(): as it
  // gives it with its options).
  const PluginInfo& info() const { return info_; }

  // Configures the plugin in its process and asks info() again. Throws
  // OptionError (a copy: key and message) when configure() threw one,
  // std::runtime_error for any other exception, PluginFault as above.
  const PluginInfo& configure(const Options& options);

  // What the run keeps of each rule's checks, as BufferSink decides it
  // (run/sink.hpp): the child then counts the verdicts of the rules whose
  // checks the run only counts (Sink::counted), so no Check is built, sent
  // and read for them. `rules`: the plugin's rule ids in the order that
  // Reported::counted refers to, each with whether its checks feed an
  // indicator and whether the policy switched it off.
  struct RuleUse {
    std::string id;
    bool indicator = false;
    bool off = false;
  };
  void prepare_run(bool keep_evidence, bool keep_all, bool keep_units, const std::vector<RuleUse>& rules);

  // Runs one call in the child. Throws PluginFault when the plugin threw,
  // crashed, exited, hung or ran out of memory; the child is then ready
  // again (a new one after a crash, exit or hang, whose pooled state starts
  // afresh).
  // `record`: null for finish().
  Reported call(const ingest::Record* record);
  // call() in two halves, so that one thread keeps several plugin processes
  // busy at once and each busy with several records: submit() sends the
  // record, and collect() (or a call(), whatever its arguments, while
  // anything is submitted) waits for the answer to the oldest record
  // submitted and not yet collected. After a crash, exit or hang the records
  // submitted after that one go to the new process. Records are held back
  // until kSendTogether are submitted or the host would wait for an answer.
  void submit(const ingest::Record* record);
  Reported collect();
  // The message submit() sends for a record, made once and sent to each
  // plugin process as it is, shared rather than copied (submit_message).
  // `message` is cleared first; its room is kept.
  static void make_message(const ingest::Record* record, std::string& message);
  static std::shared_ptr<const std::string> make_message(const ingest::Record* record);
  void submit_message(std::shared_ptr<const std::string> message);

  const std::string& name() const { return name_; }
  const std::filesystem::path& path() const { return path_; }
  std::uint64_t restarts() const { return restarts_; }

 private:
  struct Answer {
    std::uint8_t status = 0;
    std::string_view payload;  // into received_, valid until the next read from the child
  };
  void spawn();
  void start();  // spawn, then receive the description
  void apply_options();
  void apply_setup();
  // The rounds waiting for this process that lie laid out in the ring, put
  // in the record codec's form: for a process started again that cannot
  // read them in place.
  void recode_placed_pending();
  // Sends one message and waits for the answer, passing the child's log
  // lines on. Throws PluginFault when the child hung, died or sent too much
  // (the child is then gone); `during` says what the call was, for that
  // message.
  Answer exchange(std::uint8_t type, std::string_view payload, const char* during);
  void send_pending();
  bool answer_read() const;  // a whole message from the child is in received_
  // `records`: how many records the child may check before it writes the
  // awaited answer (it writes a batch's answers together); beyond one, the
  // deadline is kAnswerTimeouts timeouts.
  Answer await_answer(bool sent, const char* during, std::size_t records = 1);
  void reap(bool kill_first);
  // Waits for the process to end, ends what it started (its process
  // group), reaps it; its wait status.
  int wait_for_group();

  std::filesystem::path path_;
  std::string name_;
  IsolationOptions options_;
  PluginInfo info_;
  std::optional<Options> configured_;  // what a restarted child is configured with
  std::optional<std::string> setup_;   // and the run's prepare_run(), as sent
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  std::uint64_t restarts_ = 0;
  std::uint32_t rules_ = 0;  // the rules of prepare_run()
  // submit()ted, not yet collected, oldest first; whether each was written
  // to the child.
  struct Pending {
    std::shared_ptr<const std::string> bytes;
    bool sent = false;
    std::size_t room = 0;  // of the pipe, counted for it once sent (send_pending)
  };
  std::deque<Pending> pending_;
  std::size_t unsent_ = 0;      // of pending_: not yet sent
  static constexpr std::size_t kSendTogether = 64;
  std::size_t out_bytes_ = 0;   // of pending_: sent, not yet answered
  std::size_t out_records_ = 0; // and how many
  // The child answers a batch's records with one write: when it dies or
  // hangs, the records of the batch it never answered are sent again, one
  // at a time, to the new process, so that the fault is blamed on the record
  // that brings it about. suspects_: how many records at the front of
  // pending_ go alone; suspect_fault_: the fault not yet blamed on one.
  std::size_t suspects_ = 0;
  std::optional<PluginFault> suspect_fault_;
  // Set by await_answer(): the child ended after writing the answers to
  // every record before the awaited one (it called exit() or timed itself
  // out), so the awaited one is to blame, whatever the batch.
  bool blame_exact_ = false;
  std::size_t pipe_room_ = 4096;
  bool room_waited_ = false;    // send_pending() left records for want of room
  PipeBuffer received_;  // read from the child beyond the last answer
  std::optional<PluginFault> broken_;  // a restart failed: every later call fails at once
};

}  // namespace fairaudit::run
