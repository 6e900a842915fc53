#include "run/spill.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <queue>
#include <stdexcept>

#include "run/wire.hpp"

namespace fairaudit::run {
namespace {

// One finding is two lines: a small header with the host's part (plugin,
// severity, fingerprint, source, basis) and the fields findings are sorted
// by, then the plugin's part in the isolation wire format, which keeps every
// evidence kind. The merge reads only headers and copies bodies as they are.
// JSON escapes line breaks, so lines stay lines.
void write_finding(std::ofstream& out, const AuditFinding& af) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  auto str = [&w](const std::string& s) { w.String(s.c_str(), rapidjson::SizeType(s.size())); };
  const Finding& f = af.finding;
  w.StartObject();
  w.Key("unit"); str(f.org_unit);
  w.Key("scope"); w.Int(int(f.scope));
  w.Key("round"); str(f.round_id);
  w.Key("rule"); str(f.rule);
  w.Key("key"); str(f.key);
  w.Key("fingerprint"); str(af.fingerprint);
  w.Key("plugin"); str(af.plugin);
  w.Key("severity"); w.Int(int(af.severity));
  w.Key("file"); str(af.source.file);
  w.Key("line"); w.Uint64(af.source.line);
  w.Key("basis"); str(af.basis);
  w.EndObject();
  out << sb.GetString() << '\n';
  out << encode_one(f) << '\n';
}

[[noreturn]] void damaged(const std::filesystem::path& p) {
  throw std::runtime_error("the temporary findings file " + p.string() + " was changed or cut short during the run");
}

class ChunkReader {
 public:
  explicit ChunkReader(const std::filesystem::path& p) : path_(p), in_(p, std::ios::binary) {
    if (!in_) throw std::runtime_error("cannot read the temporary findings file " + p.string());
  }
  // Reads the next finding's lines and its header into key(); false at the end.
  bool advance() {
    if (!std::getline(in_, head_)) return false;
    if (!std::getline(in_, body_)) damaged(path_);
    rapidjson::Document d;
    d.Parse(head_.c_str(), head_.size());
    if (d.HasParseError() || !d.IsObject()) damaged(path_);
    auto text = [&](const char* k) -> std::string {
      auto it = d.FindMember(k);
      if (it == d.MemberEnd() || !it->value.IsString()) damaged(path_);
      return it->value.GetString();
    };
    auto number = [&](const char* k) -> std::uint64_t {
      auto it = d.FindMember(k);
      if (it == d.MemberEnd() || !it->value.IsUint64()) damaged(path_);
      return it->value.GetUint64();
    };
    key_ = AuditFinding{};
    key_.finding.org_unit = text("unit");
    const std::uint64_t scope = number("scope"), severity = number("severity");
    if (scope > std::uint64_t(Scope::run) || severity > std::uint64_t(Severity::error)) damaged(path_);
    key_.finding.scope = Scope(scope);
    key_.finding.round_id = text("round");
    key_.finding.rule = text("rule");
    key_.finding.key = text("key");
    key_.fingerprint = text("fingerprint");
    key_.plugin = text("plugin");
    key_.severity = Severity(severity);
    key_.source.file = text("file");
    key_.source.line = number("line");
    key_.basis = text("basis");
    return true;
  }
  // The finding's sort fields and host part (evidence and message not read).
  const AuditFinding& key() const { return key_; }
  // The whole finding.
  AuditFinding full() const {
    Reported r = decode(body_);
    if (r.findings.size() != 1) damaged(path_);
    AuditFinding af = key_;
    af.finding = std::move(r.findings.front());
    return af;
  }
  void copy_to(std::ofstream& out) const { out << head_ << '\n' << body_ << '\n'; }

 private:
  std::filesystem::path path_;
  std::ifstream in_;
  std::string head_, body_;
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

FindingSpill::FindingSpill() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "fairaudit-findings-XXXXXX").string();
  if (!::mkdtemp(tmpl.data()))  // mode 0700
    throw std::runtime_error("cannot create a temporary directory for findings: " + std::string(std::strerror(errno)));
  dir_ = tmpl;
}

FindingSpill::~FindingSpill() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void FindingSpill::write_chunk(const std::vector<AuditFinding>& sorted) {
  const auto p = dir_ / ("chunk-" + std::to_string(chunks_.size()));
  auto out = open_out(p);
  for (const auto& af : sorted) write_finding(out, af);
  close_out(out, p);
  chunks_.push_back(p);
}

void FindingSpill::finish() {
  // A k-way merge on the headers alone: one finding per chunk in memory. The
  // same fingerprint twice is one finding, as in sort_findings.
  std::vector<ChunkReader> readers;
  readers.reserve(chunks_.size());
  for (const auto& c : chunks_) readers.emplace_back(c);
  auto later = [&readers](std::size_t a, std::size_t b) {
    if (finding_order(readers[b].key(), readers[a].key())) return true;
    if (finding_order(readers[a].key(), readers[b].key())) return false;
    return a > b;  // equal: the earlier chunk first, so the result does not depend on the heap
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> queue(later);
  for (std::size_t i = 0; i < readers.size(); ++i)
    if (readers[i].advance()) queue.push(i);

  merged_ = dir_ / "merged";
  auto out = open_out(merged_);
  std::string last;
  while (!queue.empty()) {
    const std::size_t i = queue.top();
    queue.pop();
    const AuditFinding& k = readers[i].key();
    if (count_ == 0 || k.fingerprint != last) {
      readers[i].copy_to(out);
      last = k.fingerprint;
      ++count_;
      ++tally_.by_severity[int(k.severity)];  // no review states during a run
    }
    if (readers[i].advance()) queue.push(i);
  }
  close_out(out, merged_);
  readers.clear();
  for (const auto& c : chunks_) std::filesystem::remove(c);
}

void FindingSpill::for_each(const std::function<void(const AuditFinding&)>& fn) const {
  ChunkReader in(merged_);
  while (in.advance()) fn(in.full());
}

void for_each_finding(const RunResult& r, const std::function<void(const AuditFinding&)>& fn) {
  if (r.spilled)
    r.spilled->for_each(fn);
  else
    for (const auto& f : r.findings) fn(f);
}

std::uint64_t finding_count(const RunResult& r) { return r.spilled ? r.spilled->size() : r.findings.size(); }

FindingTally tally_findings(const RunResult& r) {
  if (r.spilled) return r.spilled->tally();
  FindingTally t;
  for (const auto& f : r.findings) {
    if (f.review_state == "suppressed")
      ++t.suppressed;
    else
      ++t.by_severity[int(f.severity)];
  }
  return t;
}

void materialize(RunResult& r) {
  if (!r.spilled) return;
  std::vector<AuditFinding> all;
  all.reserve(r.spilled->size());
  r.spilled->for_each([&all](const AuditFinding& f) { all.push_back(f); });
  r.findings = std::move(all);
  r.spilled.reset();
}

}  // namespace fairaudit::run
