#include "review/review.hpp"

#include <algorithm>
#include <cctype>

#include "common/enums.hpp"
#include "common/printable.hpp"
#include "i18n/i18n.hpp"
#include "i18n/roles.hpp"
#include "ingest/pii.hpp"

namespace fairaudit::review {
namespace {

// Placeholders are filled after translation (i18n.hpp); the values put in
// are fairaudit's own words, never what the reviewer wrote.
std::string fill(std::string s, std::string_view key, const std::string& value) {
  const std::string k = "{" + std::string(key) + "}";
  if (auto at = s.find(k); at != std::string::npos) s.replace(at, k.size(), value);
  return s;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// A justification is free text that unions and HR will read for years: it
// must not carry an applicant's identity (GDPR Art. 5(1)(c), 9). The same
// guard as the export's refuses e-mail addresses, phone and identity numbers.
std::optional<std::string> identifier_in(const std::string& text) {
  if (auto kind = ingest::scan(text, ingest::FieldClass::any)) return std::string(ingest::to_string(*kind));
  return std::nullopt;
}

bool is_hex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isxdigit(ch); });
}

// The one finding the fingerprint (or prefix) names; refused without
// repeating what was given.
std::string resolve(store::Store& st, const std::string& given) {
  std::string prefix = given;
  for (auto& ch : prefix) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  if (prefix.size() < 4 || prefix.size() > 32 || !is_hex(prefix))
    throw Refused("fingerprint", i18n::text("the fingerprint is not one: give the finding's fingerprint or at least "
                                            "its first 4 hex digits (the review is not recorded)"));
  const auto hits = st.fingerprints_starting(prefix, 2);
  if (hits.empty())
    throw Refused("fingerprint", i18n::text("no finding in the store has a fingerprint starting with these digits "
                                            "(the review is not recorded)"));
  if (hits.size() > 1)
    throw Refused("fingerprint", i18n::text("these digits start the fingerprints of several findings; give more "
                                            "digits (the review is not recorded)"));
  return hits.front();
}

}  // namespace

std::string pending_text(const store::Review& pending) { return i18n::suppression_pending(pending.role); }

Outcome record(store::Store& st, const Request& rq) {
  // The state by its stored name or its word in the reviewer's language
  // (bestridt, bekräftad, …), as the refusal below lists them.
  const auto stored_state = i18n::review_state(rq.state);
  const auto state = common::review_state_from_string(stored_state.value_or(std::string()));
  if (!state || !common::is_reviewed(*state))
    throw Refused("state", i18n::text("the state is not one of acknowledged, disputed, resolved, suppressed"));
  // The role as the reviewer names it at work (tillitsvalgt, förtroendevald,
  // tillidsrepræsentant, …), stored as one of the three roles.
  const auto role = i18n::review_role(rq.role);
  if (!role || !store::is_review_role(*role))
    throw Refused("role", i18n::text("the role is not one of representative, union, hr (or their local names: "
                                     "likestillingsrepresentant, tillitsvalgt, förtroendevald, tillidsrepræsentant, "
                                     "…)"));
  if (blank(rq.justification))
    throw Refused("justification", fill(i18n::text("a justification is required: say why the finding is {state} "
                                                   "(the review is not recorded)"),
                                        "state", i18n::text(to_string(*state))));
  if (auto kind = identifier_in(rq.justification))
    throw Refused("justification",
                  fill(i18n::text("the justification seems to hold an identifier ({kind}); reviews are kept for "
                                  "years and must not identify anyone (the review is not recorded)"),
                       "kind", *kind));
  if (auto kind = identifier_in(rq.reviewer))
    throw Refused("reviewer", fill(i18n::text("the reviewer's name seems to hold an identifier ({kind}); give a name "
                                              "or initials (the review is not recorded)"),
                                   "kind", *kind));
  store::Review r;
  r.fingerprint = resolve(st, rq.fingerprint);
  r.state = *state;
  r.role = *role;
  // Control characters are stored escaped: the trail is read in terminals,
  // browsers and spreadsheets for years.
  r.reviewer = common::escape_controls_line(rq.reviewer);
  r.justification = common::escape_controls(rq.justification);

  Outcome o;
  o.review = st.add_review(r);
  const auto row = st.finding(o.review.fingerprint);
  o.pending = row && row->pending_suppression && row->pending_suppression->id == o.review.id;
  const std::string head = i18n::text("Review") + " #" + std::to_string(o.review.id) + " " + i18n::text("recorded") +
                           ": " + o.review.fingerprint.substr(0, 12) + " ";
  if (o.pending) {
    o.message = head + pending_text(o.review) + "; " +
                fill(i18n::text("until then the finding stays {state}"), "state",
                     i18n::text(to_string(row->review_state)));
  } else {
    o.message = head + i18n::text("is") + " " + i18n::text(to_string(o.review.state)) + " (" +
                i18n::review_role_name(o.review.role) + ")";
  }
  return o;
}

}  // namespace fairaudit::review
