#include "run/scrub.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>
#include <unordered_set>

namespace fairaudit::run {
namespace {

bool is_word_char(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}


// Ids are matched whatever their letters' case: "A-530F51" is the id
// a-530f51 to anyone who reads it.
char folded(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// FNV-1a over the case-folded bytes.
std::uint64_t hash_of(std::string_view id) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : id) h = (h ^ static_cast<unsigned char>(folded(c))) * 1099511628211ull;
  return h;
}

// Where `id` next stands in `text` from `from` on, whatever the case; npos
// when nowhere.
std::size_t find_folded(const std::string& text, std::string_view id, std::size_t from) {
  if (id.empty() || text.size() < id.size()) return std::string::npos;
  for (std::size_t at = from; at + id.size() <= text.size(); ++at) {
    std::size_t i = 0;
    while (i < id.size() && folded(text[at + i]) == folded(id[i])) ++i;
    if (i == id.size()) return at;
  }
  return std::string::npos;
}

}  // namespace

void IdIndex::clear() {
  ids_.clear();
  first_bytes_ = {};
  only_first_ = -1;
  lengths_.clear();
  hashes_.clear();
}

void IdIndex::take(std::string_view id) {
  if (id.empty()) return;
  ids_.push_back(id);
  const unsigned char c = static_cast<unsigned char>(folded(id.front()));
  const unsigned char upper = c >= 'a' && c <= 'z' ? static_cast<unsigned char>(c - 'a' + 'A') : c;
  first_bytes_[c >> 6] |= std::uint64_t(1) << (c & 63);
  first_bytes_[upper >> 6] |= std::uint64_t(1) << (upper & 63);
  // A first byte found with memchr must have one case only.
  only_first_ = upper == c && (ids_.size() == 1 || only_first_ == c) ? int(c) : -1;
  if (!lengths_.empty() && lengths_.back() == id.size()) return;  // the usual case: ids of one length
  const auto at = std::lower_bound(lengths_.begin(), lengths_.end(), id.size());
  if (at == lengths_.end() || *at != id.size()) lengths_.insert(at, id.size());
}

void IdIndex::finish() {
  // The longest first: an id that contains another is removed whole (ids
  // of one length, the usual case, cannot contain each other).
  if (lengths_.size() > 1)
    std::sort(ids_.begin(), ids_.end(), [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  hashes_.reserve(ids_.size());
  for (std::string_view id : ids_) hashes_.push_back(hash_of(id));
  std::sort(hashes_.begin(), hashes_.end());
}

void IdIndex::assign(const Round& round) {
  clear();
  ids_.reserve(round.applicants.size());
  for (const auto& a : round.applicants) take(a.id);
  finish();
}

void IdIndex::assign(const std::vector<std::string>& ids) {
  clear();
  ids_.reserve(ids.size());
  for (const auto& id : ids) take(id);
  finish();
}

IdScrubber::IdScrubber(std::vector<std::string> ids) : owned_(std::move(ids)) { own_.assign(owned_); }

bool IdScrubber::may_hold(std::string_view text) const {
  const IdIndex& x = *index_;
  if (x.ids_.empty() || text.size() < x.lengths_.front()) return false;
  const char* p = text.data();
  const std::size_t n = text.size();
  const std::size_t last = n - x.lengths_.front();  // the last place an id could start
  for (std::size_t at = 0; at <= last; ++at) {
    if (x.only_first_ >= 0) {
      // Every id starts with the same byte (a common prefix such as
      // "a-"): the next place it stands is found at once.
      const void* q = std::memchr(p + at, x.only_first_, last - at + 1);
      if (!q) return false;
      at = std::size_t(static_cast<const char*>(q) - p);
    } else {
      const unsigned char c = static_cast<unsigned char>(p[at]);
      if (!((x.first_bytes_[c >> 6] >> (c & 63)) & 1)) continue;
    }
    // scrub()'s edges: an id starts a word, or its first character is none
    // of a word's; likewise at its end.
    if (at > 0 && is_word_char(p[at - 1]) && is_word_char(p[at])) continue;
    for (std::size_t len : x.lengths_) {
      const std::size_t end = at + len;
      if (end > n) break;
      if (end < n && is_word_char(p[end]) && is_word_char(p[end - 1])) continue;
      if (std::binary_search(x.hashes_.begin(), x.hashes_.end(), hash_of(std::string_view(p + at, len)))) return true;
    }
  }
  return false;
}

void IdScrubber::scrub(std::string& text) const {
  if (text.empty()) return;
  // Nothing changes unless some id stands as a word in the text as it is:
  // the loop below changes the text first where one does.
  if (!may_hold(text)) return;
  for (std::string_view id : index_->ids_) {
    if (id.size() > text.size()) continue;
    for (std::size_t at = find_folded(text, id, 0); at != std::string::npos; at = find_folded(text, id, at)) {
      const std::size_t end = at + id.size();
      const bool starts = at == 0 || !is_word_char(text[at - 1]) || !is_word_char(id.front());
      const bool ends = end == text.size() || !is_word_char(text[end]) || !is_word_char(id.back());
      if (starts && ends) {
        text.replace(at, id.size(), kIdRemoved);
        at += kIdRemoved.size();
      } else {
        at += 1;
      }
    }
  }
}

bool IdScrubber::holds_id(const Evidence& evidence) const {
  const auto changes = [this](const std::string& text) {
    if (!may_hold(text)) return false;
    std::string copy = text;
    scrub(copy);
    return copy != text;
  };
  for (const auto& [key, v] : evidence.entries()) {
    if (changes(key)) return true;  // a key is shown as the evidence's label
    if (v.kind == EvidenceValue::Kind::text && changes(v.s)) return true;
    for (const auto& child : v.children)
      if (holds_id(child)) return true;
  }
  return false;
}

Evidence IdScrubber::rebuilt(const Evidence& evidence) const {
  using K = EvidenceValue::Kind;
  Evidence out;
  out.reserve(evidence.entries().size());
  for (const auto& [given_key, v] : evidence.entries()) {
    std::string key = given_key;
    scrub(key);
    switch (v.kind) {
      case K::null: out.null(key); break;
      case K::boolean: out.boolean(key, v.b); break;
      case K::count: out.count(key, v.i); break;
      case K::number: out.number(key, v.i); break;
      case K::rate: out.rate(key, v.d); break;
      case K::ratio: out.ratio(key, v.d); break;
      case K::p_value: out.p_value(key, v.d); break;
      case K::statistic: out.statistic(key, v.d); break;
      case K::real: out.real(key, v.d); break;
      case K::date: out.date(key, v.t); break;
      case K::text: {
        std::string s = v.s;
        scrub(s);
        out.text(key, std::move(s));
        break;
      }
      case K::object: out.object(key, v.children.empty() ? Evidence{} : rebuilt(v.children.front())); break;
      case K::list: {
        std::vector<Evidence> items;
        items.reserve(v.children.size());
        for (const auto& c : v.children) items.push_back(rebuilt(c));
        out.list(key, std::move(items));
        break;
      }
    }
  }
  return out;
}

void IdScrubber::scrub(Evidence& evidence) const {
  // Evidence is built through its own methods only: it is built again, with
  // the texts scrubbed, when one of them holds an id.
  if (evidence.entries().empty() || empty()) return;
  if (holds_id(evidence)) evidence = rebuilt(evidence);
}

void IdScrubber::scrub(Finding& f) const {
  if (empty()) return;
  scrub(f.message);
  scrub(f.key);
  // Shown as the finding's place (a unit's heading, a round's): a plugin
  // that breaks the contract may have put an id there too.
  scrub(f.org_unit);
  scrub(f.round_id);
  scrub(f.evidence);
}

void IdScrubber::scrub(Check& c) const {
  if (empty()) return;
  scrub(c.reason);
  scrub(c.key);
  scrub(c.org_unit);
  scrub(c.round_id);
  scrub(c.evidence);
}

}  // namespace fairaudit::run

namespace fairaudit::run {
namespace {

constexpr std::size_t kKeptHashes = 1 << 16;

void texts_of(const Evidence& e, std::vector<std::string_view>& out) {
  for (const auto& [key, v] : e.entries()) {
    out.push_back(key);
    if (v.kind == EvidenceValue::Kind::text) out.push_back(v.s);
    for (const auto& child : v.children) texts_of(child, out);
  }
}

}  // namespace

void texts_of(const Finding& f, std::vector<std::string_view>& out) {
  for (std::string_view t : {std::string_view(f.message), std::string_view(f.key), std::string_view(f.org_unit),
                             std::string_view(f.round_id)})
    out.push_back(t);
  texts_of(f.evidence, out);
}
void texts_of(const Check& c, std::vector<std::string_view>& out) {
  for (std::string_view t : {std::string_view(c.reason), std::string_view(c.key), std::string_view(c.org_unit),
                             std::string_view(c.round_id)})
    out.push_back(t);
  texts_of(c.evidence, out);
}

RunIds::~RunIds() {
  if (fd_ >= 0) ::close(fd_);
}

void RunIds::add(const Round& round) {
  for (const auto& a : round.applicants) {
    if (a.id.empty()) continue;
    hashes_.push_back(hash_of(a.id));
    min_len_ = std::min(min_len_, a.id.size());
    max_len_ = std::max(max_len_, a.id.size());
  }
  if (hashes_.size() >= kKeptHashes) spill();
}

void RunIds::spill() {
  if (fd_ < 0) {
    std::string path = (std::filesystem::temp_directory_path() / "fairaudit-ids-XXXXXX").string();
    fd_ = ::mkstemp(path.data());  // mode 0600
    if (fd_ < 0)
      throw std::runtime_error("cannot create a temporary file for the run's applicant ids: " +
                               std::string(std::strerror(errno)));
    ::unlink(path.c_str());  // gone with the run, whatever ends it
  }
  const char* p = reinterpret_cast<const char*>(hashes_.data());
  std::size_t left = hashes_.size() * sizeof(std::uint64_t);
  while (left) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error("cannot write the temporary file of the run's applicant ids (disk full?)");
    p += n;
    left -= std::size_t(n);
  }
  in_file_ += hashes_.size();
  hashes_.clear();
}

std::vector<std::string> RunIds::found_in(const std::vector<std::string_view>& texts) const {
  // Every piece of the texts as long as some id that could stand as a word
  // of its own (IdScrubber's rule: a word's edge on either side, or an id
  // whose first or last character is no word character), sorted by its
  // hash: a small list, looked up in one pass over the run's hashes.
  // Each text once: what finish() reports repeats its messages and keys.
  std::vector<std::string_view> distinct;
  {
    std::unordered_set<std::string_view> seen;
    seen.reserve(texts.size());
    for (std::string_view t : texts)
      if (seen.insert(t).second) distinct.push_back(t);
  }
  std::vector<std::pair<std::uint64_t, std::string_view>> pieces;
  for (std::string_view t : distinct)
    for (std::size_t at = 0; at < t.size(); ++at) {
      if (at > 0 && is_word_char(t[at - 1]) && is_word_char(t[at])) continue;
      for (std::size_t len = min_len_; len <= max_len_ && at + len <= t.size(); ++len) {
        const std::size_t end = at + len;
        if (end < t.size() && is_word_char(t[end]) && is_word_char(t[end - 1])) continue;
        pieces.emplace_back(hash_of(t.substr(at, len)), t.substr(at, len));
      }
    }
  if (pieces.empty()) return {};
  // By the hash alone: the pieces of one hash are all looked at (and the
  // set below keeps each once), whatever their order.
  std::sort(pieces.begin(), pieces.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // A bit per slot of the pieces' hashes, at least 16 slots a piece: most of
  // the run's ids (a million in a large export) are told apart from every
  // piece by one bit in a table the cache holds, not by a binary search.
  int bits = 16;
  while (bits < 40 && (std::size_t(1) << bits) < pieces.size() * 16) ++bits;
  const auto slot = [bits](std::uint64_t h) { return std::size_t((h * 0x9E3779B97F4A7C15ull) >> (64 - bits)); };
  std::vector<std::uint64_t> filter((std::size_t(1) << bits) / 64);
  for (const auto& p : pieces) filter[slot(p.first) / 64] |= std::uint64_t(1) << (slot(p.first) % 64);
  std::set<std::string_view> found;
  const auto look = [&](const std::uint64_t* h, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t at = slot(h[i]);
      if (!((filter[at / 64] >> (at % 64)) & 1)) continue;
      auto it = std::lower_bound(pieces.begin(), pieces.end(), h[i],
                                 [](const auto& p, std::uint64_t v) { return p.first < v; });
      for (; it != pieces.end() && it->first == h[i]; ++it) found.insert(it->second);
    }
  };
  look(hashes_.data(), hashes_.size());
  if (fd_ >= 0) {
    std::lock_guard lk(read_);
    std::vector<std::uint64_t> chunk(kKeptHashes);
    for (std::uint64_t done = 0; done < in_file_;) {
      const std::size_t want = std::size_t(std::min<std::uint64_t>(chunk.size(), in_file_ - done));
      const ssize_t n = ::pread(fd_, chunk.data(), want * sizeof(std::uint64_t), off_t(done * sizeof(std::uint64_t)));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || std::size_t(n) % sizeof(std::uint64_t) != 0)
        throw std::runtime_error("cannot read the temporary file of the run's applicant ids");
      look(chunk.data(), std::size_t(n) / sizeof(std::uint64_t));
      done += std::uint64_t(n) / sizeof(std::uint64_t);
    }
  }
  return {found.begin(), found.end()};
}

}  // namespace fairaudit::run
