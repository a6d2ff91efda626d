#include "rekey/scan/inline_allow.h"

namespace rekey {
namespace {

constexpr std::string_view kMarker = "rekey:allow";
constexpr std::string_view kForeignMarkers[] = {"gitleaks:allow", "pragma: allowlist secret"};
constexpr std::string_view kForeignNextLine = "pragma: allowlist nextline secret";

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'; }

// Whether the text right after one "rekey:allow" accepts `rule_id`.
bool MarkerAccepts(std::string_view rest, std::string_view rule_id) {
  if (!rest.empty() && IsIdChar(rest[0])) return false;  // "rekey:allowed": not a marker
  std::size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '=' || rest[i] == ':')) ++i;
  bool any_id = false;
  while (true) {
    const std::size_t begin = i;
    while (i < rest.size() && IsIdChar(rest[i])) ++i;
    const std::string_view word = rest.substr(begin, i - begin);
    if (word.find('.') == std::string_view::npos) break;  // free text, not a rule id
    any_id = true;
    if (word == rule_id) return true;
    if (i >= rest.size() || rest[i] != ',') break;
    ++i;
  }
  return !any_id;
}

// True when nothing but whitespace and comment punctuation (# // -- ; /* * <!-- % ') comes before `at`: the
// comment stands alone on its line.
bool StandsAlone(std::string_view line, std::size_t at) {
  for (char c : line.substr(0, at)) {
    if (c != ' ' && c != '\t' && c != '#' && c != '/' && c != '*' && c != '-' && c != ';' && c != '<' && c != '!' &&
        c != '%' && c != '\'') {
      return false;
    }
  }
  return true;
}

// A marker on `line` that accepts `rule_id`; with `alone`, only a marker in a
// comment that stands alone on its line counts (the one before a secret's line).
bool LineAllows(std::string_view line, std::string_view rule_id, const AllowOptions& options, bool alone = false) {
  for (std::size_t at = line.find(kMarker); at != std::string_view::npos; at = line.find(kMarker, at + 1)) {
    if (alone && !StandsAlone(line, at)) continue;
    if (MarkerAccepts(line.substr(at + kMarker.size()), rule_id)) return true;
  }
  if (options.foreign_markers) {
    for (std::string_view marker : kForeignMarkers) {
      if (line.find(marker) != std::string_view::npos) return true;
    }
  }
  return false;
}

}  // namespace

bool IsAllowedInline(std::string_view content, std::size_t offset, std::string_view rule_id,
                     const AllowOptions& options) {
  if (offset > content.size()) offset = content.size();
  const std::size_t before = content.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
  const std::size_t line_start = (offset == 0 || before == std::string_view::npos) ? 0 : before + 1;
  std::size_t line_end = content.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = content.size();
  if (LineAllows(content.substr(line_start, line_end - line_start), rule_id, options)) return true;
  if (line_start == 0) return false;
  const std::size_t prev_end = line_start - 1;
  const std::size_t prev_nl = prev_end == 0 ? std::string_view::npos : content.rfind('\n', prev_end - 1);
  const std::size_t prev_start = prev_nl == std::string_view::npos ? 0 : prev_nl + 1;
  const std::string_view previous = content.substr(prev_start, prev_end - prev_start);
  // Foreign same-line markers do not reach the next line; detect-secrets' own
  // next-line form does.
  if (options.foreign_markers && previous.find(kForeignNextLine) != std::string_view::npos) return true;
  // A trailing marker belongs to its own line's code; only a comment alone on
  // the line before reaches down (issue #21.3).
  return LineAllows(previous, rule_id, AllowOptions{}, /*alone=*/true);
}

}  // namespace rekey
