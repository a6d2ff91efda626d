#include "yaml/yaml_node.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

namespace rekey {

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.is_scalar() && k.scalar == key) return &v;
  }
  return nullptr;
}

std::string_view KindName(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull: return "null";
    case YamlNode::Kind::kScalar: return "string";
    case YamlNode::Kind::kSequence: return "sequence";
    case YamlNode::Kind::kMap: return "mapping";
  }
  return "null";
}

namespace {

class Converter {
 public:
  Converter(const std::string& path, Diagnostics& diags) : path_(path), diags_(diags) {}

  // Returns false when the tree exceeded the size or depth limits.
  bool Convert(const YAML::Node& in, YamlNode& out, int depth) {
    if (++count_ > kMaxYamlNodes || depth > kMaxYamlDepth) {
      if (!reported_limit_) {
        reported_limit_ = true;
        diags_.Error({path_, in.Mark().line + 1, in.Mark().column + 1}, "RK-YAML-009",
                     depth > kMaxYamlDepth ? "document nests deeper than " + std::to_string(kMaxYamlDepth) + " levels"
                                           : "document expands to more than " + std::to_string(kMaxYamlNodes) + " nodes",
                     "anchors/aliases that expand exponentially (\"billion laughs\") are refused; write the data out");
      }
      return false;
    }
    out.line = in.Mark().line + 1;
    out.column = in.Mark().column + 1;
    switch (in.Type()) {
      case YAML::NodeType::Scalar:
        out.kind = YamlNode::Kind::kScalar;
        out.scalar = in.Scalar();
        out.quoted = in.Tag() == "!";
        return true;
      case YAML::NodeType::Sequence:
        out.kind = YamlNode::Kind::kSequence;
        for (const YAML::Node& item : in) {
          out.items.emplace_back();
          if (!Convert(item, out.items.back(), depth + 1)) return false;
        }
        return true;
      case YAML::NodeType::Map:
        return ConvertMap(in, out, depth);
      default:
        out.kind = YamlNode::Kind::kNull;
        return true;
    }
  }

 private:
  bool ConvertMap(const YAML::Node& in, YamlNode& out, int depth) {
    out.kind = YamlNode::Kind::kMap;
    std::set<std::string> seen;
    for (auto it = in.begin(); it != in.end(); ++it) {
      YamlNode key, value;
      if (!Convert(it->first, key, depth + 1) || !Convert(it->second, value, depth + 1)) return false;
      if (key.is_scalar() && !seen.insert(key.scalar).second) {
        diags_.Error(key.Loc(path_), "RK-YAML-008", "duplicate key " + key.scalar + " in this mapping",
                     "remove one of them; YAML keeps only one and rekey will not guess which");
        continue;
      }
      out.entries.emplace_back(std::move(key), std::move(value));
    }
    return true;
  }

  const std::string& path_;
  Diagnostics& diags_;
  std::size_t count_ = 0;
  bool reported_limit_ = false;
};

// YAML forbids tabs in indentation; yaml-cpp's own message for them is cryptic.
bool ReportTabs(const std::string& text, const std::string& path, Diagnostics& diags) {
  bool found = false;
  int line = 1;
  bool at_indent = true;
  int column = 1;
  for (char c : text) {
    if (c == '\n') {
      ++line;
      column = 1;
      at_indent = true;
      continue;
    }
    if (at_indent && c == '\t') {
      diags.Error({path, line, column}, "RK-YAML-003", "tab character in indentation",
                  "YAML indents with spaces only; replace the tab with spaces");
      found = true;
      at_indent = false;
    } else if (c != ' ' && c != '-') {
      at_indent = false;
    }
    ++column;
  }
  return found;
}

bool OnlyCommentsOrBlank(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    if (line[first] == '#' || line.compare(first, 3, "---") == 0) continue;
    return false;
  }
  return true;
}

}  // namespace

std::optional<YamlDocument> ParseYaml(std::string text, const std::string& path, Diagnostics& diags) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // UTF-8 BOM
  if (OnlyCommentsOrBlank(text)) {
    diags.Error({path, 0, 0}, "RK-YAML-002", "file is empty", "expected a YAML mapping, e.g. \"api_keys:\"");
    return std::nullopt;
  }
  if (ReportTabs(text, path, diags)) return std::nullopt;
  YamlDocument doc{path, std::move(text), {}};
  try {
    const YAML::Node root = YAML::Load(doc.text);
    if (!Converter(path, diags).Convert(root, doc.root, 0)) return std::nullopt;
  } catch (const YAML::Exception& e) {
    diags.Error({path, e.mark.line + 1, e.mark.column + 1}, "RK-YAML-001", "YAML syntax error: " + e.msg,
                "check indentation and quoting around this position");
    return std::nullopt;
  }
  return doc;
}

std::optional<YamlDocument> LoadYamlFile(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.Error({path, 0, 0}, "RK-IO-001", "cannot read file", "check that the path exists and is readable");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseYaml(buffer.str(), path, diags);
}

}  // namespace rekey
