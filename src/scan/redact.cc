#include "rekey/scan/redact.h"

#include "rekey/base/sha256.h"

namespace rekey {

std::string RedactedSecret(std::string_view secret) {
  std::size_t prefix = secret.size() / 4;
  if (prefix > 4) prefix = 4;
  // Only printable ASCII in the prefix: no control bytes, no split UTF-8.
  for (std::size_t i = 0; i < prefix; ++i) {
    const auto c = static_cast<unsigned char>(secret[i]);
    if (c < 0x20 || c >= 0x7f) {
      prefix = i;
      break;
    }
  }
  return std::string(secret.substr(0, prefix)) + "\u2026(" + std::to_string(secret.size()) + " chars)";
}

std::string SecretFingerprint(std::string_view rule_id, std::string_view secret) {
  std::string input;
  input.reserve(rule_id.size() + 1 + secret.size());
  input.append(rule_id).append(":").append(secret);
  return Sha256Hex(input);
}

}  // namespace rekey
