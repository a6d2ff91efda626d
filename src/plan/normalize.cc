// NormalizeModel: the canonical text the plan's input hash is taken over.
// One record per key / service / schedule / audit event, fields in a fixed
// order, records sorted; values quoted so separators cannot collide.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "rekey/base/text.h"
#include "rekey/plan/plan.h"

namespace rekey {
namespace {

class Record {
 public:
  explicit Record(std::string kind) : text_(std::move(kind)) {}
  Record& Add(std::string_view field, std::string_view value) {
    text_ += " ";
    text_ += field;
    text_ += "=";
    text_ += Quote(value);
    return *this;
  }
  template <typename T, typename F>
  Record& Opt(std::string_view field, const std::optional<T>& value, F to_string) {
    return value ? Add(field, to_string(*value)) : *this;
  }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

std::string Same(const std::string& s) { return s; }
std::string Bool(bool b) { return b ? "true" : "false"; }
std::string Dur(Duration d) { return std::to_string(d.seconds()) + "s"; }
std::string Time(Timestamp t) { return t.ToRfc3339(); }
std::string Int(int n) { return std::to_string(n); }

const char* RestartName(RestartMode m) {
  switch (m) {
    case RestartMode::kAutomatic:
      return "automatic";
    case RestartMode::kManual:
      return "manual";
    case RestartMode::kUndeclared:
      break;
  }
  return "undeclared";
}

std::string VerifyText(const Verify& v) {
  const char* method = v.method == VerifyMethod::kProviderLastUsed ? "provider-last-used"
                       : v.method == VerifyMethod::kMetrics        ? "metrics"
                                                                   : "manual";
  std::string text = std::string(method) + (v.timeout ? "/" + Dur(*v.timeout) : "");
  if (!v.query.empty()) text += "/" + v.query + "/" + v.expect + "/" + v.prometheus;
  return text;
}

std::string WindowsText(const std::vector<TimeWindow>& windows) {
  std::vector<std::string> parts;
  for (const TimeWindow& w : windows) {
    parts.push_back(std::to_string(w.days) + ":" + std::to_string(w.start_minute) + "-" + std::to_string(w.end_minute));
  }
  return Join(parts, ",");
}

std::string BlackoutsText(const std::vector<Blackout>& blackouts) {
  std::vector<std::string> parts;
  for (const Blackout& b : blackouts) parts.push_back(Time(b.from) + ".." + Time(b.until) + " " + Quote(b.reason));
  return Join(parts, ",");
}

// Absent fields add nothing, so models without them keep their hash.
std::string MonitoringText(const Monitoring& m) {
  auto opt = [](const std::optional<std::string>& v) { return v ? Quote(*v) : std::string("-"); };
  return opt(m.auth_failures) + " " + opt(m.revoked_key_use) + " " + opt(m.key_use) + " " + Quote(m.key_id_label);
}

std::string KeyRecord(const ApiKey& k) {
  Record r("key");
  r.Add("name", k.name).Opt("provider", k.provider, Same).Opt("environment", k.environment, Same);
  r.Opt("used_by", k.used_by, [](const std::vector<std::string>& v) { return Join(v, ","); });
  r.Opt("vault_path", k.vault_path, Same).Opt("rotation_frequency", k.rotation_frequency, Dur);
  r.Opt("supports_dual_key", k.supports_dual_key, Bool).Opt("provider_api", k.provider_api, Same);
  r.Opt("criticality", k.criticality, [](Criticality c) { return std::string(CriticalityName(c)); });
  r.Opt("owner", k.owner, Same).Opt("last_rotated", k.last_rotated, Time).Opt("expires_at", k.expires_at, Time);
  r.Add("downtime_accepted", Bool(k.downtime_accepted));
  r.Opt("max_active_keys", k.max_active_keys, Int).Opt("notify_before", k.notify_before, Dur);
  r.Opt("vault_max_versions", k.vault_max_versions, Int);
  r.Opt("vault_delete_version_after", k.vault_delete_version_after, Dur);
  r.Opt("reports_last_use", k.reports_last_use, Bool);
  r.Opt("vault", k.vault, [](VaultKind v) { return std::string(VaultKindName(v)); });
  r.Opt("monitoring", k.monitoring, MonitoringText);
  r.Opt("admin_vault_path", k.admin_vault_path, Same);
  return r.Take();
}

std::string ServiceRecord(const Service& s) {
  Record r("service");
  r.Add("name", s.name).Add("reads_via", ReadsViaName(s.reads_via)).Opt("refresh", s.refresh, Dur);
  r.Opt("environment", s.environment, Same).Add("paths", Join(s.paths, ",")).Add("restart", RestartName(s.restart));
  r.Opt("namespace", s.kubernetes_namespace, Same).Opt("monitoring", s.monitoring, MonitoringText);
  return r.Take();
}

std::string ScheduleRecord(const Schedule& s) {
  Record r("schedule");
  r.Add("secret", s.secret).Opt("provider", s.provider, Same).Add("schedule", s.expression);
  r.Add("dialect", s.dialect == ScheduleDialect::kAws ? "aws" : "posix").Opt("timezone", s.timezone, Same);
  r.Opt("grace_period", s.grace_period, Dur).Opt("alert_on_failure", s.alert_on_failure, Bool);
  r.Opt("rollback_on_failure", s.rollback_on_failure, Bool);
  r.Add("windows", WindowsText(s.windows)).Add("blackouts", BlackoutsText(s.blackouts));
  r.Add("allow_business_hours", Bool(s.allow_business_hours)).Add("day_match_any", Bool(s.day_match_any));
  r.Opt("verify", s.verify, VerifyText).Opt("rotate_immediately", s.rotate_immediately, Bool);
  return r.Take();
}

std::string AuditRecord(const AuditEvent& e) {
  Record r("audit");
  r.Add("time", e.time.ToRfc3339()).Add("secret", e.secret).Add("event", AuditEventTypeName(e.type));
  r.Add("key_id", e.key_id);
  // Journal fields only when present, so logs written before them hash as they did.
  if (!e.rotation_id.empty()) r.Add("rotation_id", e.rotation_id).Add("previous_key_id", e.previous_key_id);
  if (e.not_before) r.Add("not_before", e.not_before->ToRfc3339());
  return r.Take();
}

// Suppressions change which violations block a plan, so they are inputs too.
std::string SuppressionRecord(const Suppression& s) {
  Record r("suppression");
  r.Add("ids", Join(s.ids, ",")).Add("reason", s.reason).Opt("until", s.until, Time).Add("record", s.record);
  return r.Take();
}

}  // namespace

std::string NormalizeModel(const Model& model) {
  std::vector<std::string> records;
  for (const ApiKey& k : model.keys) records.push_back(KeyRecord(k));
  for (const Service& s : model.services) records.push_back(ServiceRecord(s));
  for (const Schedule& s : model.schedules) records.push_back(ScheduleRecord(s));
  for (const AuditEvent& e : model.audit) records.push_back(AuditRecord(e));
  for (const Suppression& s : model.suppressions) records.push_back(SuppressionRecord(s));
  std::sort(records.begin(), records.end());
  std::string out = "rekey-model 1\n";
  for (const std::string& r : records) out += r + "\n";
  return out;
}

}  // namespace rekey
