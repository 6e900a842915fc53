#include "emit/output.hpp"

#include "common/leftovers.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <stdexcept>

namespace fairaudit::emit {

AtomicOutput::AtomicOutput(const std::string& path) : path_(path) {
  if (path.empty() || path == "-") {
    stdout_ = true;
    fp_ = stdout;
    return;
  }
  std::filesystem::path p(path);
  // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written to directly:
  // renaming a temporary file over it would replace the device itself.
  std::error_code ec;
  if (std::filesystem::exists(p, ec) && !std::filesystem::is_regular_file(p, ec)) {
    fp_ = std::fopen(path.c_str(), "wb");
    if (!fp_) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    direct_ = true;
    return;
  }
  // The file keeps the mode of the file it replaces; a new one gets what the
  // umask allows, as any file the user's programs create (077 keeps outputs
  // with applicant ids to their owner).
  struct stat st {};
  mode_ = (::stat(path.c_str(), &st) == 0) ? unsigned(st.st_mode) & 07777u : 0666u & ~common::current_umask();
  std::string dir = p.parent_path().empty() ? "." : p.parent_path().string();
  // A run killed while writing left its temporary file; the next write of the
  // same file removes it (only those of processes that have ended).
  const std::string prefix = "." + p.filename().string() + ".tmp-";
  common::remove_leftovers(dir, prefix);
  tmp_ = dir + "/" + common::owned_prefix(prefix) + "XXXXXX";
  int fd = mkstemp(tmp_.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file next to " + path + ": " + std::strerror(errno));
  fp_ = fdopen(fd, "wb");
  if (!fp_) {
    ::close(fd);
    ::unlink(tmp_.c_str());
    throw std::runtime_error("cannot open " + tmp_ + ": " + std::strerror(errno));
  }
}

AtomicOutput::~AtomicOutput() {
  if (direct_ && fp_) {
    std::fclose(fp_);
    return;
  }
  if (stdout_ || committed_) return;
  if (fp_) std::fclose(fp_);
  ::unlink(tmp_.c_str());
}

void AtomicOutput::write_failed() const {
  throw std::runtime_error("cannot write " + (stdout_ ? std::string("standard output") : path_) + ": " +
                           std::strerror(errno));
}

void AtomicOutput::write(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), fp_) != data.size()) write_failed();
}

void AtomicOutput::sync() {
  if (std::fflush(fp_) != 0 || (!stdout_ && !direct_ && ::fsync(fileno(fp_)) != 0)) write_failed();
}

void AtomicOutput::commit() {
  if (stdout_) {
    std::fflush(stdout);
    committed_ = true;
    return;
  }
  if (direct_) {
    if (std::fflush(fp_) != 0) throw std::runtime_error("cannot write " + path_);
    committed_ = true;
    return;
  }
  if (std::fflush(fp_) != 0 || ::fsync(fileno(fp_)) != 0) throw std::runtime_error("cannot write " + path_);
  // mkstemp made it 0600 while it was being written.
  if (::fchmod(fileno(fp_), mode_t(mode_)) != 0)
    throw std::runtime_error("cannot set the mode of " + path_ + ": " + std::strerror(errno));
  std::fclose(fp_);
  fp_ = nullptr;
  if (std::getenv("FAIRAUDIT_TEST_FAIL_BEFORE_RENAME"))  // failure injection for the atomic-output test
    throw std::runtime_error("injected failure before rename of " + path_);
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot rename " + tmp_ + " to " + path_ + ": " + std::strerror(errno));
  committed_ = true;
}

void write_output(const std::string& path, std::string_view data) {
  AtomicOutput out(path);
  out.write(data);
  out.commit();
}

}  // namespace fairaudit::emit
