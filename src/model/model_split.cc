#include "model/model_split.h"

#include <algorithm>
#include <optional>

namespace rekey {
namespace {

constexpr std::string_view kSections[] = {"api_keys", "services", "rotation_schedules"};

bool BlankOrComment(std::string_view line) {
  const size_t first = line.find_first_not_of(" \r");
  return first == std::string_view::npos || line[first] == '#';
}

// "api_keys:" (optionally with spaces and a comment after it): the section, else nullopt.
std::optional<std::string_view> SectionHeader(std::string_view line) {
  for (std::string_view name : kSections) {
    if (!line.starts_with(name) || line.size() <= name.size() || line[name.size()] != ':') continue;
    std::string_view rest = line.substr(name.size() + 1);
    const size_t first = rest.find_first_not_of(" \r");
    if (first == std::string_view::npos || rest[first] == '#') return name;
  }
  return std::nullopt;
}

// A block sequence item at `indent`: "- x" or a lone "-".
bool ItemAt(std::string_view line, size_t indent) {
  if (line.size() <= indent || line[indent] != '-') return false;
  if (line.find_first_not_of(' ') != indent) return false;
  return line.size() == indent + 1 || line[indent + 1] == ' ' || line[indent + 1] == '\r';
}

// A place a piece may start: an item of a section, or a section header (with
// the comment and blank lines just above either).
struct Boundary {
  size_t offset;             // of its first byte
  int line;                  // its 0-based line
  std::string_view section;  // the section it starts, or starts inside
  bool header;               // a section header: a piece from here is a document of its own
};

}  // namespace

std::size_t PieceCount(std::size_t bytes, std::size_t cores) {
  if (cores < 2 || bytes < kMinSplitBytes) return 1;
  constexpr std::size_t kMaxPieces = 256;  // 64 MiB and up: pieces grow instead
  return std::min(kMaxPieces, std::max(cores, bytes / kMinSplitBytes));
}

std::vector<ModelPiece> SplitModelText(std::string_view text, size_t pieces) {
  if (pieces < 2 || text.size() < kMinSplitBytes || text.find('\t') != std::string_view::npos) return {};
  std::vector<Boundary> boundaries;  // in file order
  std::vector<std::string_view> seen;
  std::optional<std::string_view> section;
  std::optional<size_t> item_indent;
  std::optional<std::pair<size_t, int>> pending;  // first of the comment/blank lines just above
  int number = 0;
  for (size_t start = 0; start < text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    const size_t offset = start;
    start = end + 1;
    if (BlankOrComment(line)) {
      if (!pending) pending.emplace(offset, number);
      continue;
    }
    const auto [first_offset, first_line] = pending.value_or(std::make_pair(offset, number));
    pending.reset();
    if (line[0] != ' ' && line[0] != '-') {
      std::optional<std::string_view> header = SectionHeader(line);
      if (!header || std::find(seen.begin(), seen.end(), *header) != seen.end()) return {};
      seen.push_back(*header);
      section = header;
      item_indent.reset();
      boundaries.push_back({first_offset, first_line, *section, true});
      continue;
    }
    if (!section) return {};
    const size_t indent = line.find_first_not_of(' ');
    if (!item_indent && ItemAt(line, indent)) item_indent = indent;
    if (item_indent && indent < *item_indent) return {};  // not a plain block sequence
    if (item_indent && ItemAt(line, *item_indent)) boundaries.push_back({first_offset, first_line, *section, false});
  }
  // Cut at every section header after the first, and at the item starts
  // nearest to equal shares of the text.
  std::vector<const Boundary*> cuts;
  size_t next = 0;
  for (size_t k = 1; k < pieces; ++k) {
    const size_t target = text.size() * k / pieces;
    for (; next < boundaries.size() && boundaries[next].offset < target; ++next) {
      if (boundaries[next].header && boundaries[next].offset > 0) cuts.push_back(&boundaries[next]);
    }
    if (next >= boundaries.size()) break;
    cuts.push_back(&boundaries[next++]);  // offset >= target > 0
  }
  for (; next < boundaries.size(); ++next) {
    if (boundaries[next].header && boundaries[next].offset > 0) cuts.push_back(&boundaries[next]);
  }
  if (cuts.empty()) return {};
  std::vector<ModelPiece> out;
  out.push_back({text.substr(0, cuts.front()->offset), "", 0});
  for (size_t i = 0; i < cuts.size(); ++i) {
    const Boundary& b = *cuts[i];
    const size_t to = i + 1 < cuts.size() ? cuts[i + 1]->offset : text.size();
    out.push_back({text.substr(b.offset, to - b.offset), b.header ? "" : b.section, b.line});
  }
  return out;
}

}  // namespace rekey
