#include "run/spill.hpp"

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <cstring>
#include <fstream>
#include <queue>
#include <stdexcept>

#include "common/leftovers.hpp"
#include "codec/evidence_binary.hpp"
#include "run/run_info.hpp"

namespace fairaudit::run {
namespace {

// One finding is one record: its byte length (4 bytes), then a header with
// the fields findings are sorted by and the host's part (plugin, severity,
// fingerprint, source, basis), then the plugin's part (message, evidence,
// applicants) in the evidence codec's binary form. The merge decodes only
// headers and copies records as they are.
using codec::BinaryReader;

// `basis`: the finding's legal basis as its index in the spill's table of
// them (a few hundred bytes each, the same for every finding of a rule).
// Appends the record to `out`.
void encode(std::string& out, const AuditFinding& af, std::uint32_t basis) {
  const std::size_t start = out.size();
  // Counted, then copied into one resize of `out` (codec::write_counted).
  codec::write_counted(out, [&](auto& e) {
    e.raw(std::uint32_t(0));  // the length, filled in below
    const Finding& f = af.finding;
    e.str(f.org_unit);
    e.raw(std::uint8_t(f.scope));
    e.str(f.round_id);
    e.str(f.rule);
    e.str(f.key);
    e.str(af.fingerprint);
    e.str(af.plugin);
    e.raw(std::uint8_t(af.severity));
    e.str(af.source.file);
    e.raw(std::uint64_t(af.source.line));
    e.raw(basis);
    e.raw(std::uint64_t(af.end_line));
    e.raw(std::int8_t(f.severity ? int(*f.severity) : -1));
    e.str(f.message);
    e.evidence(f.evidence);
    e.raw(std::uint32_t(f.applicants.size()));
    for (const auto& a : f.applicants) e.str(a);
  });
  const std::uint32_t length = std::uint32_t(out.size() - start - sizeof(std::uint32_t));
  std::memcpy(out.data() + start, &length, sizeof length);
}

[[noreturn]] void damaged(const std::filesystem::path& p) {
  throw std::runtime_error("the temporary findings file " + p.string() + " was changed or cut short during the run");
}

class ChunkReader {
 public:
  ChunkReader(const std::filesystem::path& p, const std::vector<SharedText>& bases)
      : path_(p), bases_(bases) {
    // A small buffer: a merge at 10 million applications reads hundreds of
    // chunks at once, and each reader's buffer is kept for the whole merge.
    in_.rdbuf()->pubsetbuf(buffer_.get(), kBuffer);
    in_.open(p, std::ios::binary);
    if (!in_) throw std::runtime_error("cannot read the temporary findings file " + p.string());
  }
  // Reads the next record and decodes its header into key(); false at the end.
  bool advance() {
    std::uint32_t length = 0;
    if (!in_.read(reinterpret_cast<char*>(&length), sizeof length)) {
      if (in_.gcount() != 0) damaged(path_);
      return false;
    }
    // The room of a record far larger than most is not kept for the rest.
    if (record_.capacity() > kKeptRecord && sizeof length + length <= kKeptRecord) record_ = std::string();
    record_.resize(sizeof length + length);
    std::memcpy(record_.data(), &length, sizeof length);
    if (!in_.read(record_.data() + sizeof length, length)) damaged(path_);
    try {
      header();
    } catch (const codec::CodecError&) {
      damaged(path_);
    }
    return true;
  }
  // The finding's sort fields and host part (evidence, message and basis not read).
  const AuditFinding& key() const { return key_; }
  // The whole finding, into `af` (a finding read before, whose strings have
  // room): every field a spilled finding has is set.
  void full(AuditFinding& af) const {
    try {
      body(af);
    } catch (const codec::CodecError&) {
      damaged(path_);
    }
  }
  void copy_to(std::ofstream& out) const { out.write(record_.data(), std::streamsize(record_.size())); }

 private:
  BinaryReader reader(std::size_t from) const {
    return BinaryReader(record_.data() + from, record_.data() + record_.size());
  }
  void header() {
    // Into the strings of the last record: they have room, so no allocation.
    BinaryReader d = reader(sizeof(std::uint32_t));
    d.str(key_.finding.org_unit);
    key_.finding.scope = d.in_range<Scope>(int(Scope::round), int(Scope::run));
    d.str(key_.finding.round_id);
    d.str(key_.finding.rule);
    d.str(key_.finding.key);
    d.str(key_.fingerprint);
    d.str(key_.plugin);
    key_.severity = d.in_range<Severity>(int(Severity::note), int(Severity::error));
    d.str(key_.source.file);
    key_.source.line = d.raw<std::uint64_t>();
    basis_ = d.raw<std::uint32_t>();  // not copied into key_: merging does not need it
    if (basis_ >= bases_.size()) damaged(path_);
    body_ = sizeof(std::uint32_t) + d.offset();
  }
  void body(AuditFinding& af) const {
    af.finding.org_unit.assign(key_.finding.org_unit);
    af.finding.scope = key_.finding.scope;
    af.finding.round_id.assign(key_.finding.round_id);
    af.finding.rule.assign(key_.finding.rule);
    af.finding.key.assign(key_.finding.key);
    af.fingerprint.assign(key_.fingerprint);
    af.plugin.assign(key_.plugin);
    af.severity = key_.severity;
    af.source.file.assign(key_.source.file);
    af.source.line = key_.source.line;
    af.basis = bases_[basis_];  // shared, not copied
    BinaryReader d = reader(body_);
    af.end_line = d.raw<std::uint64_t>();
    const int severity = d.raw<std::int8_t>();
    if (severity < -1 || severity > int(Severity::error)) damaged(path_);
    af.finding.severity = severity >= 0 ? std::optional<Severity>(Severity(severity)) : std::nullopt;
    d.str(af.finding.message);
    af.finding.evidence = d.evidence();
    const auto applicants = d.raw<std::uint32_t>();
    if (applicants > d.left() / 4) damaged(path_);
    // Nor the room of a round far larger than most: a slot of a batch that
    // once held the largest round of the export would keep it to the end,
    // and the largest round grows with the export.
    if (af.finding.applicants.capacity() > kKeptApplicants && applicants <= kKeptApplicants)
      std::vector<std::string>().swap(af.finding.applicants);
    af.finding.applicants.resize(applicants);
    for (auto& a : af.finding.applicants) d.str(a);
    if (!d.at_end()) damaged(path_);
  }

  std::filesystem::path path_;
  const std::vector<SharedText>& bases_;
  static constexpr std::size_t kBuffer = 2048, kKeptRecord = 4 * 1024, kKeptApplicants = 128;
  std::unique_ptr<char[]> buffer_ = std::make_unique<char[]>(kBuffer);  // on the heap: a reader moves
  std::ifstream in_;
  std::string record_;
  std::size_t body_ = 0;     // where the plugin's part of record_ starts
  std::uint32_t basis_ = 0;  // the record's index into bases_
  AuditFinding key_;
};

std::ofstream open_out(const std::filesystem::path& p) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write the temporary findings file " + p.string());
  return out;
}

void close_out(std::ofstream& out, const std::filesystem::path& p) {
  out.flush();
  if (!out) throw std::runtime_error("cannot write the temporary findings file " + p.string() + " (disk full?)");
}

}  // namespace

FindingSpill::FindingSpill(std::size_t fan_in) : fan_in_(std::max<std::size_t>(fan_in, 2)) {
  // A killed run's spill (findings with applicant ids) is removed by the
  // next run that spills, once the process that made it has ended.
  const auto tmp = std::filesystem::temp_directory_path();
  common::remove_leftovers(tmp, "fairaudit-findings-");
  std::string tmpl = (tmp / (common::owned_prefix("fairaudit-findings-") + "XXXXXX")).string();
  if (!::mkdtemp(tmpl.data()))  // mode 0700
    throw std::runtime_error("cannot create a temporary directory for findings: " + std::string(std::strerror(errno)));
  dir_ = tmpl;
}

FindingSpill::~FindingSpill() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void FindingSpill::write_chunk(const std::vector<AuditFinding>& sorted) {
  std::vector<std::uint32_t> all(sorted.size());
  for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  write(sorted, all);
}

void FindingSpill::write_chunk_sorted(const std::vector<AuditFinding>& findings) {
  std::vector<std::uint32_t> order(findings.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&findings](std::uint32_t a, std::uint32_t b) {
    const int c = finding_compare(findings[a], findings[b]);
    return c != 0 ? c < 0 : a < b;
  });
  std::vector<std::uint32_t> kept;
  kept.reserve(order.size());
  for (std::uint32_t i : order)
    if (kept.empty() || findings[kept.back()].fingerprint != findings[i].fingerprint) kept.push_back(i);
  write(findings, kept);
}

std::uint32_t FindingSpill::basis_index(const AuditFinding& af) {
  // Looked up by rule, whose basis it nearly always is; compared to be sure.
  auto [it, fresh] = basis_by_rule_.try_emplace(af.finding.rule, 0);
  if (!fresh && (bases_[it->second].same(af.basis) || bases_[it->second].get() == af.basis.get())) return it->second;
  auto known = std::find_if(bases_.begin(), bases_.end(), [&](const SharedText& b) { return b.get() == af.basis.get(); });
  if (known == bases_.end()) known = bases_.insert(bases_.end(), af.basis);
  it->second = std::uint32_t(known - bases_.begin());
  return it->second;
}

void FindingSpill::write(const std::vector<AuditFinding>& findings, const std::vector<std::uint32_t>& order) {
  const auto p = dir_ / ("chunk-" + std::to_string(written_++));
  auto out = open_out(p);
  // Records go out in blocks of about 1 MiB: one system call each, not one
  // per few records through the stream's small buffer.
  constexpr std::size_t kBlock = 1u << 20;
  std::string block;
  block.reserve(kBlock + (kBlock >> 2));
  for (std::uint32_t i : order) {
    encode(block, findings[i], basis_index(findings[i]));
    if (block.size() >= kBlock) {
      out.write(block.data(), std::streamsize(block.size()));
      block.clear();
    }
  }
  out.write(block.data(), std::streamsize(block.size()));
  close_out(out, p);
  chunks_.push_back(p);
  ++written_chunks_;
}

namespace {

// A k-way merge of sorted chunk files on the headers alone, one finding per
// file in memory; `keep` gets each finding that is kept. The same
// fingerprint twice is one finding, as in sort_findings; between equal
// findings the earlier file wins, so the result does not depend on the heap.
struct Stopped {};  // the reader of for_each() told to stop early

template <typename Keep>
void merge(const std::vector<std::filesystem::path>& files, const std::vector<SharedText>& bases, Keep&& keep) {
  std::vector<ChunkReader> readers;
  readers.reserve(files.size());
  for (const auto& f : files) readers.emplace_back(f, bases);
  auto later = [&readers](std::size_t a, std::size_t b) {
    const int c = finding_compare(readers[a].key(), readers[b].key());
    return c != 0 ? c > 0 : a > b;
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> queue(later);
  for (std::size_t i = 0; i < readers.size(); ++i)
    if (readers[i].advance()) queue.push(i);
  std::string last;
  bool first = true;
  while (!queue.empty()) {
    const std::size_t i = queue.top();
    queue.pop();
    if (first || readers[i].key().fingerprint != last) {
      keep(readers[i]);
      last = readers[i].key().fingerprint;
      first = false;
    }
    if (readers[i].advance()) queue.push(i);
  }
}

}  // namespace

std::size_t FindingSpill::default_fan_in() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 1024;
  return std::clamp<std::size_t>(std::size_t(limit.rlim_cur) / 2, 16, 1024);
}

void FindingSpill::finish() {
  // At most fan_in_ files open at once: while there are more chunks, the
  // first few are merged into one file that takes their place (they are the
  // earliest, so equal findings still come in chunk order), as few as bring
  // the number down to fan_in_: most findings are written only once. The last
  // merge happens while the findings are read (for_each).
  while (chunks_.size() > fan_in_) {
    const std::size_t take = std::min(fan_in_, chunks_.size() - fan_in_ + 1);
    const std::vector<std::filesystem::path> run(chunks_.begin(), chunks_.begin() + std::ptrdiff_t(take));
    const auto p = dir_ / ("chunk-" + std::to_string(written_++));
    auto out = open_out(p);
    merge(run, bases_, [&out](const ChunkReader& r) { r.copy_to(out); });
    close_out(out, p);
    for (const auto& c : run) std::filesystem::remove(c);
    chunks_.erase(chunks_.begin(), chunks_.begin() + std::ptrdiff_t(take));
    chunks_.insert(chunks_.begin(), p);
  }
  counted_ = false;
}

void FindingSpill::count() const {
  if (counted_) return;
  for_each_header([](const AuditFinding&) {});
}

void FindingSpill::for_each_header(const std::function<void(const AuditFinding&)>& fn) const {
  std::uint64_t n = 0;
  FindingTally t;
  merge(chunks_, bases_, [&](const ChunkReader& r) {
    ++n;
    t.add(r.key());  // no review states during a run
    fn(r.key());
  });
  count_ = n;
  tally_ = t;
  counted_ = true;
}

std::uint64_t FindingSpill::size() const {
  count();
  return count_;
}

const FindingTally& FindingSpill::tally() const {
  count();
  return tally_;
}

void FindingSpill::for_each(const std::function<void(const AuditFinding&)>& fn) const {
  for_each_mutable([&fn](AuditFinding& f) { fn(f); });
}

void FindingSpill::for_each_mutable(const std::function<void(AuditFinding&)>& fn) const {
  // Reading back is two jobs of about equal weight: merging and decoding the
  // findings, and what `fn` does with them (usually writing JSON). A thread
  // of its own does the first, a few hundred findings ahead of `fn`. The
  // batches go back and forth: a finding is decoded into one read before,
  // whose strings have room, so reading allocates little and the memory
  // stays with the thread that allocated it.
  constexpr std::size_t kBatch = 256, kBatches = 5;
  struct Batch {
    std::vector<AuditFinding> findings = std::vector<AuditFinding>(kBatch);
    std::size_t size = 0;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::unique_ptr<Batch>> ready, spare;
  std::size_t made = 0;  // batches in use, at most kBatches
  bool done = false, stop = false;
  std::exception_ptr error;
  std::uint64_t n = 0;
  FindingTally t;
  bool complete = false;  // every finding was read (what was counted is the whole)
  std::thread reader([&] {
    std::unique_ptr<Batch> batch;
    auto next_batch = [&] {
      std::unique_lock lk(mu);
      cv.wait(lk, [&] { return !spare.empty() || made < kBatches || stop; });
      if (stop) throw Stopped{};
      if (spare.empty()) {
        ++made;
        batch = std::make_unique<Batch>();
      } else {
        batch = std::move(spare.front());
        spare.pop_front();
      }
      batch->size = 0;
    };
    auto hand_over = [&] {
      std::lock_guard lk(mu);
      ready.push_back(std::move(batch));
      cv.notify_all();
    };
    try {
      merge(chunks_, bases_, [&](const ChunkReader& r) {
        ++n;
        t.add(r.key());
        if (!batch) next_batch();
        r.full(batch->findings[batch->size++]);
        if (batch->size == kBatch) hand_over();
      });
      if (batch) hand_over();
      complete = true;
    } catch (const Stopped&) {
    } catch (...) {
      std::lock_guard lk(mu);
      error = std::current_exception();
    }
    std::lock_guard lk(mu);
    done = true;
    cv.notify_all();
  });
  auto finish_reader = [&] {
    {
      std::lock_guard lk(mu);
      stop = true;
    }
    cv.notify_all();
    reader.join();
  };
  try {
    for (;;) {
      std::unique_ptr<Batch> batch;
      {
        std::unique_lock lk(mu);
        cv.wait(lk, [&] { return !ready.empty() || done; });
        if (ready.empty()) break;
        batch = std::move(ready.front());
        ready.pop_front();
      }
      for (std::size_t i = 0; i < batch->size; ++i) fn(batch->findings[i]);
      {
        std::lock_guard lk(mu);
        spare.push_back(std::move(batch));
      }
      cv.notify_all();
    }
  } catch (...) {
    finish_reader();
    throw;
  }
  finish_reader();
  if (error) std::rethrow_exception(error);
  if (complete && !counted_) {
    count_ = n;
    tally_ = t;
    counted_ = true;
  }
}

struct SharedReading::State {
  // 8 batches of 64: the readers keep up with one another within 512
  // findings, and what the slots keep between uses (the largest findings'
  // room) stays a few MB however many findings there are.
  static constexpr std::size_t kBatch = 64, kBatches = 8;
  static constexpr std::size_t kKeptPrepared = 16 * 1024;
  struct Batch {
    std::vector<AuditFinding> findings = std::vector<AuditFinding>(kBatch);
    std::vector<std::string> prepared = std::vector<std::string>(kBatch);  // with a Prepare
    std::vector<char> made = std::vector<char>(kBatch);                    // prepared[i] is whole
    std::size_t size = 0;
    std::size_t pending = 0;  // readers yet to read it
  };
  const FindingSpill* spill = nullptr;
  std::function<void(std::uint64_t, AuditFinding&)> label;
  Prepare prepare;
  std::size_t expected = 0;  // readers the reading waits for
  std::vector<std::thread::id> joined, left;
  std::vector<std::deque<Batch*>> queues;  // per reader, in the order they joined
  std::vector<bool> active;
  std::vector<std::unique_ptr<Batch>> batches;
  std::vector<Batch*> spare;
  bool started = false, done = false;
  std::exception_ptr error;
  std::mutex mu;
  std::condition_variable cv;
  std::thread reader;

  std::size_t active_readers() const { return std::size_t(std::count(active.begin(), active.end(), true)); }
  // With mu held.
  void release(Batch* b) {
    if (--b->pending == 0) {
      spare.push_back(b);
      cv.notify_all();
    }
  }
};

SharedReading::SharedReading(const RunResult& r, std::size_t readers, Prepare prepare)
    : s_(std::make_unique<State>()) {
  if (!r.spilled) throw std::logic_error("a shared reading of findings that are not on disk");
  r.spilled->size();  // counted here, not by readers at once
  s_->spill = r.spilled.get();
  s_->label = r.label;
  s_->prepare = prepare;
  s_->expected = readers;
}

SharedReading::~SharedReading() {
  if (s_->reader.joinable()) s_->reader.join();
}

void SharedReading::read() {
  State& s = *s_;
  State::Batch* batch = nullptr;
  auto publish = [&] {
    std::lock_guard lk(s.mu);
    batch->pending = 0;
    for (std::size_t i = 0; i < s.queues.size(); ++i)
      if (s.active[i]) {
        s.queues[i].push_back(batch);
        ++batch->pending;
      }
    if (batch->pending == 0) s.spare.push_back(batch);
    batch = nullptr;
    s.cv.notify_all();
  };
  try {
    std::uint64_t n = 0;
    merge(s.spill->chunks_, s.spill->bases_, [&](const ChunkReader& r) {
      if (!batch) {
        std::unique_lock lk(s.mu);
        s.cv.wait(lk, [&] { return !s.spare.empty() || s.batches.size() < State::kBatches || !s.active_readers(); });
        if (!s.active_readers()) throw Stopped{};
        if (s.spare.empty()) {
          s.batches.push_back(std::make_unique<State::Batch>());
          batch = s.batches.back().get();
        } else {
          batch = s.spare.back();
          s.spare.pop_back();
        }
        batch->size = 0;
      }
      AuditFinding& f = batch->findings[batch->size];
      r.full(f);
      if (s.label) s.label(n, f);
      if (s.prepare) {
        std::string& slot = batch->prepared[batch->size];
        // Nor the room of a finding far larger than most (as the findings' slots).
        if (slot.capacity() > State::kKeptPrepared) std::string().swap(slot);
        // A finding it cannot prepare is left to its reader, whose own
        // preparation then fails where it did before, on the reader's thread.
        try {
          s.prepare(f, slot);
          batch->made[batch->size] = 1;
        } catch (...) {
          batch->made[batch->size] = 0;
        }
      }
      ++batch->size;
      ++n;
      if (batch->size == State::kBatch) publish();
    });
    if (batch) publish();
  } catch (const Stopped&) {
  } catch (...) {
    std::lock_guard lk(s.mu);
    s.error = std::current_exception();
  }
  std::lock_guard lk(s.mu);
  s.done = true;
  s.cv.notify_all();
}

bool SharedReading::for_each(const std::function<void(const AuditFinding&)>& fn) {
  return for_each_prepared(nullptr, [&fn](const AuditFinding& f, const std::string*) { fn(f); });
}

bool SharedReading::for_each_prepared(Prepare prepare,
                                      const std::function<void(const AuditFinding&, const std::string*)>& fn) {
  State& s = *s_;
  std::unique_lock lk(s.mu);
  const auto me = std::this_thread::get_id();
  const auto has = [&me](const std::vector<std::thread::id>& v) { return std::find(v.begin(), v.end(), me) != v.end(); };
  if (s.started || has(s.joined) || has(s.left) || s.joined.size() >= s.expected) return false;
  const std::size_t seat = s.joined.size();
  s.joined.push_back(me);
  s.queues.emplace_back();
  s.active.push_back(true);
  if (s.joined.size() == s.expected) {
    s.started = true;
    s.reader = std::thread([this] { read(); });
    s.cv.notify_all();
  }
  s.cv.wait(lk, [&] { return s.started; });
  const auto quit = [&] {  // with mu held: the batches not read go to the others
    s.active[seat] = false;
    for (State::Batch* b : s.queues[seat]) s.release(b);
    s.queues[seat].clear();
    s.cv.notify_all();
  };
  for (;;) {
    s.cv.wait(lk, [&] { return !s.queues[seat].empty() || s.done; });
    if (s.queues[seat].empty()) break;
    State::Batch* b = s.queues[seat].front();
    s.queues[seat].pop_front();
    lk.unlock();
    try {
      const bool prepared = prepare && s.prepare == prepare;
      for (std::size_t i = 0; i < b->size; ++i)
        fn(b->findings[i], prepared && b->made[i] ? &b->prepared[i] : nullptr);
    } catch (...) {
      lk.lock();
      s.release(b);
      quit();
      throw;
    }
    lk.lock();
    s.release(b);
  }
  quit();
  if (s.error) std::rethrow_exception(s.error);
  return true;
}

void SharedReading::leave() {
  State& s = *s_;
  std::lock_guard lk(s.mu);
  const auto me = std::this_thread::get_id();
  if (s.started || std::find(s.joined.begin(), s.joined.end(), me) != s.joined.end() ||
      std::find(s.left.begin(), s.left.end(), me) != s.left.end())
    return;
  s.left.push_back(me);
  if (s.expected) --s.expected;
  if (!s.joined.empty() && s.joined.size() == s.expected) {
    s.started = true;
    s.reader = std::thread([this] { read(); });
    s.cv.notify_all();
  }
}

LeavesSharedReading::LeavesSharedReading(const RunResult& r) : reading_(r.shared_reading) {}

LeavesSharedReading::~LeavesSharedReading() {
  if (reading_) reading_->leave();
}

void for_each_finding(const RunResult& r, const std::function<void(const AuditFinding&)>& fn) {
  if (r.shared_reading && r.shared_reading->for_each(fn)) return;
  if (r.spilled && r.label) {
    std::uint64_t i = 0;
    r.spilled->for_each_mutable([&](AuditFinding& f) {
      r.label(i++, f);
      fn(f);
    });
  } else if (r.spilled) {
    r.spilled->for_each(fn);
  } else {
    for (const auto& f : r.findings) fn(f);
  }
}

void for_each_finding_prepared(const RunResult& r, Prepare prepare,
                               const std::function<void(const AuditFinding&, const std::string&)>& fn) {
  std::string mine;  // what this thread prepares itself
  const auto own = [&](const AuditFinding& f) {
    prepare(f, mine);
    fn(f, mine);
  };
  if (r.shared_reading && r.shared_reading->for_each_prepared(prepare, [&](const AuditFinding& f, const std::string* made) {
        if (made) fn(f, *made);
        else own(f);
      }))
    return;
  for_each_finding(r, own);
}

void for_each_absent(const BaselineSummary& b, const std::function<void(const AuditFinding&)>& fn) {
  for (const auto& f : b.absent) fn(f);
  if (!b.absent_spilled) return;
  b.absent_spilled->for_each_mutable([&](AuditFinding& f) {
    if (b.absent_label) b.absent_label(f);
    fn(f);
  });
}

std::uint64_t finding_count(const RunResult& r) { return r.spilled ? r.spilled->size() : r.findings.size(); }

FindingTally tally_findings(const RunResult& r) {
  if (r.labelled_tally) return *r.labelled_tally;
  if (r.spilled) return r.spilled->tally();
  FindingTally t;
  for (const auto& f : r.findings) t.add(f);
  return t;
}

void materialize(RunResult& r) {
  if (!r.spilled) return;
  std::vector<AuditFinding> all;
  all.reserve(r.spilled->size());
  for_each_finding(r, [&all](const AuditFinding& f) { all.push_back(f); });
  r.findings = std::move(all);
  r.spilled.reset();
  r.label = nullptr;
}

}  // namespace fairaudit::run
