// libFuzzer target: the decoders of the messages between the host and its
// isolated plugin processes.
//
// A plugin process may be faulty or compromised, so whatever it writes must
// decode or be refused with std::runtime_error. What decodes must survive a
// round trip: encoding it gives bytes that decode, and encoding those again
// gives the same bytes.
//
// The same bytes also go to the reader of the records the host sends each
// plugin process (codec/record_binary.hpp): they are a record or a
// CodecError, never a read past the end, and a record that reads is written
// back as the very same bytes (the form has one spelling of each record).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "codec/record_binary.hpp"
#include "run/wire.hpp"

using namespace fairaudit;

namespace {

void record_message(const std::string& bytes) {
  ingest::Record rec;
  try {
    codec::read_record(bytes.data(), bytes.data() + bytes.size(), rec);
  } catch (const codec::CodecError&) {
    return;
  }
  std::string again;
  codec::write_record(again, rec);
  if (again != bytes) {
    std::fprintf(stderr, "a record read from %zu bytes was written back as %zu other bytes\n", bytes.size(),
                 again.size());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  record_message(text);
  run::Reported r;
  try {
    r = run::decode(text);
  } catch (const std::runtime_error&) {
    return 0;
  }
  std::string once;
  try {
    once = run::encode(r);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "the decoder accepted what the encoder refuses: %s\n", e.what());
    std::abort();
  }
  std::string twice;
  try {
    twice = run::encode(run::decode(once));
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "the encoder wrote a message its decoder refuses: %s\n", e.what());
    std::abort();
  }
  if (once != twice) {
    std::fprintf(stderr, "round trip changed the message:\n%s\n%s\n", once.c_str(), twice.c_str());
    std::abort();
  }
  return 0;
}
