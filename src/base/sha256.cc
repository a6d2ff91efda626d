#include "rekey/base/sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace rekey {
namespace {

// SHA-256 from OpenSSL's default provider, fetched once. OpenSSL is set up
// without reading openssl.cnf: rekey needs one digest, and the config file
// parse plus the per-call implicit fetch were ~10 % of a 20 ms start-up.
const EVP_MD* Sha256() {
  static const EVP_MD* md = [] {
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
    return EVP_MD_fetch(nullptr, "SHA256", nullptr);
  }();
  return md;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, Sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace rekey
