// The elements of a long JSON array (SARIF's results, most of its bytes)
// encoded on worker threads, a batch at a time, and written
// into the document in their order, so the bytes are those one thread would
// write. The caller fills each element's slot on its own thread, in order
// (whatever must be numbered in order of use is taken there); a worker
// encodes a whole batch with a writer of its own, opened to the array's
// depth by `open`, and the document's writer then takes the batch as one
// run of bytes. A run of fewer elements than a batch starts no thread.
//
// The workers translate into the language of the thread that made the
// array (i18n::Scoped). `Slot` must be default-constructible; a slot is
// reused from batch to batch, so a slot assigned into keeps its strings'
// room and few allocations are made however many elements there are.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <rapidjson/stringbuffer.h>

#include "emit/output.hpp"
#include "i18n/i18n.hpp"

namespace fairaudit::emit {

template <typename DocWriter, typename PartWriter, typename Slot>
class BatchedArray {
 public:
  using Open = std::function<void(PartWriter&)>;
  using Encode = std::function<void(PartWriter&, const Slot&)>;

  // `open` writes what precedes the array's first element in a document of
  // the part writer's kind, so that its indentation is the document's.
  BatchedArray(DocWriter& w, Open open, Encode encode)
      : w_(w), open_(std::move(open)), encode_(std::move(encode)), language_(i18n::current()) {}
  ~BatchedArray() { stop(); }
  BatchedArray(const BatchedArray&) = delete;
  BatchedArray& operator=(const BatchedArray&) = delete;

  // fill(Slot&) sets the next element's slot.
  template <typename Fill>
  void add(Fill&& fill) {
    if (!filling_) filling_ = take_spare();
    fill(filling_->slots[filling_->size++]);
    if (filling_->size == kBatch) submit();
  }
  // After the last add(): every element written.
  void finish() {
    if (filling_ && filling_->size) {
      if (workers_.empty()) {
        encode(*filling_);
        write(*filling_);
      } else {
        submit();
      }
    }
    while (!in_order_.empty()) write_first();
    stop();
  }

 private:
  static constexpr std::size_t kBatch = 64;
  struct Batch {
    std::vector<Slot> slots = std::vector<Slot>(kBatch);
    std::size_t size = 0;
    JsonText text;
    const char* begin = nullptr;  // the first element's first byte in text
    bool done = false;
    std::exception_ptr error;
  };

  std::unique_ptr<Batch> take_spare() {
    if (spare_.empty()) return std::make_unique<Batch>();
    auto b = std::move(spare_.back());
    spare_.pop_back();
    b->size = 0;
    b->done = false;
    b->error = nullptr;
    return b;
  }
  void submit() {
    if (workers_.empty()) start();
    {
      std::lock_guard lk(mu_);
      todo_.push_back(filling_.get());
      in_order_.push_back(std::move(filling_));
    }
    work_.notify_one();
    // Enough batches ahead to keep every worker busy, and no more: the
    // memory stays a few batches' worth however many elements there are.
    while (in_order_.size() > 3 * workers_.size()) write_first();
  }
  void start() {
    const unsigned n = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    for (unsigned i = 0; i < n; ++i)
      workers_.emplace_back([this] {
        i18n::Scoped language(language_);
        for (;;) {
          Batch* b = nullptr;
          {
            std::unique_lock lk(mu_);
            work_.wait(lk, [this] { return stopping_ || !todo_.empty(); });
            if (todo_.empty()) return;
            b = todo_.front();
            todo_.pop_front();
          }
          try {
            encode(*b);
          } catch (...) {
            b->error = std::current_exception();
          }
          {
            std::lock_guard lk(mu_);
            b->done = true;
          }
          done_.notify_all();
        }
      });
  }
  void stop() {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
      todo_.clear();
    }
    work_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }
  void write_first() {
    {
      std::unique_lock lk(mu_);
      done_.wait(lk, [this] { return in_order_.front()->done; });
    }
    auto b = std::move(in_order_.front());
    in_order_.pop_front();
    if (b->error) std::rethrow_exception(b->error);
    write(*b);
    spare_.push_back(std::move(b));
  }
  void encode(Batch& b) const {
    b.text.Clear();
    PartWriter w(b.text);
    open_(w);
    const std::size_t opened = b.text.GetSize();
    for (std::size_t i = 0; i < b.size; ++i) encode_(w, b.slots[i]);
    // The first element's first byte: what the part writer put before it
    // (a separator, indentation) is the document writer's to write.
    const char* p = b.text.GetString() + opened;
    const char* end = b.text.GetString() + b.text.GetSize();
    while (p < end && (*p == ',' || *p == ' ' || *p == '\n')) ++p;
    b.begin = p;
  }
  // RawValue would copy the batch a character at a time (RapidJSON's
  // transcoder) on the one thread that writes the document. The writer
  // writes the separator, the indentation and the first byte, so that it
  // counts the value; the rest goes in one copy.
  void write(const Batch& b) {
    const char* end = b.text.GetString() + b.text.GetSize();
    if (b.begin == end) return;
    w_.RawValue(b.begin, 1, rapidjson::kObjectType);
    append_raw(StreamOf::of(w_), b.begin + 1, std::size_t(end - b.begin - 1));
  }
  // The stream a RapidJSON writer writes to: Writer::os_ is protected, and a
  // pointer to it formed in a derived class may be applied to any writer.
  struct StreamOf : DocWriter {
    static auto& of(DocWriter& w) { return *(w.*(&StreamOf::os_)); }
  };
  static void append_raw(OutputStream& os, const char* p, std::size_t n) {
    while (n > 0) {
      const std::size_t piece = std::min<std::size_t>(n, std::size_t(1) << 16);
      os.reserve(piece);
      os.append_unsafe(p, piece);
      p += piece;
      n -= piece;
    }
  }
  static void append_raw(rapidjson::StringBuffer& os, const char* p, std::size_t n) {
    if (n) std::memcpy(os.Push(n), p, n);
  }

  DocWriter& w_;
  Open open_;
  Encode encode_;
  i18n::Language language_;
  std::unique_ptr<Batch> filling_;
  std::deque<std::unique_ptr<Batch>> in_order_, spare_;  // submitted, in order; done with
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable work_, done_;
  std::deque<Batch*> todo_;  // submitted, not yet taken by a worker
  bool stopping_ = false;
};

}  // namespace fairaudit::emit
