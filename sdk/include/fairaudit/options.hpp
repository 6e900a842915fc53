// fairaudit plugin SDK — options declared as data, read through one typed accessor.
//
// A plugin declares its options (key, type, default, range, description) in
// its PluginInfo. The host checks the policy's values against these
// declarations before the plugin sees them: unknown keys, wrong types and
// values out of range are errors naming the policy file and the key. The
// plugin then reads its options once, in configure(), through Options.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "fairaudit/api.hpp"

namespace fairaudit {

enum class OptionType : std::uint8_t { boolean, integer, real, string, string_list, string_lists };
const char* to_string(OptionType);

using StringList = std::vector<std::string>;
using StringLists = std::vector<StringList>;
using OptionValue = std::variant<bool, std::int64_t, double, std::string, StringList, StringLists>;

struct OptionSpec {
  std::string key;
  OptionType type = OptionType::string;
  OptionValue default_value;
  std::string description;
  std::optional<double> min;     // integer and real
  std::optional<double> max;     // integer and real
  std::vector<std::string> choices;  // string and list items: the allowed words (empty: any)

  static OptionSpec boolean(std::string key, bool def, std::string description) {
    return {std::move(key), OptionType::boolean, def, std::move(description), {}, {}, {}};
  }
  static OptionSpec integer(std::string key, std::int64_t def, std::int64_t min, std::int64_t max,
                            std::string description) {
    return {std::move(key), OptionType::integer, def, std::move(description),
            static_cast<double>(min), static_cast<double>(max), {}};
  }
  static OptionSpec real(std::string key, double def, double min, double max, std::string description) {
    return {std::move(key), OptionType::real, def, std::move(description), min, max, {}};
  }
  static OptionSpec string(std::string key, std::string def, std::vector<std::string> choices,
                           std::string description) {
    return {std::move(key), OptionType::string, std::move(def), std::move(description), {}, {}, std::move(choices)};
  }
  static OptionSpec list(std::string key, StringList def, std::vector<std::string> choices,
                         std::string description) {
    return {std::move(key), OptionType::string_list, std::move(def), std::move(description), {}, {},
            std::move(choices)};
  }
  static OptionSpec lists(std::string key, StringLists def, std::vector<std::string> choices,
                          std::string description) {
    return {std::move(key), OptionType::string_lists, std::move(def), std::move(description), {}, {},
            std::move(choices)};
  }
};

// Thrown by Options for an undeclared key or a wrong type (a plugin bug), and
// by a plugin's configure() for a value that is bad in combination with
// another; the host adds the policy file to the message.
class FAIRAUDIT_VISIBLE OptionError : public std::runtime_error {
 public:
  OptionError(std::string key, const std::string& message)
      : std::runtime_error(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// The effective options of one plugin: every declared key has a value (the
// policy's or the default).
class FAIRAUDIT_VISIBLE Options {
 public:
  Options() = default;
  explicit Options(std::map<std::string, OptionValue> values) : values_(std::move(values)) {}

  bool get_bool(const std::string& key) const { return get<bool>(key, OptionType::boolean); }
  std::int64_t get_int(const std::string& key) const { return get<std::int64_t>(key, OptionType::integer); }
  double get_real(const std::string& key) const { return get<double>(key, OptionType::real); }
  const std::string& get_string(const std::string& key) const {
    return get<std::string>(key, OptionType::string);
  }
  const StringList& get_list(const std::string& key) const { return get<StringList>(key, OptionType::string_list); }
  const StringLists& get_lists(const std::string& key) const {
    return get<StringLists>(key, OptionType::string_lists);
  }
  const std::map<std::string, OptionValue>& values() const { return values_; }

 private:
  template <typename T>
  const T& get(const std::string& key, OptionType type) const {
    auto it = values_.find(key);
    if (it == values_.end()) throw OptionError(key, "option '" + key + "' is not declared by the plugin");
    if (const T* v = std::get_if<T>(&it->second)) return *v;
    throw OptionError(key, "option '" + key + "' is read as " + to_string(type) + " but declared otherwise");
  }
  std::map<std::string, OptionValue> values_;
};

}  // namespace fairaudit
