#include "model/model_split.h"

#include <algorithm>
#include <optional>

namespace rekey {
namespace {

constexpr std::string_view kSections[] = {"api_keys", "services", "rotation_schedules"};

struct Line {
  std::string_view text;  // without the newline
  size_t offset;          // of its first byte in the file
};

std::vector<Line> Lines(std::string_view text) {
  std::vector<Line> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back({text.substr(start, end - start), start});
    start = end + 1;
  }
  return lines;
}

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

struct Boundary {
  size_t line;               // first line of the piece (a comment above the item, or the item)
  std::string_view section;  // the section it starts inside
};

}  // namespace

std::vector<ModelPiece> SplitModelText(std::string_view text, size_t pieces) {
  if (pieces < 2 || text.size() < kMinSplitBytes || text.find('\t') != std::string_view::npos) return {};
  const std::vector<Line> lines = Lines(text);
  std::vector<Boundary> boundaries;  // every item start, in file order
  std::vector<std::string_view> seen;
  std::optional<std::string_view> section;
  std::optional<size_t> item_indent;
  std::optional<size_t> pending;  // first of the comment/blank lines just above
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i].text;
    if (BlankOrComment(line)) {
      if (!pending) pending = i;
      continue;
    }
    if (line[0] != ' ' && line[0] != '-') {
      std::optional<std::string_view> header = SectionHeader(line);
      if (!header || std::find(seen.begin(), seen.end(), *header) != seen.end()) return {};
      seen.push_back(*header);
      section = header;
      item_indent.reset();
      pending.reset();
      continue;
    }
    if (!section) return {};
    const size_t indent = line.find_first_not_of(' ');
    if (!item_indent && ItemAt(line, indent)) item_indent = indent;
    if (item_indent && indent < *item_indent) return {};  // not a plain block sequence
    if (item_indent && ItemAt(line, *item_indent)) boundaries.push_back({pending.value_or(i), *section});
    pending.reset();
  }
  // Cut at the item starts nearest to equal shares of the text.
  std::vector<ModelPiece> out;
  size_t start_line = 0;
  std::string_view start_section;
  size_t next = 0;
  for (size_t k = 1; k <= pieces; ++k) {
    size_t end_line = lines.size();
    std::string_view end_section;
    if (k < pieces) {
      const size_t target = text.size() * k / pieces;
      while (next < boundaries.size() && lines[boundaries[next].line].offset < target) ++next;
      if (next >= boundaries.size()) break;
      end_line = boundaries[next].line;
      end_section = boundaries[next].section;
      if (end_line <= start_line) continue;
    }
    const size_t from = lines[start_line].offset;
    const size_t to = end_line < lines.size() ? lines[end_line].offset : text.size();
    ModelPiece piece;
    if (start_section.empty()) {
      piece.text = std::string(text.substr(from, to - from));
      piece.line_offset = static_cast<int>(start_line);
    } else {
      // The header takes the line above the piece, so the piece's lines keep their numbers.
      piece.text = std::string(start_section) + ":\n" + std::string(text.substr(from, to - from));
      piece.line_offset = static_cast<int>(start_line) - 1;
    }
    out.push_back(std::move(piece));
    start_line = end_line;
    start_section = end_section;
    if (end_line == lines.size()) break;
  }
  if (out.size() < 2) return {};
  return out;
}

}  // namespace rekey
