// ModelFacts: what several checks need about the model, derived once per
// evaluation — each schedule's parsed cron expression, zone, cadence over the
// cadence horizon and fires in the upcoming horizon, and each key's schedules
// and slowest consumer. Identical (expression, zone) pairs share one cadence.
#ifndef REKEY_POLICY_FACTS_H_
#define REKEY_POLICY_FACTS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/cron/cadence.h"
#include "rekey/cron/cron_expr.h"
#include "rekey/cron/next_fire.h"
#include "rekey/cron/zone.h"
#include "rekey/model/model.h"
#include "rekey/policy/check.h"

namespace rekey {

struct ScheduleFacts {
  const Schedule* schedule = nullptr;
  const ApiKey* key = nullptr;  // resolved key, or nullptr
  std::optional<CronExpr> expr;
  std::optional<Error> parse_error;
  std::optional<Zone> zone;
  std::optional<Error> zone_error;
  std::optional<Cadence> cadence;  // when expr and zone are valid
  // Fires in [now, now + upcoming_horizon]; shared by schedules with the same
  // (expression, zone), so never copied per schedule.
  std::shared_ptr<const std::vector<Fire>> upcoming_fires = std::make_shared<const std::vector<Fire>>();
  const std::vector<Fire>& upcoming() const { return *upcoming_fires; }
};

// The slowest way a key's consumers pick up a new key.
struct ConsumerRefresh {
  Duration slowest;                       // declared refresh, else the default for reads_via
  std::string slowest_service;            // "" when the key has no consumers
  std::vector<std::string> env_services;  // read at startup: need a restart
};

struct ModelFacts {
  std::vector<ScheduleFacts> schedules;            // parallel to Model::schedules
  std::vector<std::vector<int>> schedules_of_key;  // per key index

  const ScheduleFacts* ForKey(size_t key_index) const;  // the first schedule, or nullptr
};

ModelFacts BuildFacts(const Model& model, Timestamp now, const EvaluateOptions& options);

// The slowest consumer of `key` (declared refresh, else DefaultRefresh of its reads_via).
ConsumerRefresh RefreshOf(const Model& model, const ApiKey& key);

// Reads an environment name as one of production/staging/development, or itself.
std::string CanonicalEnvironment(const std::string& environment);

}  // namespace rekey

#endif  // REKEY_POLICY_FACTS_H_
