// Recording a review: the one code path `fairaudit review set` and the
// server's review form share. It checks what a reviewer wrote (state, role,
// justification, name), appends the review to the store's trail and says in
// the reader's language what was recorded.
#pragma once

#include <stdexcept>
#include <string>

#include "store/store.hpp"

namespace fairaudit::review {

struct Request {
  std::string fingerprint;    // full, or a unique prefix of at least 4 hex digits
  std::string state;          // acknowledged, disputed, resolved, suppressed
  std::string role;           // as the reviewer writes it (local names accepted)
  std::string justification;  // required
  std::string reviewer;       // a name or initials; the server gives the user's login name
};

struct Outcome {
  store::Review review;  // as stored
  // A suppression the policy wants two sides for, waiting for the other side.
  bool pending = false;
  std::string message;  // one sentence, in the current language
};

// Why a review was not recorded: one sentence in the current language that
// echoes nothing the reviewer wrote.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
  Refused(std::string field_name, const std::string& message)
      : std::runtime_error(message), field(std::move(field_name)) {}
  // The Request field refused: "state", "role", "justification", "reviewer"
  // or "fingerprint" (the CLI names its option, the server its form field).
  std::string field;
};

// Checks and appends. Throws Refused; store::StoreError when the store fails.
//
// Checked, in this order, before anything is written: the state (one a
// reviewer may set), the role (i18n::review_role), a justification that is
// not blank, no identifier in the justification nor in the reviewer's name
// (ingest::scan, as the export is guarded), and a fingerprint that names
// exactly one finding. Control characters are stored escaped. Under a policy
// whose latest run wants two sides for a suppression
// (store::Store::suppression_needs_two_sides), the first side's suppression
// is recorded and pending: Outcome::pending, and the message says who must
// agree (store::standing decides, for every reader of the store).
Outcome record(store::Store& st, const Request& rq);

// "suppression pending (HR agreed; the union or the representative to
// agree)" or the other way round, in the current language, for a
// store::Standing::pending review.
std::string pending_text(const store::Review& pending);

}  // namespace fairaudit::review
