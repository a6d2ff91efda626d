#include "rules/regex_rewrite.h"

#include <cctype>

namespace rekey {
namespace {

// The index just past the character class that opens at `pattern[i]` ('[').
size_t SkipClass(std::string_view pattern, size_t i) {
  size_t j = i + 1;
  if (j < pattern.size() && pattern[j] == '^') ++j;
  if (j < pattern.size() && pattern[j] == ']') ++j;  // a leading ']' is a literal
  while (j < pattern.size() && pattern[j] != ']') {
    if (pattern[j] == '\\') ++j;
    // POSIX classes such as [:alpha:] inside a class.
    if (pattern[j] == '[' && j + 1 < pattern.size() && pattern[j + 1] == ':') {
      const size_t end = pattern.find(":]", j + 2);
      if (end != std::string_view::npos) j = end + 1;
    }
    ++j;
  }
  return j < pattern.size() ? j + 1 : pattern.size();
}

// The length of a capturing group's opening at pattern[i] ('('): 1 for "(",
// the length of "(?P<name>" / "(?<name>", or 0 when the group does not capture.
size_t CaptureOpening(std::string_view pattern, size_t i) {
  if (i + 1 >= pattern.size() || pattern[i + 1] != '?') return 1;
  size_t name = 0;
  if (pattern.substr(i + 2, 2) == "P<") name = i + 4;
  if (pattern.substr(i + 2, 1) == "<" && pattern.substr(i + 3, 1) != "=" && pattern.substr(i + 3, 1) != "!") {
    name = i + 3;
  }
  if (name == 0) return 0;
  const size_t close = pattern.find('>', name);
  return close == std::string_view::npos ? 0 : close + 1 - i;
}

}  // namespace

int CountCaptureGroups(std::string_view pattern) {
  int count = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '[') {
      i = SkipClass(pattern, i) - 1;
    } else if (pattern[i] == '(' && CaptureOpening(pattern, i) > 0) {
      ++count;
    }
  }
  return count;
}

std::string KeepOneCaptureGroup(std::string_view pattern, int keep) {
  std::string out;
  int group = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      out.append(pattern.substr(i, 2));
      ++i;
    } else if (c == '[') {
      const size_t end = SkipClass(pattern, i);
      out.append(pattern.substr(i, end - i));
      i = end - 1;
    } else if (c == '(' && CaptureOpening(pattern, i) > 0) {
      ++group;
      out += group == keep ? "(" : "(?:";
      i += CaptureOpening(pattern, i) - 1;
    } else {
      out += c;
    }
  }
  if (keep == 0) return "(" + out + ")";
  return out;
}

std::string StripExtendedMode(std::string_view pattern) {
  // Only a leading flag group turns extended mode on for the whole pattern.
  if (!pattern.starts_with("(?")) return std::string(pattern);
  const size_t close = pattern.find(')');
  if (close == std::string_view::npos) return std::string(pattern);
  const std::string_view flags = pattern.substr(2, close - 2);
  if (flags.find('x') == std::string_view::npos || flags.find_first_of(":-") != std::string_view::npos) {
    return std::string(pattern);
  }
  std::string kept;
  for (char f : flags) {
    if (f != 'x') kept += f;
  }
  std::string out = kept.empty() ? "" : "(?" + kept + ")";
  for (size_t i = close + 1; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char next = pattern[i + 1];
      if (next == ' ' || next == '#') {
        out += next == ' ' ? "\\x20" : "#";
      } else {
        out.append(pattern.substr(i, 2));
      }
      ++i;
    } else if (c == '[') {
      // Whitespace is insignificant inside classes too (Rust's regex, which
      // Nosey Parker's rules are written for); escaped, it is a literal.
      const size_t end = SkipClass(pattern, i);
      for (size_t j = i; j < end; ++j) {
        if (pattern[j] == '\\' && j + 1 < end) {
          out += pattern[j + 1] == ' ' ? std::string("\\x20") : std::string(pattern.substr(j, 2));
          ++j;
        } else if (!std::isspace(static_cast<unsigned char>(pattern[j]))) {
          out += pattern[j];
        }
      }
      i = end - 1;
    } else if (c == '#') {
      while (i < pattern.size() && pattern[i] != '\n') ++i;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      out += c;
    }
  }
  return out;
}

}  // namespace rekey
