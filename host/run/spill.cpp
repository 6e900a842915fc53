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

// One finding is two lines: the host's part (plugin, severity, fingerprint,
// source, basis) and the plugin's part in the isolation wire format, which
// keeps every evidence kind. JSON escapes line breaks, so lines stay lines.
void write_finding(std::ofstream& out, const AuditFinding& af) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  auto str = [&w](const std::string& s) { w.String(s.c_str(), rapidjson::SizeType(s.size())); };
  w.StartObject();
  w.Key("plugin"); str(af.plugin);
  w.Key("severity"); w.Int(int(af.severity));
  w.Key("fingerprint"); str(af.fingerprint);
  w.Key("file"); str(af.source.file);
  w.Key("line"); w.Uint64(af.source.line);
  w.Key("basis"); str(af.basis);
  w.EndObject();
  out << sb.GetString() << '\n';
  Reported one;
  one.findings.push_back(af.finding);
  out << encode(one) << '\n';
}

[[noreturn]] void damaged(const std::filesystem::path& p) {
  throw std::runtime_error("the temporary findings file " + p.string() + " was changed or cut short during the run");
}

class ChunkReader {
 public:
  explicit ChunkReader(const std::filesystem::path& p) : path_(p), in_(p, std::ios::binary) {
    if (!in_) throw std::runtime_error("cannot read the temporary findings file " + p.string());
  }
  // The next finding, or false at the end.
  bool next(AuditFinding& af) {
    if (!std::getline(in_, head_)) return false;
    if (!std::getline(in_, body_)) damaged(path_);
    rapidjson::Document d;
    d.Parse(head_.c_str(), head_.size());
    if (d.HasParseError() || !d.IsObject()) damaged(path_);
    Reported r = decode(body_);
    if (r.findings.size() != 1) damaged(path_);
    af = AuditFinding{};
    af.finding = std::move(r.findings.front());
    af.plugin = d["plugin"].GetString();
    af.severity = Severity(d["severity"].GetInt());
    af.fingerprint = d["fingerprint"].GetString();
    af.source.file = d["file"].GetString();
    af.source.line = d["line"].GetUint64();
    af.basis = d["basis"].GetString();
    return true;
  }

 private:
  std::filesystem::path path_;
  std::ifstream in_;
  std::string head_, body_;
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
  // A k-way merge: one finding per chunk in memory. The same fingerprint
  // twice is one finding, as in sort_findings.
  std::vector<ChunkReader> readers;
  readers.reserve(chunks_.size());
  for (const auto& c : chunks_) readers.emplace_back(c);
  std::vector<AuditFinding> heads(readers.size());
  auto later = [&heads](std::size_t a, std::size_t b) {
    if (finding_order(heads[b], heads[a])) return true;
    if (finding_order(heads[a], heads[b])) return false;
    return a > b;  // equal: the earlier chunk first, so the result does not depend on the heap
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> queue(later);
  for (std::size_t i = 0; i < readers.size(); ++i)
    if (readers[i].next(heads[i])) queue.push(i);

  merged_ = dir_ / "merged";
  auto out = open_out(merged_);
  std::string last;
  while (!queue.empty()) {
    const std::size_t i = queue.top();
    queue.pop();
    if (count_ == 0 || heads[i].fingerprint != last) {
      write_finding(out, heads[i]);
      last = heads[i].fingerprint;
      ++count_;
      if (heads[i].review_state == "suppressed")
        ++tally_.suppressed;
      else
        ++tally_.by_severity[int(heads[i].severity)];
    }
    if (readers[i].next(heads[i])) queue.push(i);
  }
  close_out(out, merged_);
  readers.clear();
  for (const auto& c : chunks_) std::filesystem::remove(c);
}

void FindingSpill::for_each(const std::function<void(const AuditFinding&)>& fn) const {
  ChunkReader in(merged_);
  AuditFinding af;
  while (in.next(af)) fn(af);
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
