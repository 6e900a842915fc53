// Findings kept on disk come back exactly as they went out: every evidence
// kind bit for bit (NaN and infinities too), in order, duplicates dropped,
// and a damaged file is an error, never a wrong finding.
#include <gtest/gtest.h>

#include "support/evidence_dump.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "run/spill.hpp"

#include <algorithm>

using namespace fairaudit;

namespace {

run::AuditFinding make(const std::string& unit, const std::string& round, const std::string& fp) {
  run::AuditFinding af;
  af.finding.rule = "interview-call-diversity/selection-rate-disparity";
  af.finding.severity = Severity::error;
  af.finding.scope = Scope::round;
  af.finding.round_id = round;
  af.finding.org_unit = unit;
  af.finding.key = "gender/qualified>interview_invited";
  af.finding.message = "{group}: rate below {threshold} — æøå \"quoted\"\nsecond line";
  Evidence inner;
  inner.count("n", 7).rate("rate", 1.0 / 3).p_value("p", 5e-324);
  Evidence e;
  e.null("nothing");
  e.boolean("flag", true);
  e.count("n", -3);
  e.number("days", std::numeric_limits<std::int64_t>::max());
  e.ratio("nan", std::nan(""));
  e.statistic("inf", -std::numeric_limits<double>::infinity());
  e.real("threshold", 0.1 + 0.2);
  e.text("group", "woman");
  e.date("at", Timestamp::from_days_seconds(20520, 3600));
  e.object("unknown", inner);
  e.list("groups", {inner, Evidence{}, inner});
  af.finding.evidence = e;
  af.finding.applicants = {"a-1", "a-2"};
  af.plugin = "interview-call-diversity";
  af.severity = Severity::warning;
  af.fingerprint = fp;
  af.source = {"export.jsonl", 42};
  af.basis = "Likestillings- og diskrimineringsloven § 26";
  return af;
}

// A run whose findings are on disk in `chunks` sorted chunks that interleave
// (finding k of chunk c is the (k·chunks + c)-th), `per_chunk` each, over
// `units` org units, each finding labelled with its place in the reading.
run::RunResult interleaved_run(int chunks, int per_chunk, int units) {
  auto spill = std::make_shared<run::FindingSpill>();
  for (int c = 0; c < chunks; ++c) {
    std::vector<run::AuditFinding> chunk;
    for (int k = 0; k < per_chunk; ++k) {
      const std::string id = std::to_string(100000 + k * chunks + c);
      chunk.push_back(make("oslo/u-" + std::to_string(k % units), "R-" + id, "fp-" + id));
    }
    run::sort_findings(chunk);
    spill->write_chunk(chunk);
  }
  spill->finish();
  run::RunResult r;
  r.spilled = spill;
  r.label = [](std::uint64_t i, run::AuditFinding& f) { f.review_justification = std::to_string(i); };
  return r;
}

using fairaudit::testing::dump;

std::string dump(const run::AuditFinding& f) {
  return f.finding.rule + "|" + std::to_string(f.finding.severity ? int(*f.finding.severity) : -1) + "|" +
         std::to_string(int(f.finding.scope)) + "|" + f.finding.round_id + "|" + f.finding.org_unit + "|" +
         f.finding.key + "|" + f.finding.message + "|" + dump(f.finding.evidence) + "|" + f.finding.applicants[0] +
         f.finding.applicants[1] + "|" + f.plugin + "|" + std::to_string(int(f.severity)) + "|" + f.fingerprint + "|" +
         f.source.file + ":" + std::to_string(f.source.line) + "|" + f.basis.get();
}

}  // namespace

TEST(Spill, FindingsComeBackExactlyInOrderWithoutDuplicates) {
  std::vector<run::AuditFinding> first = {make("oslo/a", "R-1", "f1"), make("oslo/c", "R-3", "f3")};
  std::vector<run::AuditFinding> second = {make("oslo/a", "R-1", "f1"), make("oslo/b", "R-2", "f2")};
  run::FindingSpill spill;
  spill.write_chunk(first);
  spill.write_chunk(second);
  spill.finish();
  EXPECT_EQ(spill.chunks(), 2u);
  std::vector<std::string> back;
  spill.for_each([&](const run::AuditFinding& f) { back.push_back(dump(f)); });
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(spill.size(), 3u);
  EXPECT_EQ(back[0], dump(first[0]));   // oslo/a, once
  EXPECT_EQ(back[1], dump(second[1]));  // oslo/b
  EXPECT_EQ(back[2], dump(first[1]));   // oslo/c
  EXPECT_EQ(spill.tally().by_severity[int(Severity::warning)], 3u);
}

TEST(Spill, ADamagedFileIsAnErrorNotAWrongFinding) {
  // A temporary directory of this test's own, to find the spill's files in.
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  const auto root = std::filesystem::temp_directory_path() / ("fa-spill-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root);
  ::setenv("TMPDIR", root.c_str(), 1);
  {
    run::FindingSpill spill;
    spill.write_chunk({make("oslo/a", "R-1", "f1"), make("oslo/b", "R-2", "f2")});
    spill.finish();
    std::vector<std::filesystem::path> files;
    for (const auto& d : std::filesystem::recursive_directory_iterator(root))
      if (d.is_regular_file()) files.push_back(d.path());
    ASSERT_EQ(files.size(), 1u);
    // Cut the last finding short, as a full disk or another process could.
    std::filesystem::resize_file(files[0], std::filesystem::file_size(files[0]) - 5);
    std::size_t seen = 0;
    EXPECT_THROW(spill.for_each([&](const run::AuditFinding&) { ++seen; }), std::runtime_error);
    EXPECT_LE(seen, 1u);  // at most the intact first one (read ahead in batches), never a made-up second
  }
  if (before) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
  std::filesystem::remove_all(root);
}

// A run killed mid-way leaves its spill directory (findings with applicant
// ids) in the temporary directory; the next run that spills removes it once
// the process that made it has ended, and leaves a running one's alone.
TEST(Spill, LeftoversOfEndedRunsAreRemoved) {
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  const auto root = std::filesystem::temp_directory_path() / ("fa-spill-left-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root);
  ::setenv("TMPDIR", root.c_str(), 1);
  // A process id no process can have: Linux gives at most 2^22.
  const auto dead = root / "fairaudit-findings-4194399-Ab12Cd";
  const auto alive = root / ("fairaudit-findings-" + std::to_string(::getppid()) + "-Ef34Gh");
  for (const auto& d : {dead, alive}) {
    std::filesystem::create_directories(d);
    std::ofstream(d / "chunk-0") << "findings";
  }
  {
    run::FindingSpill spill;
    spill.write_chunk({make("oslo/a", "R-1", "f1")});
    spill.finish();
    EXPECT_FALSE(std::filesystem::exists(dead));
    EXPECT_TRUE(std::filesystem::exists(alive));
  }
  if (before) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
  std::filesystem::remove_all(root);
}

// More chunks than are merged at once: runs of them are merged first, and
// the result is the same order, with the same duplicates dropped (the
// earliest chunk's copy kept), as one merge of them all would give.
TEST(Spill, ManyChunksMergeInStages) {
  run::FindingSpill spill(16);  // as with a limit of 32 open files
  const std::size_t chunks = spill.fan_in() * 2 + 7;
  std::vector<std::string> expected;
  std::vector<run::AuditFinding> all;
  for (std::size_t c = 0; c < chunks; ++c) {
    std::vector<run::AuditFinding> chunk;
    for (std::size_t k = 0; k < 3; ++k) {
      // Units interleave across chunks; every 10th chunk repeats a finding of chunk 0.
      const std::size_t n = (c % 10 == 9 && k == 0) ? 0 : c * 3 + k;
      const std::string id = std::to_string(100000 + n);
      auto f = make("oslo/u-" + std::to_string(100000 + (n * 7919) % 1000), "R-" + id, "fp-" + id);
      f.finding.message = "from chunk " + std::to_string(c);
      chunk.push_back(f);
    }
    run::sort_findings(chunk);
    spill.write_chunk(chunk);
    all.insert(all.end(), chunk.begin(), chunk.end());
  }
  spill.finish();
  EXPECT_EQ(spill.chunks(), chunks);
  // One stable sort of everything; the first copy of a fingerprint wins.
  std::stable_sort(all.begin(), all.end(), run::finding_order);
  std::vector<std::string> want;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (i == 0 || all[i].fingerprint != all[i - 1].fingerprint) want.push_back(dump(all[i]));
  std::vector<std::string> got;
  spill.for_each([&](const run::AuditFinding& f) { got.push_back(dump(f)); });
  EXPECT_EQ(spill.size(), want.size());  // counted while they were read
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(got, want);
  // Read twice, the same again.
  std::vector<std::string> again;
  spill.for_each([&](const run::AuditFinding& f) { again.push_back(dump(f)); });
  EXPECT_EQ(again, got);
}

// Reading back runs a thread ahead of the writer; when writing fails (a full
// disk), the error reaches the caller and the reading thread stops with it.
TEST(Spill, AnErrorWhileWritingStopsTheReadBack) {
  run::FindingSpill spill;
  for (int c = 0; c < 4; ++c) {
    std::vector<run::AuditFinding> chunk;
    for (int k = 0; k < 1000; ++k) {
      const std::string id = std::to_string(100000 + c * 1000 + k);
      chunk.push_back(make("oslo/a", "R-" + id, "fp-" + id));
    }
    spill.write_chunk(chunk);
  }
  spill.finish();
  std::size_t written = 0;
  EXPECT_THROW(spill.for_each([&](const run::AuditFinding&) {
    if (++written == 300) throw std::runtime_error("disk full");
  }),
               std::runtime_error);
  EXPECT_EQ(written, 300u);
  std::size_t all = 0;
  spill.for_each([&](const run::AuditFinding&) { ++all; });  // and it can be read again
  EXPECT_EQ(all, 4000u);
}

// The count and the severities the summary and the exit code rest on are the
// same whether asked before the findings are read (a merge of their headers)
// or after (counted while reading), duplicates across chunks left out.
TEST(Spill, CountsAreTheSameAskedBeforeOrAfterReading) {
  auto fill = [](run::FindingSpill& spill) {
    std::uint64_t written = 0;
    for (int c = 0; c < 5; ++c) {
      std::vector<run::AuditFinding> chunk;
      for (int k = 0; k < 40; ++k) {
        // Chunk 3 repeats ten findings of chunk 1.
        const int n = (c == 3 && k < 10) ? 40 + k : c * 40 + k;
        const std::string id = std::to_string(100000 + n);
        auto f = make("oslo/u-" + std::to_string(n % 7), "R-" + id, "fp-" + id);
        f.severity = n % 3 == 0 ? Severity::error : n % 3 == 1 ? Severity::warning : Severity::note;
        chunk.push_back(f);
      }
      run::sort_findings(chunk);
      written += chunk.size();
      spill.write_chunk(chunk);
    }
    spill.finish();
    return written;
  };
  run::FindingSpill first_asked, first_read;
  EXPECT_EQ(fill(first_asked), 200u);
  fill(first_read);
  const std::uint64_t counted = first_asked.size();
  const run::FindingTally tally = first_asked.tally();
  std::array<std::uint64_t, 3> seen{};
  first_read.for_each([&](const run::AuditFinding& f) { ++seen[int(f.severity)]; });
  EXPECT_EQ(counted, 190u);  // 200 written, 10 of them twice
  EXPECT_EQ(first_read.size(), counted);
  for (int s = 0; s < 3; ++s) {
    EXPECT_EQ(first_read.tally().by_severity[s], seen[s]) << s;
    EXPECT_EQ(tally.by_severity[s], seen[s]) << s;
  }
  EXPECT_EQ(seen[0] + seen[1] + seen[2], 190u);
}

// A record keeps its legal basis as an index into the spill's table of them,
// looked up by rule: a rule whose findings carry different bases (two
// plugins' rules of one name, a policy's own text) still gets each one back.
TEST(Spill, EachFindingGetsItsOwnBasisBack) {
  run::FindingSpill spill;
  std::vector<run::AuditFinding> chunk;
  const std::vector<std::string> bases = {"Diskrimineringslagen 3 kap. 5 §", "Likestillings- og diskrimineringsloven § 26",
                                          "", "Diskrimineringslagen 3 kap. 5 §"};
  for (std::size_t k = 0; k < bases.size(); ++k) {
    const std::string id = std::to_string(100000 + k);
    auto f = make("oslo/a", "R-" + id, "fp-" + id);
    if (k == 3) f.finding.rule = "oslo-hiring-policy/minority-interview";
    f.basis = bases[k];
    chunk.push_back(f);
  }
  run::sort_findings(chunk);
  spill.write_chunk(chunk);
  spill.write_chunk({chunk.back()});  // the same finding again in a second chunk: dropped, once
  spill.finish();
  std::map<std::string, std::string> got;
  spill.for_each([&](const run::AuditFinding& f) { got[f.fingerprint] = f.basis; });
  ASSERT_EQ(got.size(), bases.size());
  for (std::size_t k = 0; k < bases.size(); ++k) EXPECT_EQ(got["fp-" + std::to_string(100000 + k)], bases[k]) << k;
}

// Findings are read back into the findings read before (their strings and
// evidence keep their room; the reader has 5 batches of 256 in turn): a
// finding must come back the same whatever came before it in its place —
// larger or smaller evidence, a key whose kind changed, lists that grew or
// shrank, nesting that came or went.
TEST(Spill, EvidenceComesBackTheSameWhateverFindingCameBefore) {
  std::uint64_t state = 7;
  auto next = [&state](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  // Evidence of a random shape: keys reused across findings with other kinds.
  std::function<Evidence(int)> shape = [&](int depth) {
    Evidence e;
    const auto entries = next(depth == 0 ? 9 : 4);
    for (std::uint64_t k = 0; k < entries; ++k) {
      const std::string key = k % 2 ? "a_key_long_enough_to_live_on_the_heap_" + std::to_string(k) : "k" + std::to_string(k);
      switch (next(depth < 2 ? 8 : 6)) {
        case 0: e.null(key); break;
        case 1: e.boolean(key, next(2) == 1); break;
        case 2: e.count(key, std::int64_t(next(100))); break;
        case 3: e.rate(key, double(next(1000)) / 7); break;
        case 4: e.text(key, std::string(next(40), char('a' + next(26)))); break;
        case 5: e.date(key, Timestamp::from_days_seconds(std::int32_t(20000 + next(500)), std::int32_t(next(86400)))); break;
        case 6: e.object(key, shape(depth + 1)); break;
        default: {
          std::vector<Evidence> items;
          for (auto n = next(5); n > 0; --n) items.push_back(shape(depth + 1));
          e.list(key, std::move(items));
        }
      }
    }
    return e;
  };
  std::vector<run::AuditFinding> all;
  for (int i = 0; i < 4000; ++i) {  // each place in the reader's batches used three times or more
    const std::string id = std::to_string(10000 + i);
    auto f = make("oslo/u" + std::to_string(next(7)), "R-" + id, "fp-" + id);
    f.finding.evidence = shape(0);
    f.finding.message = std::string(next(300), 'm');
    all.push_back(std::move(f));
  }
  run::FindingSpill spill;
  for (std::size_t c = 0; c < 3; ++c) {  // three chunks, so the merge interleaves them
    std::vector<run::AuditFinding> chunk;
    for (std::size_t i = c; i < all.size(); i += 3) chunk.push_back(all[i]);
    run::sort_findings(chunk);
    spill.write_chunk(chunk);
  }
  spill.finish();
  run::sort_findings(all);
  std::vector<std::string> back;
  spill.for_each([&](const run::AuditFinding& f) { back.push_back(dump(f)); });
  ASSERT_EQ(back.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(back[i], dump(all[i])) << i;
}

// The nightly line's one reading for three readers at once: each gets every
// finding in order, labelled; a reader that stops half-way (its error
// reaches it alone) and a thread that leaves without reading hold nobody
// up; a thread's second reading reads on its own.
TEST(Spill, ASharedReadingGivesEveryReaderEveryFinding) {
  run::RunResult r = interleaved_run(5, 400, 9);
  std::vector<std::string> want;
  std::uint64_t n = 0;
  run::for_each_finding(r, [&](const run::AuditFinding& f) { want.push_back(dump(f) + "#" + f.review_justification); });
  ASSERT_EQ(want.size(), 2000u);
  for (const auto& w : want) EXPECT_EQ(w.substr(w.find('#') + 1), std::to_string(n++));

  r.shared_reading = std::make_shared<run::SharedReading>(r, 4);
  std::vector<std::string> got[2], again;
  std::size_t stopped_after = 0;
  std::string stop_error;
  auto reader = [&](int i) {
    run::LeavesSharedReading leaves(r);
    run::for_each_finding(r, [&](const run::AuditFinding& f) { got[i].push_back(dump(f) + "#" + f.review_justification); });
    if (i == 0)  // a second reading: on its own, the same
      run::for_each_finding(r, [&](const run::AuditFinding& f) { again.push_back(dump(f) + "#" + f.review_justification); });
  };
  std::thread a(reader, 0), b(reader, 1);
  std::thread stopping([&] {
    run::LeavesSharedReading leaves(r);
    try {
      run::for_each_finding(r, [&](const run::AuditFinding&) {
        if (++stopped_after == 300) throw std::runtime_error("stopped");
      });
    } catch (const std::runtime_error& e) {
      stop_error = e.what();
    }
  });
  std::thread leaving([&] { run::LeavesSharedReading leaves(r); });
  a.join();
  b.join();
  stopping.join();
  leaving.join();
  EXPECT_EQ(got[0], want);
  EXPECT_EQ(got[1], want);
  EXPECT_EQ(again, want);
  EXPECT_EQ(stopped_after, 300u);
  EXPECT_EQ(stop_error, "stopped");
}

// A slot of a reading that once held a large round's applicants and then a
// small one's (the room of the large one is given back) gives each finding
// exactly its own applicants, read alone or shared.
TEST(Spill, ApplicantsComeBackWhateverRoundCameBefore) {
  std::uint64_t state = 11;
  auto next = [&state](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  auto spill = std::make_shared<run::FindingSpill>();
  std::map<std::string, std::vector<std::string>> want;  // fingerprint -> applicants
  for (int c = 0; c < 3; ++c) {
    std::vector<run::AuditFinding> chunk;
    for (int k = 0; k < 700; ++k) {
      const std::string id = std::to_string(100000 + k * 3 + c);
      auto f = make("oslo/u-" + std::to_string(k % 5), "R-" + id, "fp-" + id);
      // Mostly a few applicants; one in six a large round (above the room kept).
      const std::uint64_t n = next(6) == 0 ? 129 + next(600) : next(6);
      f.finding.applicants.clear();
      for (std::uint64_t a = 0; a < n; ++a)
        f.finding.applicants.push_back((a % 2 ? "pseudonymous-applicant-" : "a-") + id + "-" + std::to_string(a));
      want[f.fingerprint] = f.finding.applicants;
      chunk.push_back(std::move(f));
    }
    run::sort_findings(chunk);
    spill->write_chunk(chunk);
  }
  spill->finish();
  run::RunResult r;
  r.spilled = spill;
  std::size_t alone = 0;
  run::for_each_finding(r, [&](const run::AuditFinding& f) {
    ++alone;
    EXPECT_EQ(f.finding.applicants, want.at(f.fingerprint)) << f.fingerprint;
  });
  EXPECT_EQ(alone, want.size());
  r.shared_reading = std::make_shared<run::SharedReading>(r, 2);
  std::size_t shared[2] = {0, 0};
  auto reader = [&](int i) {
    run::LeavesSharedReading leaves(r);
    run::for_each_finding(r, [&](const run::AuditFinding& f) {
      ++shared[i];
      EXPECT_EQ(f.finding.applicants, want.at(f.fingerprint)) << f.fingerprint;
    });
  };
  std::thread a(reader, 0), b(reader, 1);
  a.join();
  b.join();
  EXPECT_EQ(shared[0], want.size());
  EXPECT_EQ(shared[1], want.size());
}

// What one reader makes of each finding (the store: the details' digest) is
// made once per finding on the reading's own thread when the reading is
// given it, arrives with that finding, labelled as the reader sees it, and
// is the same as the reader makes itself when there is no shared reading; a
// reader that prepares otherwise gets nothing made for it, and a finding the
// reading's thread cannot prepare is prepared by its reader, whose error it
// is.
namespace {
std::mutex prepared_mu;
std::vector<std::thread::id> prepared_on;
std::string refused;  // the fingerprint prepare_or_fail() refuses
void prepare_it(const run::AuditFinding& f, std::string& out) {
  {
    std::lock_guard lk(prepared_mu);
    prepared_on.push_back(std::this_thread::get_id());
  }
  if (f.fingerprint == refused) throw std::runtime_error("cannot prepare " + f.fingerprint);
  out = f.fingerprint + "@" + f.review_justification;
}
void prepare_otherwise(const run::AuditFinding& f, std::string& out) { out = "other " + f.fingerprint; }
}  // namespace

TEST(Spill, ASharedReadingPreparesEachFindingOnItsOwnThread) {
  run::RunResult r = interleaved_run(4, 300, 7);
  prepared_on.clear();
  refused.clear();
  // Without a shared reading: made by the reader, one per finding.
  std::vector<std::string> want;
  run::for_each_finding_prepared(r, prepare_it, [&](const run::AuditFinding& f, const std::string& made) {
    EXPECT_EQ(made, f.fingerprint + "@" + f.review_justification);
    want.push_back(made);
  });
  ASSERT_EQ(want.size(), 1200u);
  ASSERT_EQ(prepared_on.size(), want.size());
  EXPECT_EQ(std::count(prepared_on.begin(), prepared_on.end(), std::this_thread::get_id()), 1200);

  prepared_on.clear();
  r.shared_reading = std::make_shared<run::SharedReading>(r, 3, prepare_it);
  std::vector<std::string> got, plain, other;
  std::thread::id readers[3];
  std::thread a([&] {
    readers[0] = std::this_thread::get_id();
    run::LeavesSharedReading leaves(r);
    run::for_each_finding_prepared(r, prepare_it, [&](const run::AuditFinding& f, const std::string& made) {
      EXPECT_EQ(made, f.fingerprint + "@" + f.review_justification);
      got.push_back(made);
    });
  });
  std::thread b([&] {
    readers[1] = std::this_thread::get_id();
    run::LeavesSharedReading leaves(r);
    run::for_each_finding(r, [&](const run::AuditFinding& f) { plain.push_back(f.fingerprint + "@" + f.review_justification); });
  });
  std::thread o([&] {
    readers[2] = std::this_thread::get_id();
    run::LeavesSharedReading leaves(r);
    run::for_each_finding_prepared(r, prepare_otherwise,
                                   [&](const run::AuditFinding&, const std::string& made) { other.push_back(made); });
  });
  a.join();
  b.join();
  o.join();
  EXPECT_EQ(got, want);
  EXPECT_EQ(plain, want);
  ASSERT_EQ(other.size(), want.size());
  EXPECT_EQ(other.front().rfind("other fp-", 0), 0u) << other.front();
  // Once per finding, on none of the readers' threads.
  ASSERT_EQ(prepared_on.size(), want.size());
  EXPECT_EQ(std::count(prepared_on.begin(), prepared_on.end(), prepared_on.front()), 1200);
  for (const auto& id : readers) EXPECT_NE(prepared_on.front(), id);

  // The reading's thread cannot prepare one finding: every other arrives
  // prepared, and the reader meets the error itself, on its own thread.
  refused = want[700].substr(0, want[700].find('@'));
  prepared_on.clear();
  r.shared_reading = std::make_shared<run::SharedReading>(r, 1, prepare_it);
  std::vector<std::string> before_error;
  std::string error;
  std::thread::id reader_id;
  std::thread e([&] {
    reader_id = std::this_thread::get_id();
    run::LeavesSharedReading leaves(r);
    try {
      run::for_each_finding_prepared(r, prepare_it, [&](const run::AuditFinding&, const std::string& made) {
        before_error.push_back(made);
      });
    } catch (const std::runtime_error& x) {
      error = x.what();
    }
  });
  e.join();
  EXPECT_EQ(error, "cannot prepare " + refused);
  EXPECT_EQ(before_error, std::vector<std::string>(want.begin(), want.begin() + 700));
  EXPECT_EQ(std::count(prepared_on.begin(), prepared_on.end(), reader_id), 1) << "the reader prepares only the refused one";
}
