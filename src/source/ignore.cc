#include "rekey/source/ignore.h"

#include "rekey/source/glob.h"

namespace rekey {
namespace {

// Trailing spaces are dropped unless escaped with a backslash.
std::string_view TrimTrailingSpaces(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    if (line.size() >= 2 && line[line.size() - 2] == '\\') break;
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

IgnoreList IgnoreList::Parse(std::string_view text) {
  IgnoreList list;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    list.Add(line);
  }
  return list;
}

void IgnoreList::Add(std::string_view line) {
  line = TrimTrailingSpaces(line);
  if (line.empty() || line[0] == '#') return;
  Pattern pattern;
  if (line[0] == '!') {
    pattern.negated = true;
    line.remove_prefix(1);
  } else if (line.size() >= 2 && line[0] == '\\' && (line[1] == '!' || line[1] == '#')) {
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    pattern.dir_only = true;
    line.remove_suffix(1);
  }
  if (line.empty()) return;
  // A slash anywhere but at the end anchors the pattern to this directory.
  pattern.anchored = line.find('/') != std::string_view::npos;
  if (line[0] == '/') line.remove_prefix(1);
  if (line.empty()) return;
  pattern.glob = std::string(line);
  patterns_.push_back(std::move(pattern));
}

IgnoreMatch IgnoreList::Match(std::string_view path, bool is_dir) const {
  const std::size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    if (it->dir_only && !is_dir) continue;
    if (GlobMatch(it->glob, it->anchored ? path : name)) {
      return it->negated ? IgnoreMatch::kIncluded : IgnoreMatch::kIgnored;
    }
  }
  return IgnoreMatch::kNone;
}

}  // namespace rekey
