// `rekey metrics`: the model, the policy's verdict and the audit log as
// Prometheus metrics in the text exposition format (version 0.0.4), for
// node_exporter's textfile collector or a scrape of `rekey metrics --listen`.
//
// Families (labels key, provider, environment, criticality on every per-key one):
//   rekey_build_info{version}                               1
//   rekey_inventory_keys                                    keys in the inventory
//   rekey_inputs_loaded_timestamp_seconds                   when the inputs were read
//   rekey_metrics_generated_timestamp_seconds               when this text was rendered
//   rekey_key_rotation_frequency_seconds                    rotation_frequency
//   rekey_key_age_alert_threshold_seconds                   age_alert_factor x frequency
//   rekey_key_max_age_seconds                               RK-ROT-001 max_age for the key
//   rekey_key_activated_timestamp_seconds                   last activation (else last_rotated)
//   rekey_key_age_seconds                                   now - last activation
//   rekey_key_last_rotation_result{result}                  1 for the last result, 0 for the others
//   rekey_key_last_rotation_timestamp_seconds               when that result was recorded
//   rekey_key_old_key_pending_revocation_since_timestamp_seconds{key_id}  old key still valid since
//   rekey_key_old_key_revocation_due_timestamp_seconds{key_id}            ... and due for revocation at
//   rekey_key_next_rotation_timestamp_seconds               next scheduled rotation
//   rekey_policy_violations{check,severity}                 violations at the last evaluation
// A series is absent when rekey does not know its value (no frequency, never
// activated, no rotation result yet, no schedule).
//
// A MetricsSnapshot holds everything that does not change with the clock,
// rendered once; Render(now) adds the clock-dependent families. Secrets the
// model collected (Model::sensitive) are redacted from every label.
//
// Thread-safety: an immutable value once built; Render is const and may run
// on several threads at once.
//
//   MetricsSnapshot snap = MetricsSnapshot::Build(model, policy, violations, now, {"0.1.0"});
//   std::string text = snap.Render(clock.Now());
#ifndef REKEY_EMIT_METRICS_H_
#define REKEY_EMIT_METRICS_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "rekey/base/timestamp.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/zone.h"
#include "rekey/model/model.h"
#include "rekey/policy/check.h"
#include "rekey/policy/policy.h"

namespace rekey {

inline constexpr char kMetricsContentType[] = "text/plain; version=0.0.4; charset=utf-8";

struct MetricsInfo {
  std::string version;  // rekey's, for rekey_build_info
};

class MetricsSnapshot {
 public:
  // `violations` from Evaluate(model, policy, loaded_at); `loaded_at` is when
  // the inputs were read (and the policy's "now").
  static MetricsSnapshot Build(const Model& model, const Policy& policy, std::span<const Violation> violations,
                               Timestamp loaded_at, const MetricsInfo& info);

  std::string Render(Timestamp now) const;
  size_t key_count() const { return keys_.size(); }

 private:
  struct KeyClock {
    std::string labels;  // `key="...",provider="...",environment="...",criticality="..."`
    std::optional<Timestamp> activated;
    std::optional<CronExpr> expr;
    Zone zone = Zone::Utc();
    std::optional<Timestamp> next;  // the next rotation as of loaded_at
  };
  std::string fixed_;  // the families that do not depend on the clock
  std::vector<KeyClock> keys_;
  Timestamp loaded_at_;
};

}  // namespace rekey

#endif  // REKEY_EMIT_METRICS_H_
