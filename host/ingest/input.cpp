#include "ingest/input.hpp"

#include "common/hash.hpp"
#include "ingest/round_ids.hpp"
#include "ingest/sniff.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <variant>

namespace fairaudit::ingest {
namespace {

using common::Sha256;

// A run of whole lines from one input, kept in one buffer, each line
// followed by a NUL byte; the parser threads parse them where they stand.
struct Batch {
  std::uint64_t seq = 0;
  std::string file;
  std::string data;
  struct Line {
    std::uint32_t offset, length;
    std::uint64_t number;
  };
  std::vector<Line> lines;
  std::vector<ParseOutcome> results;
  std::vector<LineError> read_errors;  // over-long lines, found by the reader
};

constexpr std::size_t kBlock = 1u << 20;

// Reads one input in blocks and cuts it into batches of whole lines.
class LineReader {
 public:
  LineReader(const std::string& path, const Limits& limits, std::size_t batch_bytes)
      : path_(path), limits_(limits), batch_bytes_(batch_bytes) {
    if (path == "-") {
      fp_ = stdin;
    } else {
      fp_ = std::fopen(path.c_str(), "rb");
      if (!fp_) throw common::InputError("cannot open " + path + ": " + std::strerror(errno));
      owned_ = true;
    }
    buf_.resize(kBlock);
  }
  ~LineReader() {
    if (owned_) std::fclose(fp_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Fills `b` with up to about batch_bytes of whole lines; false at the end.
  bool next(Batch& b) {
    b.file = path_;
    b.data.clear();
    b.data.reserve(batch_bytes_ + batch_bytes_ / 4);  // one allocation, not a growing series (a recycled batch has it)
    b.lines.clear();
    b.read_errors.clear();
    if (refused_) return false;
    while (b.data.size() < batch_bytes_) {
      if (pos_ == end_ && !fill()) break;
      if (bytes_ == end_ && pos_ == 0) {
        // The first block: a file that is not text (gzip, a spreadsheet,
        // UTF-16) gets one message, not one per line, and is not read on.
        if (auto what = sniff_file_type(std::string_view(buf_.data(), std::min<std::size_t>(end_, 4096)),
                                        ExpectedInput::json_lines)) {
          b.read_errors.push_back(LineError{path_, 1, {}, *what, "file"});
          refused_ = true;
          line_ = 1;
          return true;
        }
      }
      const char* start = buf_.data() + pos_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      std::size_t n = nl ? std::size_t(nl - start) : end_ - pos_;
      if (skipping_) {  // the rest of an over-long line
        pos_ += n + (nl ? 1 : 0);
        if (nl) skipping_ = false;
        continue;
      }
      if (partial_.size() + n > limits_.max_line_bytes) {
        ++line_;
        b.read_errors.push_back(LineError{path_, line_, {},
                                          "line longer than the limit of " + std::to_string(limits_.max_line_bytes) +
                                              " bytes",
                                          "limit"});
        partial_.clear();
        pos_ += n + (nl ? 1 : 0);
        skipping_ = !nl;
        continue;
      }
      if (!nl) {  // the line continues in the next block
        partial_.append(start, n);
        pos_ = end_;
        continue;
      }
      ++line_;
      std::string_view text;
      if (!partial_.empty()) {
        partial_.append(start, n);
        text = partial_;
      } else {
        text = std::string_view(start, n);
      }
      pos_ += n + 1;
      add(b, text);
      partial_.clear();
    }
    if (pos_ == end_ && eof_ && !partial_.empty()) {  // last line without a newline
      ++line_;
      add(b, partial_);
      partial_.clear();
    }
    return !b.lines.empty() || !b.read_errors.empty();
  }

  InputInfo info() { return InputInfo{path_, sha_.hex(), bytes_, line_}; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void add(Batch& b, std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (line_ == 1 && text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
    bool blank = true;
    for (char c : text)
      if (c != ' ' && c != '\t') {
        blank = false;
        break;
      }
    if (blank) return;
    b.lines.push_back({std::uint32_t(b.data.size()), std::uint32_t(text.size()), line_});
    b.data.append(text);
    b.data.push_back('\0');  // each line NUL-terminated, to be parsed where it stands
  }
  bool fill() {
    if (eof_) return false;
    std::size_t n = std::fread(buf_.data(), 1, buf_.size(), fp_);
    if (n < buf_.size()) {
      if (std::ferror(fp_)) throw common::InputError("cannot read " + path_ + ": " + std::strerror(errno));
      eof_ = true;
    }
    sha_.update(buf_.data(), n);
    bytes_ += n;
    pos_ = 0;
    end_ = n;
    return n > 0;
  }

  std::string path_;
  const Limits& limits_;
  const std::size_t batch_bytes_;
  std::FILE* fp_ = nullptr;
  bool owned_ = false;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false, skipping_ = false, refused_ = false;
  std::string partial_;
  std::uint64_t line_ = 0, bytes_ = 0;
  Sha256 sha_;
};

// Parses the batch's lines into its results, reusing the outcomes (and their
// rounds) that are there or that the consumer gave back.
void parse_batch(Batch& b, const Limits& limits, bool keep_raw, RecordRecycler* recycler) {
  if (b.results.empty() && recycler) b.results = recycler->take();
  std::size_t n = 0;
  auto next = [&]() -> ParseOutcome& {
    if (n == b.results.size()) b.results.emplace_back();
    return b.results[n++];
  };
  for (auto& e : b.read_errors) {
    ParseOutcome& o = next();
    o.record.reset();
    o.raw.clear();
    o.error = std::move(e);
  }
  for (const auto& l : b.lines) {
    char* text = b.data.data() + l.offset;
    ParseOutcome& o = next();
    // The raw line, when kept, before the parse overwrites it.
    if (keep_raw)
      o.raw.assign(text, l.length);
    else
      o.raw.clear();
    parse_line_in_place(text, l.length, Source{b.file, l.number}, limits, o);
  }
  b.results.erase(b.results.begin() + std::ptrdiff_t(n), b.results.end());
  // Keep input order: the reader's over-long-line errors sort in by line number.
  if (!b.read_errors.empty()) {
    auto line_of = [](const ParseOutcome& o) -> std::uint64_t {
      if (o.error) return o.error->line;
      return std::visit([](const auto& r) { return r.source.line; }, *o.record);
    };
    std::stable_sort(b.results.begin(), b.results.end(),
                     [&](const ParseOutcome& x, const ParseOutcome& y) { return line_of(x) < line_of(y); });
  }
}

// What the consumer does not move away stays in the batch for the next lines.
// Batches come here in input order, so the first of two rounds with one id
// is the one kept.
void deliver(Batch& b, RoundIds& round_ids, const BatchConsumer& consume) {
  for (auto& o : b.results) {
    if (o.error) continue;
    const auto* round = std::get_if<Round>(&*o.record);
    if (!round) continue;
    if (auto dup = round_ids.check(*round)) {
      o.error = std::move(dup);
      o.record.reset();
    }
  }
  consume(std::move(b.results));
}

// Parser threads -> the caller, in order. A parser thread reads the next
// batch of lines itself (one at a time, under a lock of their own, so that
// the batches are numbered in input order) and parses it while its bytes are
// still in that core's cache; there is no reader thread handing every byte
// to another core. The number of batches in flight is bounded, so memory
// does not grow with the input.
class Pipeline {
 public:
  Pipeline(const std::vector<std::string>& inputs, const StreamOptions& opt) : inputs_(inputs), opt_(opt) {}

  std::vector<InputInfo> run(const BatchConsumer& consume) {
    const int workers = std::max(1, opt_.threads);
    // Room for a few batches per parser thread, and for a run of batches
    // beyond: the threads downstream (the runner's, the plugins') take the
    // records in bursts, as the scheduler shares the cores out among them,
    // and while they catch up the parsers should go on parsing, not wait.
    // 2 threads: 32 batches, about 8 MB of input (bench/README.md has what a
    // smaller window cost). Larger batches (StreamOptions::batch_bytes) are
    // fewer in flight, so that the bytes in flight stay the same, but never
    // fewer than two a parser thread.
    const std::size_t scale = std::max<std::size_t>(1, opt_.batch_bytes / kDefaultBatchBytes);
    max_in_flight_ = std::max<std::size_t>(std::size_t(workers) * 2, (std::size_t(workers) * 4 + 24) / scale);
    std::vector<std::thread> pool;
    try {
      for (int i = 0; i < workers; ++i) pool.emplace_back([this] { work(); });
    } catch (...) {  // no thread to be had: stop those that started, then say so
      stop_and_join(pool);
      throw;
    }
    std::uint64_t next = 0;
    std::exception_ptr consume_error;
    RoundIds round_ids(opt_.duplicate_round_hint);
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock lk(mu_);
        cv_done_.wait(lk, [&] {
          return done_.count(next) || (reading_finished_ && next == total_batches_) || worker_error_;
        });
        if (worker_error_ || !done_.count(next)) break;
        b = std::move(done_[next]);
        done_.erase(next);
        --in_flight_;
        cv_space_.notify_one();
      }
      ++next;
      try {
        deliver(*b, round_ids, consume);
        if (opt_.progress) opt_.progress(bytes_read_.load());
      } catch (...) {
        // The parser threads stop at their next batch (run's end, below).
        consume_error = std::current_exception();
        break;
      }
      // Back to the parser threads with its buffers: no allocation, and
      // memory that was touched recently, for the next batch.
      std::lock_guard lk(mu_);
      spare_.push_back(std::move(b));
    }
    stop_and_join(pool);
    if (consume_error) std::rethrow_exception(consume_error);
    if (worker_error_) std::rethrow_exception(worker_error_);
    if (read_error_) std::rethrow_exception(read_error_);
    return infos_;
  }

 private:
  // A parser thread: reserve room for a batch, read it, parse it, hand it in.
  // Should anything throw here (out of memory), the run stops and the caller
  // throws it, rather than the process ending.
  void work() {
    try {
      work_batches();
    } catch (...) {
      std::lock_guard lk(mu_);
      if (!worker_error_) worker_error_ = std::current_exception();
      stop_ = true;
      cv_done_.notify_all();
      cv_space_.notify_all();
    }
  }
  void work_batches() {
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock lk(mu_);
        cv_space_.wait(lk, [&] { return in_flight_ < max_in_flight_ || stop_ || reading_finished_; });
        if (stop_ || reading_finished_) return;
        ++in_flight_;
        if (!spare_.empty()) {
          b = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      if (!b) b = std::make_unique<Batch>();
      if (!read(*b)) {
        std::lock_guard lk(mu_);
        --in_flight_;
        cv_space_.notify_all();
        return;
      }
      parse_batch(*b, opt_.limits, opt_.keep_raw, opt_.recycler);
      std::lock_guard lk(mu_);
      done_[b->seq] = std::move(b);
      cv_done_.notify_one();
    }
  }

  // Fills `b` with the next lines of the inputs and numbers it; false when
  // every input is read (or one could not be read: the batches before it are
  // still delivered, then the error is thrown).
  bool read(Batch& b) {
    std::lock_guard rl(read_mu_);
    if (inputs_done_ || stop_requested()) return false;
    try {
      for (;;) {
        if (!reader_) {
          if (next_input_ == inputs_.size()) break;
          reader_ = std::make_unique<LineReader>(inputs_[next_input_++], opt_.limits, opt_.batch_bytes);
        }
        if (reader_->next(b)) {
          bytes_read_ = bytes_before_ + reader_->bytes();
          b.seq = read_batches_++;
          return true;
        }
        bytes_before_ += reader_->bytes();
        infos_.push_back(reader_->info());
        reader_.reset();
      }
    } catch (...) {
      read_error_ = std::current_exception();
    }
    reader_.reset();
    inputs_done_ = true;
    std::lock_guard lk(mu_);
    total_batches_ = read_batches_;
    reading_finished_ = true;
    cv_done_.notify_all();
    cv_space_.notify_all();
    return false;
  }

  void stop_and_join(std::vector<std::thread>& pool) {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    cv_space_.notify_all();
    for (auto& t : pool) t.join();
  }

  // Whether the run is stopping (the consumer threw, or a parser thread
  // failed): a thread waiting to read reads nothing more.
  bool stop_requested() {
    std::lock_guard lk(mu_);
    return stop_;
  }

  const std::vector<std::string>& inputs_;
  const StreamOptions& opt_;
  // Under mu_: what is in flight and what is done.
  std::mutex mu_;
  std::condition_variable cv_done_, cv_space_;
  std::vector<std::unique_ptr<Batch>> spare_;  // delivered batches, to be filled again
  std::map<std::uint64_t, std::unique_ptr<Batch>> done_;
  std::size_t in_flight_ = 0, max_in_flight_ = 0;  // batches being read, parsed or waiting for the caller
  std::uint64_t total_batches_ = 0;                // once reading_finished_
  bool reading_finished_ = false, stop_ = false;
  std::exception_ptr worker_error_;  // what stopped a parser thread, if anything
  // Under read_mu_: the reading.
  std::mutex read_mu_;
  std::unique_ptr<LineReader> reader_;
  std::size_t next_input_ = 0;
  std::uint64_t read_batches_ = 0, bytes_before_ = 0;
  bool inputs_done_ = false;
  std::vector<InputInfo> infos_;   // complete once reading_finished_
  std::exception_ptr read_error_;  // likewise
  std::atomic<std::uint64_t> bytes_read_{0};
};

}  // namespace

std::vector<InputInfo> stream_records(const std::vector<std::string>& inputs, const StreamOptions& opt,
                                      const RecordConsumer& consume) {
  return stream_batches(inputs, opt, [&consume](std::vector<ParseOutcome>&& records) {
    for (auto& r : records) consume(std::move(r));
  });
}

std::vector<InputInfo> stream_batches(const std::vector<std::string>& inputs, const StreamOptions& opt,
                                      const BatchConsumer& consume) {
  if (opt.threads <= 1) {
    std::vector<InputInfo> infos;
    std::uint64_t before = 0;
    RoundIds round_ids(opt.duplicate_round_hint);
    for (const auto& path : inputs) {
      LineReader reader(path, opt.limits, opt.batch_bytes);
      Batch b;
      while (reader.next(b)) {
        parse_batch(b, opt.limits, opt.keep_raw, opt.recycler);
        deliver(b, round_ids, consume);
        if (opt.progress) opt.progress(before + reader.bytes());
      }
      before += reader.bytes();
      infos.push_back(reader.info());
    }
    return infos;
  }
  Pipeline p(inputs, opt);
  return p.run(consume);
}

namespace {
constexpr std::size_t kRecycledBatches = 32;
}  // namespace

void RecordRecycler::give(std::vector<ParseOutcome>&& records) {
  std::vector<ParseOutcome> dropped;  // freed outside the lock
  std::lock_guard lk(mu_);
  if (spare_.size() < kRecycledBatches)
    spare_.push_back(std::move(records));
  else
    dropped = std::move(records);
}

std::vector<ParseOutcome> RecordRecycler::take() {
  std::lock_guard lk(mu_);
  if (spare_.empty()) return {};
  std::vector<ParseOutcome> out = std::move(spare_.back());
  spare_.pop_back();
  return out;
}

void RecordRecycler::clear() {
  std::vector<std::vector<ParseOutcome>> all;
  {
    std::lock_guard lk(mu_);
    all.swap(spare_);
  }
}

}  // namespace fairaudit::ingest
