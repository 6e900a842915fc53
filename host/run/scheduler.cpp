#include "run/scheduler.hpp"

#include <algorithm>

namespace fairaudit::run {

PluginThreads::PluginThreads(RecordCalls& run, std::size_t plugins, int threads, ingest::RecordRecycler& recycler,
                             std::size_t batch_scale)
    : run_(run), plugins_(plugins), recycler_(recycler) {
  // Batches batch_scale times the usual size are that many times fewer in
  // flight, so that the records out to the plugins, and in the plugin
  // processes' shared ring, stay as many; but six at least, what two
  // threads have with the usual size. Up to about ten threads the records
  // in flight are then up to batch_scale times as many (at two threads,
  // 6 MiB of input instead of 1.5: peak RSS in docs/guarantees.md).
  const std::size_t base = std::size_t(std::max(1, threads)) * 2 + 2;
  window_ = std::max(std::min<std::size_t>(6, base), base / std::max<std::size_t>(1, batch_scale));
  for (std::size_t i = 0; i < plugins_; ++i) threads_.emplace_back([this, i] { serve(i); });
}

PluginThreads::~PluginThreads() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_work_.notify_all();
  for (auto& t : threads_) t.join();
}

void PluginThreads::submit(std::vector<ingest::ParseOutcome>&& records) {
  auto job = std::make_shared<Job>();
  job->records = std::move(records);
  job->admitted.resize(job->records.size());
  job->messages.resize(job->records.size());
  job->ids.resize(job->records.size());
  for (std::size_t r = 0; r < job->records.size(); ++r) {
    if (!(job->admitted[r] = run_.admit(job->records[r]))) continue;
    const ingest::Record& rec = *job->records[r].record;
    job->messages[r] = run_.message(rec);
    // Here, where the round was just admitted, rather than in each plugin's
    // reply.
    if (const auto* round = std::get_if<Round>(&rec)) job->ids[r].assign(*round);
  }
  job->replies.resize(job->records.size() * plugins_);
  dispatch(job);
  // Commit what is done; wait for the oldest batch when too many are out.
  while (!jobs_.empty()) {
    if (!done(*jobs_.front(), jobs_.size() > window_)) break;
    commit(*jobs_.front());
    jobs_.pop_front();
  }
}

void PluginThreads::drain() {
  for (; !jobs_.empty(); jobs_.pop_front()) {
    done(*jobs_.front(), true);
    commit(*jobs_.front());
  }
}

void PluginThreads::finish() {
  drain();
  auto job = std::make_shared<Job>();
  job->finish = true;
  job->replies.resize(plugins_);
  dispatch(job);
  done(*job, true);
  for (std::size_t i = 0; i < plugins_; ++i) run_.settle(std::move(job->replies[i]));
}

void PluginThreads::dispatch(const std::shared_ptr<Job>& job) {
  {
    std::lock_guard lk(mu_);
    job->pending = plugins_;
    queue_.push_back(job);
    ++posted_;
  }
  cv_work_.notify_all();
  if (!job->finish) jobs_.push_back(job);
}

bool PluginThreads::done(const Job& job, bool wait) {
  std::unique_lock lk(mu_);
  if (wait) cv_done_.wait(lk, [&] { return job.pending == 0; });
  return job.pending == 0;
}

void PluginThreads::commit(Job& job) {
  for (std::size_t r = 0; r < job.records.size(); ++r) {
    if (!job.admitted[r]) continue;
    for (std::size_t i = 0; i < plugins_; ++i) run_.settle(std::move(job.replies[r * plugins_ + i]));
  }
  // Every plugin is through the batch: its records go back to be read over.
  recycler_.give(std::move(job.records));
}

void PluginThreads::serve(std::size_t i) {
  std::uint64_t next = 0;  // jobs this thread has taken
  std::uint64_t ahead = 0;  // jobs whose records went ahead to the plugin (its process)
  std::vector<std::shared_ptr<Job>> posted;
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lk(mu_);
      cv_work_.wait(lk, [&] { return stop_ || next < posted_; });
      if (stop_) return;
      job = queue_[next - first_];
      ++next;
      // Every job posted so far, not only this one: a plugin process then
      // checks the next job's records while this thread reads its answers
      // to this one, and answers more of them at a time. This thread has
      // not finished any of them, so none has left the queue.
      for (; ahead < posted_; ++ahead) posted.push_back(queue_[ahead - first_]);
    }
    for (const auto& p : posted)
      for (const auto& m : p->messages)
        if (m) run_.ahead(i, m);
    posted.clear();
    if (job->finish) {
      job->replies[i] = run_.invoke(i, nullptr, IdIndex{});
    } else {
      for (std::size_t r = 0; r < job->records.size(); ++r)
        if (job->admitted[r])
          job->replies[r * plugins_ + i] = run_.invoke(i, &*job->records[r].record, job->ids[r]);
    }
    std::lock_guard lk(mu_);
    if (--job->pending == 0) {
      cv_done_.notify_all();
      // Every thread is through the oldest jobs: let them go.
      while (!queue_.empty() && queue_.front()->pending == 0) {
        queue_.pop_front();
        ++first_;
      }
    }
  }
}

}  // namespace fairaudit::run
