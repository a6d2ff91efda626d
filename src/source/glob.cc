#include "rekey/source/glob.h"

#include <cstddef>

namespace rekey {
namespace {

// Matches a bracket class starting at pattern[p] == '['. Sets `end` to the index
// after ']' and returns whether `c` is in the class. A class without a closing
// ']' is not a class (returns false with end == p).
bool MatchClass(std::string_view pattern, std::size_t p, char c, std::size_t& end) {
  std::size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    char lo = pattern[i];
    if (lo == '\\' && i + 1 < pattern.size()) lo = pattern[++i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      hi = pattern[i + 2];
      if (hi == '\\' && i + 3 < pattern.size()) hi = pattern[++i + 2];
      i += 2;
    }
    if (lo <= c && c <= hi) matched = true;
    ++i;
  }
  if (i >= pattern.size()) {
    end = p;
    return false;
  }
  end = i + 1;
  return matched != negate;
}

bool Match(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t) {
  while (p < pattern.size()) {
    const char c = pattern[p];
    if (c == '*') {
      const bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
      while (p < pattern.size() && pattern[p] == '*') ++p;
      if (double_star) {
        if (p == pattern.size()) return true;  // trailing "**": everything below
        if (pattern[p] == '/') {
          // "**/": zero or more whole directories.
          ++p;
          if (Match(pattern, p, text, t)) return true;
          for (std::size_t i = t; i < text.size(); ++i) {
            if (text[i] == '/' && Match(pattern, p, text, i + 1)) return true;
          }
          return false;
        }
        for (std::size_t i = t; i <= text.size(); ++i) {
          if (Match(pattern, p, text, i)) return true;
        }
        return false;
      }
      for (std::size_t i = t; i <= text.size(); ++i) {
        if (Match(pattern, p, text, i)) return true;
        if (i < text.size() && text[i] == '/') break;
      }
      return false;
    }
    if (t >= text.size()) return false;
    if (c == '?') {
      if (text[t] == '/') return false;
      ++p;
      ++t;
      continue;
    }
    if (c == '[') {
      std::size_t end = p;
      const bool in_class = MatchClass(pattern, p, text[t], end);
      if (end != p) {
        if (!in_class || text[t] == '/') return false;
        p = end;
        ++t;
        continue;
      }
      // Unterminated '[' is a literal.
    }
    char literal = c;
    if (c == '\\' && p + 1 < pattern.size()) literal = pattern[++p];
    if (text[t] != literal) return false;
    ++p;
    ++t;
  }
  return t == text.size();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) { return Match(pattern, 0, path, 0); }

}  // namespace rekey
