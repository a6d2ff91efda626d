// Private to the model module: the `monitoring:` block of a key or service
// (PromQL selectors, checked by CheckPromSelector) and a Kubernetes namespace
// name. Problems go to `diags`.
#ifndef REKEY_MODEL_MONITORING_FIELDS_H_
#define REKEY_MODEL_MONITORING_FIELDS_H_

#include <optional>
#include <string>

#include "rekey/base/diagnostics.h"
#include "rekey/model/model.h"
#include "yaml/map_reader.h"
#include "yaml/yaml_node.h"

namespace rekey {

std::optional<Monitoring> LoadMonitoring(const YamlNode& node, const std::string& path, Diagnostics& diags);

// A DNS-1123 label (Kubernetes namespace), or nullopt after a diagnostic.
std::optional<std::string> KubernetesNamespace(MapReader& r, std::string_view field, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_MODEL_MONITORING_FIELDS_H_
