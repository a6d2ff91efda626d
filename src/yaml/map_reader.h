// MapReader: reads one YAML mapping that stands for a typed record (an API key,
// a schedule, a rule...) and reports every problem with it: unknown fields with
// "did you mean", missing required fields, wrong types, unparsable values.
// Each getter returns nullopt when the field is absent or invalid; the problem,
// if any, is already in `diags`.
//
// Diagnostic ids: RK-YAML-004 unknown field, -005 missing required field,
// -006 wrong type, -007 invalid value.
//
//   MapReader r(node, path, "api key", {"name", "rotation_frequency"}, diags);
//   std::optional<std::string> name = r.String("name", Required::kYes);
//   std::optional<Duration> freq = r.DurationValue("rotation_frequency", Required::kYes);
#ifndef REKEY_YAML_MAP_READER_H_
#define REKEY_YAML_MAP_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/duration.h"
#include "rekey/base/timestamp.h"
#include "yaml/yaml_node.h"

namespace rekey {

enum class Required { kNo, kYes };

class MapReader {
 public:
  // `what` names the record in messages ("api key", "rotation schedule").
  MapReader(const YamlNode& node, std::string path, std::string what, std::vector<std::string> fields,
            Diagnostics& diags);

  bool is_map() const { return node_.is_map(); }
  // The record's name for messages, once known (e.g. `api key "stripe-api-key"`).
  void set_label(std::string label) { label_ = std::move(label); }

  const YamlNode* Node(std::string_view field, Required required);
  std::optional<std::string> String(std::string_view field, Required required);
  std::optional<bool> Bool(std::string_view field, Required required);
  std::optional<double> Number(std::string_view field, Required required);
  std::optional<Duration> DurationValue(std::string_view field, Required required);
  std::optional<Timestamp> TimestampValue(std::string_view field, Required required);
  std::optional<std::vector<std::string>> StringList(std::string_view field, Required required);
  // Index into `values` (matched case-insensitively); the error lists them.
  std::optional<size_t> Enum(std::string_view field, const std::vector<std::string>& values, Required required);
  // An absolute https:// or http:// URL with a host.
  std::optional<std::string> Url(std::string_view field, Required required);

  // Location of the field's value, or of the mapping when the field is absent.
  SourceLoc LocOf(std::string_view field) const;
  SourceLoc loc() const { return node_.Loc(path_); }

 private:
  void ReportUnknownFields();
  void WrongType(const YamlNode& value, std::string_view field, std::string_view expected, std::string hint);
  void Invalid(const YamlNode& value, std::string_view field, std::string message, std::string hint,
               int column_in_value = 0);

  const YamlNode& node_;
  std::string path_;
  std::string what_;
  std::string label_;
  std::vector<std::string> fields_;
  Diagnostics& diags_;
};

}  // namespace rekey

#endif  // REKEY_YAML_MAP_READER_H_
