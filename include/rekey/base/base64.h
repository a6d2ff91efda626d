// Base64 (RFC 4648): the standard alphabet with padding, and the URL-safe one.
// Used to write HTTP Basic credentials in tests of the rule shapes and to
// decode encoded spans before they are scanned again.
//
// Thread-safety: pure functions.
//
//   Base64Encode("user:pass");            // "dXNlcjpwYXNz"
//   Base64Decode("dXNlcjpwYXNz");         // "user:pass"
//   Base64Decode("a-_b", kBase64Url);     // URL-safe alphabet
#ifndef REKEY_BASE_BASE64_H_
#define REKEY_BASE_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace rekey {

enum class Base64Alphabet { kStandard, kUrl };  // "+/" or "-_"
inline constexpr Base64Alphabet kBase64Url = Base64Alphabet::kUrl;

std::string Base64Encode(std::string_view bytes, Base64Alphabet alphabet = Base64Alphabet::kStandard);

// nullopt when `text` holds a byte outside the alphabet, a misplaced '=', or a
// length that no encoding has (1 mod 4). Padding is optional.
std::optional<std::string> Base64Decode(std::string_view text, Base64Alphabet alphabet = Base64Alphabet::kStandard);

}  // namespace rekey

#endif  // REKEY_BASE_BASE64_H_
