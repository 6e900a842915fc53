// fairaudit-parse-ceiling — how fast one thread can turn the export's bytes
// into parsed JSON, doing nothing else. The benchmark compares fairaudit's
// throughput with this figure (bench/README.md's targets: at least 70% of it on 2 threads).
//
// Honest means: the same work the host cannot avoid. The host needs every
// line as a DOM (ingest walks it into a typed Round) and must reject invalid
// UTF-8, so the default mode is a full DOM parse per line with
// kParseValidateEncodingFlag, strings copied out of the read buffer — what
// host/ingest does — with the cheapest setup RapidJSON allows: one pooled
// allocator reused from line to line, the file read in large blocks and
// split at newlines in place. The other modes show where the floor moves if
// the host parses in place or streams SAX events instead of building a DOM.
#include <fcntl.h>
#include <rapidjson/document.h>
#include <sys/resource.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

// CPU time of this process: with other work on the machine, wall time
// measures the machine; CPU time still measures the parser.
double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

enum class Mode { dom, insitu, sax };

struct Counts {
  std::uint64_t bytes = 0, lines = 0, rounds = 0, applications = 0, errors = 0;
  std::uint64_t first_error_line = 0;
  std::string first_error;
};

// Counts rounds and applications from SAX events (the DOM modes read the
// same two facts from the parsed document): the top-level "kind" and the
// objects directly inside the top-level "applicants" array.
struct CountingHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, CountingHandler> {
  int depth = 0;
  bool key_kind = false, key_applicants = false, in_applicants = false;
  std::uint64_t rounds = 0, applications = 0;

  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (depth == 1) {
      key_kind = n == 4 && std::memcmp(s, "kind", 4) == 0;
      key_applicants = n == 10 && std::memcmp(s, "applicants", 10) == 0;
    }
    return true;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (depth == 1 && key_kind && n == 5 && std::memcmp(s, "round", 5) == 0) ++rounds;
    return true;
  }
  bool StartObject() {
    if (in_applicants && depth == 2) ++applications;
    ++depth;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    --depth;
    return true;
  }
  bool StartArray() {
    if (depth == 1 && key_applicants) in_applicants = true;
    ++depth;
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    if (--depth == 1) in_applicants = false;
    return true;
  }
};

using Pool = rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>;
using Document = rapidjson::GenericDocument<rapidjson::UTF8<>, Pool, rapidjson::CrtAllocator>;

class Parser {
 public:
  Parser(Mode mode, bool validate, bool nul_terminated, bool fresh)
      : mode_(mode), validate_(validate), nul_terminated_(nul_terminated), fresh_(fresh), pool_buffer_(std::size_t{8} << 20),
        pool_(pool_buffer_.data(), pool_buffer_.size()), doc_(&pool_) {}

  // `line` is NUL-terminated at line[n] (the in-place mode needs it).
  void parse(char* line, std::size_t n, Counts& c) {
    ++c.lines;
    bool ok = true;
    std::size_t offset = 0;
    rapidjson::ParseErrorCode code = rapidjson::kParseErrorNone;
    switch (mode_) {
      case Mode::dom:
        // Parse(pointer, length), as host/ingest calls it, measured ~10%
        // faster here than the NUL-terminated Parse(pointer) (see
        // bench/README.md); the ceiling takes the faster one.
        if (fresh_) {
          // A new document per line, its allocator's first chunk malloc'd
          // and freed each time: what a host without a reused pool pays.
          Document fresh;
          validate_ ? fresh.Parse<rapidjson::kParseValidateEncodingFlag>(line, n)
                    : fresh.Parse<rapidjson::kParseDefaultFlags>(line, n);
          ok = count_dom(fresh, c, offset, code);
          break;
        }
        if (nul_terminated_)
          validate_ ? doc_.Parse<rapidjson::kParseValidateEncodingFlag>(line)
                    : doc_.Parse<rapidjson::kParseDefaultFlags>(line);
        else
          validate_ ? doc_.Parse<rapidjson::kParseValidateEncodingFlag>(line, n)
                    : doc_.Parse<rapidjson::kParseDefaultFlags>(line, n);
        ok = count_dom(doc_, c, offset, code);
        break;
      case Mode::insitu:
        if (validate_)
          doc_.ParseInsitu<rapidjson::kParseValidateEncodingFlag>(line);
        else
          doc_.ParseInsitu<rapidjson::kParseDefaultFlags>(line);
        ok = count_dom(doc_, c, offset, code);
        break;
      case Mode::sax: {
        rapidjson::MemoryStream ms(line, n);
        rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
        CountingHandler h;
        const auto r = validate_ ? reader_.Parse<rapidjson::kParseValidateEncodingFlag>(is, h)
                                 : reader_.Parse<rapidjson::kParseDefaultFlags>(is, h);
        ok = !r.IsError();
        offset = r.Offset();
        code = r.Code();
        c.rounds += h.rounds;
        c.applications += h.applications;
        break;
      }
    }
    if (!ok && c.errors++ == 0) {
      c.first_error_line = c.lines;
      c.first_error = "byte " + std::to_string(offset + 1) + ": " + rapidjson::GetParseError_En(code);
    }
    // Values point into the pool: drop the root first, then every chunk
    // except the reused first buffer.
    doc_.SetNull();
    pool_.Clear();
  }

 private:
  static bool count_dom(const Document& doc, Counts& c, std::size_t& offset, rapidjson::ParseErrorCode& code) {
    if (doc.HasParseError()) {
      offset = doc.GetErrorOffset();
      code = doc.GetParseError();
      return false;
    }
    if (!doc.IsObject()) return true;
    const auto* kind = member(doc, "kind");
    if (!kind || !kind->IsString() || std::strcmp(kind->GetString(), "round") != 0) return true;
    ++c.rounds;
    if (const auto* apps = member(doc, "applicants"); apps && apps->IsArray()) c.applications += apps->Size();
    return true;
  }

  // FindMember without its iterator: RapidJSON 1.1's iterator comparison is
  // ambiguous under C++20's reversed operators.
  static const Document::ValueType* member(const Document::ValueType& obj, std::string_view key) {
    for (const auto& m : obj.GetObject())
      if (key == std::string_view(m.name.GetString(), m.name.GetStringLength())) return &m.value;
    return nullptr;
  }

  Mode mode_;
  bool validate_;
  bool nul_terminated_;
  bool fresh_;
  std::vector<char> pool_buffer_;
  Pool pool_;
  Document doc_;
  rapidjson::Reader reader_;
};

Counts run(const std::string& path, Mode mode, bool validate, bool nul_terminated, bool fresh, std::size_t block) {
  const int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  Parser parser(mode, validate, nul_terminated, fresh);
  Counts c;
  std::vector<char> buf(block + 1);  // +1: room for the NUL after a last line without newline
  std::size_t have = 0;              // bytes of an unfinished line carried to the front
  for (;;) {
    if (have == buf.size() - 1) buf.resize(buf.size() * 2);  // a line longer than the block
    const ssize_t got = ::read(fd, buf.data() + have, buf.size() - 1 - have);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
    }
    if (got == 0) {
      if (have > 0) {
        buf[have] = '\0';
        parser.parse(buf.data(), have, c);
      }
      break;
    }
    c.bytes += static_cast<std::uint64_t>(got);
    char* p = buf.data();
    char* const end = p + have + static_cast<std::size_t>(got);
    while (char* nl = static_cast<char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) {
      std::size_t n = static_cast<std::size_t>(nl - p);
      if (n > 0 && p[n - 1] == '\r') --n;
      p[n] = '\0';
      if (n > 0) parser.parse(p, n, c);
      p = nl + 1;
    }
    have = static_cast<std::size_t>(end - p);
    std::memmove(buf.data(), p, have);
  }
  if (fd != 0) ::close(fd);
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "fairaudit-parse-ceiling: the parse-only ceiling. One thread reads FILE in large blocks, splits lines and\n"
      "parses each line with RapidJSON, doing nothing else; prints bytes, lines, seconds and MB/s (1 MB = 10^6 bytes)."};
  std::string file, mode_name = "dom";
  std::size_t block_mib = 16;
  bool no_validate = false, nul_terminated = false, fresh = false;
  app.add_option("FILE", file, "JSON Lines export, or - for stdin")->required();
  app.add_option("--mode", mode_name,
                 "dom: a DOM per line, strings copied (what the host needs; the ceiling); insitu: a DOM per line "
                 "parsed in place; sax: SAX events only, no DOM")
      ->check(CLI::IsMember({"dom", "insitu", "sax"}))
      ->capture_default_str();
  app.add_option("--block-mib", block_mib, "read block size in MiB")->check(CLI::Range(1, 1024))->capture_default_str();
  app.add_flag("--no-validate-encoding", no_validate,
               "skip UTF-8 validation (the host validates, so this is below the honest ceiling's work)");
  app.add_flag("--nul-terminated", nul_terminated,
               "dom mode: parse each line with the NUL-terminated Parse(pointer) instead of Parse(pointer, length)");
  app.add_flag("--fresh-document", fresh,
               "dom mode: a new rapidjson::Document per line instead of one reused memory pool");
  CLI11_PARSE(app, argc, argv);
  const Mode mode = mode_name == "dom" ? Mode::dom : mode_name == "insitu" ? Mode::insitu : Mode::sax;
  try {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    const Counts c = run(file, mode, !no_validate, nul_terminated, fresh, block_mib << 20);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    std::printf(
        "mode=%s%s%s validate_encoding=%s bytes=%llu lines=%llu rounds=%llu applications=%llu errors=%llu seconds=%.4f "
        "cpu_seconds=%.4f MB/s=%.1f rounds/s=%.0f applications/s=%.0f cpu_MB/s=%.1f\n",
        mode_name.c_str(), nul_terminated && mode == Mode::dom ? "-nul-terminated" : "",
        fresh && mode == Mode::dom ? "-fresh-document" : "", no_validate ? "no" : "yes", static_cast<unsigned long long>(c.bytes),
        static_cast<unsigned long long>(c.lines), static_cast<unsigned long long>(c.rounds),
        static_cast<unsigned long long>(c.applications), static_cast<unsigned long long>(c.errors), s, cpu,
        static_cast<double>(c.bytes) / 1e6 / s, static_cast<double>(c.rounds) / s,
        static_cast<double>(c.applications) / s, static_cast<double>(c.bytes) / 1e6 / cpu);
    if (c.errors) {
      std::fprintf(stderr, "fairaudit-parse-ceiling: %llu lines are not valid JSON; the first is line %llu (%s)\n",
                   static_cast<unsigned long long>(c.errors), static_cast<unsigned long long>(c.first_error_line),
                   c.first_error.c_str());
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fairaudit-parse-ceiling: %s\n", e.what());
    return 2;
  }
  return 0;
}
