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
};

// Checks and appends. Throws Refused; store::StoreError when the store fails.
Outcome record(store::Store& st, const Request& rq);

}  // namespace fairaudit::review
