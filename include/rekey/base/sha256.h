// SHA-256 (OpenSSL's libcrypto underneath, not exposed): fingerprints of
// secrets and of normalized inputs. Lowercase hex output.
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
