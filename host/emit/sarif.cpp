// SARIF 2.1.0 (OASIS, errata01) for code-scanning dashboards and SARIF
// viewers. What GitHub code scanning and Microsoft's SARIF validator ask for
// beyond the schema (docs/report.md): per rule short and full descriptions and
// help text; per result a physical location whose region is the line of the
// round's record in the export (a viewer jumps to it), partialFingerprints
// under a versioned key, and a suppressions array (empty: not suppressed).
// Logical locations nest org unit paths and rounds: oslo → oslo/bydel-x →
// oslo/bydel-x/helse → the round.
//
// Output is deterministic: no timestamps, no working directory, no host name.
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string_view>

#include <unistd.h>

#include "common/json.hpp"
#include "i18n/i18n.hpp"
#include "emit/batched.hpp"
#include "emit/evidence_json.hpp"
#include "emit/output.hpp"
#include "emit/render.hpp"

namespace fairaudit::emit {
namespace {


constexpr const char* kSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kFingerprintKey = "fairauditFinding/v1";

using common::key;
using common::str;
template <typename Writer>
void text_object(Writer& w, const char* k, const std::string& text) {
  key(w, k);
  w.StartObject();
  key(w, "text");
  str(w, text);
  w.EndObject();
}

// An input path as a URI reference (RFC 3986): relative paths stay relative
// (to where fairaudit ran, as GitHub resolves them against the checkout),
// absolute ones become file:// URIs; anything outside the unreserved and
// path characters is percent-encoded byte by byte (UTF-8).
std::string path_uri(const std::string& path) {
  if (path == "-") return "stdin";
  std::string out = path.size() && path[0] == '/' ? "file://" : "";
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':' || c == '@' ||
        c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' ||
        c == ';' || c == '=') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  // A relative path whose first segment holds a colon would read as a scheme.
  if (out.size() && out[0] != '/' && out.rfind("file://", 0) != 0 && out.find(':') < out.find('/')) out = "./" + out;
  return out;
}

// "attended-interview" -> "AttendedInterview": SARIF's rule `name` is an
// identifier-like label; the id keeps the kebab-case.
std::string pascal(const std::string& id) {
  std::string out;
  bool up = true;
  for (char c : id.substr(id.find('/') + 1)) {
    if (c == '-' || c == '_' || c == '/') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

// The run's logical locations: every org unit path prefix, then the rounds,
// each pointing at its parent.
class LogicalLocations {
 public:
  // The units are few; the rounds are many (hundreds of thousands in a
  // national export), so the entries go to a temporary file as they are
  // numbered, and are read back when the list is written after the results.
  // The findings come sorted by unit and round, so a round is found again as
  // the last one added; one that comes out of that order (a resolved
  // finding's, listed after the others) is looked for in the file by a
  // cursor that moves forward while the lookups do, and, when not there,
  // goes to a small index apart.
  LogicalLocations() : file_(std::tmpfile(), &std::fclose) {
    if (!file_) throw std::runtime_error("cannot make a temporary file for SARIF's logical locations");
  }
  int unit(const std::string& path) {
    if (path.empty()) return -1;
    if (auto it = units_.find(path); it != units_.end()) return it->second;
    const auto slash = path.rfind('/');
    const int parent = slash == std::string::npos || slash == 0 ? -1 : unit(path.substr(0, slash));
    const int i = add(path, parent, false);
    units_.emplace(path, i);
    unit_paths_.emplace(i, path);
    return i;
  }
  int round(const std::string& org_unit, const std::string& round_id) {
    if (last_ < 0 || compare(last_parent_, last_round_, org_unit, round_id) < 0) {
      const int parent = unit(org_unit);
      last_ = add(round_id, parent, true);
      last_parent_ = parent;
      last_round_ = round_id;
      return last_;
    }
    if (compare(last_parent_, last_round_, org_unit, round_id) == 0) return last_;
    const std::string fq = org_unit.empty() ? round_id : org_unit + "/" + round_id;
    if (auto l = late_.find(fq); l != late_.end()) return l->second;
    if (const int found = seek(org_unit, round_id); found >= 0) return found;
    const int parent = unit(org_unit);
    const int i = add(round_id, parent, true);
    late_.emplace(fq, i);
    late_indices_.insert(i);
    return i;
  }
  struct Entry {
    std::string name, fq, kind;
    int parent = -1;
  };
  std::size_t size() const { return std::size_t(count_); }
  // Every entry in the order numbered.
  template <typename Fn>
  void for_each(Fn&& fn) {
    Reader r(*this);
    Record rec;
    while (r.next(rec)) {
      if (rec.round) {
        const std::string_view u = unit_text(rec.parent);
        fn(Entry{rec.text, u.empty() ? rec.text : std::string(u) + "/" + rec.text, "object", rec.parent});
      } else {
        const auto slash = rec.text.rfind('/');
        fn(Entry{slash == std::string::npos ? rec.text : rec.text.substr(slash + 1), rec.text, "namespace",
                 rec.parent});
      }
    }
  }

 private:
  // An entry in the file: a byte saying whether it is a round, its parent's
  // index, its text's size (4 bytes each) and its text (a round's id, a
  // unit's path).
  struct Record {
    bool round = false;
    int parent = -1;
    std::string text;
    int index = -1;
  };
  class Reader {
   public:
    explicit Reader(LogicalLocations& l) : l_(l) { l_.flush(); }
    bool next(Record& r) {
      if (index_ >= l_.count_) return false;
      char head[9];
      read(head, sizeof head);
      std::uint32_t size = 0;
      r.round = head[0] != 0;
      std::memcpy(&r.parent, head + 1, 4);
      std::memcpy(&size, head + 5, 4);
      r.text.resize(size);
      read(r.text.data(), size);
      r.index = index_++;
      return true;
    }

   private:
    void read(char* to, std::size_t n) {
      while (n > 0) {
        if (at_ == buffer_.size()) {
          l_.flush();  // entries added since
          buffer_.resize(64 * 1024);
          const ssize_t got = ::pread(::fileno(l_.file_.get()), buffer_.data(), buffer_.size(), off_t(offset_));
          if (got <= 0) throw std::runtime_error("cannot read back SARIF's logical locations from a temporary file");
          buffer_.resize(std::size_t(got));
          offset_ += std::uint64_t(got);
          at_ = 0;
        }
        const std::size_t k = std::min(n, buffer_.size() - at_);
        std::memcpy(to, buffer_.data() + at_, k);
        at_ += k;
        to += k;
        n -= k;
      }
    }
    LogicalLocations& l_;
    std::string buffer_;
    std::size_t at_ = 0;
    std::uint64_t offset_ = 0;
    int index_ = 0;
  };

  std::string_view unit_text(int i) const {
    if (i < 0) return {};
    auto it = unit_paths_.find(i);
    return it == unit_paths_.end() ? std::string_view() : std::string_view(it->second);
  }
  // (a round of unit entry `parent`, id `round`) against (org_unit, round_id),
  // in the order the findings come: by unit, then round.
  int compare(int parent, std::string_view round, std::string_view org_unit, std::string_view round_id) const {
    if (int c = unit_text(parent).compare(org_unit)) return c;
    return round.compare(round_id);
  }
  // The entry of a round numbered in order, -1 when it has none. The cursor
  // starts over when asked for one before it.
  int seek(const std::string& org_unit, const std::string& round_id) {
    if (!cursor_ || (cursor_rec_.index >= 0 && compare(cursor_rec_.parent, cursor_rec_.text, org_unit, round_id) > 0)) {
      cursor_ = std::make_unique<Reader>(*this);
      cursor_rec_ = Record{};
    }
    for (;;) {
      if (cursor_rec_.index >= 0 && cursor_rec_.round && !late_index(cursor_rec_.index)) {
        const int c = compare(cursor_rec_.parent, cursor_rec_.text, org_unit, round_id);
        if (c == 0) return cursor_rec_.index;
        if (c > 0) return -1;
      }
      if (!cursor_->next(cursor_rec_)) {
        cursor_.reset();  // at the end: the next lookup starts over (entries may be added meanwhile)
        return -1;
      }
    }
  }
  bool late_index(int i) const { return late_indices_.count(i) != 0; }
  int add(std::string_view text, int parent, bool round) {
    if (text.size() > 0x7fffffffu) throw std::length_error("a logical location's name is too long");
    char head[9];
    head[0] = round ? 1 : 0;
    const auto size = std::uint32_t(text.size());
    std::memcpy(head + 1, &parent, 4);
    std::memcpy(head + 5, &size, 4);
    if (std::fwrite(head, 1, sizeof head, file_.get()) != sizeof head ||
        std::fwrite(text.data(), 1, text.size(), file_.get()) != text.size())
      throw std::runtime_error("cannot write SARIF's logical locations to a temporary file (disk full?)");
    return count_++;
  }
  void flush() {
    if (std::fflush(file_.get()) != 0)
      throw std::runtime_error("cannot write SARIF's logical locations to a temporary file (disk full?)");
  }

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  int count_ = 0;
  std::map<std::string, int> units_, late_;
  std::map<int, std::string> unit_paths_;
  std::set<int> late_indices_;
  int last_ = -1, last_parent_ = -1;  // the last round numbered in order
  std::string last_round_;
  std::unique_ptr<Reader> cursor_;
  Record cursor_rec_;
};

struct Artifacts {
  std::map<std::string, int> index;  // path -> artifacts[] index
  std::map<std::string, std::uint64_t> lines;
  std::map<std::string, std::string> uris;  // path -> path_uri(path), made once, not per result
  int of(const std::string& path) const {
    auto it = index.find(path);
    return it == index.end() ? -1 : it->second;
  }
  template <typename Writer>
  void uri(Writer& w, const std::string& path) const {
    if (auto it = uris.find(path); it != uris.end()) str(w, it->second);
    else str(w, path_uri(path));  // a file this run did not read (a resolved finding of an earlier night)
  }
};

// A finding's logical location in the run's list, numbered in the order of
// use: the index of its round (round findings) or its org unit, -1 for
// none. Called for every result in order, before it is encoded.
int logical_index(const Finding& f, LogicalLocations& logical) {
  if (f.scope == Scope::round && !f.round_id.empty()) return logical.round(f.org_unit, f.round_id);
  if (!f.org_unit.empty()) return logical.unit(f.org_unit);
  return -1;
}

// The entry logical_index() gave a finding, from the finding alone (as
// LogicalLocations::entry() has it), so that a worker encoding the result
// needs nothing of the list, which grows as later findings are numbered.
LogicalLocations::Entry logical_entry(const Finding& f) {
  if (f.scope == Scope::round && !f.round_id.empty())
    return {f.round_id, f.org_unit.empty() ? f.round_id : f.org_unit + "/" + f.round_id, "object", -1};
  const auto slash = f.org_unit.rfind('/');
  return {slash == std::string::npos ? f.org_unit : f.org_unit.substr(slash + 1), f.org_unit, "namespace", -1};
}

template <typename Writer>
void location(Writer& w, const run::AuditFinding& af, const Artifacts& arts, const std::string& fallback_file,
              int logical_index) {
  const Finding& f = af.finding;
  const std::string& file = af.source.file.empty() ? fallback_file : af.source.file;
  if (file.empty() && logical_index < 0) return;

  w.StartObject();
  if (!file.empty()) {
    key(w, "physicalLocation");
    w.StartObject();
    key(w, "artifactLocation");
    w.StartObject();
    key(w, "uri"); arts.uri(w, file);
    if (int i = arts.of(file); i >= 0) { key(w, "index"); w.Int(i); }
    w.EndObject();
    // The round's record is one line; a unit or run finding (pooled over
    // rounds) is about the whole export, from its first line to its last.
    std::uint64_t start = af.source.line, end = std::max(af.source.line, af.end_line);
    if (start == 0) {
      auto it = arts.lines.find(file);
      if (it != arts.lines.end() && it->second > 0) start = 1, end = it->second;
      // A file this run did not read (a resolved finding of an earlier
      // night): its first line, as code scanning needs a region (GH1003).
      else start = end = 1;
    }
    if (start > 0) {
      key(w, "region");
      w.StartObject();
      key(w, "startLine"); w.Uint64(start);
      key(w, "endLine"); w.Uint64(end);
      w.EndObject();
    }
    w.EndObject();
  }
  if (logical_index >= 0) {
    const auto e = logical_entry(f);
    key(w, "logicalLocations");
    w.StartArray();
    w.StartObject();
    key(w, "index"); w.Int(logical_index);
    key(w, "name"); str(w, e.name);
    key(w, "fullyQualifiedName"); str(w, e.fq);
    key(w, "kind"); str(w, e.kind);
    w.EndObject();
    w.EndArray();
  }
  w.EndObject();
}

// The SARIF suppression status of a review state; nullptr: no suppression.
const char* suppression_status(common::ReviewState s) {
  switch (s) {
    case common::ReviewState::suppressed: return "accepted";
    case common::ReviewState::disputed: return "underReview";
    default: return nullptr;
  }
}

// A rule's entry in the shipped rule index (docs/rules.md): a file URI with
// the rule id as fragment (RFC 3986 allows '/' there).
std::string help_uri(const std::string& docs_dir, const std::string& id) {
  if (docs_dir.empty() || docs_dir.front() != '/') return {};  // helpUri is an absolute URI
  return path_uri(docs_dir + "/rules.md") + "#" + id;
}

template <typename Writer>
void result(Writer& w, const run::AuditFinding& af, const RenderContext& ctx, const std::map<std::string, int>& rule_index,
            const Artifacts& arts, const std::string& fallback_file, int logical_index,
            common::BaselineState baseline) {
  const Disclosure d = ctx.disclosure.for_finding(af);  // with the counts hidden across findings
  const Finding& f = af.finding;
  w.StartObject();
  key(w, "ruleId"); str(w, f.rule);
  if (auto it = rule_index.find(f.rule); it != rule_index.end()) { key(w, "ruleIndex"); w.Int(it->second); }
  if (baseline == common::BaselineState::absent) {
    // No longer found: the rule now holds where it was breached (SARIF
    // 3.27.9; a kind other than "fail" has level "none", 3.27.10).
    key(w, "kind"); str(w, "pass");
    key(w, "level"); str(w, "none");
  } else {
    key(w, "level"); str(w, to_string(af.severity));  // SARIF's levels are our severities' words
  }
  text_object(w, "message", fill(f.message, f.evidence, d));
  key(w, "locations");
  w.StartArray();
  location(w, af, arts, fallback_file, logical_index);
  w.EndArray();
  key(w, "partialFingerprints");
  w.StartObject();
  key(w, kFingerprintKey); str(w, af.fingerprint);
  w.EndObject();
  if (baseline != common::BaselineState::none) { key(w, "baselineState"); str(w, to_string(baseline)); }
  // Reviews from the store: a suppressed finding is still reported, with a
  // suppression the reviewers accepted; a disputed one with a suppression
  // under review (SARIF 3.35.3); both with the reviewer's justification.
  // The other review states are properties.
  key(w, "suppressions");
  w.StartArray();
  if (const char* status = suppression_status(af.review_state)) {
    w.StartObject();
    key(w, "kind"); str(w, "external");
    key(w, "status"); str(w, status);
    key(w, "justification"); str(w, af.review_justification);
    w.EndObject();
  }
  w.EndArray();
  key(w, "properties");
  w.StartObject();
  key(w, "plugin"); str(w, af.plugin);
  key(w, "scope"); str(w, to_string(f.scope));
  if (!f.org_unit.empty()) { key(w, "orgUnit"); str(w, f.org_unit); }
  if (!f.round_id.empty()) { key(w, "roundId"); str(w, f.round_id); }
  if (!f.key.empty()) { key(w, "key"); str(w, f.key); }
  key(w, "basis"); str(w, af.basis);
  key(w, "evidence"); write_evidence(w, f.evidence, d);
  write_applicants(w, f, d);
  write_review(w, af.review_state, af.review_justification);
  w.EndObject();
  w.EndObject();
}

std::string help_markdown(const RuleInfo& info) {
  std::string md = "**" + info.summary + "**\n\n" + info.rationale + "\n\n**Legal basis:** " + info.basis;
  if (!info.local_term.empty()) md += "\n\n**Term:** " + info.local_term;
  return md;
}

// SARIF's results are most of its bytes (2.3 KB a finding): they are
// encoded on worker threads (emit/batched.hpp). A result depends on its
// finding alone but for the index of its logical location, which the list
// numbers in order of first use: that index is taken in order, as each
// finding is added, before its batch goes to a worker.
struct ResultSlot {
  run::AuditFinding af;  // assigned into the strings of an earlier finding: few allocations
  common::BaselineState baseline = common::BaselineState::none;
  int logical = -1;
};
using ResultWriter = rapidjson::PrettyWriter<JsonText>;

// The document, written through any RapidJSON pretty writer: into memory
// (render_sarif) or straight into the output file (render_sarif_to).
template <typename Writer>
void write_sarif(Writer& w, const run::RunResult& r, const RenderContext& ctx) {
  const Disclosure& d = ctx.disclosure;
  w.SetIndent(' ', 2);
  w.StartObject();
  key(w, "$schema"); str(w, kSchema);
  key(w, "version"); str(w, "2.1.0");
  key(w, "runs");
  w.StartArray();
  w.StartObject();

  // tool: the host as driver with every enabled rule, the plugins as extensions.
  std::map<std::string, int> rule_index;
  key(w, "tool");
  w.StartObject();
  key(w, "driver");
  w.StartObject();
  key(w, "name"); str(w, "fairaudit");
  key(w, "version"); str(w, ctx.run.tool_version);
  key(w, "semanticVersion"); str(w, ctx.run.tool_version);
  key(w, "rules");
  w.StartArray();
  for (const auto& [id, info] : ctx.rules) {
    rule_index[id] = static_cast<int>(rule_index.size());
    w.StartObject();
    key(w, "id"); str(w, id);
    key(w, "name"); str(w, pascal(id));
    text_object(w, "shortDescription", info.summary);
    text_object(w, "fullDescription", info.rationale.empty() ? info.summary : info.rationale);
    key(w, "help");
    w.StartObject();
    key(w, "text");
    str(w, info.summary + "\n\n" + info.rationale + "\n\nLegal basis: " + info.basis);
    key(w, "markdown"); str(w, help_markdown(info));
    w.EndObject();
    if (const std::string uri = help_uri(ctx.docs_dir, id); !uri.empty()) { key(w, "helpUri"); str(w, uri); }
    key(w, "defaultConfiguration");
    w.StartObject();
    key(w, "level"); str(w, to_string(info.default_severity));
    w.EndObject();
    key(w, "properties");
    w.StartObject();
    key(w, "basis"); str(w, info.basis);
    if (!info.local_term.empty()) { key(w, "localTerm"); str(w, info.local_term); }
    key(w, "scope"); str(w, to_string(info.scope));
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  if (!ctx.run.plugins.empty()) {
    key(w, "extensions");
    w.StartArray();
    for (const auto& p : ctx.run.plugins) common::name_version(w, p.name, p.version);
    w.EndArray();
  }
  w.EndObject();

  // GitHub reads automationDetails.id as category/run-id: one category per
  // policy, so runs of different policies do not close each other's alerts.
  key(w, "automationDetails");
  w.StartObject();
  key(w, "id"); str(w, "fairaudit/" + ctx.run.policy_name + "/" + ctx.run.id_text());
  w.EndObject();

  Artifacts arts;
  key(w, "artifacts");
  w.StartArray();
  for (const auto& in : r.inputs) {
    arts.index[in.path] = static_cast<int>(arts.index.size());
    arts.lines[in.path] = in.lines;
    const std::string& uri = arts.uris[in.path] = path_uri(in.path);
    w.StartObject();
    key(w, "location");
    w.StartObject();
    key(w, "uri"); str(w, uri);
    w.EndObject();
    if (in.path == "-") text_object(w, "description", "standard input");
    key(w, "length"); w.Uint64(in.bytes);
    key(w, "roles");
    w.StartArray();
    str(w, "analysisTarget");
    w.EndArray();
    key(w, "hashes");
    w.StartObject();
    key(w, "sha-256"); str(w, in.sha256);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  // Unit and run findings have no line of their own: they point at the export.
  const std::string fallback_file = r.inputs.empty() ? std::string() : r.inputs.front().path;

  key(w, "invocations");
  w.StartArray();
  w.StartObject();
  key(w, "executionSuccessful"); w.Bool(r.counts.plugin_failures == 0);
  key(w, "exitCode"); w.Int(ctx.run.exit_code);
  key(w, "toolExecutionNotifications");
  w.StartArray();
  for (const auto& e : r.rejected) {
    w.StartObject();
    key(w, "level"); str(w, "error");
    text_object(w, "message", "Rejected line (" + e.kind + ")" + (e.path.empty() ? "" : " at " + e.path) + ": " +
                                  e.message + ".");
    key(w, "locations");
    w.StartArray();
    w.StartObject();
    key(w, "physicalLocation");
    w.StartObject();
    key(w, "artifactLocation");
    w.StartObject();
    key(w, "uri"); arts.uri(w, e.file);
    if (int i = arts.of(e.file); i >= 0) { key(w, "index"); w.Int(i); }
    w.EndObject();
    if (e.line > 0) {
      key(w, "region");
      w.StartObject();
      key(w, "startLine"); w.Uint64(e.line);
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();

  LogicalLocations logical;
  key(w, "results");
  w.StartArray();
  {
    BatchedArray<Writer, ResultWriter, ResultSlot> results(
        w,
        [](ResultWriter& p) {  // the results array's depth and indentation in the document
          p.SetIndent(' ', 2);
          p.StartObject();
          key(p, "runs");
          p.StartArray();
          p.StartObject();
          key(p, "results");
          p.StartArray();
        },
        [&](ResultWriter& p, const ResultSlot& s) {
          result(p, s.af, ctx, rule_index, arts, fallback_file, s.logical, s.baseline);
        });
    const auto add = [&](const run::AuditFinding& af, common::BaselineState baseline) {
      results.add([&](ResultSlot& s) {
        s.af = af;
        s.baseline = baseline;
        s.logical = logical_index(af.finding, logical);
      });
    };
    run::for_each_finding(r, [&](const run::AuditFinding& af) { add(af, af.baseline); });
    if (ctx.baseline && ctx.include_resolved)
      run::for_each_absent(*ctx.baseline, [&](const run::AuditFinding& af) { add(af, common::BaselineState::absent); });
    results.finish();
  }
  w.EndArray();

  key(w, "logicalLocations");
  w.StartArray();
  logical.for_each([&](const LogicalLocations::Entry& e) {
    w.StartObject();
    key(w, "name"); str(w, e.name);
    key(w, "fullyQualifiedName"); str(w, e.fq);
    key(w, "kind"); str(w, e.kind);
    if (e.parent >= 0) { key(w, "parentIndex"); w.Int(e.parent); }
    w.EndObject();
  });
  w.EndArray();

  key(w, "properties");
  w.StartObject();
  key(w, "policy");
  w.StartObject();
  key(w, "name"); str(w, ctx.run.policy_name);
  key(w, "version"); str(w, ctx.run.policy_version);
  key(w, "sha256"); str(w, ctx.run.policy_sha256);
  w.EndObject();
  key(w, "audience"); str(w, to_string(d.audience()));
  key(w, "minCell"); w.Int(d.min_cell());
  key(w, "counts");
  w.StartObject();
  // The same tally as every other format's summary (run::tally_findings);
  // for findings read back from disk it was counted while they were written.
  const run::FindingTally tally = run::tally_findings(r);
  key(w, "findings"); w.Uint64(tally.findings());
  key(w, "error"); w.Uint64(tally.by_severity[int(Severity::error)]);
  key(w, "warning"); w.Uint64(tally.by_severity[int(Severity::warning)]);
  key(w, "note"); w.Uint64(tally.by_severity[int(Severity::note)]);
  key(w, "suppressed"); w.Uint64(tally.suppressed);
  key(w, "rounds"); w.Uint64(r.counts.rounds);
  key(w, "applications");
  if (d.small(static_cast<std::int64_t>(r.counts.applications))) str(w, d.small_text());
  else if (d.run_applications_withheld(r.counts.applications)) w.Null();
  else w.Uint64(r.counts.applications);
  key(w, "units"); w.Uint64(r.counts.units);
  key(w, "rejectedLines"); w.Uint64(r.counts.rejected);
  key(w, "pluginFailures"); w.Uint64(r.counts.plugin_failures);
  w.EndObject();
  if (ctx.baseline) {
    key(w, "baseline");
    w.StartObject();
    key(w, "previousRun"); str(w, ctx.baseline->previous_text());
    key(w, "new"); w.Uint64(ctx.baseline->new_findings);
    key(w, "unchanged"); w.Uint64(ctx.baseline->unchanged);
    key(w, "resolved"); w.Uint64(ctx.baseline->resolved);
    key(w, "suppressed"); w.Uint64(ctx.baseline->suppressed);
    w.EndObject();
  }
  w.EndObject();

  w.EndObject();
  w.EndArray();
  w.EndObject();
}

}  // namespace

// SARIF is for code-scanning tools: English and ISO, as JSON (i18n).
std::string render_sarif(const run::RunResult& r, const RenderContext& ctx) {
  i18n::Scoped english(i18n::Language::en);
  return common::json_document<rapidjson::PrettyWriter<rapidjson::StringBuffer>>(
      [&](auto& w) { write_sarif(w, r, ctx); });
}

void render_sarif_to(const run::RunResult& r, const RenderContext& ctx, AtomicOutput& out) {
  i18n::Scoped english(i18n::Language::en);
  OutputStream os(out);
  common::json_document_to<rapidjson::PrettyWriter<OutputStream>>(os, [&](auto& w) { write_sarif(w, r, ctx); });
}

}  // namespace fairaudit::emit
