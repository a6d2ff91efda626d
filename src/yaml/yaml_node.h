// The one yaml-cpp adapter (private to rekey): parses a YAML file into an owned
// tree of YamlNode values that carry 1-based line/column marks, and turns every
// yaml-cpp exception into a Diagnostic. No yaml-cpp type escapes this module.
//
// Guards: tabs in indentation, empty files, duplicate mapping keys, scalars
// that are not UTF-8 (RK-YAML-010; the bytes become U+FFFD, so no invalid
// UTF-8 reaches JSON output), files that are not regular or over
// kMaxInputFileSize (RK-IO-001), and trees larger than kMaxYamlNodes (alias
// bombs expand here, so they are cut off).
//
// Thread-safety: pure functions; the tree is a plain value.
//
//   Diagnostics diags;
//   std::optional<YamlDocument> doc = LoadYamlFile("inventory.yaml", diags);
//   if (doc) for (const auto& [key, value] : doc->root.entries) ...
#ifndef REKEY_YAML_YAML_NODE_H_
#define REKEY_YAML_YAML_NODE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"

namespace rekey {

inline constexpr std::size_t kMaxYamlNodes = 1'000'000;
inline constexpr int kMaxYamlDepth = 256;

struct YamlEntry;  // a mapping's key and value (below: YamlNode must be complete first)

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  int line = 0;                    // 1-based
  int column = 0;                  // 1-based, bytes
  bool quoted = false;             // kScalar: written with quotes or as a block ("yes" is then a string)
  std::string scalar;              // kScalar: the text as written (unquoted)
  std::vector<YamlNode> items;     // kSequence
  std::vector<YamlEntry> entries;  // kMap, in file order

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_map() const { return kind == Kind::kMap; }

  // kMap: the value under a scalar key, or nullptr.
  const YamlNode* Find(std::string_view key) const;
  SourceLoc Loc(const std::string& path) const { return {path, line, column}; }
};

// A struct rather than std::pair<YamlNode, YamlNode>: a pair of an incomplete
// type inside YamlNode is ill-formed, and clang with libstdc++ rejects it.
struct YamlEntry {
  YamlNode key;
  YamlNode value;
};

// "mapping", "sequence", "string", "null": for "expected X, got Y" messages.
std::string_view KindName(const YamlNode& node);

struct YamlDocument {
  std::string path;
  std::string text;  // the raw file, for comment-level features (suppressions)
  YamlNode root;
};

// Parses `text` as one YAML document named `path`. Problems go to `diags`
// (ids RK-YAML-001 syntax, -002 empty, -003 tab, -008 duplicate key, -009 too
// large/deep); returns nullopt when the document cannot be used at all.
std::optional<YamlDocument> ParseYaml(std::string text, const std::string& path, Diagnostics& diags);

// ParseYaml for a caller that keeps `text` itself (or needs only the tree):
// nothing is copied, which counts for a multi-megabyte inventory.
std::optional<YamlNode> ParseYamlTree(std::string_view text, const std::string& path, Diagnostics& diags);

// Reads the file (RK-IO-001 when it cannot) and parses it.
std::optional<YamlDocument> LoadYamlFile(const std::string& path, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_YAML_YAML_NODE_H_
