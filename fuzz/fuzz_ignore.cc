// Fuzz target: .gitignore parsing and matching (rekey/source/ignore.h, glob.h).
// A scanned repository supplies its own .gitignore files, so their patterns
// are hostile input too. Input: ignore-file text, a NUL byte, then one path a
// line (a trailing '/' marks a directory).
//
// Beyond "no crash, no timeout": GlobMatch (an NFA over pattern offsets) must
// agree with a plain backtracking matcher of the same semantics on every
// pattern line and path. Backtracking is exponential in the number of stars,
// so the comparison is limited to lines with few of them.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/source/glob.h"
#include "rekey/source/ignore.h"

namespace {

constexpr size_t kMaxReferenceStars = 4;
constexpr size_t kMaxReferencePath = 64;

// "[...]" at pattern[p]: sets `end` past the ']' (end == p: not a class) and
// returns whether `c` is in it. The syntax of glob.h.
bool InClass(std::string_view pattern, size_t p, char c, size_t& end) {
  size_t i = p + 1;
  const bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool matched = false;
  for (bool first = true; i < pattern.size() && (pattern[i] != ']' || first); ++i, first = false) {
    char lo = pattern[i];
    if (lo == '\\' && i + 1 < pattern.size()) lo = pattern[++i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      hi = pattern[i + 2];
      if (hi == '\\' && i + 3 < pattern.size()) hi = pattern[++i + 2];
      i += 2;
    }
    matched = matched || (lo <= c && c <= hi);
  }
  end = i < pattern.size() ? i + 1 : p;
  return end != p && matched != negate;
}

// The reference: try every split for every star, recursively.
bool Reference(std::string_view pattern, size_t p, std::string_view text, size_t t) {
  if (p == pattern.size()) return t == text.size();
  if (pattern[p] == '*') {
    size_t q = p;
    while (q < pattern.size() && pattern[q] == '*') ++q;
    if (q - p == 1) {  // '*': any run without '/'
      for (size_t i = t;; ++i) {
        if (Reference(pattern, q, text, i)) return true;
        if (i == text.size() || text[i] == '/') return false;
      }
    }
    if (q < pattern.size() && pattern[q] == '/') {  // "**/": nothing, or a run ending in '/'
      if (Reference(pattern, q + 1, text, t)) return true;
      for (size_t i = t; i < text.size(); ++i) {
        if (text[i] == '/' && Reference(pattern, q + 1, text, i + 1)) return true;
      }
      return false;
    }
    for (size_t i = t; i <= text.size(); ++i) {  // "**": any run
      if (Reference(pattern, q, text, i)) return true;
    }
    return false;
  }
  if (t == text.size()) return false;
  const char c = text[t];
  if (pattern[p] == '?') return c != '/' && Reference(pattern, p + 1, text, t + 1);
  if (pattern[p] == '[') {
    size_t end = p;
    const bool in = InClass(pattern, p, c, end);
    if (end != p) return in && c != '/' && Reference(pattern, end, text, t + 1);
  }
  if (pattern[p] == '\\' && p + 1 < pattern.size())
    return c == pattern[p + 1] && Reference(pattern, p + 2, text, t + 1);
  return c == pattern[p] && Reference(pattern, p + 1, text, t + 1);
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    lines.push_back(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view ignore_text = input.substr(0, nul);
  const rekey::IgnoreList list = rekey::IgnoreList::Parse(ignore_text);
  const std::string_view paths = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  const std::vector<std::string_view> patterns = Lines(ignore_text);
  for (std::string_view path : Lines(paths)) {
    const bool is_dir = !path.empty() && path.back() == '/';
    if (is_dir) path.remove_suffix(1);
    (void)list.Match(path, is_dir);
    if (path.size() > kMaxReferencePath) continue;
    for (const std::string_view pattern : patterns) {
      size_t stars = 0;
      for (const char c : pattern) stars += c == '*';
      if (stars > kMaxReferenceStars) continue;
      const bool expected = Reference(pattern, 0, path, 0);
      if (rekey::GlobMatch(pattern, path) != expected) {
        std::fprintf(stderr, "GlobMatch(\"%.*s\", \"%.*s\") != %d\n", static_cast<int>(pattern.size()), pattern.data(),
                     static_cast<int>(path.size()), path.data(), expected);
        std::abort();
      }
    }
  }
  return 0;
}
