#include "yaml/yaml_node.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <istream>
#include <iterator>
#include <map>
#include <optional>
#include <streambuf>
#include <string_view>
#include <unordered_set>

#include "rekey/base/read_file.h"

namespace rekey {

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.is_scalar() && k.scalar == key) return &v;
  }
  return nullptr;
}

std::string_view KindName(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull:
      return "null";
    case YamlNode::Kind::kScalar:
      return "string";
    case YamlNode::Kind::kSequence:
      return "sequence";
    case YamlNode::Kind::kMap:
      return "mapping";
  }
  return "null";
}

namespace {

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// Replaces each byte that is not part of well-formed UTF-8 with U+FFFD and
// returns how many there were. Every input string reaches JSON, SARIF and
// Markdown output, where such bytes are invalid (nlohmann's dump throws on
// them), so they are reported and never passed on.
size_t ReplaceInvalidUtf8(std::string& text) {
  size_t invalid = 0;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      if (invalid++ == 0) out.assign(text, 0, i);
      out += "\uFFFD";
      ++i;
      continue;
    }
    if (invalid > 0) out.append(text, i, n);
    i += n;
  }
  if (invalid > 0) text = std::move(out);
  return invalid;
}

// Builds the YamlNode tree straight from yaml-cpp's parser events: about twice
// as fast as YAML::Load plus a conversion, and aliases are expanded under our
// own size limit (alias bombs stop at kMaxYamlNodes).
//
// A collection's children gather in a scratch vector per nesting depth, reused
// for every collection at that depth, and move into an exactly sized vector
// when it closes: growing each mapping's entries one push_back at a time
// allocated (and first-touched) about twice the tree's final size.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& path, Diagnostics& diags) : path_(path), diags_(diags) {}

  bool failed() const { return failed_; }
  YamlNode& root() { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode node;
    Place(mark, node);
    Finish(std::move(node), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      OnNull(mark, YAML::NullAnchor);
      return;
    }
    if (!Count(it->second.second, mark)) return;
    Finish(YamlNode(it->second.first), YAML::NullAnchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode node;
    Place(mark, node);
    node.kind = YamlNode::Kind::kScalar;
    node.scalar = value;
    node.quoted = tag == "!";
    if (const size_t invalid = ReplaceInvalidUtf8(node.scalar)) {
      diags_.Error(node.Loc(path_), "RK-YAML-010",
                   "text is not valid UTF-8 (" + std::to_string(invalid) + (invalid == 1 ? " byte)" : " bytes)"),
                   "YAML files are UTF-8: save this file as UTF-8");
    }
    Finish(std::move(node), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, YamlNode::Kind::kSequence, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, YamlNode::Kind::kMap, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  // Mappings up to this size find duplicate keys by a scan of their entries;
  // larger ones index their keys once, so a huge mapping stays linear.
  static constexpr size_t kLinearKeyScan = 32;

  struct Frame {
    YamlNode node;  // kind and position; the children are in the depth's scratch
    YAML::anchor_t anchor = YAML::NullAnchor;
    size_t first_count = 0;       // node count when the collection opened (its size for aliases)
    std::optional<YamlNode> key;  // kMap: the key waiting for its value
    bool keys_indexed = false;    // kMap: `keys` holds every scalar key so far
    std::unordered_set<std::string> keys;
  };

  // Children of the open collection at one depth.
  struct Scratch {
    std::vector<YamlNode> items;
    std::vector<YamlEntry> entries;
  };

  void Place(const YAML::Mark& mark, YamlNode& node) {
    node.line = mark.line + 1;
    node.column = mark.column + 1;
  }

  // Adds `n` nodes to the total; false (and one diagnostic) past the limit.
  bool Count(size_t n, const YAML::Mark& mark) {
    count_ += n;
    if (count_ <= kMaxYamlNodes && stack_.size() <= static_cast<size_t>(kMaxYamlDepth)) return true;
    if (!failed_) {
      failed_ = true;
      const bool deep = stack_.size() > static_cast<size_t>(kMaxYamlDepth);
      diags_.Error({path_, mark.line + 1, mark.column + 1}, "RK-YAML-009",
                   deep ? "document nests deeper than " + std::to_string(kMaxYamlDepth) + " levels"
                        : "document expands to more than " + std::to_string(kMaxYamlNodes) + " nodes",
                   "anchors/aliases that expand exponentially (\"billion laughs\") are refused; write the data out");
    }
    return false;
  }

  void Open(const YAML::Mark& mark, YamlNode::Kind kind, YAML::anchor_t anchor) {
    Frame frame;
    Place(mark, frame.node);
    frame.node.kind = kind;
    frame.anchor = anchor;
    frame.first_count = count_;
    stack_.push_back(std::move(frame));
    if (scratch_.size() < stack_.size()) scratch_.emplace_back();
    Count(1, mark);
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    Scratch& children = scratch_[stack_.size() - 1];
    stack_.pop_back();
    // assign() from forward iterators allocates exactly the size needed.
    frame.node.items.assign(std::make_move_iterator(children.items.begin()),
                            std::make_move_iterator(children.items.end()));
    frame.node.entries.assign(std::make_move_iterator(children.entries.begin()),
                              std::make_move_iterator(children.entries.end()));
    children.items.clear();
    children.entries.clear();
    if (frame.anchor != YAML::NullAnchor) {
      anchors_[frame.anchor] = {frame.node, count_ - frame.first_count};
    }
    Attach(std::move(frame.node));
  }

  void Finish(YamlNode node, YAML::anchor_t anchor) {
    if (node.kind != YamlNode::Kind::kMap && node.kind != YamlNode::Kind::kSequence && !Count(1, YAML::Mark())) {
      return;
    }
    if (anchor != YAML::NullAnchor) anchors_[anchor] = {node, 1};
    Attach(std::move(node));
  }

  // Whether `key` is already a key of the mapping being built; remembers it.
  static bool SeenKey(Frame& frame, const std::vector<YamlEntry>& entries, const std::string& key) {
    if (entries.size() < kLinearKeyScan) {
      for (const YamlEntry& e : entries) {
        if (e.key.is_scalar() && e.key.scalar == key) return true;
      }
      return false;
    }
    if (!frame.keys_indexed) {
      for (const YamlEntry& e : entries) {
        if (e.key.is_scalar()) frame.keys.insert(e.key.scalar);
      }
      frame.keys_indexed = true;
    }
    return !frame.keys.insert(key).second;
  }

  void Attach(YamlNode node) {
    if (failed_) return;
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& parent = stack_.back();
    Scratch& siblings = scratch_[stack_.size() - 1];
    if (parent.node.is_sequence()) {
      siblings.items.push_back(std::move(node));
    } else if (!parent.key) {
      parent.key = std::move(node);
    } else {
      YamlNode key = std::move(*parent.key);
      parent.key.reset();
      if (key.is_scalar() && SeenKey(parent, siblings.entries, key.scalar)) {
        diags_.Error(key.Loc(path_), "RK-YAML-008", "duplicate key " + key.scalar + " in this mapping",
                     "remove one of them; YAML keeps only one and rekey will not guess which");
        return;
      }
      siblings.entries.push_back({std::move(key), std::move(node)});
    }
  }

  const std::string& path_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
  std::vector<Scratch> scratch_;                                   // [depth]: children of stack_[depth]
  std::map<YAML::anchor_t, std::pair<YamlNode, size_t>> anchors_;  // anchored node and its node count
  YamlNode root_;
  size_t count_ = 0;
  bool failed_ = false;
};

// An istream over text held elsewhere: yaml-cpp reads a stream, and an
// istringstream would copy the whole file first.
class ViewStreamBuf final : public std::streambuf {
 public:
  explicit ViewStreamBuf(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // the get area is only read
    setg(begin, begin, begin + text.size());
  }
};

// YAML forbids tabs in indentation; yaml-cpp's own message for them is cryptic.
bool ReportTabs(std::string_view text, const std::string& path, Diagnostics& diags) {
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

bool OnlyCommentsOrBlank(std::string_view text) {
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    if (line[first] == '#' || line.compare(first, 3, "---") == 0) continue;
    return false;
  }
  return true;
}

// ParseYamlTree after the byte-order mark.
std::optional<YamlNode> ParseTree(std::string_view text, const std::string& path, Diagnostics& diags) {
  if (OnlyCommentsOrBlank(text)) {
    diags.Error({path, 0, 0}, "RK-YAML-002", "file is empty", "expected a YAML mapping, e.g. \"api_keys:\"");
    return std::nullopt;
  }
  if (ReportTabs(text, path, diags)) return std::nullopt;
  try {
    ViewStreamBuf buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    TreeBuilder builder(path, diags);
    parser.HandleNextDocument(builder);
    if (builder.failed()) return std::nullopt;
    return std::move(builder.root());
  } catch (const YAML::Exception& e) {
    diags.Error({path, e.mark.line + 1, e.mark.column + 1}, "RK-YAML-001", "YAML syntax error: " + e.msg,
                "check indentation and quoting around this position");
    return std::nullopt;
  }
}

}  // namespace

std::optional<YamlNode> ParseYamlTree(std::string_view text, const std::string& path, Diagnostics& diags) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
  return ParseTree(text, path, diags);
}

std::optional<YamlDocument> ParseYaml(std::string text, const std::string& path, Diagnostics& diags) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 BOM
  std::optional<YamlNode> root = ParseTree(text, path, diags);
  if (!root) return std::nullopt;
  return YamlDocument{path, std::move(text), std::move(*root)};
}

std::optional<YamlDocument> LoadYamlFile(const std::string& path, Diagnostics& diags) {
  // Regular files only: `--rules` may name a FIFO (the open would block) or a
  // link to /dev/zero (the read would never end).
  Result<std::string> text = ReadRegularFile(path, {});
  if (!text) {
    diags.Error({path, 0, 0}, "RK-IO-001", text.error().message, text.error().hint);
    return std::nullopt;
  }
  return ParseYaml(std::move(*text), path, diags);
}

}  // namespace rekey
