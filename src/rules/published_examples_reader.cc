#include <optional>
#include <string>

#include "rekey/rules/published_examples.h"
#include "rules/rule_reader.h"
#include "yaml/map_reader.h"

namespace rekey {

std::vector<PublishedExampleEntry> ReadPublishedExamples(const YamlDocument& doc, Diagnostics& diags) {
  // Shorter values would name no credential in particular (and drop others).
  constexpr size_t kMinValue = 8;
  std::vector<PublishedExampleEntry> out;
  MapReader file(doc.root, doc.path, "published examples file", {"published_examples"}, diags);
  const YamlNode* list = file.Node("published_examples", Required::kYes);
  if (list == nullptr) return out;
  if (!list->is_sequence()) {
    diags.Error(list->Loc(doc.path), "RK-RULE-014", "published_examples must be a list of {value, source, note}",
                "write \"published_examples:\" followed by \"- value: ...\" entries");
    return out;
  }
  for (const YamlNode& item : list->items) {
    MapReader r(item, doc.path, "published example", {"value", "source", "note"}, diags);
    if (!r.is_map()) continue;
    std::optional<std::string> value = r.String("value", Required::kYes);
    std::optional<std::string> source = r.Url("source", Required::kYes);
    r.String("note", Required::kNo);
    if (!value || !source) continue;
    if (value->size() < kMinValue) {
      diags.Error(r.LocOf("value"), "RK-RULE-014", "published example is shorter than 8 characters",
                  "such a value names no credential in particular; leave it to the placeholder filters");
      continue;
    }
    out.push_back({*value, *source, r.loc()});
  }
  return out;
}

}  // namespace rekey
