#include "rekey/source/decode.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "rekey/base/base64.h"

namespace rekey {
namespace {

// Character classes for the run scan.
constexpr std::uint8_t kStd = 1;   // A-Z a-z 0-9 + /
constexpr std::uint8_t kUrl = 2;   // A-Z a-z 0-9 - _
constexpr std::uint8_t kHexc = 4;  // 0-9 a-f A-F

constexpr std::array<std::uint8_t, 256> MakeClasses() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kStd | kUrl;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kStd | kUrl;
  for (int c = '0'; c <= '9'; ++c) t[c] = kStd | kUrl | kHexc;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHexc;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHexc;
  t['+'] = t['/'] = kStd;
  t['-'] = t['_'] = kUrl;
  return t;
}
constexpr std::array<std::uint8_t, 256> kClass = MakeClasses();

inline std::uint8_t ClassOf(char c) { return kClass[static_cast<unsigned char>(c)]; }
inline bool InRun(char c) { return (ClassOf(c) & (kStd | kUrl)) != 0; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The encoding of a run of base64/hex characters, or false to skip it.
bool ClassifyRun(std::string_view run, Encoding& encoding) {
  std::uint8_t all = kStd | kUrl | kHexc;
  bool std_only = false, url_only = false;
  for (char c : run) {
    const std::uint8_t k = ClassOf(c);
    all &= k;
    std_only |= k == kStd;
    url_only |= k == kUrl;
  }
  if (std_only && url_only) return false;  // a path or identifier mixing '/' and '_'
  if ((all & kHexc) != 0) {
    if (run.size() < kMinHexRun || run.size() % 2 != 0) return false;
    encoding = Encoding::kHex;
    return true;
  }
  if (run.size() % 4 == 1) return false;  // no base64 has this length
  encoding = url_only ? Encoding::kBase64Url : Encoding::kBase64;
  return true;
}

// Runs of the base64 alphabets, found by probing every kMinBase64Run-th byte:
// a run that long must contain the probe, so text without long runs is
// mostly skipped.
void FindRuns(std::string_view text, std::vector<EncodedSpan>& out) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i + kMinBase64Run <= n) {
    const std::size_t probe = i + kMinBase64Run - 1;
    if (!InRun(text[probe])) {
      i = probe + 1;
      continue;
    }
    std::size_t start = probe;
    while (start > i && InRun(text[start - 1])) --start;
    std::size_t end = probe + 1;
    while (end < n && InRun(text[end])) ++end;
    std::size_t padded = end;
    while (padded < n && padded < end + 2 && text[padded] == '=') ++padded;
    Encoding encoding;
    if (end - start >= kMinBase64Run && end - start <= kMaxEncodedSpan &&
        ClassifyRun(text.substr(start, end - start), encoding)) {
      out.push_back({start, encoding == Encoding::kHex ? end : padded, encoding});
    }
    i = padded + 1;
  }
}

bool Delimits(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '`' || c == '<' ||
         c == '>' || c == '\0';
}

// The token around an escape at `at`: from the last delimiter before it to
// the first after it.
std::pair<std::size_t, std::size_t> TokenAround(std::string_view text, std::size_t at) {
  std::size_t start = at;
  while (start > 0 && !Delimits(text[start - 1]) && at - start < kMaxEncodedSpan) --start;
  std::size_t end = at;
  while (end < text.size() && !Delimits(text[end]) && end - at < kMaxEncodedSpan) ++end;
  return {start, end};
}

bool IsPercentEscape(std::string_view text, std::size_t at) {
  return at + 2 < text.size() && HexValue(text[at + 1]) >= 0 && HexValue(text[at + 2]) >= 0;
}

// A backslash escape worth decoding: \uXXXX, \xNN, and the JSON escapes of
// characters tokens hold (\/ ; \n only inside a token with other escapes is
// handled by the decoder).
bool IsBackslashEscape(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size()) return false;
  const char kind = text[at + 1];
  if (kind == 'u') {
    return at + 5 < text.size() && HexValue(text[at + 2]) >= 0 && HexValue(text[at + 3]) >= 0 &&
           HexValue(text[at + 4]) >= 0 && HexValue(text[at + 5]) >= 0;
  }
  if (kind == 'x') return at + 3 < text.size() && HexValue(text[at + 2]) >= 0 && HexValue(text[at + 3]) >= 0;
  return kind == '/';
}

// Spans around escapes found by `is_escape` after each `marker` byte.
void FindEscapeSpans(std::string_view text, char marker, bool (*is_escape)(std::string_view, std::size_t),
                     Encoding encoding, std::vector<EncodedSpan>& out) {
  std::size_t covered = 0;  // end of the last span: escapes inside it are already in
  const char* base = text.data();
  for (const char* p = static_cast<const char*>(std::memchr(base, marker, text.size())); p != nullptr;) {
    const std::size_t at = static_cast<std::size_t>(p - base);
    if (at >= covered && is_escape(text, at)) {
      const auto [start, end] = TokenAround(text, at);
      out.push_back({start, end, encoding});
      covered = end;
    }
    const std::size_t next = at + 1;
    p = next < text.size() ? static_cast<const char*>(std::memchr(base + next, marker, text.size() - next)) : nullptr;
  }
}

bool DecodePercent(std::string_view in, DecodedText& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && IsPercentEscape(in, i)) {
      out.fresh.emplace_back(out.text.size(), out.text.size() + 1);
      out.text += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else {
      out.text += in[i];
    }
  }
  return !out.fresh.empty();
}

void AppendUtf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool DecodeEscapes(std::string_view in, DecodedText& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 >= in.size()) {
      out.text += in[i];
      continue;
    }
    const std::size_t before = out.text.size();
    const char kind = in[i + 1];
    if (kind == 'u' && IsBackslashEscape(in, i)) {
      std::uint32_t cp = 0;
      for (int k = 2; k < 6; ++k) cp = cp * 16 + static_cast<std::uint32_t>(HexValue(in[i + k]));
      AppendUtf8(cp, out.text);
      i += 5;
    } else if (kind == 'x' && IsBackslashEscape(in, i)) {
      out.text += static_cast<char>(HexValue(in[i + 2]) * 16 + HexValue(in[i + 3]));
      i += 3;
    } else if (kind == '/' || kind == '\\' || kind == '"' || kind == '\'') {
      out.text += kind;
      i += 1;
    } else if (kind == 'n' || kind == 't' || kind == 'r') {
      out.text += kind == 'n' ? '\n' : kind == 't' ? '\t' : '\r';
      i += 1;
    } else {
      out.text += in[i];
      continue;
    }
    out.fresh.emplace_back(before, out.text.size());
  }
  return !out.fresh.empty();
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kBase64: return "base64";
    case Encoding::kBase64Url: return "base64url";
    case Encoding::kHex: return "hex";
    case Encoding::kPercent: return "percent";
    case Encoding::kEscape: return "escape";
  }
  return "base64";
}

void FindEncodedSpans(std::string_view text, std::vector<EncodedSpan>& out) {
  const std::size_t first = out.size();
  FindRuns(text, out);
  FindEscapeSpans(text, '%', IsPercentEscape, Encoding::kPercent, out);
  FindEscapeSpans(text, '\\', IsBackslashEscape, Encoding::kEscape, out);
  // In text order; a span inside an earlier one is dropped (a base64 run
  // inside a percent-encoded token is decoded with the token, then again).
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const EncodedSpan& a, const EncodedSpan& b) { return a.start < b.start || (a.start == b.start && a.end > b.end); });
  std::size_t kept = first, covered = 0;
  for (std::size_t i = first; i < out.size(); ++i) {
    if (i > first && out[i].start < covered) continue;
    covered = out[i].end;
    out[kept++] = out[i];
  }
  out.resize(kept);
}

bool LooksLikeText(std::string_view bytes) {
  if (bytes.size() < 8) return false;
  std::size_t printable = 0;
  for (unsigned char c : bytes) {
    if (c == 0) return false;
    if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' || c >= 0x80) ++printable;
  }
  return printable * 10 >= bytes.size() * 9;
}

bool Decode(std::string_view encoded, Encoding encoding, DecodedText& out) {
  out.text.clear();
  out.fresh.clear();
  switch (encoding) {
    case Encoding::kBase64:
    case Encoding::kBase64Url: {
      // A quick look at the first bytes first: most runs are not text (hashes,
      // images, identifiers) and need not be decoded whole.
      const std::string_view head = encoded.substr(0, std::min<std::size_t>(encoded.size() & ~std::size_t{3}, 64));
      const Base64Alphabet alphabet = encoding == Encoding::kBase64 ? Base64Alphabet::kStandard : kBase64Url;
      std::optional<std::string> probe = Base64Decode(head.size() >= 16 ? head : encoded, alphabet);
      if (!probe || !LooksLikeText(*probe)) return false;
      std::optional<std::string> all = Base64Decode(encoded, alphabet);
      if (!all) return false;
      out.text = std::move(*all);
      break;
    }
    case Encoding::kHex:
      for (std::size_t i = 0; i + 1 < encoded.size(); i += 2) {
        out.text += static_cast<char>(HexValue(encoded[i]) * 16 + HexValue(encoded[i + 1]));
      }
      break;
    case Encoding::kPercent:
      if (!DecodePercent(encoded, out)) return false;
      return LooksLikeText(out.text);
    case Encoding::kEscape:
      if (!DecodeEscapes(encoded, out)) return false;
      return LooksLikeText(out.text);
  }
  if (!LooksLikeText(out.text)) return false;
  out.fresh.emplace_back(0, out.text.size());
  return true;
}

}  // namespace rekey
