// Private to emit: a small YAML document builder and writer for the files
// rekey generates (alert rules, Alertmanager and Kubernetes objects). Block
// style, two-space indentation, keys in insertion order; a string is written
// plain only when YAML cannot read it as anything else, else double-quoted;
// multi-line strings as literal blocks. Comments attach to map entries and
// sequence items.
//
//   YamlValue rule = YamlValue::Map();
//   rule.Set("alert", "RekeyRotationFailed").Set("for", YamlValue::Plain("0s"));
//   std::string text = rule.Emit();
#ifndef REKEY_EMIT_YAML_VALUE_H_
#define REKEY_EMIT_YAML_VALUE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rekey {

class YamlValue {
 public:
  enum class Kind { kString, kPlain, kMap, kSeq };

  YamlValue(std::string text) : kind_(Kind::kString), text_(std::move(text)) {}  // NOLINT: implicit by design
  YamlValue(const char* text) : YamlValue(std::string(text)) {}                  // NOLINT
  static YamlValue Plain(std::string text);  // written as is: numbers, booleans, durations like 5m
  static YamlValue Int(int64_t value) { return Plain(std::to_string(value)); }
  static YamlValue Bool(bool value) { return Plain(value ? "true" : "false"); }
  static YamlValue Map() { return YamlValue(Kind::kMap); }
  static YamlValue Seq() { return YamlValue(Kind::kSeq); }

  Kind kind() const { return kind_; }
  // Map: appends (or replaces) `key`; returns *this for chaining.
  YamlValue& Set(const std::string& key, YamlValue value, std::string comment = "");
  // Map: the value at `key`, appended as an empty map when absent.
  YamlValue& At(const std::string& key);
  // Seq: appends an item; returns the item.
  YamlValue& Push(YamlValue value, std::string comment = "");
  bool empty() const { return entries_.empty(); }

  // The document (no leading `---`), ending in a newline.
  std::string Emit() const;

 private:
  explicit YamlValue(Kind kind) : kind_(kind) {}
  struct Entry;
  void EmitInto(std::string& out, int indent) const;

  Kind kind_;
  std::string text_;
  std::vector<Entry> entries_;  // map entries (key set) or sequence items (key empty)
};

struct YamlValue::Entry {
  std::string key;
  std::string comment;
  YamlValue value;
};

// How `text` is written as a scalar: plain when unambiguous, else double-quoted.
std::string YamlScalar(const std::string& text);

}  // namespace rekey

#endif  // REKEY_EMIT_YAML_VALUE_H_
