// Plugins on threads of their own (--threads above 1). A batch of records is
// admitted on the caller's thread, in order; every plugin thread then calls
// its plugin on the admitted records, in order; the replies are committed on
// the caller's thread, record by record and plugin by plugin, in the order
// one thread would have made them. Each plugin sees every call from the same
// thread (the SDK's contract), and a bounded number of batches is in flight.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ingest/input.hpp"
#include "run/scrub.hpp"
#include "run/sink.hpp"

namespace fairaudit::run {

// What the scheduler asks of the run.
class RecordCalls {
 public:
  // On the caller's thread, in input order: whether the plugins see the record.
  virtual bool admit(ingest::ParseOutcome& o) = 0;
  // On plugin i's thread: calls plugin i on a record (finish() when there
  // is none). `ids`: the record's applicant ids, indexed once for every
  // plugin's reply (empty for a record that is not a round).
  virtual Reply invoke(std::size_t i, const ingest::Record* rec, const IdIndex& ids) = 0;
  // On the caller's thread, in the order one thread would have made them.
  virtual void settle(Reply&& reply) = 0;
  // On the caller's thread, for each admitted record: its message to the
  // plugin processes (null when no plugin runs in one), made once for all
  // the plugin threads.
  virtual std::shared_ptr<const std::string> message(const ingest::Record& /*rec*/) { return nullptr; }
  // On plugin i's thread, before its invoke()s on a batch (and as soon as
  // the batch is posted, while the thread is busy with earlier ones): the
  // message of each record they will be about, in order (a plugin process
  // may be sent them at once).
  virtual void ahead(std::size_t /*i*/, const std::shared_ptr<const std::string>& /*message*/) {}

 protected:
  ~RecordCalls() = default;
};

class PluginThreads {
 public:
  // `threads`: the run's --threads, which sizes the window of batches in
  // flight; committed batches' records go back to `recycler`.
  // `batch_scale`: how many times ingest::kDefaultBatchBytes the batches are.
  PluginThreads(RecordCalls& run, std::size_t plugins, int threads, ingest::RecordRecycler& recycler,
                std::size_t batch_scale = 1);
  ~PluginThreads();
  PluginThreads(const PluginThreads&) = delete;
  PluginThreads& operator=(const PluginThreads&) = delete;

  void submit(std::vector<ingest::ParseOutcome>&& records);
  // Commits every batch still out.
  void drain();
  // The plugins' finish(), once every batch is committed.
  void finish();

 private:
  struct Job {
    std::vector<ingest::ParseOutcome> records;
    std::vector<char> admitted;  // handed to the plugins
    std::vector<std::shared_ptr<const std::string>> messages;  // of the admitted records, or none
    std::vector<IdIndex> ids;  // of the admitted rounds' applicants
    std::vector<Reply> replies;  // record-major: records × plugins
    std::size_t pending = 0;     // plugins not yet through this job
    bool finish = false;         // the run's end: call finish()
  };

  void dispatch(const std::shared_ptr<Job>& job);
  // Whether every plugin is through `job`; with `wait`, waits until it is.
  bool done(const Job& job, bool wait);
  void commit(Job& job);
  // Plugin i's thread: every job in the order posted.
  void serve(std::size_t i);

  RecordCalls& run_;
  const std::size_t plugins_;
  ingest::RecordRecycler& recycler_;
  std::size_t window_ = 0;
  std::vector<std::thread> threads_;
  std::deque<std::shared_ptr<Job>> jobs_;  // posted, not yet committed (the caller's thread only)
  std::mutex mu_;
  std::condition_variable cv_work_, cv_done_;
  std::deque<std::shared_ptr<Job>> queue_;  // posted jobs from number first_ on
  std::uint64_t first_ = 0, posted_ = 0;
  bool stop_ = false;
};

}  // namespace fairaudit::run
