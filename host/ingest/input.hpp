// Reading the export: files or stdin, in large blocks, split into lines, with
// a SHA-256 of every input for the run's metadata; read and parsed on worker threads
// and handed on in input order.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "ingest/record.hpp"

namespace fairaudit::ingest {

struct InputInfo {
  std::string path;  // as given; "-" is stdin
  std::string sha256;
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
};

// Called for every non-blank line, in input order, with its record or error.
using RecordConsumer = std::function<void(ParseOutcome&&)>;
// Called with the records of a run of lines (a few hundred KB of input), in
// input order; the records are the consumer's to keep (moved away). Records it
// leaves in the vector are read over by the next batch.
using BatchConsumer = std::function<void(std::vector<ParseOutcome>&&)>;
// Called now and then with the bytes read so far (for progress bars).
using ProgressFn = std::function<void(std::uint64_t bytes_read)>;

// Records a batch consumer hands back once it is through with them (the
// runner, when every plugin has seen the batch). The parser threads read the
// next lines into them, so a round's strings and vectors are allocated once
// and reused, instead of allocated on a parser thread and freed on another.
// Holds at most a few dozen batches; more are freed.
class RecordRecycler {
 public:
  void give(std::vector<ParseOutcome>&& records);
  // A batch's worth of used records, or an empty vector.
  std::vector<ParseOutcome> take();
  void clear();

 private:
  std::mutex mu_;
  std::vector<std::vector<ParseOutcome>> spare_;
};

// The batch size that ingest's windows of batches in flight are sized for.
inline constexpr std::size_t kDefaultBatchBytes = std::size_t(256) << 10;

struct StreamOptions {
  Limits limits;
  int threads = 1;  // parser threads; 1 parses on the calling thread
  ProgressFn progress;
  bool keep_raw = false;  // hand each record's line on as well (for isolated plugins)
  RecordRecycler* recycler = nullptr;  // where moved-away batches come back, if anywhere
  // About how many bytes of whole lines a batch holds: the unit a parser
  // thread reads and parses, and the records handed on together
  // (stream_batches).
  std::size_t batch_bytes = kDefaultBatchBytes;
  // Follows the message of a round whose id an earlier line already used
  // (such a round is always a bad line: ingest/round_ids.hpp).
  std::string duplicate_round_hint;
};

// Streams every input through the parser; round ids are checked for
// uniqueness across all the inputs, in input order. Memory is bounded by the batches in
// flight, whatever the size of the export. Throws InputError when an input
// cannot be opened or read.
std::vector<InputInfo> stream_records(const std::vector<std::string>& inputs, const StreamOptions& options,
                                      const RecordConsumer& consume);
// The same, a batch of records at a time: for consumers that hand records on
// to other threads. Batches arrive on the calling thread.
std::vector<InputInfo> stream_batches(const std::vector<std::string>& inputs, const StreamOptions& options,
                                      const BatchConsumer& consume);

}  // namespace fairaudit::ingest
