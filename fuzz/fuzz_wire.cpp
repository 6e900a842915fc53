// libFuzzer target: the decoder of messages from isolated plugin processes.
//
// A plugin process may be faulty or compromised, so whatever it writes must
// decode or be refused with std::runtime_error. What decodes must survive a
// round trip: encoding it and decoding again gives the same message.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "run/wire.hpp"

using namespace fairaudit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  run::Reported r;
  try {
    r = run::decode(text);
  } catch (const std::runtime_error&) {
    return 0;
  }
  const std::string once = run::encode(r);
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
