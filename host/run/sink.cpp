#include "run/sink.hpp"

namespace fairaudit::run {

void BufferSink::check(Check c) {
  if (!keep_evidence_) c.evidence = {};
  checks.push_back(std::move(c));
}

bool BufferSink::counted(const std::string& rule, Scope scope, Verdict v) {
  const auto it = rules_.find(rule);
  if (it == rules_.end() || kept_whole(it->second, scope, keep_all_, keep_units_)) return false;
  if (!it->second.off) verdicts.emplace_back(&it->second, v);
  return true;
}

}  // namespace fairaudit::run
