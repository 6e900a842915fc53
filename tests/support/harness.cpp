#include "support/harness.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>

#include "ingest/record.hpp"
#include "loader/loader.hpp"
#include "policy/policy.hpp"
#include "test_paths.hpp"

namespace fairaudit::testing {
namespace {

class SilentLogger : public fairaudit::Logger {
 public:
  void debug(std::string_view) override {}
  void info(std::string_view) override {}
  void warn(std::string_view) override {}
};

// Mirrors the runner's commit: full rule ids, severities resolved from the
// rule's declaration, undeclared rules are an error.
class CollectingSink : public Sink {
 public:
  CollectingSink(const PluginInfo& info, Collected& out) : info_(info), out_(out) {}
  void check(Check c) override {
    rule(c.rule);
    c.rule = info_.name + "/" + c.rule;
    out_.checks.push_back(std::move(c));
  }
  void finding(Finding f) override {
    const RuleInfo& r = rule(f.rule);
    if (!f.severity) f.severity = r.default_severity;
    f.rule = info_.name + "/" + f.rule;
    out_.findings.push_back(std::move(f));
  }

 private:
  const RuleInfo& rule(const std::string& id) {
    for (const auto& r : info_.rules)
      if (r.id == id) return r;
    throw std::runtime_error("plugin reported undeclared rule '" + id + "'");
  }
  const PluginInfo& info_;
  Collected& out_;
};

bool matches(const Check& c, const std::string& rule, const std::string& where, const std::string& key) {
  if (c.rule != rule || c.key != key) return false;
  return c.scope == Scope::round ? c.round_id == where : c.org_unit == where;
}

}  // namespace

struct Harness::Impl {
  loader::LoadedPlugin plugin;
  SilentLogger log;
};

Harness::Harness(const std::string& plugin, const std::string& options_json) : impl_(new Impl) {
  // An exception from configure() was made by the plugin's code, which also
  // destroys it: it is copied and left behind before the library is unloaded,
  // as the host does.
  std::optional<std::string> failure;
  std::optional<std::string> option_key;
  try {
    loader::PluginLoader loader({FAIRAUDIT_TEST_PLUGIN_DIR});
    impl_->plugin = loader.load(plugin);
    Options opts = policy::resolve_options_json(plugin, options_json, impl_->plugin.info.options, "test options");
    impl_->plugin.plugin->configure(opts, impl_->log);
  } catch (const OptionError& e) {
    option_key = e.key();
    failure = e.what();
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "an exception that is not a std::exception";
  }
  if (failure) {
    delete impl_;
    if (option_key) throw OptionError(*option_key, *failure);
    throw std::runtime_error(*failure);
  }
}

Harness::~Harness() { delete impl_; }

PluginInfo Harness::info() const { return impl_->plugin.plugin->info(); }

Collected Harness::run(std::string_view jsonl) {
  Collected out;
  CollectingSink sink(impl_->plugin.info, out);
  ingest::Limits limits;
  std::uint64_t line = 0;
  std::size_t pos = 0;
  while (pos <= jsonl.size()) {
    std::size_t nl = jsonl.find('\n', pos);
    if (nl == std::string_view::npos) nl = jsonl.size();
    std::string_view text = jsonl.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto o = ingest::parse_line(text, Source{"test", line}, limits);
    if (o.error) throw std::runtime_error("bad test record: " + o.error->to_string());
    Plugin& p = *impl_->plugin.plugin;
    std::visit(
        [&](auto& rec) {
          using T = std::decay_t<decltype(rec)>;
          if constexpr (std::is_same_v<T, Round>) p.round(rec, sink);
          else if constexpr (std::is_same_v<T, UnitRecord>) p.unit(rec, sink);
          else p.measures(rec, sink);
        },
        *o.record);
  }
  impl_->plugin.plugin->finish(sink);
  return out;
}

const Check* Collected::check(const std::string& rule, const std::string& where, const std::string& key) const& {
  const Check* found = nullptr;
  for (const auto& c : checks)
    if (matches(c, rule, where, key)) {
      if (found) return nullptr;
      found = &c;
    }
  return found;
}

Verdict Collected::verdict(const std::string& rule, const std::string& where, const std::string& key) const {
  int n = 0;
  const Check* found = nullptr;
  for (const auto& c : checks)
    if (matches(c, rule, where, key)) {
      ++n;
      found = &c;
    }
  if (n != 1) {
    ADD_FAILURE() << "expected exactly one verdict of " << rule << " for " << where
                  << (key.empty() ? "" : " [" + key + "]") << ", found " << n;
    return Verdict::not_applicable;
  }
  return found->verdict;
}

std::vector<const Finding*> Collected::of(const std::string& rule, const std::string& where) const& {
  std::vector<const Finding*> out;
  for (const auto& f : findings)
    if (f.rule == rule && (where.empty() || f.round_id == where || (f.round_id.empty() && f.org_unit == where)))
      out.push_back(&f);
  return out;
}

Round parse_round(std::string_view json_line) {
  auto o = ingest::parse_line(json_line, Source{"test", 1}, ingest::Limits{});
  if (o.error) throw std::runtime_error("bad test record: " + o.error->to_string());
  if (!std::holds_alternative<Round>(*o.record)) throw std::runtime_error("test record is not a round");
  return std::get<Round>(std::move(*o.record));
}

std::string source_path(const std::string& relative) { return std::string(FAIRAUDIT_SOURCE_DIR) + "/" + relative; }

}  // namespace fairaudit::testing
