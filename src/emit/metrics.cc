// The exposition text: fixed families rendered once per snapshot, the
// clock-dependent ones (age, next rotation, generation time) per Render.
#include "rekey/emit/metrics.h"

#include <map>
#include <utility>

#include "emit/exposition.h"
#include "rekey/base/text.h"
#include "rekey/emit/rotation_status.h"

namespace rekey {
namespace {

std::string KeyLabels(const ApiKey& key) {
  std::string labels;
  AppendLabel(labels, "key", key.name);
  AppendLabel(labels, "provider", key.provider.value_or(""));
  AppendLabel(labels, "environment", key.environment.value_or(""));
  AppendLabel(labels, "criticality", key.criticality ? CriticalityName(*key.criticality) : "");
  return labels;
}

// One family of per-key values; keys without a value are left out.
template <typename ValueOf>
void AppendKeyFamily(std::string& out, const char* name, const char* help, const std::vector<std::string>& labels,
                     ValueOf value_of) {
  AppendFamily(out, name, help, "gauge");
  for (size_t i = 0; i < labels.size(); ++i) {
    if (std::optional<int64_t> v = value_of(i)) AppendSample(out, name, labels[i], *v);
  }
}

void AppendResults(std::string& out, const std::vector<KeyStatus>& status, const std::vector<std::string>& labels) {
  AppendFamily(out, "rekey_key_last_rotation_result",
               "Result of the key's last rotation in the audit log: 1 for it, 0 for the other results.", "gauge");
  for (size_t i = 0; i < status.size(); ++i) {
    if (!status[i].last_result) continue;
    for (RotationResult r : kRotationResults) {
      std::string l = labels[i];
      AppendLabel(l, "result", RotationResultName(r));
      AppendSample(out, "rekey_key_last_rotation_result", l, r == *status[i].last_result ? 1 : 0);
    }
  }
  AppendKeyFamily(out, "rekey_key_last_rotation_timestamp_seconds",
                  "When the key's last rotation result was recorded (Unix time).", labels,
                  [&](size_t i) -> std::optional<int64_t> {
                    if (!status[i].last_result) return std::nullopt;
                    return status[i].last_result_time.unix_seconds();
                  });
}

void AppendPending(std::string& out, const std::vector<KeyStatus>& status, const std::vector<std::string>& labels) {
  const std::pair<const char*, const char*> families[] = {
      {"rekey_key_old_key_pending_revocation_since_timestamp_seconds",
       "Activation of the new key while the previous key (key_id) is still not revoked (Unix time)."},
      {"rekey_key_old_key_revocation_due_timestamp_seconds",
       "When the previous key (key_id) is due for revocation: the rotation's not_before, else activation + grace."}};
  for (int f = 0; f < 2; ++f) {
    AppendFamily(out, families[f].first, families[f].second, "gauge");
    for (size_t i = 0; i < status.size(); ++i) {
      if (!status[i].pending) continue;
      std::string l = labels[i];
      AppendLabel(l, "key_id", status[i].pending->old_key_id);
      const PendingRevocation& p = *status[i].pending;
      AppendSample(out, families[f].first, l, (f == 0 ? p.since : p.due).unix_seconds());
    }
  }
}

void AppendViolations(std::string& out, std::span<const Violation> violations) {
  std::map<std::pair<std::string_view, Severity>, int64_t> counts;
  for (const Check* c : AllChecks()) {
    for (Severity s : {Severity::kError, Severity::kWarning, Severity::kNote}) counts[{c->id, s}] = 0;
  }
  for (const Violation& v : violations) ++counts[{v.id, v.severity}];
  AppendFamily(out, "rekey_policy_violations", "Policy violations by check and severity at the last evaluation.",
               "gauge");
  for (const auto& [id_severity, n] : counts) {
    std::string l;
    AppendLabel(l, "check", id_severity.first);
    AppendLabel(l, "severity", SeverityName(id_severity.second));
    AppendSample(out, "rekey_policy_violations", l, n);
  }
}

}  // namespace

MetricsSnapshot MetricsSnapshot::Build(const Model& model, const Policy& policy, std::span<const Violation> violations,
                                       Timestamp loaded_at, const MetricsInfo& info) {
  MetricsSnapshot snap;
  snap.loaded_at_ = loaded_at;
  const std::vector<KeyStatus> status = ComputeKeyStatus(model);
  std::vector<std::string> labels;
  labels.reserve(model.keys.size());
  for (const ApiKey& key : model.keys) labels.push_back(RedactTokens(KeyLabels(key), model.sensitive));

  std::string& out = snap.fixed_;
  out.reserve(model.keys.size() * 900 + 16384);
  AppendFamily(out, "rekey_build_info", "rekey's version; always 1.", "gauge");
  std::string version;
  AppendLabel(version, "version", info.version);
  AppendSample(out, "rekey_build_info", version, 1);
  AppendFamily(out, "rekey_inventory_keys", "API keys in the inventory.", "gauge");
  AppendSample(out, "rekey_inventory_keys", "", static_cast<int64_t>(model.keys.size()));
  AppendFamily(out, "rekey_inputs_loaded_timestamp_seconds", "When rekey last read its inputs (Unix time).", "gauge");
  AppendSample(out, "rekey_inputs_loaded_timestamp_seconds", "", loaded_at.unix_seconds());

  std::vector<AlertThresholds> thresholds;
  thresholds.reserve(model.keys.size());
  for (const ApiKey& key : model.keys) thresholds.push_back(ThresholdsFor(key, policy));
  auto seconds = [](const std::optional<Duration>& d) -> std::optional<int64_t> {
    return d ? std::optional<int64_t>(d->seconds()) : std::nullopt;
  };
  AppendKeyFamily(out, "rekey_key_rotation_frequency_seconds", "The key's declared rotation_frequency.", labels,
                  [&](size_t i) { return seconds(model.keys[i].rotation_frequency); });
  AppendKeyFamily(out, "rekey_key_age_alert_threshold_seconds",
                  "Key age past which the key-age alert fires: age_alert_factor x rotation_frequency.", labels,
                  [&](size_t i) { return seconds(thresholds[i].age_limit); });
  AppendKeyFamily(out, "rekey_key_max_age_seconds", "Maximum credential age the policy allows the key (RK-ROT-001).",
                  labels, [&](size_t i) { return seconds(thresholds[i].max_age); });
  AppendKeyFamily(out, "rekey_key_activated_timestamp_seconds",
                  "Last activation of the key: its last audit-log activated event, else last_rotated (Unix time).",
                  labels, [&](size_t i) -> std::optional<int64_t> {
                    if (!status[i].activated) return std::nullopt;
                    return status[i].activated->unix_seconds();
                  });
  AppendResults(out, status, labels);
  AppendPending(out, status, labels);
  AppendViolations(out, violations);

  snap.keys_.reserve(status.size());
  for (size_t i = 0; i < status.size(); ++i) {
    KeyClock k{std::move(labels[i]), status[i].activated, status[i].expr, status[i].zone, std::nullopt};
    k.next = NextRotation(status[i], loaded_at);
    snap.keys_.push_back(std::move(k));
  }
  return snap;
}

std::string MetricsSnapshot::Render(Timestamp now) const {
  std::string out;
  out.reserve(fixed_.size() + keys_.size() * 260 + 1024);
  out += fixed_;
  AppendFamily(out, "rekey_metrics_generated_timestamp_seconds", "When this exposition was rendered (Unix time).",
               "gauge");
  AppendSample(out, "rekey_metrics_generated_timestamp_seconds", "", now.unix_seconds());
  AppendFamily(out, "rekey_key_age_seconds", "Seconds since the key was last activated.", "gauge");
  for (const KeyClock& k : keys_) {
    if (k.activated) AppendSample(out, "rekey_key_age_seconds", k.labels, (now - *k.activated).seconds());
  }
  AppendFamily(out, "rekey_key_next_rotation_timestamp_seconds",
               "Next scheduled rotation of the key (Unix time); in the past when a rate() schedule is overdue.",
               "gauge");
  for (const KeyClock& k : keys_) {
    std::optional<Timestamp> next = k.next;
    // A cron fire passed since the snapshot: look again (rate() anchors do not move).
    if (next && *next <= now && k.expr && k.expr->kind() == CronExpr::Kind::kCron) {
      KeyStatus s;
      s.expr = k.expr;
      s.zone = k.zone;
      next = NextRotation(s, now);
    }
    if (next) AppendSample(out, "rekey_key_next_rotation_timestamp_seconds", k.labels, next->unix_seconds());
  }
  return out;
}

}  // namespace rekey
