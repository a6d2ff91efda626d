// Redaction and fingerprints: the only forms in which rekey prints or stores a
// secret by default. The redacted form shows a short prefix (at most 4 bytes,
// and never more than a quarter of the secret) and the length; the fingerprint
// is sha256(rule_id ":" secret) in lowercase hex, stable across moves, rebases
// and machines.
//
// Thread-safety: pure functions.
//
//   RedactedSecret("sk_live_0123456789abcdef");  // "sk_l…(24 chars)"
//   SecretFingerprint("stripe.secret-key", s);  // "9f86d0…"
#ifndef REKEY_SCAN_REDACT_H_
#define REKEY_SCAN_REDACT_H_

#include <string>
#include <string_view>

namespace rekey {

std::string RedactedSecret(std::string_view secret);
std::string SecretFingerprint(std::string_view rule_id, std::string_view secret);

}  // namespace rekey

#endif  // REKEY_SCAN_REDACT_H_
