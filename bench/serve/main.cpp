// fairaudit-serve-load — N signed-in sessions browse `fairaudit serve` for T
// seconds (findings lists with filters, single findings, the runs, and their
// JSON), each as fast as the server answers, while a nightly audit (a shell
// command) writes into the same store. Prints requests/s and p50/p99 latency
// per route, overall and while the nightly ran. bench/serve/run.sh builds the
// store and starts everything; bench/README.md says what the figures mean.
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <latch>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "client.hpp"
#include "stats.hpp"

namespace fairaudit::bench::serve {
namespace {

using Clock = std::chrono::steady_clock;

struct Account {
  std::string name, password;
};

// What the sessions pick their requests from.
struct Catalogue {
  std::vector<std::string> fingerprints, units, rules;
  std::vector<std::string> since;  // run ids for ?since=
};

std::vector<Account> read_accounts(const std::string& path) {
  std::ifstream in(path);
  std::vector<Account> out;
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (line.empty() || tab == std::string::npos) continue;
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  if (out.empty()) throw std::runtime_error("--users: " + path + " has no line NAME<TAB>PASSWORD");
  return out;
}

// A TSV of fingerprint, org unit, rule (bench/serve/run.sh writes it from the
// store); without one, what the first page of /api/findings names.
void read_catalogue(const std::string& path, Catalogue& c) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("--findings: cannot read " + path);
  std::set<std::string> units, rules;
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string fp, unit, rule;
    std::getline(f, fp, '\t');
    std::getline(f, unit, '\t');
    std::getline(f, rule, '\t');
    if (fp.empty()) continue;
    c.fingerprints.push_back(fp);
    if (!unit.empty()) units.insert(unit);
    if (!rule.empty()) rules.insert(rule);
  }
  c.units.assign(units.begin(), units.end());
  c.rules.assign(rules.begin(), rules.end());
}

void harvest(const std::string& json, Catalogue& c) {
  auto all = [&](const std::regex& re, std::set<std::string>& out) {
    for (std::sregex_iterator it(json.begin(), json.end(), re), end; it != end; ++it) out.insert((*it)[1].str());
  };
  std::set<std::string> fps, units, rules;
  all(std::regex(R"re("fingerprint"\s*:\s*"([0-9a-f]{8,})")re"), fps);
  all(std::regex(R"re("org_unit"\s*:\s*"([^"]+)")re"), units);
  all(std::regex(R"re("rule"\s*:\s*"([^"]+)")re"), rules);
  c.fingerprints.assign(fps.begin(), fps.end());
  c.units.assign(units.begin(), units.end());
  c.rules.assign(rules.begin(), rules.end());
}

// Every unit path and its parents: the unit filter is tried at each level.
void add_parents(Catalogue& c) {
  std::set<std::string> all(c.units.begin(), c.units.end());
  for (const auto& u : c.units)
    for (auto at = u.find('/'); at != std::string::npos; at = u.find('/', at + 1)) all.insert(u.substr(0, at));
  c.units.assign(all.begin(), all.end());
}

class Session {
 public:
  Session(const std::string& host, const std::string& port, const Catalogue& c, std::uint64_t seed)
      : client_(host, port), c_(c), rng_(seed) {}

  Client& client() { return client_; }

  // How long a reader looks at a page before the next click: exponential
  // with the given mean (0: no pause, every session asks again at once).
  std::chrono::duration<double> think(double mean_ms) {
    if (mean_ms <= 0) return std::chrono::duration<double>(0);
    return std::chrono::duration<double>(std::exponential_distribution<double>(1000.0 / mean_ms)(rng_));
  }

  // One request of the mix: 15% runs, 30% a findings list, 30% a finding,
  // 10% a findings list as JSON, 15% a finding as JSON.
  std::pair<Route, std::string> next() {
    const int roll = pick(100);
    if (roll < 15) return {Route::runs, "/runs"};
    if (roll < 45) return {Route::findings, "/findings" + filters()};
    if (roll < 75) return {Route::finding, "/findings/" + any(c_.fingerprints)};
    if (roll < 85) return {Route::api_findings, "/api/findings" + filters()};
    return {Route::api_finding, "/api/findings/" + any(c_.fingerprints)};
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  const std::string& any(const std::vector<std::string>& v) { return v[static_cast<std::size_t>(pick(static_cast<int>(v.size())))]; }

  // What a reader narrows a list by (docs/serve.md): none, one, or a unit
  // with a severity.
  std::string filters() {
    static const char* severities[] = {"error", "warning", "note"};
    switch (pick(7)) {
      case 0: return "";
      case 1: return std::string("?severity=") + severities[pick(3)];
      case 2: return c_.units.empty() ? "" : "?unit=" + url_encode(any(c_.units));
      case 3: return c_.rules.empty() ? "" : "?rule=" + url_encode(any(c_.rules));
      case 4: return "?state=open";
      case 5: return c_.since.empty() ? "?state=open" : "?since=" + url_encode(any(c_.since));
      default:
        return (c_.units.empty() ? std::string("?") : "?unit=" + url_encode(any(c_.units)) + "&") +
               "severity=" + severities[pick(3)];
    }
  }

  Client client_;
  const Catalogue& c_;
  std::mt19937_64 rng_;
};

double load_average() {
  double one = 0;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &one) != 1) one = 0;
    std::fclose(f);
  }
  return one;
}

// The nightly: `sh -c CMD`, started `after` seconds into the load.
struct Nightly {
  std::string command;
  double after = 2;
  double started = -1, finished = -1;
  int status = -1;

  void run(Clock::time_point t0) {
    std::this_thread::sleep_until(t0 + std::chrono::duration<double>(after));
    started = std::chrono::duration<double>(Clock::now() - t0).count();
    const pid_t pid = fork();
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int st = 0;
    if (pid > 0 && waitpid(pid, &st, 0) == pid) status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    finished = std::chrono::duration<double>(Clock::now() - t0).count();
  }
};

void row(const char* name, const Figures& all, const Figures* during, const Figures* quiet) {
  std::printf("| %s | %zu | %.1f | %.1f | %.1f | %.1f | %zu |", name, all.requests, all.per_second, all.p50_ms, all.p99_ms,
              all.max_ms, all.errors);
  if (during) std::printf(" %.1f | %.1f | %.1f |", during->per_second, during->p50_ms, during->p99_ms);
  if (quiet) std::printf(" %.1f | %.1f | %.1f |", quiet->per_second, quiet->p50_ms, quiet->p99_ms);
  std::printf("\n");
}

// The samples outside [from, to): the load before and after the nightly.
Figures outside(const std::vector<Sample>& all, Route route, double from, double to, double end) {
  std::vector<Sample> rest;
  for (const Sample& s : all)
    if (s.start_s < from || s.start_s >= to) rest.push_back(s);
  Figures f = figures(rest, route, 0, end);
  const double span = from + std::max(0.0, end - to);
  f.per_second = span > 0 ? static_cast<double>(f.requests) / span : 0;
  return f;
}

int main_(int argc, char** argv) {
  CLI::App app{"fairaudit-serve-load: signed-in sessions browse fairaudit serve; requests/s and latency per route"};
  std::string server, ready_file, users_file, findings_file;
  std::vector<std::string> since;
  unsigned sessions = 50;
  double seconds = 30;
  std::uint64_t seed = 1;
  double think_ms = 0;
  Nightly nightly;
  app.add_option("--server", server, "HOST:PORT of the server");
  app.add_option("--ready-file", ready_file, "the file fairaudit serve --ready-file wrote (instead of --server)");
  app.add_option("--users", users_file, "NAME<TAB>PASSWORD per line; the sessions take them in turn")->required();
  app.add_option("--findings", findings_file, "FINGERPRINT<TAB>ORG_UNIT<TAB>RULE per line (default: from /api/findings)");
  app.add_option("--since", since, "run ids for the ?since= filter");
  app.add_option("--sessions", sessions, "signed-in sessions, one thread each")->check(CLI::Range(1u, 2000u));
  app.add_option("--seconds", seconds, "how long the sessions browse")->check(CLI::PositiveNumber);
  app.add_option("--nightly", nightly.command, "a shell command run while the sessions browse (the nightly audit)");
  app.add_option("--nightly-after", nightly.after, "seconds into the load the nightly starts")->check(CLI::NonNegativeNumber);
  app.add_option("--seed", seed, "the request mix's seed");
  app.add_option("--think", think_ms,
                 "mean milliseconds a session reads a page before its next request (exponential; 0: none)")
      ->check(CLI::NonNegativeNumber);
  CLI11_PARSE(app, argc, argv);

  if (server.empty() && !ready_file.empty()) std::getline(std::ifstream(ready_file), server);
  const auto colon = server.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--server or --ready-file: expected HOST:PORT");
  const std::string host = server.substr(0, colon), port = server.substr(colon + 1);
  const auto accounts = read_accounts(users_file);

  Catalogue cat;
  cat.since = since;
  std::vector<std::unique_ptr<Session>> all;
  for (unsigned i = 0; i < sessions; ++i) all.push_back(std::make_unique<Session>(host, port, cat, seed * 1000003 + i));

  // Sign every session in (not measured with the load; an Argon2 hash each).
  const auto login0 = Clock::now();
  std::atomic<unsigned> failed{0};
  {
    std::vector<std::thread> t;
    for (unsigned i = 0; i < sessions; ++i)
      t.emplace_back([&, i] {
        const Account& a = accounts[i % accounts.size()];
        std::string why;
        bool ok = false;
        for (int attempt = 0; attempt < 5 && !ok; ++attempt) {
          ok = all[i]->client().sign_in(a.name, a.password, why);
          if (!ok) std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
        }
        if (!ok) {
          std::fprintf(stderr, "fairaudit-serve-load: session %u (%s): %s\n", i, a.name.c_str(), why.c_str());
          ++failed;
        }
      });
    for (auto& x : t) x.join();
  }
  const double login_s = std::chrono::duration<double>(Clock::now() - login0).count();
  if (failed) throw std::runtime_error(std::to_string(failed.load()) + " of the sessions could not sign in");

  if (findings_file.empty()) harvest(all[0]->client().get("/api/findings").body, cat);
  else read_catalogue(findings_file, cat);
  add_parents(cat);
  if (cat.fingerprints.empty()) throw std::runtime_error("no finding to browse (the store is empty, or /api/findings named none)");

  const double load_before = load_average();
  std::vector<std::vector<Sample>> samples(sessions);
  std::latch go(static_cast<std::ptrdiff_t>(sessions) + 1);
  Clock::time_point t0;
  const auto deadline = [&] { return t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)); };
  std::vector<std::thread> threads;
  std::atomic<unsigned> relogins{0};
  for (unsigned i = 0; i < sessions; ++i)
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      Session& s = *all[i];
      auto& out = samples[i];
      while (Clock::now() < deadline()) {
        auto [route, target] = s.next();
        const auto start = Clock::now();
        Reply r;
        try {
          r = s.client().get(target);
        } catch (const std::exception&) {
          r.status = 0;
        }
        const auto end = Clock::now();
        out.push_back({std::chrono::duration<double>(start - t0).count(),
                       static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(end - start).count()),
                       route, r.status == 200});
        // A session the server ended (303 to /login, 401): sign in again.
        if (r.status == 401 || (r.status == 303 && r.location.rfind("/login", 0) == 0)) {
          const Account& a = accounts[i % accounts.size()];
          std::string why;
          s.client().sign_in(a.name, a.password, why);
          ++relogins;
        }
        if (think_ms > 0) std::this_thread::sleep_until(std::min(deadline(), Clock::now() + std::chrono::duration_cast<Clock::duration>(s.think(think_ms))));
      }
    });
  t0 = Clock::now();
  go.arrive_and_wait();
  std::thread night;
  if (!nightly.command.empty()) night = std::thread([&] { nightly.run(t0); });
  for (auto& t : threads) t.join();
  const double load_after = load_average();
  if (night.joinable()) {
    if (nightly.finished < 0) std::fprintf(stderr, "fairaudit-serve-load: the load is over; waiting for the nightly to finish\n");
    night.join();
  }

  std::vector<Sample> merged;
  for (auto& v : samples) merged.insert(merged.end(), v.begin(), v.end());
  const bool with_night = nightly.started >= 0;
  const double night_to = std::min(nightly.finished, seconds);

  std::printf("fairaudit-serve-load: %u sessions (%zu users), %.0f s of load after %.1f s of signing in; %zu findings to pick from\n",
              sessions, accounts.size(), seconds, login_s, cat.fingerprints.size());
  if (think_ms > 0) std::printf("each session reads a page for %.0f ms on average (exponential) before its next request\n", think_ms);
  else std::printf("no pause between a session's requests: every session asks again as soon as it is answered\n");
  std::printf("load average (1 min) %.2f at the start, %.2f at the end\n", load_before, load_after);
  if (with_night)
    std::printf("the nightly ran from %.1f s to %.1f s (exit %d)%s\n", nightly.started, nightly.finished, nightly.status,
                nightly.finished > seconds ? ", past the end of the load" : "");
  if (relogins) std::printf("%u sessions were signed out by the server and signed in again\n", relogins.load());
  // Columns for the stretch before and after the nightly only when there is one.
  const bool with_quiet = with_night && (nightly.started >= 1 || night_to < seconds - 1);
  std::printf("\n| route | requests | req/s | p50 ms | p99 ms | max ms | errors |%s%s\n",
              with_night ? " req/s, nightly | p50 ms, nightly | p99 ms, nightly |" : "",
              with_quiet ? " req/s, no nightly | p50 ms, no nightly | p99 ms, no nightly |" : "");
  std::printf("|---|---:|---:|---:|---:|---:|---:|%s%s\n", with_night ? "---:|---:|---:|" : "",
              with_quiet ? "---:|---:|---:|" : "");
  for (int r = 0; r <= static_cast<int>(Route::count); ++r) {
    const auto route = static_cast<Route>(r);
    const Figures f = figures(merged, route, 0, seconds);
    if (with_night) {
      const Figures d = figures(merged, route, nightly.started, night_to);
      const Figures q = outside(merged, route, nightly.started, night_to, seconds);
      row(label(route), f, &d, with_quiet ? &q : nullptr);
    } else {
      row(label(route), f, nullptr, nullptr);
    }
  }
  std::size_t errors = 0;
  for (const auto& s : merged) errors += !s.ok;
  return errors ? 1 : 0;
}

}  // namespace
}  // namespace fairaudit::bench::serve

int main(int argc, char** argv) {
  try {
    return fairaudit::bench::serve::main_(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fairaudit-serve-load: %s\n", e.what());
    return 2;
  }
}
