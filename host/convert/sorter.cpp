#include "convert/sorter.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <queue>
#include <stdexcept>

namespace fairaudit::convert {
namespace {

// Runs merged at once: each open run has a read buffer of kRunBuffer bytes.
constexpr std::size_t kFanIn = 64;
constexpr std::size_t kRunBuffer = 256u << 10;

void put_varint(std::FILE* f, std::uint64_t v) {
  unsigned char buf[10];
  int n = 0;
  do {
    unsigned char b = v & 0x7F;
    v >>= 7;
    buf[n++] = b | (v ? 0x80 : 0);
  } while (v);
  std::fwrite(buf, 1, n, f);
}

bool get_varint(std::FILE* f, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    int c = getc_unlocked(f);
    if (c == EOF) return false;
    v |= std::uint64_t(c & 0x7F) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}

struct Cursor {
  std::FILE* f;
  std::string key, rec;
  std::uint64_t seq = 0;

  // False at the end of the run.
  bool read() {
    std::uint64_t klen, rlen;
    if (!get_varint(f, klen)) return false;
    key.resize(klen);
    if (klen && std::fread(key.data(), 1, klen, f) != klen) throw std::runtime_error("a temporary run file is truncated");
    if (!get_varint(f, seq) || !get_varint(f, rlen)) throw std::runtime_error("a temporary run file is truncated");
    rec.resize(rlen);
    if (rlen && std::fread(rec.data(), 1, rlen, f) != rlen) throw std::runtime_error("a temporary run file is truncated");
    return true;
  }
};

void write_record(std::FILE* f, std::string_view key, std::uint64_t seq, std::string_view rec) {
  put_varint(f, key.size());
  std::fwrite(key.data(), 1, key.size(), f);
  put_varint(f, seq);
  put_varint(f, rec.size());
  std::fwrite(rec.data(), 1, rec.size(), f);
}

}  // namespace

std::string default_temp_dir() {
  const char* t = std::getenv("TMPDIR");
  return (t && *t) ? t : "/tmp";
}

RowSorter::RowSorter(std::size_t memory_limit, std::string temp_dir)
    : limit_(std::max<std::size_t>(memory_limit, 1024)), temp_dir_(temp_dir.empty() ? default_temp_dir() : temp_dir) {}

RowSorter::~RowSorter() {
  for (auto* f : runs_) std::fclose(f);
}

void RowSorter::add(std::string_view key, std::string_view record) {
  const std::size_t need = key.size() + record.size();
  if (!entries_.empty() && arena_.size() + need + (entries_.size() + 1) * sizeof(Entry) > limit_) spill();
  if (arena_.capacity() < limit_ / 2 && arena_.size() + need > arena_.capacity())
    arena_.reserve(std::min(limit_, std::max<std::size_t>(arena_.capacity() * 2, need + 4096)));
  Entry e{arena_.size(), std::uint32_t(key.size()), std::uint32_t(record.size()), seq_++};
  arena_.append(key);
  arena_.append(record);
  entries_.push_back(e);
  ++stats_.records;
}

void RowSorter::sort_buffer() {
  const char* base = arena_.data();
  std::sort(entries_.begin(), entries_.end(), [base](const Entry& a, const Entry& b) {
    std::string_view ka(base + a.offset, a.key_len), kb(base + b.offset, b.key_len);
    if (int c = ka.compare(kb)) return c < 0;
    return a.seq < b.seq;
  });
}

std::FILE* RowSorter::new_run() {
  std::string path = temp_dir_ + "/fairaudit-convert-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0)
    throw std::runtime_error("cannot create a temporary file in " + temp_dir_ + ": " + std::strerror(errno) +
                             " (set --temp-dir or TMPDIR)");
  ::unlink(path.c_str());  // nothing is left behind, even after a kill
  std::FILE* f = fdopen(fd, "w+b");
  if (!f) {
    ::close(fd);
    throw std::runtime_error("cannot open a temporary file in " + temp_dir_);
  }
  std::setvbuf(f, nullptr, _IOFBF, kRunBuffer);
  ++stats_.runs;
  return f;
}

void RowSorter::spill() {
  sort_buffer();
  std::FILE* f = new_run();
  runs_.push_back(f);
  const char* base = arena_.data();
  for (const auto& e : entries_) {
    write_record(f, std::string_view(base + e.offset, e.key_len), e.seq,
                 std::string_view(base + e.offset + e.key_len, e.rec_len));
    stats_.bytes_spilled += e.key_len + e.rec_len + 8;
  }
  if (std::fflush(f) != 0 || std::ferror(f))
    throw std::runtime_error("cannot write a temporary file in " + temp_dir_ + ": " + std::strerror(errno));
  arena_.clear();
  entries_.clear();
}

namespace {

// Merges sorted runs by (key, seq), handing each record to `fn`.
void merge_cursors(const std::vector<std::FILE*>& runs,
                   const std::function<void(std::string_view, std::uint64_t, std::string_view)>& fn,
                   const std::string& temp_dir) {
  for (auto* f : runs) std::rewind(f);
  std::vector<std::unique_ptr<Cursor>> cursors;
  for (auto* f : runs) {
    auto c = std::make_unique<Cursor>();
    c->f = f;
    if (c->read()) cursors.push_back(std::move(c));
  }
  auto later = [](const Cursor* a, const Cursor* b) {
    if (int c = a->key.compare(b->key)) return c > 0;
    return a->seq > b->seq;
  };
  std::priority_queue<Cursor*, std::vector<Cursor*>, decltype(later)> heap(later);
  for (auto& c : cursors) heap.push(c.get());
  while (!heap.empty()) {
    Cursor* c = heap.top();
    heap.pop();
    fn(c->key, c->seq, c->rec);
    if (c->read()) heap.push(c);
  }
  for (auto* f : runs)
    if (std::ferror(f)) throw std::runtime_error("cannot read a temporary file in " + temp_dir);
}

}  // namespace

void RowSorter::merge(std::vector<std::FILE*>& runs,
                      const std::function<void(std::string_view, std::string_view)>& fn) {
  // Past kFanIn runs, the oldest kFanIn are merged into one more run first,
  // so no more than kFanIn read buffers are ever open at once.
  while (runs.size() > kFanIn) {
    std::vector<std::FILE*> group(runs.begin(), runs.begin() + kFanIn);
    std::FILE* out = new_run();
    runs.push_back(out);  // owned (and closed) with the others if anything throws
    merge_cursors(
        group,
        [&](std::string_view key, std::uint64_t seq, std::string_view rec) {
          write_record(out, key, seq, rec);
          stats_.bytes_spilled += key.size() + rec.size() + 8;
        },
        temp_dir_);
    if (std::fflush(out) != 0 || std::ferror(out))
      throw std::runtime_error("cannot write a temporary file in " + temp_dir_ + ": " + std::strerror(errno));
    for (auto* f : group) std::fclose(f);
    runs.erase(runs.begin(), runs.begin() + kFanIn);
    ++stats_.merge_passes;
  }
  ++stats_.merge_passes;
  merge_cursors(
      runs, [&](std::string_view key, std::uint64_t, std::string_view rec) { fn(key, rec); }, temp_dir_);
}

void RowSorter::finish(const std::function<void(std::string_view, std::string_view)>& fn) {
  if (runs_.empty()) {
    sort_buffer();
    const char* base = arena_.data();
    for (const auto& e : entries_)
      fn(std::string_view(base + e.offset, e.key_len), std::string_view(base + e.offset + e.key_len, e.rec_len));
    arena_ = std::string();
    entries_ = std::vector<Entry>();
    return;
  }
  if (!entries_.empty()) spill();
  arena_ = std::string();  // give the buffer back before the merge
  entries_ = std::vector<Entry>();
  merge(runs_, fn);
}

}  // namespace fairaudit::convert
