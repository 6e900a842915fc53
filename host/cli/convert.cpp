#include "cli/convert.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "cli/cli.hpp"
#include "cli/common.hpp"
#include "convert/bytes.hpp"
#include "convert/convert.hpp"
#include "convert/mapping.hpp"
#include "emit/output.hpp"

namespace fairaudit::cli {

namespace fs = std::filesystem;

namespace {

convert::ConvertReport run_conversion(const convert::Mapping& m, const std::vector<std::string>& inputs,
                                      const convert::ConvertOptions& o, emit::AtomicOutput& out) {
  return convert::convert(m, inputs, o, [&](std::string_view chunk) { out.write(chunk); });
}

}  // namespace

int cmd_convert(const ConvertArgs& a) {
  convert::Mapping m;
  try {
    m = convert::load_mapping(a.mapping);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  convert::ConvertOptions o;
  o.memory_limit = a.memory_mb << 20;
  o.temp_dir = a.temp_dir;
  o.strict = a.strict;
  o.output_name = a.output.empty() ? "<stdout>" : a.output;
  try {
    emit::AtomicOutput out(a.output);
    auto report = run_conversion(m, a.inputs, o, out);
    out.commit();
    std::fputs(report.text().c_str(), stderr);
  } catch (const common::StrictError& e) {
    return fail(std::string("--strict: ") + e.what() + (a.output.empty() ? "" : " (nothing was written)"));
  } catch (const std::exception& e) {
    return fail(std::string(e.what()) + (a.output.empty() ? "" : " (nothing was written)"));
  }
  return kExitOk;
}

ConvertedExport::~ConvertedExport() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

std::unique_ptr<ConvertedExport> convert_for_audit(const std::string& mapping, const std::vector<std::string>& inputs,
                                                   bool strict) {
  convert::Mapping m = convert::load_mapping(mapping);
  std::string stem = inputs.empty() || inputs.front() == "-" ? "stdin" : fs::path(inputs.front()).stem().string();
  std::string path = convert::default_temp_dir() + "/fairaudit-" + stem + "-XXXXXX.jsonl";
  int fd = mkstemps(path.data(), 6);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file in " + convert::default_temp_dir() + ": " +
                                       std::strerror(errno));
  auto result = std::make_unique<ConvertedExport>(path);
  std::FILE* f = fdopen(fd, "wb");
  if (!f) {
    ::close(fd);
    throw std::runtime_error("cannot open " + path);
  }
  convert::ConvertOptions o;
  o.strict = strict;
  o.output_name = path;
  convert::ConvertReport& report = result->report;
  try {
    report = convert::convert(m, inputs, o, [&](std::string_view chunk) {
      if (std::fwrite(chunk.data(), 1, chunk.size(), f) != chunk.size())
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    });
  } catch (const common::StrictError& e) {
    std::fclose(f);
    throw std::runtime_error(std::string("--strict: ") + e.what());
  } catch (...) {
    std::fclose(f);
    throw;
  }
  if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  std::fputs(report.text().c_str(), stderr);
  return result;
}

}  // namespace fairaudit::cli
