#include "common/hash.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace fairaudit::common {
namespace {

// SHA-256 from OpenSSL, fetched once: EVP_sha256() in a digest's
// initialisation looks the algorithm up again (under a lock) on every call,
// which costs more than hashing a finding's few hundred bytes.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (!md) throw std::runtime_error("OpenSSL has no SHA-256");
  return md;
}

// The first `digits` hex digits of the `len` bytes at `md` (all of them by default).
std::string hex_of(const unsigned char* md, unsigned len, std::size_t digits = std::string::npos) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(std::size_t(len) * 2, '\0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = kDigits[md[i] >> 4];
    out[2 * i + 1] = kDigits[md[i] & 15];
  }
  if (digits < out.size()) out.resize(digits);
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes, std::size_t hex_digits) {
  // A context of the thread's, made once and initialised again for each
  // text: EVP_Digest would make and free one per call (a fingerprint's
  // hash, 176,545 of them in a heavy run).
  struct Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Context c;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!c.ctx || !EVP_DigestInit_ex2(c.ctx, sha256_md(), nullptr) || !EVP_DigestUpdate(c.ctx, bytes.data(), bytes.size()) ||
      !EVP_DigestFinal_ex(c.ctx, md, &len))
    throw std::runtime_error("SHA-256 failed");
  return hex_of(md, unsigned(std::min<std::size_t>(len, (hex_digits + 1) / 2)), hex_digits);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex2(ctx_, sha256_md(), nullptr); }
Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }
void Sha256::update(const void* p, std::size_t n) { EVP_DigestUpdate(ctx_, p, n); }
std::string Sha256::hex() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, md, &len);
  return hex_of(md, len);
}

}  // namespace fairaudit::common
