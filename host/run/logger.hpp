// The logger plugins log through: the host's (one spdlog registry, the
// host's), each line prefixed with the plugin's name.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

#include "fairaudit/plugin.hpp"

namespace fairaudit::run {

class HostLogger : public fairaudit::Logger {
 public:
  explicit HostLogger(std::string plugin) : prefix_(std::move(plugin) + ": ") {}
  void debug(std::string_view m) override { spdlog::debug("{}{}", prefix_, m); }
  void info(std::string_view m) override { spdlog::info("{}{}", prefix_, m); }
  void warn(std::string_view m) override { spdlog::warn("{}{}", prefix_, m); }

 private:
  std::string prefix_;
};

}  // namespace fairaudit::run
