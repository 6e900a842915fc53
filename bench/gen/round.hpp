// fairaudit-gen — one hiring round: simulated, then written as one JSON line.
//
// A round is simulated as an employer runs it (advertise, applications,
// screening, interview invitations, interviews, ranking, recommendation,
// decision, offers) and only then written, so every date follows from the
// process and the gaps are deliberate: a decision before the recommendation,
// a representative invited after the first interview, a hire without an
// interview, a rejection without a reason code. Scratch space is reused from
// round to round: memory follows the largest round, not the export.
#pragma once

#include <cstdint>
#include <vector>

#include "rng.hpp"
#include "units.hpp"
#include "writer.hpp"

namespace fairaudit::gen {

// What the planted disparities did, for the manifest: invitations among the
// qualified, in planted units, for the planted group and everyone else.
struct PlantedEffect {
  std::uint64_t focal_qualified = 0, focal_invited = 0;
  std::uint64_t other_qualified = 0, other_invited = 0;
};

struct RoundStats {
  std::uint64_t rounds = 0;
  std::uint64_t applications = 0;
  std::uint64_t hires = 0;
  std::uint64_t interviews = 0;
  PlantedEffect planted;
};

class RoundWriter {
 public:
  // planted_penalty: how much lower, in standard deviations of merit, the
  // planted group's applicants are scored when the shortlist is drawn.
  RoundWriter(int year, double planted_penalty) : year_(year), penalty_(planted_penalty) {}

  // Simulates and writes round `index` with `applicants` applications in
  // `leaf`. `progress` in [0, 1] places the round in the year, so the export
  // runs roughly in date order as ATS exports do.
  void write(Writer& w, const Dates& dates, Rng& rng, std::uint64_t index, int applicants, Leaf& leaf,
             const Org& org, double progress);

  const RoundStats& stats() const { return stats_; }
  // Rounds then carry no document records (an ATS that records little): the
  // default policy finds about four findings a round (the heavy-findings
  // export of bench/run.sh --heavy). The random draws stay the same.
  void without_documents() { documents_ = false; }

  struct Event {
    std::int32_t day;
    std::int32_t seconds;  // -1: date only
    std::uint8_t type;     // fairaudit::Stage
    std::uint8_t reason;   // index into the reason-code list; 0 = none
  };
  struct Person {
    std::uint32_t id;
    Gender gender;
    Answer self_id[4];
    std::int8_t age_band;  // -1: not given
    Outcome outcome;
    bool meets_requirements;
    bool focal;
    bool invited;
    bool held;
    bool hired;
    bool out;  // withdrawn or rejected: no further events
    bool equally_qualified_with_top;
    int rank;  // 0: not ranked
    double merit;
    double key;
    std::int32_t interview_day;
    std::int32_t interview_seconds;
    int n_events;
    Event events[12];

    void add(Stage s, std::int32_t day, std::int32_t seconds = -1, std::uint8_t reason = 0) {
      if (n_events < 12) events[n_events++] = Event{day, seconds, static_cast<std::uint8_t>(s), reason};
    }
  };

 private:
  int year_;
  double penalty_;
  bool documents_ = true;
  RoundStats stats_;
  std::vector<Person> people_;
  std::vector<int> pool_, ranked_, order_;
};

}  // namespace fairaudit::gen
