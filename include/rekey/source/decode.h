// Decoders: the encoded spans of a text worth scanning again decoded — base64
// (standard and URL-safe: a Kubernetes Secret's data values, CI variables,
// .dockerconfigjson, an encoded PEM), hex of 32 or more digits, percent
// escapes (%2F), and \uXXXX / \xNN (and JSON's \/ \n ...) escapes. Finding the
// candidates is cheap (a skipping scan and memchr); decoding is done only for
// them, and a decoded result that is not text (an image, a random key) is
// dropped.
//
// For percent and backslash escapes most of the decoded text is the text
// itself: `fresh` marks the bytes an escape produced, so that only matches
// touching them count (the rest was already scanned in the outer layer).
//
// Thread-safety: pure functions.
//
//   std::vector<EncodedSpan> spans;
//   FindEncodedSpans(text, spans);
//   for (const EncodedSpan& s : spans) {
//     DecodedText d;
//     if (Decode(text.substr(s.start, s.end - s.start), s.encoding, d)) Scan(d.text);
//   }
#ifndef REKEY_SOURCE_DECODE_H_
#define REKEY_SOURCE_DECODE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rekey {

enum class Encoding { kBase64, kBase64Url, kHex, kPercent, kEscape };
std::string_view EncodingName(Encoding encoding);  // "base64" | "base64url" | "hex" | "percent" | "escape"

struct EncodedSpan {
  std::size_t start = 0, end = 0;  // [start, end) of the encoded text
  Encoding encoding = Encoding::kBase64;
};

// Shortest runs considered: base64 of 16+ characters (12+ bytes), hex of 32+
// digits; percent and backslash spans need one escape.
inline constexpr std::size_t kMinBase64Run = 16;
inline constexpr std::size_t kMinHexRun = 32;
// Longest span decoded; longer runs (embedded images, bundles) are skipped.
inline constexpr std::size_t kMaxEncodedSpan = 64 << 10;

// Appends the candidate spans of `text` in order; spans do not overlap.
void FindEncodedSpans(std::string_view text, std::vector<EncodedSpan>& out);

struct DecodedText {
  std::string text;
  // [first, last) ranges of `text` that escapes produced (percent/escape);
  // for base64 and hex the whole text is fresh.
  std::vector<std::pair<std::size_t, std::size_t>> fresh;
};

// Decodes one span; false when it does not decode or the result is not text
// worth scanning (LooksLikeText).
bool Decode(std::string_view encoded, Encoding encoding, DecodedText& out);

// Printable text: no NUL, at least 8 bytes, >= 90 % printable ASCII and
// whitespace (encoded credentials and configuration are ASCII; identifiers
// and hashes read as base64 give random bytes, mostly above 0x7f).
bool LooksLikeText(std::string_view bytes);

}  // namespace rekey

#endif  // REKEY_SOURCE_DECODE_H_
