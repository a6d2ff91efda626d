// SHA-256 (OpenSSL underneath, not exposed): fingerprints of secrets and of
// normalized inputs. Lowercase hex output. OpenSSL's libcrypto is loaded on
// the first call; when it cannot be, rekey exits with status 2 and says why.
//
// Thread-safety: pure function.
//
//   Sha256Hex("abc");  // "ba7816bf..."
#ifndef REKEY_BASE_SHA256_H_
#define REKEY_BASE_SHA256_H_

#include <string>
#include <string_view>

namespace rekey {

std::string Sha256Hex(std::string_view data);

}  // namespace rekey

#endif  // REKEY_BASE_SHA256_H_
