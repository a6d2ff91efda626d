// YAML → typed model records. One function per record kind; MapReader reports
// unknown fields, missing identity fields, wrong types and invalid values.
#include <string>
#include <vector>

#include "model/model_split.h"
#include "model/monitoring_fields.h"
#include "model/schedule_fields.h"
#include "model/suppressions.h"
#include "rekey/base/text.h"
#include "rekey/model/loader.h"
#include "yaml/map_reader.h"
#include "yaml/yaml_node.h"

namespace rekey {
namespace {

const std::vector<std::string> kTopLevel = {"api_keys", "services", "rotation_schedules"};
const std::vector<std::string> kKeyFields = {"name",
                                             "provider",
                                             "environment",
                                             "used_by",
                                             "vault_path",
                                             "rotation_frequency",
                                             "supports_dual_key",
                                             "provider_api",
                                             "criticality",
                                             "owner",
                                             "last_rotated",
                                             "expires_at",
                                             "downtime_accepted",
                                             "max_active_keys",
                                             "notify_before",
                                             "vault_max_versions",
                                             "vault_delete_version_after",
                                             "reports_last_use",
                                             "vault",
                                             "monitoring",
                                             "admin_vault_path"};
const std::vector<std::string> kServiceFields = {"name",  "reads_via", "refresh",   "environment",
                                                 "paths", "restart",   "namespace", "monitoring"};
const std::vector<std::string> kVaultKinds = {"hashicorp-vault", "openbao", "aws-secrets-manager", "azure-key-vault",
                                              "google-secret-manager"};
const std::vector<std::string> kRestartModes = {"automatic", "manual"};
const std::vector<std::string> kScheduleFields = {"secret",
                                                  "provider",
                                                  "schedule",
                                                  "dialect",
                                                  "timezone",
                                                  "grace_period",
                                                  "alert_on_failure",
                                                  "rollback_on_failure",
                                                  "windows",
                                                  "blackouts",
                                                  "allow_business_hours",
                                                  "day_match",
                                                  "verify",
                                                  "rotate_immediately"};
const std::vector<std::string> kDayMatch = {"any"};
const std::vector<std::string> kCriticalities = {"critical", "high", "medium", "low"};
const std::vector<std::string> kReadsVia = {"vault-agent", "sdk-cache", "csi", "external-secrets", "env", "unknown"};
const std::vector<std::string> kDialects = {"posix", "aws"};

void RecordFields(const YamlNode& node, FieldLocs& fields) {
  if (!node.is_map()) return;
  fields.reserve(node.entries.size());
  for (const auto& [key, value] : node.entries) fields.push_back({key.scalar, value.line, value.column});
}

template <typename T, typename U>
void Assign(std::optional<T>& out, std::optional<U> value) {
  if (value) out = static_cast<T>(*value);
}

void LoadKey(const YamlNode& node, const std::string& path, Model& model, Diagnostics& diags) {
  MapReader r(node, path, "api key", kKeyFields, diags);
  if (!r.is_map()) return;
  ApiKey key;
  key.loc = r.loc();
  RecordFields(node, key.fields);
  key.name = r.String("name", Required::kYes).value_or("");
  if (!key.name.empty()) r.set_label("api key " + Quote(key.name));
  key.provider = r.String("provider", Required::kNo);
  key.environment = r.String("environment", Required::kNo);
  key.used_by = r.StringList("used_by", Required::kNo);
  key.vault_path = r.String("vault_path", Required::kNo);
  key.rotation_frequency = r.DurationValue("rotation_frequency", Required::kNo);
  key.supports_dual_key = r.Bool("supports_dual_key", Required::kNo);
  key.provider_api = r.Url("provider_api", Required::kNo);
  Assign(key.criticality, r.Enum("criticality", kCriticalities, Required::kNo));
  key.owner = r.String("owner", Required::kNo);
  key.last_rotated = r.TimestampValue("last_rotated", Required::kNo);
  key.expires_at = r.TimestampValue("expires_at", Required::kNo);
  key.downtime_accepted = r.Bool("downtime_accepted", Required::kNo).value_or(false);
  Assign(key.max_active_keys, r.Number("max_active_keys", Required::kNo));
  key.notify_before = r.DurationValue("notify_before", Required::kNo);
  Assign(key.vault_max_versions, r.Number("vault_max_versions", Required::kNo));
  key.vault_delete_version_after = r.DurationValue("vault_delete_version_after", Required::kNo);
  key.reports_last_use = r.Bool("reports_last_use", Required::kNo);
  Assign(key.vault, r.Enum("vault", kVaultKinds, Required::kNo));
  if (const YamlNode* m = r.Node("monitoring", Required::kNo)) key.monitoring = LoadMonitoring(*m, path, diags);
  key.admin_vault_path = r.String("admin_vault_path", Required::kNo);
  model.keys.push_back(std::move(key));
}

void LoadService(const YamlNode& node, const std::string& path, Model& model, Diagnostics& diags) {
  MapReader r(node, path, "service", kServiceFields, diags);
  if (!r.is_map()) return;
  Service service;
  service.loc = r.loc();
  RecordFields(node, service.fields);
  service.name = r.String("name", Required::kYes).value_or("");
  if (!service.name.empty()) r.set_label("service " + Quote(service.name));
  if (std::optional<size_t> via = r.Enum("reads_via", kReadsVia, Required::kNo)) {
    service.reads_via = static_cast<ReadsVia>(*via);
    service.reads_via_declared = true;
  }
  service.refresh = r.DurationValue("refresh", Required::kNo);
  service.environment = r.String("environment", Required::kNo);
  service.paths = r.StringList("paths", Required::kNo).value_or(std::vector<std::string>{});
  if (std::optional<size_t> restart = r.Enum("restart", kRestartModes, Required::kNo)) {
    service.restart = *restart == 0 ? RestartMode::kAutomatic : RestartMode::kManual;
  }
  service.kubernetes_namespace = KubernetesNamespace(r, "namespace", diags);
  if (const YamlNode* m = r.Node("monitoring", Required::kNo)) service.monitoring = LoadMonitoring(*m, path, diags);
  model.services.push_back(std::move(service));
}

void LoadSchedule(const YamlNode& node, const std::string& path, Model& model, Diagnostics& diags) {
  MapReader r(node, path, "rotation schedule", kScheduleFields, diags);
  if (!r.is_map()) return;
  Schedule schedule;
  schedule.loc = r.loc();
  RecordFields(node, schedule.fields);
  schedule.secret = r.String("secret", Required::kYes).value_or("");
  if (!schedule.secret.empty()) r.set_label("schedule for " + Quote(schedule.secret));
  schedule.provider = r.String("provider", Required::kNo);
  schedule.expression = r.String("schedule", Required::kYes).value_or("");
  if (const YamlNode* expr = node.Find("schedule")) schedule.expression_column = expr->column + (expr->quoted ? 1 : 0);
  if (std::optional<size_t> dialect = r.Enum("dialect", kDialects, Required::kNo)) {
    schedule.dialect = static_cast<ScheduleDialect>(*dialect);
  }
  schedule.timezone = r.String("timezone", Required::kNo);
  schedule.grace_period = r.DurationValue("grace_period", Required::kNo);
  schedule.alert_on_failure = r.Bool("alert_on_failure", Required::kNo);
  schedule.rollback_on_failure = r.Bool("rollback_on_failure", Required::kNo);
  schedule.allow_business_hours = r.Bool("allow_business_hours", Required::kNo).value_or(false);
  schedule.day_match_any = r.Enum("day_match", kDayMatch, Required::kNo).has_value();
  schedule.rotate_immediately = r.Bool("rotate_immediately", Required::kNo);
  schedule.windows = LoadWindows(r.Node("windows", Required::kNo), path, diags);
  schedule.blackouts = LoadBlackouts(r.Node("blackouts", Required::kNo), path, diags);
  if (const YamlNode* verify = r.Node("verify", Required::kNo)) schedule.verify = LoadVerify(*verify, path, diags);
  model.schedules.push_back(std::move(schedule));
}

using RecordLoader = void (*)(const YamlNode&, const std::string&, Model&, Diagnostics&);

void LoadSection(const YamlNode& section, const std::string& name, const std::string& path, RecordLoader load,
                 Model& model, Diagnostics& diags) {
  if (section.is_null()) return;
  if (!section.is_sequence()) {
    diags.Error(section.Loc(path), "RK-YAML-006", name + " must be a list, got " + std::string(KindName(section)),
                "write one \"- name: ...\" item per entry under " + name + ":");
    return;
  }
  for (const YamlNode& item : section.items) load(item, path, model, diags);
}

}  // namespace

namespace {
void ShiftLines(YamlNode& node, int offset) {
  node.line += offset;
  for (YamlNode& item : node.items) ShiftLines(item, offset);
  for (auto& [key, value] : node.entries) {
    ShiftLines(key, offset);
    ShiftLines(value, offset);
  }
}

void CollectSensitive(const YamlNode& node, std::vector<std::string>& out) {
  if (node.is_scalar()) CollectSecretTokens(node.scalar, out);
  for (const YamlNode& item : node.items) CollectSensitive(item, out);
  for (const auto& [key, value] : node.entries) {
    CollectSensitive(key, out);
    CollectSensitive(value, out);
  }
}

// Room for a section's records up front: growing the vectors of ~1 KB
// records one push_back at a time moved (and first-touched) them twice over.
void ReserveRecords(const std::string& section, const YamlNode& value, Model& model) {
  const size_t n = value.items.size();
  if (section == "api_keys") model.keys.reserve(model.keys.size() + n);
  if (section == "services") model.services.reserve(model.services.size() + n);
  if (section == "rotation_schedules") model.schedules.reserve(model.schedules.size() + n);
}

// The record loader of a top-level section, or nullptr for an unknown one.
RecordLoader RecordLoaderOf(std::string_view section) {
  if (section == "api_keys") return LoadKey;
  if (section == "services") return LoadService;
  if (section == "rotation_schedules") return LoadSchedule;
  return nullptr;
}
}  // namespace

void LoadModelPiece(const ModelPiece& piece, const std::string& path, Model& model, Diagnostics& diags) {
  // The tree alone: the caller keeps the text (suppressions are read from it).
  std::optional<YamlNode> tree = ParseYamlTree(piece.text, path, diags);
  if (!tree) return;
  if (piece.line_offset != 0) ShiftLines(*tree, piece.line_offset);
  CollectSensitive(*tree, model.sensitive);
  const YamlNode& root = *tree;
  if (!piece.section.empty()) {  // a run of one section's items
    const std::string section(piece.section);
    ReserveRecords(section, root, model);
    LoadSection(root, section, path, RecordLoaderOf(section), model, diags);
    return;
  }
  if (!root.is_map()) {
    diags.Error(root.Loc(path), "RK-YAML-006",
                "expected a mapping at the top of the file, got " + std::string(KindName(root)),
                "start the file with one of: " + Join(kTopLevel, ", "));
    return;
  }
  for (const auto& [key, value] : root.entries) {
    if (RecordLoader load = RecordLoaderOf(key.scalar)) {
      ReserveRecords(key.scalar, value, model);
      LoadSection(value, key.scalar, path, load, model, diags);
    } else {
      std::optional<std::string> guess = SuggestClosest(key.scalar, kTopLevel);
      diags.Error(key.Loc(path), "RK-YAML-004", "unknown top-level section " + Quote(key.scalar),
                  guess ? "did you mean " + Quote(*guess) + "?" : "known sections: " + Join(kTopLevel, ", "));
    }
  }
}

void LoadModelText(const std::string& text, const std::string& path, Model& model, Diagnostics& diags) {
  LoadModelPiece({text, "", 0}, path, model, diags);
  CollectSuppressions(text, path, model, diags);
}

}  // namespace rekey
