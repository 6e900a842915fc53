// Findings of a large run kept on disk instead of in memory. The runner
// writes them out in sorted chunks as they come; the JSON and SARIF writers
// read them back one finding at a time, merged from the chunks in order and
// de-duplicated as they are read (with very many chunks, the first ones are
// merged into one file first, so that at most fan_in() files are open).
// Memory then depends on the chunk size, not on the export (national exports
// have millions of findings). Records hold the evidence in the evidence
// codec's binary form (codec/evidence_binary.hpp).
//
// The files hold findings as the run produced them (pseudonymous ids
// included), in a directory only the user can read, removed when the run's
// result is gone.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "run/result.hpp"

namespace fairaudit::run {

class FindingSpill {
 public:
  // Creates the private temporary directory. `fan_in`: files merged at once.
  explicit FindingSpill(std::size_t fan_in = default_fan_in());
  ~FindingSpill();
  FindingSpill(const FindingSpill&) = delete;
  FindingSpill& operator=(const FindingSpill&) = delete;

  // Writes `sorted` (sorted, de-duplicated) as the next chunk.
  void write_chunk(const std::vector<AuditFinding>& sorted);
  // Writes `findings` as the next chunk, sorted and de-duplicated as
  // sort_findings() would (the first of equal findings kept), without moving
  // them: a sort of their indices.
  void write_chunk_sorted(const std::vector<AuditFinding>& findings);
  // After the last chunk: brings the number of files down to fan_in().
  void finish();

  // After finish(): every finding in order, read back from disk (each call
  // merges the chunks again).
  void for_each(const std::function<void(const AuditFinding&)>& fn) const;
  // The same, each finding handed over as a copy of its own that `fn` may
  // change (it is the reader's, overwritten by a later finding).
  void for_each_mutable(const std::function<void(AuditFinding&)>& fn) const;
  // After finish(): the sort fields and host part of every finding in order
  // (plugin, severity, fingerprint, source; no message, evidence or basis),
  // merged from the records' headers alone: a fraction of for_each's work.
  // Counts them as it goes (size(), tally()), so that later readers, which
  // may then run at once on threads of their own, find them counted.
  void for_each_header(const std::function<void(const AuditFinding&)>& fn) const;
  // How many findings for_each gives, and their severities. Counted while
  // for_each reads them; asked before that, a merge of the records' headers
  // counts them first.
  std::uint64_t size() const;
  const FindingTally& tally() const;
  // Chunks written by the run (before any merging).
  std::size_t chunks() const { return written_chunks_; }

  // Files merged at once (and open at once): half the process's limit on
  // open files, from 16 to 1024. With the usual limit of 1,024, 512 chunks
  // hold two million findings, about 16 million applications' worth.
  std::size_t fan_in() const { return fan_in_; }
  static std::size_t default_fan_in();

 private:
  friend class SharedReading;
  void write(const std::vector<AuditFinding>& findings, const std::vector<std::uint32_t>& order);
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> chunks_;
  void count() const;
  std::uint32_t basis_index(const AuditFinding& af);
  std::size_t fan_in_;
  // The legal bases of the findings written, each once; a record holds an
  // index into this table (written by the run's thread, only read after).
  std::vector<SharedText> bases_;
  std::unordered_map<std::string, std::uint32_t> basis_by_rule_;
  std::size_t written_ = 0, written_chunks_ = 0;
  mutable bool counted_ = false;
  mutable std::uint64_t count_ = 0;
  mutable FindingTally tally_;
};

// What one reader makes of each finding before it uses it (the store: the
// details' digest), made on the reading's thread when the reading was given
// it, else by the reader itself (for_each_finding_prepared). A plain
// function, so that a reader can tell whether what the reading made is what
// it would make itself.
using Prepare = void (*)(const AuditFinding&, std::string&);

// One reading of a run's findings on disk for several readers at once, each
// on a thread of its own (the nightly line: the store's observations, the
// union audience's plan and the output): the chunks are merged and the
// findings decoded and labelled once, and every batch goes to each reader,
// the slowest of which sets the pace. A thread takes part by calling
// for_each_finding (with the RunResult's shared_reading set); one that will
// not, or will not any more, calls leave(), since the reading starts only
// once every reader expected is there (each must see every finding). A
// thread's second reading, and a reading begun once the shared one is under
// way, read on their own as before.
class SharedReading {
 public:
  // `r`: findings on disk, labelled as the readers are to see them.
  // `prepare`, if given, is called on the reading's thread for each finding,
  // and what it makes goes to for_each_prepared's readers with the finding.
  SharedReading(const RunResult& r, std::size_t readers, Prepare prepare = nullptr);
  ~SharedReading();
  SharedReading(const SharedReading&) = delete;
  SharedReading& operator=(const SharedReading&) = delete;

  // Every finding to `fn`, through the shared reading; false when this
  // thread cannot take part (the caller reads on its own).
  bool for_each(const std::function<void(const AuditFinding&)>& fn);
  // The same, with what the reading's Prepare made of the finding when it
  // is `prepare`; null when it is another or none, or when it failed on that
  // finding (the reader then prepares it itself, and meets the error there).
  bool for_each_prepared(Prepare prepare, const std::function<void(const AuditFinding&, const std::string*)>& fn);
  // This thread does not read through the shared reading (any more).
  void leave();

 private:
  struct State;
  void read();
  std::unique_ptr<State> s_;
};

// Calls leave() on the run's shared reading, if any, on the thread that
// made it, when it goes out of scope.
class LeavesSharedReading {
 public:
  explicit LeavesSharedReading(const RunResult& r);
  ~LeavesSharedReading();
  LeavesSharedReading(const LeavesSharedReading&) = delete;
  LeavesSharedReading& operator=(const LeavesSharedReading&) = delete;

 private:
  std::shared_ptr<SharedReading> reading_;
};

// Every finding in order, as for_each_finding, with what `prepare` makes of
// it: made on the shared reading's thread when the reading was given this
// Prepare, else here, on the caller's thread.
void for_each_finding_prepared(const RunResult& r, Prepare prepare,
                               const std::function<void(const AuditFinding&, const std::string&)>& fn);

}  // namespace fairaudit::run
