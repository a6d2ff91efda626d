#include "rekey/base/sha256.h"

#include <dlfcn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace rekey {
namespace {

// OpenSSL's libcrypto is loaded on the first digest, not at start-up: its
// 21,000 relocations cost ~3.5 ms of every process start on the project's
// VM, and most runs (a scan that finds nothing, `--version`, a check
// without a plan) hash nothing. The headers are compiled against and the
// library is opened by the soname the build found, so the functions are the
// ones the declarations describe.
struct Crypto {
  decltype(&OPENSSL_init_crypto) init = nullptr;
  decltype(&EVP_MD_fetch) fetch = nullptr;
  decltype(&EVP_Digest) digest = nullptr;
  const EVP_MD* sha256 = nullptr;
};

[[noreturn]] void Unavailable(const char* why) {
  // No digest means no fingerprint: nothing rekey could print would be right.
  std::fprintf(stderr,
               "rekey: error: cannot use %s for SHA-256 (%s)\n  hint: install OpenSSL's libcrypto (Debian: libssl3)\n",
               REKEY_LIBCRYPTO_SONAME, why);
  std::_Exit(2);
}

// SHA-256 from OpenSSL's default provider, fetched once, without reading
// openssl.cnf: rekey needs one digest, and the config file parse plus the
// per-call implicit fetch were ~10 % of a 20 ms start-up.
const Crypto& Lib() {
  static const Crypto crypto = [] {
    void* library = ::dlopen(REKEY_LIBCRYPTO_SONAME, RTLD_LAZY | RTLD_LOCAL);
    if (library == nullptr) Unavailable(::dlerror());
    Crypto c;
    c.init = reinterpret_cast<decltype(c.init)>(::dlsym(library, "OPENSSL_init_crypto"));
    c.fetch = reinterpret_cast<decltype(c.fetch)>(::dlsym(library, "EVP_MD_fetch"));
    c.digest = reinterpret_cast<decltype(c.digest)>(::dlsym(library, "EVP_Digest"));
    if (c.init == nullptr || c.fetch == nullptr || c.digest == nullptr) Unavailable("a function is missing");
    c.init(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
    c.sha256 = c.fetch(nullptr, "SHA256", nullptr);
    if (c.sha256 == nullptr) Unavailable("no SHA256 in the default provider");
    return c;
  }();
  return crypto;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  const Crypto& crypto = Lib();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  crypto.digest(data.data(), data.size(), digest, &length, crypto.sha256, nullptr);
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
