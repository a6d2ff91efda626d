// The `monitoring:` block: which of the application's counters the seed's
// auth-failure, revoked-key and old-key alerts watch.
#include "model/monitoring_fields.h"

#include "rekey/base/text.h"
#include "rekey/model/prom_selector.h"

namespace rekey {
namespace {

const std::vector<std::string> kMonitoringFields = {"auth_failures", "revoked_key_use", "key_use", "key_id_label"};

std::optional<std::string> Selector(MapReader& r, std::string_view field, Diagnostics& diags) {
  std::optional<std::string> text = r.String(field, Required::kNo);
  if (!text) return std::nullopt;
  Status ok = CheckPromSelector(*text);
  if (ok) return text;
  SourceLoc loc = r.LocOf(field);
  diags.Error(loc, "RK-YAML-007",
              std::string(field) + " of monitoring: not a PromQL vector selector: " + ok.error().message + " (byte " +
                  std::to_string(ok.error().column) + ")",
              ok.error().hint);
  return std::nullopt;
}

bool IsDns1123Label(const std::string& s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

std::optional<Monitoring> LoadMonitoring(const YamlNode& node, const std::string& path, Diagnostics& diags) {
  MapReader r(node, path, "monitoring", kMonitoringFields, diags);
  if (!r.is_map()) return std::nullopt;
  Monitoring m;
  m.loc = r.loc();
  m.auth_failures = Selector(r, "auth_failures", diags);
  m.revoked_key_use = Selector(r, "revoked_key_use", diags);
  m.key_use = Selector(r, "key_use", diags);
  if (std::optional<std::string> label = r.String("key_id_label", Required::kNo)) {
    if (IsPromLabelName(*label)) {
      m.key_id_label = *label;
    } else {
      diags.Error(r.LocOf("key_id_label"), "RK-YAML-007",
                  "key_id_label of monitoring: " + Quote(*label) + " is not a Prometheus label name",
                  "letters, digits and _, not starting with a digit (e.g. key_id)");
    }
  }
  return m;
}

std::optional<std::string> KubernetesNamespace(MapReader& r, std::string_view field, Diagnostics& diags) {
  std::optional<std::string> name = r.String(field, Required::kNo);
  if (!name || IsDns1123Label(*name)) return name;
  diags.Error(r.LocOf(field), "RK-YAML-007",
              std::string(field) + ": " + Quote(*name) + " is not a Kubernetes namespace name",
              "lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit");
  return std::nullopt;
}

}  // namespace rekey
