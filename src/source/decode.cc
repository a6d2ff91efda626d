#include "rekey/source/decode.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

int Sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  return c == '+' || c == '-' ? 62 : 63;
}

// Printable ASCII and whitespace: what encoded credentials and configuration
// decode to. (Random bytes — identifiers read as base64 — rarely are.)
bool Printable(unsigned char c) { return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t'; }

// Whether a run could be the encoding of text, decided from its first groups
// without decoding it into memory: identifiers, paths and hashes are most of
// the runs in code, and none of them decodes to printable bytes.
bool MayEncodeText(std::string_view run, Encoding encoding) {
  if (encoding == Encoding::kHex) {
    for (std::size_t i = 0; i + 1 < run.size() && i < 32; i += 2) {
      if (!Printable(static_cast<unsigned char>(HexValue(run[i]) * 16 + HexValue(run[i + 1])))) return false;
    }
    return true;
  }
  for (std::size_t g = 0; g + 4 <= run.size() && g < 48; g += 4) {
    const unsigned v = static_cast<unsigned>(Sextet(run[g])) << 18 | static_cast<unsigned>(Sextet(run[g + 1])) << 12 |
                       static_cast<unsigned>(Sextet(run[g + 2])) << 6 | static_cast<unsigned>(Sextet(run[g + 3]));
    if (!Printable(v >> 16) || !Printable((v >> 8) & 0xff) || !Printable(v & 0xff)) return false;
  }
  return true;
}

// The run [start, ...) of base64-alphabet bytes that holds `at`, as a
// candidate span when it is long enough and may encode text. Returns where
// the run (with its padding) ends.
// `known_end` (when > at) is where the run is already known to end, or a
// point it is known to reach.
std::size_t TakeRun(std::string_view text, std::size_t floor, std::size_t at, std::vector<EncodedSpan>& out,
                    std::size_t known_end = 0) {
  const std::size_t n = text.size();
  std::size_t start = at;
  while (start > floor && InRun(text[start - 1])) --start;
  std::size_t end = std::max(at, known_end);
  while (end < n && InRun(text[end])) ++end;
  std::size_t padded = end;
  while (padded < n && padded < end + 2 && text[padded] == '=') ++padded;
  const std::string_view run = text.substr(start, end - start);
  if (run.size() < kMinBase64Run || run.size() > kMaxEncodedSpan) return padded;
  // The first groups reject most runs (identifiers, paths, hashes) before the
  // whole run is looked at.
  const std::string_view head = run.substr(0, kMinHexRun);
  const bool hex_head = std::all_of(head.begin(), head.end(), [](char c) { return (ClassOf(c) & kHexc) != 0; });
  if (!MayEncodeText(run, hex_head && run.size() >= kMinHexRun ? Encoding::kHex : Encoding::kBase64)) return padded;
  Encoding encoding;
  if (ClassifyRun(run, encoding) && MayEncodeText(run, encoding)) {
    out.push_back({start, encoding == Encoding::kHex ? end : padded, encoding});
  }
  return padded;
}

#if defined(__SSE2__)
// Bit i set when text[at + i] is in a base64 alphabet (16 bytes).
inline unsigned RunMask16(const char* p) {
  const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i folded = _mm_or_si128(c, _mm_set1_epi8(0x20));
  auto in = [](__m128i v, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  __m128i m = _mm_or_si128(in(folded, 'a', 'z'), in(c, '0', '9'));
  m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('+')), _mm_cmpeq_epi8(c, _mm_set1_epi8('/'))));
  m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('-')), _mm_cmpeq_epi8(c, _mm_set1_epi8('_'))));
  return static_cast<unsigned>(_mm_movemask_epi8(m));
}

inline std::uint64_t RunMask64(const char* p) {
  return std::uint64_t{RunMask16(p)} | std::uint64_t{RunMask16(p + 16)} << 16 |
         std::uint64_t{RunMask16(p + 32)} << 32 | std::uint64_t{RunMask16(p + 48)} << 48;
}
#endif

// Runs of kMinBase64Run or more base64-alphabet bytes. With SSE2, 64 bytes
// are classified at once and a block is skipped unless 16 consecutive
// bytes from it are in the alphabet (identifiers in code are mostly shorter);
// the remainder goes byte by byte, probing every kMinBase64Run-th byte.
void FindRuns(std::string_view text, std::vector<EncodedSpan>& out) {
  const std::size_t n = text.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  if (n >= 128) {
    std::uint64_t mask = RunMask64(text.data());
    while (i + 128 <= n) {
      const std::uint64_t next = RunMask64(text.data() + i + 64);
      // Bit k of `starts`: text[i + k, i + k + 16) all in the alphabet.
      unsigned __int128 both = static_cast<unsigned __int128>(next) << 64 | mask;
      both &= both >> 1;
      both &= both >> 2;
      both &= both >> 4;
      both &= both >> 8;
      const std::uint64_t starts = static_cast<std::uint64_t>(both);
      if (starts == 0) {
        i += 64;
        mask = next;
        continue;
      }
      // The run's end from the masks: the first byte out of the alphabet after its start.
      const unsigned first = static_cast<unsigned>(__builtin_ctzll(starts));
      const unsigned __int128 raw = static_cast<unsigned __int128>(next) << 64 | mask;
      const unsigned __int128 outside = ~raw >> first;
      const std::uint64_t low = static_cast<std::uint64_t>(outside);
      const std::size_t length =
          std::min<std::size_t>(128 - first, low != 0 ? __builtin_ctzll(low)
                                                      : 64 + __builtin_ctzll(static_cast<std::uint64_t>(outside >> 64) |
                                                                             (std::uint64_t{1} << 63)));
      const std::size_t end = TakeRun(text, i + first, i + first, out, i + first + length) + 1;
      // Go on from the end of that run, in whole blocks again.
      i = end;
      if (i + 128 > n) break;
      mask = RunMask64(text.data() + i);
    }
  }
#endif
  while (i + kMinBase64Run <= n) {
    std::size_t back = i + kMinBase64Run;  // one past the probe
    while (back > i && InRun(text[back - 1])) --back;
    if (back > i) {  // text[back - 1] is out: no run starts at or before it
      i = back;
      continue;
    }
    i = TakeRun(text, i, i, out) + 1;
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
    if (Printable(c)) ++printable;
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
