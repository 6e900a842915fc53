// SHA-256 as lowercase hex: fingerprints, policy and mapping digests, input
// digests. OpenSSL underneath.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace fairaudit::common {

// Hex SHA-256 of a byte string; its first `hex_digits` digits when fewer
// than the 64 are wanted (a fingerprint's 32).
std::string sha256_hex(std::string_view bytes, std::size_t hex_digits = 64);

// The same for bytes that come in pieces (an input file as it is read).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* p, std::size_t n);
  std::string hex();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace fairaudit::common
