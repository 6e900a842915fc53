// libFuzzer target: the evidence codec's decoders, JSON (store, isolation
// wire) and binary (spill). The first byte picks the form, the rest is the
// input.
//
// Whatever the bytes, a decoder returns evidence or throws CodecError. What
// decodes must survive a round trip in both forms: encoding it and decoding
// again gives the same bytes, whichever binary writer encodes it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "codec/evidence_binary.hpp"
#include "codec/evidence_json.hpp"

using namespace fairaudit;

namespace {

std::string binary(const Evidence& e) {
  std::string out;
  codec::BinaryWriter(out).evidence(e);
  return out;
}

Evidence from_binary(const std::string& bytes) {
  codec::BinaryReader r(bytes.data(), bytes.data() + bytes.size());
  return r.evidence();
}

[[noreturn]] void fail(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "%s:\n%s\n%s\n", what, a.c_str(), b.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] % 2 == 0;
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  Evidence e;
  try {
    e = json ? codec::evidence_from_json(input) : from_binary(input);
  } catch (const codec::CodecError&) {
    return 0;
  }
  // Evidence that decoded is within the limits, so it encodes in both forms.
  try {
    const std::string text = codec::evidence_to_json(e);
    const std::string bytes = binary(e);
    const std::string text_again = codec::evidence_to_json(codec::evidence_from_json(text));
    if (text_again != text) fail("the JSON round trip changed the evidence", text, text_again);
    const std::string bytes_again = binary(from_binary(bytes));
    if (bytes_again != bytes) fail("the binary round trip changed the evidence", text, "");
    // The two-pass writer (answers, spill) writes what the appending one does.
    std::string counted;
    codec::write_counted(counted, [&](auto& w) { w.evidence(e); });
    if (counted != bytes) fail("the two-pass writer disagrees with the appending one", text, "");
    // Through the other form and back: the same JSON. (NaN's sign and payload
    // are the JSON form's to drop, so compare after one pass through JSON.)
    const std::string across = codec::evidence_to_json(from_binary(binary(codec::evidence_from_json(text))));
    if (across != text) fail("JSON and binary disagree", text, across);
  } catch (const codec::CodecError& err) {
    std::fprintf(stderr, "the encoder refused what its decoder accepted: %s\n", err.what());
    std::abort();
  }
  return 0;
}
