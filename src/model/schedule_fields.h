// Private to the model module: readers for a schedule's windows, blackouts and
// verify block. Problems go to `diags`.
#ifndef REKEY_MODEL_SCHEDULE_FIELDS_H_
#define REKEY_MODEL_SCHEDULE_FIELDS_H_

#include <optional>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/model/model.h"
#include "yaml/yaml_node.h"

namespace rekey {

std::vector<TimeWindow> LoadWindows(const YamlNode* list, const std::string& path, Diagnostics& diags);
std::vector<Blackout> LoadBlackouts(const YamlNode* list, const std::string& path, Diagnostics& diags);
std::optional<Verify> LoadVerify(const YamlNode& node, const std::string& path, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_MODEL_SCHEDULE_FIELDS_H_
