// Private: the offline validators a rule names with `validate:` — checks of a
// token's own structure (an embedded checksum, an encoded payload) that a
// random string of the right alphabet and length fails. Each is written from
// the vendor's public token format (rules/README.md lists the sources); a
// token that fails its validator is not a finding.
//
// Every function is pure and total: any bytes in, a bool out.
#ifndef REKEY_MATCHER_VALIDATORS_H_
#define REKEY_MATCHER_VALIDATORS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "rekey/matcher/rule_match.h"
#include "rekey/rules/rule.h"

namespace rekey {

// CRC-32 (IEEE 802.3, as zlib's crc32) and its 6-char base62 form
// (alphabet 0-9A-Za-z, left-padded with '0').
uint32_t Crc32(std::string_view data);
std::string Base62Crc32(std::string_view data);

// `token` is <prefix> + 30 base62 + the 6-char base62 CRC32 of those 30
// (GitHub's token format; npm uses the same scheme with "npm_").
bool HasValidTokenChecksum(std::string_view token, std::string_view prefix);
bool IsValidGithubToken(std::string_view secret);  // ghp_ gho_ ghu_ ghs_ ghr_
bool IsValidNpmToken(std::string_view secret);

// Three base64url parts; the first decodes to a JSON object with "alg".
bool IsWellFormedJwt(std::string_view secret);

// GitLab routable tokens: <prefix><base64url payload>.<2 base36 version>.
// <2 base36 payload length><7 base36 CRC32 of everything before the CRC>;
// the payload is 16 random bytes + "k:v" routing lines + one length byte.
// (GitLab's lib/authn/token_field/generator/routable_token.rb.)
bool IsValidGitlabRoutableToken(std::string_view secret);

// Grafana service-account tokens: gl<id>_<secret>_<8 hex>, the hex being the
// CRC32 of "gl<id>_<secret>" as 4 little-endian bytes.
// (Grafana's pkg/components/satokengen/tokengen.go.)
bool IsValidGrafanaToken(std::string_view secret);

// Atlassian API tokens: ...=<8 hex>, the hex being the CRC32 of everything
// before it (the '=' included). Atlassian documents no scheme: this one was
// checked against a token published in public code (a 1 in 2^32 match).
bool IsValidAtlassianToken(std::string_view secret);

// Sentry organization tokens: sntrys_<base64 JSON with "iat">_<secret>.
// (Sentry's src/sentry/utils/security/orgauthtoken_token.py.)
bool IsValidSentryOrgToken(std::string_view secret);

// PyPI API tokens: pypi-<base64url macaroon>, a version-2 binary macaroon
// (location, identifier, caveats, and a 32-byte signature at the very end;
// the libmacaroons v2 serialization PyPI's tokens use).
bool IsValidPypiMacaroon(std::string_view secret);

// Bech32 / Bech32m (BIP-173, BIP-350) checksum of the whole string, in one
// case (age secret keys, Nostr nsec keys, ...).
bool IsValidBech32(std::string_view secret);

// Base58Check (Bitcoin alphabet): the last 4 decoded bytes are the first 4
// of SHA-256(SHA-256(the rest)) (WIF private keys, BIP-32 extended keys;
// Bitcoin's base58.cpp and BIP-32).
bool IsValidBase58Check(std::string_view secret);

// HTTP Basic credentials: base64 of printable "user:password".
bool IsBasicAuthPair(std::string_view secret);

// Runs the rule's validator on the captured secret: nullopt when it fails,
// else how strongly it was checked (kNone for rules without a validator).
std::optional<Validation> Validate(Validator validator, std::string_view secret);

}  // namespace rekey

#endif  // REKEY_MATCHER_VALIDATORS_H_
