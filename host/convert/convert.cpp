#include "convert/convert.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

#include "convert/bytes.hpp"
#include "convert/flat.hpp"
#include "fairaudit/model.hpp"
#include "common/printable.hpp"
#include "ingest/pii.hpp"
#include "ingest/sniff.hpp"

namespace fairaudit::convert {
namespace {

using ingest::FieldClass;

constexpr std::size_t kMaxDistinctUnknown = 200;  // per mapping key; the rest are counted together
constexpr std::size_t kOutputChunk = 1u << 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::string where(const std::string& file, std::uint64_t line) { return file + ":" + std::to_string(line); }

// A column name as the report shows it (names of the header passed the
// identifier guard when the header was read; control characters are escaped).
std::string quoted(const std::string& s) { return "\"" + common::escape_controls_line(s) + "\""; }

// A cell outside a vocabulary is never shown (it may be a name typed into the
// wrong column): the report names its length, the column and the first row,
// which is where to look.
std::string describe_cell(std::string_view raw) {
  std::size_t chars = 0;
  for (char c : raw) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return "a value of " + std::to_string(chars) + (chars == 1 ? " character" : " characters") + " (not shown)";
}

std::string column_label(const FieldSpec& f) {
  if (f.constant) return "(a constant)";
  std::string out;
  for (const auto& c : f.columns) out += (out.empty() ? "" : " + ") + quoted(c);
  return "column " + out;
}

// What the PII guard should expect in a mapped cell (ingest/pii.hpp): words of
// an ATS's vocabulary have spaces, so only identifiers are looked for there;
// values copied into code fields must look like codes.
FieldClass guard_class(const FieldSpec& f) {
  if (f.has_values) return FieldClass::any;
  switch (f.type) {
    case ValueType::code: return FieldClass::code;
    case ValueType::org_unit: return f.slug ? FieldClass::any : FieldClass::org_unit;
    case ValueType::date: return FieldClass::date;
    default: return FieldClass::any;
  }
}

void put_varint(std::string& out, std::uint64_t v) {
  do {
    unsigned char b = v & 0x7F;
    v >>= 7;
    out.push_back(char(b | (v ? 0x80 : 0)));
  } while (v);
}

std::uint64_t get_varint(std::string_view s, std::size_t& pos) {
  std::uint64_t v = 0;
  for (int shift = 0; pos < s.size() && shift < 64; shift += 7) {
    unsigned char c = static_cast<unsigned char>(s[pos++]);
    v |= std::uint64_t(c & 0x7F) << shift;
    if (!(c & 0x80)) break;
  }
  return v;
}

// ---------------------------------------------------------------- tallies

class Tally {
 public:
  explicit Tally(bool strict) : strict_(strict) {}

  void unknown_value(const FieldSpec& f, std::string_view raw, const std::string& at) {
    // --strict: a word the mapping does not know is a row it cannot read
    // whole (a status left out changes what the rules see). The value is
    // named only as the conversion report would name it.
    if (strict_)
      throw common::StrictError(at + ": " + f.key + " (" + column_label(f) + "): " + describe_cell(raw) +
                                " is not in the mapping's vocabulary; add it to the field's \"values\"");
    auto key = std::make_pair(f.key, std::string(raw));
    auto it = unknown_index_.find(key);
    if (it == unknown_index_.end()) {
      std::size_t& distinct = distinct_[f.key];
      if (distinct >= kMaxDistinctUnknown) {
        key.second = "\x01more";
        it = unknown_index_.find(key);
        if (it == unknown_index_.end()) {
          UnknownValue u{f.key, column_label(f), "(more distinct values than are listed)", true, 0, at, true};
          it = unknown_index_.emplace(key, unknown_.size()).first;
          unknown_.push_back(std::move(u));
        }
      } else {
        ++distinct;
        // The value itself is kept for telling distinct values apart, never
        // shown (describe_cell).
        UnknownValue u{f.key, column_label(f), std::string(raw), true, 0, at};
        it = unknown_index_.emplace(key, unknown_.size()).first;
        unknown_.push_back(std::move(u));
      }
    }
    ++unknown_[it->second].count;
  }

  void issue(const std::string& key, const std::string& column, const std::string& what, const std::string& at,
             std::uint64_t n = 1, const char* unit = "row") {
    auto k = std::make_pair(key, what);
    auto it = issue_index_.find(k);
    if (it == issue_index_.end()) {
      it = issue_index_.emplace(k, issues_.size()).first;
      issues_.push_back(Issue{key, column, what, 0, at, unit});
    }
    issues_[it->second].count += n;
  }
  void issue(const FieldSpec& f, const std::string& what, const std::string& at, const char* unit = "row") {
    issue(f.key, column_label(f), what, at, 1, unit);
  }

  std::vector<UnknownValue> take_unknown() { return std::move(unknown_); }
  std::vector<Issue> take_issues() { return std::move(issues_); }

 private:
  std::map<std::pair<std::string, std::string>, std::size_t> unknown_index_, issue_index_;
  std::map<std::string, std::size_t> distinct_;
  std::vector<UnknownValue> unknown_;
  std::vector<Issue> issues_;
  bool strict_ = false;
};

// ---------------------------------------------------------------- rows

class RowMapper {
 public:
  RowMapper(const Mapping& m, Tally& t) : m_(m), t_(t), slots_(m.slot_count), plan_(m.fields.size()) {}

  // Binds the mapping's columns to the input's. `complete`: the column list
  // is the CSV header (a mapped column missing from it is an error); JSON
  // inputs call this again whenever new keys have appeared.
  void bind(const std::vector<std::string>& columns, const std::string& file, bool complete) {
    // Column names reach the report: a header cell holding an identifier is
    // a data row taken for the header (or a header that names someone).
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (auto hit = ingest::scan(columns[i], FieldClass::any))
        throw common::InputError(file + ": column name " + std::to_string(i + 1) +
                                 " holds what looks like a direct identifier (" + ingest::to_string(*hit) +
                                 "); it is withheld. Is the header row missing? The first row must name the columns");
    if (complete) {
      std::map<std::string, int> count;
      for (const auto& c : columns) ++count[c];
      for (const auto& f : m_.fields)
        for (const auto& c : f.columns) {
          if (count[c] > 1)
            throw MappingError(m_.file, f.key,
                               "reads column " + quoted(c) + ", which appears " + std::to_string(count[c]) +
                                   " times in the header of " + file + "; rename one of them in the export");
          if (count[c] == 0 && !f.optional) {
            std::string have;
            for (const auto& h : columns) have += (have.empty() ? "" : ", ") + quoted(h);
            throw MappingError(m_.file, f.key,
                               "reads column " + quoted(c) + ", which is not in the header of " + file +
                                   " (its columns: " + have +
                                   "). Correct the name, or mark the field \"optional\": true");
          }
        }
    }
    std::unordered_map<std::string_view, int> index;
    for (std::size_t i = 0; i < columns.size(); ++i) index.emplace(columns[i], int(i));
    for (std::size_t fi = 0; fi < m_.fields.size(); ++fi) {
      const auto& f = m_.fields[fi];
      plan_[fi].assign(f.columns.size(), -1);
      for (std::size_t k = 0; k < f.columns.size(); ++k)
        if (auto it = index.find(f.columns[k]); it != index.end()) plan_[fi][k] = it->second;
    }
    bound_ = columns.size();
  }
  std::size_t bound() const { return bound_; }

  // Maps one row into slots; false (with `why`) when the row is rejected.
  bool map(const FlatRow& row, const std::string& at, std::string& why) {
    for (auto& s : slots_) s.clear();
    for (std::size_t fi = 0; fi < m_.fields.size(); ++fi) {
      const FieldSpec& f = m_.fields[fi];
      std::string& out = slots_[f.slot];
      if (f.constant) {
        out = *f.constant;
        continue;
      }
      raw_.clear();
      bool free_text = false;
      for (int c : plan_[fi]) {
        if (c < 0 || std::size_t(c) >= row.cells.size()) continue;
        if (row.nested[c]) {
          why = "column " + quoted(m_columns(fi, c)) + " holds an object or array; a flat export has one value per column";
          return false;
        }
        std::string_view cell = trim(row.cells[c]);
        if (cell.empty()) continue;
        if (!valid_utf8(cell)) {
          why = "column " + quoted(m_columns(fi, c)) +
                " is not UTF-8 text (an export saved as Excel's plain \"CSV\" needs \"input\": {\"encoding\": "
                "\"windows-1252\"} in the mapping)";
          return false;
        }
        if (auto hit = ingest::scan(cell, guard_class(f))) {
          if (*hit == ingest::PiiKind::free_text) {
            free_text = true;
            continue;
          }
          why = "column " + quoted(m_columns(fi, c)) + " holds what looks like a direct identifier (" +
                ingest::to_string(*hit) + "); the value is withheld and the row left out. An export for fairaudit "
                "must not contain it";
          return false;
        }
        if (f.slug) {
          std::string s = slugify(cell);
          if (s.empty()) continue;
          if (!raw_.empty()) raw_ += '/';
          raw_ += s;
        } else {
          if (!raw_.empty()) raw_ += f.join;
          raw_.append(cell);
        }
      }
      if (free_text) {
        t_.issue(f, "free text where a code belongs (withheld; map the column's values to codes, or drop it)", at);
        continue;
      }
      if (raw_.empty()) {
        if (f.default_value) out = *f.default_value;
        continue;
      }
      if (f.has_values) {
        auto it = f.values.find(f.ignore_case ? fold_case(raw_) : raw_);
        if (it == f.values.end()) t_.unknown_value(f, raw_, at);
        else if (it->second) out = *it->second;
        continue;
      }
      convert_value(f, at, out);
    }
    if (slots_[slot::round_id].empty()) {
      why = required_message(slot::round_id, "round id");
      return false;
    }
    if (slots_[slot::applicant_id].empty()) {
      why = required_message(slot::applicant_id, "applicant id");
      return false;
    }
    return true;
  }

  const std::vector<std::string>& slots() const { return slots_; }

  // JSON inputs: mapped columns that never appeared (a CSV header is checked by bind).
  void report_missing(const std::vector<std::string>& columns, const std::string& file) {
    std::set<std::string> have(columns.begin(), columns.end());
    for (const auto& f : m_.fields)
      for (const auto& c : f.columns)
        if (!have.count(c) && !f.optional)
          t_.issue(f.key, "column " + quoted(c), "the column never appears in " + file, file, 0);
  }

 private:
  std::string m_columns(std::size_t fi, int c) const {
    for (std::size_t k = 0; k < plan_[fi].size(); ++k)
      if (plan_[fi][k] == c) return m_.fields[fi].columns[k];
    return "?";
  }

  std::string required_message(std::uint16_t s, const char* what) const {
    const FieldSpec* f = m_.field(s);
    return (f ? column_label(*f) : std::string("the mapping")) + " gives no " + what +
           " (empty, or not a code); every row needs one";
  }

  void convert_value(const FieldSpec& f, const std::string& at, std::string& out) {
    switch (f.type) {
      case ValueType::code:
        out = raw_;
        return;
      case ValueType::org_unit: {
        std::string path = f.prefix.empty() ? raw_ : f.prefix + "/" + raw_;
        if (path.front() == '/' || path.back() == '/' || path.find("//") != std::string::npos) {
          t_.issue(f, "not a '/'-separated org-unit path (map the names with \"values\" or \"slug\": true)", at);
          return;
        }
        out = std::move(path);
        return;
      }
      case ValueType::word:
        if (std::find(f.vocabulary.begin(), f.vocabulary.end(), raw_) == f.vocabulary.end())
          t_.unknown_value(f, raw_, at);
        else out = raw_;
        return;
      case ValueType::boolean: {
        std::string v = fold_case(raw_);
        if (v == "true" || v == "false") out = v;
        else t_.unknown_value(f, raw_, at);
        return;
      }
      case ValueType::integer: {
        bool digits = raw_.size() <= 9 && std::all_of(raw_.begin(), raw_.end(), [](char c) { return c >= '0' && c <= '9'; });
        long v = digits ? std::stol(raw_) : -1;
        long lo = f.slot == slot::rank ? 1 : 0, hi = f.slot == slot::rank ? 1'000'000 : 100'000;
        if (!digits || v < lo || v > hi) {
          t_.issue(f, "not a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), at);
          return;
        }
        out = std::to_string(v);
        return;
      }
      case ValueType::date:
        if (auto d = parse_date(raw_, f.formats)) {
          out = std::move(*d);
        } else {
          std::string fmts;
          for (const auto& x : f.formats) fmts += (fmts.empty() ? "" : ", ") + x.pattern;
          t_.issue(f, "not a date in the formats " + fmts, at);
        }
        return;
    }
  }

  const Mapping& m_;
  Tally& t_;
  std::vector<std::string> slots_;
  std::vector<std::vector<int>> plan_;
  std::size_t bound_ = 0;
  std::string raw_;
};

// A mapped row on its way through the sorter: the input and line it came
// from, then (slot, value) pairs for the slots that have a value. The round
// id is the sort key and is not repeated here.
void encode_row(std::string& rec, std::uint32_t file, std::uint64_t line, const std::vector<std::string>& slots) {
  rec.clear();
  put_varint(rec, file);
  put_varint(rec, line);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (i == slot::round_id || slots[i].empty()) continue;
    put_varint(rec, i);
    put_varint(rec, slots[i].size());
    rec += slots[i];
  }
}

struct DecodedRow {
  std::uint32_t file = 0;
  std::uint64_t line = 0;
  std::vector<std::string_view> slots;
};

void decode_row(std::string_view rec, std::size_t slot_count, DecodedRow& out) {
  std::size_t pos = 0;
  out.file = std::uint32_t(get_varint(rec, pos));
  out.line = get_varint(rec, pos);
  out.slots.assign(slot_count, std::string_view());
  while (pos < rec.size()) {
    std::size_t s = get_varint(rec, pos);
    std::size_t n = get_varint(rec, pos);
    if (s < slot_count && pos + n <= rec.size()) out.slots[s] = rec.substr(pos, n);
    pos += n;
  }
}

// ---------------------------------------------------------------- rounds

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void put(Writer& w, std::string_view s) { w.String(s.data(), rapidjson::SizeType(s.size())); }
void key(Writer& w, const char* k) { w.Key(k); }
// A field the export may leave out: written only when it has a value.
void put_if(Writer& w, const char* k, std::string_view s) {
  if (s.empty()) return;
  key(w, k);
  put(w, s);
}

struct Event {
  int type;
  std::string_view at, reason;
};

struct Application {
  std::string_view id;
  std::vector<std::string_view> values;  // indexed by slot - kFirstApplicantSlot
  std::vector<Event> events;
  std::vector<std::string_view> interviews;
};

class Assembler {
 public:
  Assembler(const Mapping& m, const ConvertOptions& o, const std::vector<std::string>& files, Tally& t,
            ConvertReport& r, std::function<void(std::string_view)> write)
      : m_(m), o_(o), files_(files), t_(t), r_(r), write_(std::move(write)) {
    // The fields this ATS records: those the mapping reads.
    reason_mapped_ = m_.field(slot::decision_reason) != nullptr;
    interviews_mapped_ = m_.field(slot::interview_at) != nullptr;
    rep_mapped_ = m_.field(slot::rep_appointed) || m_.field(slot::rep_role);
    for (int t = 0; t < 7; ++t) rep_mapped_ = rep_mapped_ || m_.field(std::uint16_t(slot::rep_event_at + t));
  }

  void add(std::string_view round_id, std::string_view record) {
    if (round_id != current_) {
      flush_round();
      current_.assign(round_id);
    }
    if (records_.size() >= o_.max_rows_per_round) {
      ++overflow_;
      return;
    }
    records_.emplace_back(record);
  }

  void finish() {
    flush_round();
    if (!out_.empty()) write_(out_);
    out_.clear();
  }

 private:
  std::string at(const DecodedRow& r) const { return where(files_[r.file], r.line); }

  void reject(const DecodedRow& first, std::size_t rows, const std::string& why) {
    ++r_.rounds_rejected;
    r_.rows_in_rejected_rounds += rows;
    std::string msg = "the round of " + std::to_string(rows) + " row" + (rows == 1 ? "" : "s") +
                      " starting here is left out: " + why;
    if (o_.strict) throw common::StrictError(at(first) + ": " + msg);
    if (r_.rejected.size() < ConvertReport::kMaxListed)
      r_.rejected.push_back(Rejected{at(first), msg, files_[first.file], first.line, "schema"});
    else ++r_.rejected_not_listed;
  }

  // First non-empty value wins; a different later value is reported once per round or application.
  void merge(std::string_view& into, std::string_view v, bool& conflict) {
    if (v.empty()) return;
    if (into.empty()) into = v;
    else if (into != v) conflict = true;
  }

  void flush_round() {
    if (records_.empty()) return;
    const std::size_t n_slots = m_.slot_count;
    rows_.resize(records_.size());
    for (std::size_t i = 0; i < records_.size(); ++i) decode_row(records_[i], n_slots, rows_[i]);
    rows_.resize(records_.size());
    const DecodedRow& first = rows_.front();
    if (overflow_) {
      reject(first, records_.size() + overflow_,
             "it has more than " + std::to_string(o_.max_rows_per_round) + " rows (is the round id column right?)");
      clear();
      return;
    }

    // Round-level values.
    std::vector<std::string_view> round(n_slots);
    std::vector<bool> round_conflict(n_slots, false);
    for (const auto& row : rows_)
      for (std::size_t s = 0; s < n_slots; ++s) {
        if (s >= kFirstApplicantSlot && s < slot::documents_begin) continue;
        bool c = false;
        std::string_view cur = round[s];
        merge(cur, row.slots[s], c);
        round[s] = cur;
        if (c) round_conflict[s] = true;
      }
    for (std::size_t s = 0; s < n_slots; ++s)
      if (round_conflict[s])
        if (const FieldSpec* f = m_.field(std::uint16_t(s)))
          t_.issue(*f, "rows of the same round disagree; the first row's value is used", at(first), "round");

    // Applications, merged by id within the round (exports with one row per status change).
    apps_.clear();
    index_.clear();
    const std::size_t n_app = slot::status_type - kFirstApplicantSlot;
    std::vector<bool> app_conflict(n_app, false);
    for (const auto& row : rows_) {
      std::string_view id = row.slots[slot::applicant_id];
      auto [it, fresh] = index_.emplace(id, apps_.size());
      if (fresh) {
        apps_.push_back(Application{id, std::vector<std::string_view>(n_app), {}, {}});
      }
      Application& a = apps_[it->second];
      for (std::size_t s = slot::applicant_id + 1; s < slot::event_at; ++s) {
        bool c = false;
        merge(a.values[s - kFirstApplicantSlot], row.slots[s], c);
        if (c) app_conflict[s - kFirstApplicantSlot] = true;
      }
      for (int st = 0; st < kStageCount; ++st)
        if (auto d = row.slots[slot::event_at + st]; !d.empty())
          a.events.push_back(Event{st, d, row.slots[slot::event_reason + st]});
      if (auto type = row.slots[slot::status_type]; !type.empty()) {
        auto d = row.slots[slot::status_at];
        if (d.empty()) {
          if (const FieldSpec* f = m_.field(slot::status_at))
            t_.issue(*f, "the status has no date here, so no event is written for it", at(row));
        } else {
          a.events.push_back(Event{int(*stage_from_string(type)), d, row.slots[slot::status_reason]});
        }
      }
      if (auto d = row.slots[slot::interview_at]; !d.empty()) a.interviews.push_back(d);
    }
    for (std::size_t i = 0; i < n_app; ++i)
      if (app_conflict[i])
        if (const FieldSpec* f = m_.field(std::uint16_t(kFirstApplicantSlot + i)))
          t_.issue(*f, "rows of the same application disagree; the first row's value is used", at(first),
                   "application");

    write_round(round, first);
    clear();
  }

  // The round's rows in its first input: rows of one round keep their order
  // (the sorter is stable), so the first and last of them there.
  RoundRows rows_of_round() const {
    RoundRows out{rows_.front().file, rows_.front().line, rows_.front().line};
    for (const auto& r : rows_)
      if (r.file == out.input) {
        out.first = std::min(out.first, r.line);
        out.last = std::max(out.last, r.line);
      }
    return out;
  }

  void clear() {
    records_.clear();
    overflow_ = 0;
    apps_.clear();
    index_.clear();
  }

  void write_round(const std::vector<std::string_view>& round, const DecodedRow& first) {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    auto v = [&](std::uint16_t s) { return round[s]; };
    w.StartObject();
    key(w, "kind"); w.String("round");
    key(w, "schema"); w.Int(1);
    key(w, "round_id"); put(w, current_);
    put_if(w, "org_unit", v(slot::org_unit));
    put_if(w, "jurisdiction", v(slot::jurisdiction));
    if (!v(slot::title_code).empty() || !v(slot::openings).empty() || !v(slot::internal_only).empty() ||
        !v(slot::reserved_for).empty()) {
      key(w, "position");
      w.StartObject();
      put_if(w, "title_code", v(slot::title_code));
      if (!v(slot::openings).empty()) { key(w, "openings"); w.Int(std::stoi(std::string(v(slot::openings)))); }
      if (!v(slot::internal_only).empty()) { key(w, "internal_only"); w.Bool(v(slot::internal_only) == "true"); }
      put_if(w, "reserved_for", v(slot::reserved_for));
      w.EndObject();
    }
    static constexpr std::pair<std::uint16_t, const char*> kDates[] = {
        {slot::advertised_at, "advertised_at"},
        {slot::closes_at, "closes_at"},
        {slot::requirements_documented_at, "requirements_documented_at"},
        {slot::recommendation_at, "recommendation_at"},
        {slot::decision_at, "decision_at"},
        {slot::decision_reason, "decision_reason"}};
    for (const auto& [s, name] : kDates)
      put_if(w, name, v(s));
    // A field the mapping reads is recorded by this ATS: an empty cell is
    // "recorded as none" and written empty; a field it does not read stays
    // absent, "not recorded in this export" (docs/input-format.md, "Coverage").
    if (v(slot::decision_reason).empty() && reason_mapped_) {
      key(w, "decision_reason");
      w.String("");
    }

    key(w, "applicants");
    w.StartArray();
    std::size_t interviews = 0;
    for (auto& a : apps_) {
      auto av = [&](std::uint16_t s) { return a.values[s - kFirstApplicantSlot]; };
      w.StartObject();
      key(w, "id"); put(w, a.id);
      put_if(w, "gender", av(slot::gender));
      static constexpr std::pair<std::uint16_t, const char*> kSelf[] = {
          {slot::immigrant_background, "immigrant_background"},
          {slot::disability, "disability"},
          {slot::cv_gap, "cv_gap"},
          {slot::priority_access, "priority_access"}};
      bool any_self = false;
      for (const auto& [s, name] : kSelf) any_self |= !av(s).empty();
      if (any_self) {
        key(w, "self_id");
        w.StartObject();
        for (const auto& [s, name] : kSelf)
          put_if(w, name, av(s));
        w.EndObject();
      }
      put_if(w, "age_band", av(slot::age_band));
      if (!av(slot::outcome).empty() || !av(slot::rank).empty() || !av(slot::equally_qualified_with_top).empty() ||
          !av(slot::meets_formal_requirements).empty()) {
        key(w, "assessment");
        w.StartObject();
        put_if(w, "outcome", av(slot::outcome));
        if (!av(slot::rank).empty()) { key(w, "rank"); w.Int(std::stoi(std::string(av(slot::rank)))); }
        if (!av(slot::equally_qualified_with_top).empty()) {
          key(w, "equally_qualified_with_top");
          w.Bool(av(slot::equally_qualified_with_top) == "true");
        }
        if (!av(slot::meets_formal_requirements).empty()) {
          key(w, "meets_formal_requirements");
          w.Bool(av(slot::meets_formal_requirements) == "true");
        }
        w.EndObject();
      }
      // Events in date order (rules take the first event of a stage as when
      // it happened); the same event from several rows is written once.
      auto& ev = a.events;
      std::stable_sort(ev.begin(), ev.end(), [](const Event& x, const Event& y) { return x.at < y.at; });
      ev.erase(std::unique(ev.begin(), ev.end(),
                           [](const Event& x, const Event& y) {
                             return x.type == y.type && x.at == y.at && x.reason == y.reason;
                           }),
               ev.end());
      if (!ev.empty()) {
        key(w, "events");
        w.StartArray();
        for (const auto& e : ev) {
          w.StartObject();
          key(w, "type"); w.String(to_string(Stage(e.type)));
          key(w, "at"); put(w, e.at);
          if (!e.reason.empty()) { key(w, "reason_code"); put(w, e.reason); }
          w.EndObject();
        }
        w.EndArray();
      }
      w.EndObject();
      std::sort(a.interviews.begin(), a.interviews.end());
      a.interviews.erase(std::unique(a.interviews.begin(), a.interviews.end()), a.interviews.end());
      interviews += a.interviews.size();
    }
    w.EndArray();
    if (interviews || interviews_mapped_) {
      key(w, "interviews");
      w.StartArray();
      for (const auto& a : apps_)
        for (auto d : a.interviews) {
          w.StartObject();
          key(w, "applicant"); put(w, a.id);
          key(w, "at"); put(w, d);
          w.EndObject();
        }
      w.EndArray();
    }

    bool rep_events = false;
    for (int t = 0; t < 7; ++t) rep_events |= !v(std::uint16_t(slot::rep_event_at + t)).empty();
    if (rep_events || !v(slot::rep_appointed).empty() || !v(slot::rep_role).empty() || rep_mapped_) {
      key(w, "representative");
      w.StartObject();
      key(w, "appointed");
      // Without an "appointed" value, a role or an event of the
      // representative in the round means one was appointed; none of them,
      // in an export that records representatives, means none was.
      const bool implied = rep_events || !v(slot::rep_role).empty();
      w.Bool(v(slot::rep_appointed).empty() ? implied : v(slot::rep_appointed) == "true");
      put_if(w, "role", v(slot::rep_role));
      if (rep_events) {
        key(w, "events");
        w.StartArray();
        std::vector<std::pair<std::string_view, int>> evs;
        for (int t = 0; t < 7; ++t)
          if (auto d = v(std::uint16_t(slot::rep_event_at + t)); !d.empty()) evs.emplace_back(d, t);
        std::stable_sort(evs.begin(), evs.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
        for (const auto& [d, t] : evs) {
          w.StartObject();
          key(w, "type"); w.String(to_string(RepEventType(t)));
          key(w, "at"); put(w, d);
          if (RepEventType(t) == RepEventType::statement_filed && !v(slot::rep_agrees).empty()) {
            key(w, "agrees");
            w.Bool(v(slot::rep_agrees) == "true");
          }
          w.EndObject();
        }
        w.EndArray();
      }
      w.EndObject();
    }

    if (!m_.documents.empty()) {
      key(w, "documents");
      w.StartArray();
      for (const auto& d : m_.documents) {
        if (v(d.at_slot).empty() && v(d.equality_slot).empty()) continue;
        w.StartObject();
        key(w, "type"); put(w, d.type);
        if (!v(d.at_slot).empty()) { key(w, "at"); put(w, v(d.at_slot)); }
        if (!d.sent_to.empty()) {
          key(w, "sent_to");
          w.StartArray();
          for (const auto& s : d.sent_to) put(w, s);
          w.EndArray();
        }
        if (!v(d.equality_slot).empty()) { key(w, "equality_statement"); w.Bool(v(d.equality_slot) == "true"); }
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();

    // Read back as `fairaudit audit` will: a round it would reject is left
    // out here, with the reader's message (which never echoes a value that
    // could identify a person).
    std::string_view line(sb.GetString(), sb.GetSize());
    auto parsed = ingest::parse_line(line, Source{o_.output_name, r_.rounds + 1}, o_.limits);
    if (parsed.error) {
      const auto& e = *parsed.error;
      reject(first, rows_.size(), (e.path.empty() ? "" : e.path + ": ") + e.message);
      return;
    }
    ++r_.rounds;
    r_.applications += apps_.size();
    r_.round_rows.push_back(rows_of_round());
    out_.append(line);
    out_.push_back('\n');
    if (out_.size() >= kOutputChunk) {
      write_(out_);
      out_.clear();
    }
  }

  const Mapping& m_;
  const ConvertOptions& o_;
  const std::vector<std::string>& files_;
  Tally& t_;
  ConvertReport& r_;
  std::function<void(std::string_view)> write_;

  bool reason_mapped_ = false, interviews_mapped_ = false, rep_mapped_ = false;
  std::string current_;
  std::vector<std::string> records_;
  std::uint64_t overflow_ = 0;
  std::vector<DecodedRow> rows_;
  std::vector<Application> apps_;
  std::unordered_map<std::string_view, std::size_t> index_;
  std::string out_;
};

}  // namespace

ConvertReport convert(const Mapping& m, const std::vector<std::string>& inputs, const ConvertOptions& o,
                      const std::function<void(std::string_view)>& write) {
  ConvertReport rep;
  rep.mapping = m.name;
  rep.mapping_version = m.version;
  rep.mapping_file = m.file;
  Tally tally(o.strict);
  RowMapper mapper(m, tally);
  RowSorter sorter(o.memory_limit, o.temp_dir);
  const std::set<std::string> mapped = m.mapped_columns();
  std::map<std::string, std::size_t> column_index;

  auto reject_row = [&](const std::string& file, std::uint64_t line, const std::string& why, const char* kind) {
    ++rep.rows_rejected;
    const std::string at = where(file, line);
    if (o.strict) throw common::StrictError(at + ": " + why);
    if (rep.rejected.size() < ConvertReport::kMaxListed) rep.rejected.push_back(Rejected{at, why, file, line, kind});
    else ++rep.rejected_not_listed;
  };

  std::vector<std::string> files;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string& file = inputs[i];
    files.push_back(file == "-" ? "<stdin>" : file);
    ByteReader in(file);
    {
      const std::string_view head = in.available();
      if (auto what = ingest::sniff_file_type(head.substr(0, 4096), ingest::ExpectedInput::flat))
        throw common::InputError(files.back() + ": " + *what);
    }
    auto reader = open_flat(in, m);
    const bool csv = reader->fixed_columns();
    mapper.bind(reader->columns(), files.back(), csv);
    InputSummary summary;
    summary.name = files.back();
    summary.format = reader->describe();
    std::vector<std::uint64_t> filled;
    std::string rec, why;
    reader->for_each([&](FlatRow& row) {
      ++summary.rows;
      ++rep.rows;
      const auto& cols = reader->columns();
      if (cols.size() != mapper.bound()) mapper.bind(cols, files.back(), false);
      if (filled.size() < cols.size()) filled.resize(cols.size());
      for (std::size_t c = 0; c < cols.size() && c < row.cells.size(); ++c)
        if (row.nested[c] || !trim(row.cells[c]).empty()) ++filled[c];
      const std::string at = where(files.back(), row.line);
      if (!row.error.empty()) return reject_row(files.back(), row.line, row.error, "syntax");
      if (!mapper.map(row, at, why))
        return reject_row(files.back(), row.line, why,
                          why.find("direct identifier") != std::string::npos ? "identifier" : "mapping");
      encode_row(rec, std::uint32_t(i), row.line, mapper.slots());
      sorter.add(mapper.slots()[slot::round_id], rec);
    });
    summary.sha256 = in.sha256();
    summary.bytes = in.bytes_read();
    summary.lines = in.lines_read();
    const auto& cols = reader->columns();
    if (!csv) mapper.report_missing(cols, files.back());
    filled.resize(cols.size());
    for (std::size_t c = 0; c < cols.size(); ++c) {
      auto [it, fresh] = column_index.emplace(cols[c], rep.columns.size());
      if (fresh) {
        ColumnReport cr;
        cr.name = cols[c];
        cr.use = mapped.count(cols[c]) ? ColumnReport::Use::mapped
                 : m.drop.count(cols[c]) ? ColumnReport::Use::dropped
                                         : ColumnReport::Use::unmapped;
        rep.columns.push_back(cr);
      }
      rep.columns[it->second].filled += filled[c];
    }
    rep.inputs.push_back(std::move(summary));
  }

  Assembler assembler(m, o, files, tally, rep, write);
  sorter.finish([&](std::string_view key, std::string_view record) { assembler.add(key, record); });
  assembler.finish();
  rep.sort = sorter.stats();
  rep.unknown_values = tally.take_unknown();
  rep.issues = tally.take_issues();
  return rep;
}

std::vector<ingest::LineError> ConvertReport::line_errors() const {
  std::vector<ingest::LineError> out;
  out.reserve(rejected.size());
  for (const auto& r : rejected) out.push_back(ingest::LineError{r.file, r.line, {}, r.message, r.kind});
  return out;
}

std::string ConvertReport::text() const {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  auto rows_word = [](std::uint64_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); };
  line("fairaudit convert: mapping " + mapping + " " + mapping_version + " (" + mapping_file + ")");
  for (const auto& i : inputs) line("  read " + i.name + ": " + i.format + ", " + rows_word(i.rows));
  line("  wrote " + std::to_string(rounds) + " round" + (rounds == 1 ? "" : "s") + " with " +
       std::to_string(applications) + " application" + (applications == 1 ? "" : "s") + "; " +
       std::to_string(rows_rejected) + " of " + rows_word(rows) + " rejected, " + std::to_string(rounds_rejected) +
       " round" + (rounds_rejected == 1 ? "" : "s") + " rejected");
  if (sort.runs)
    line("  grouped the rows by round through " + std::to_string(sort.runs) + " temporary file" +
         (sort.runs == 1 ? "" : "s") + " (" + std::to_string(sort.bytes_spilled >> 20) + " MiB; removed)");

  std::vector<const ColumnReport*> unmapped, dropped;
  for (const auto& c : columns) {
    if (c.use == ColumnReport::Use::unmapped) unmapped.push_back(&c);
    if (c.use == ColumnReport::Use::dropped) dropped.push_back(&c);
  }
  if (!unmapped.empty()) {
    line("columns the mapping does not read (left out; map them, or list them under \"drop\"):");
    for (const auto* c : unmapped) line("  " + quoted(c->name) + ": " + rows_word(c->filled) + " with a value");
  }
  if (!dropped.empty()) {
    line("columns left out by the mapping's \"drop\":");
    for (const auto* c : dropped) line("  " + quoted(c->name) + ": " + rows_word(c->filled) + " with a value");
  }
  if (!unknown_values.empty()) {
    line("values the mapping does not know (left out; add them to the field's \"values\"):");
    for (const auto& u : unknown_values)
      line("  " + u.key + " (" + u.column + "): " +
           (u.more ? u.value : describe_cell(u.value)) + ": " +
           rows_word(u.count) + " (first at " + u.first + ")");
  }
  if (!issues.empty()) {
    line("other values left out:");
    for (const auto& i : issues)
      line("  " + i.key + " (" + i.column + "): " + i.what +
           (i.count ? ": " + std::to_string(i.count) + " " + i.unit + (i.count == 1 ? "" : "s") + " (first at " +
                          i.first + ")"
                    : ""));
  }
  if (!rejected.empty()) {
    line("rejected:");
    for (const auto& r : rejected) line("  " + r.where + ": " + r.message);
    if (rejected_not_listed) line("  … and " + std::to_string(rejected_not_listed) + " more");
  }
  return out;
}

}  // namespace fairaudit::convert
