#include "policy/facts.h"

#include <map>
#include <tuple>

#include "rekey/base/text.h"

namespace rekey {

ConsumerRefresh RefreshOf(const Model& model, const ApiKey& key) {
  ConsumerRefresh out;
  if (!key.used_by) return out;
  for (const std::string& name : *key.used_by) {
    const Service* service = model.FindService(name);
    const ReadsVia via = service ? service->reads_via : ReadsVia::kUnknown;
    if (via == ReadsVia::kEnv) out.env_services.push_back(name);
    const Duration refresh = service && service->refresh ? *service->refresh : DefaultRefresh(via);
    if (out.slowest_service.empty() || refresh > out.slowest) {
      out.slowest = refresh;
      out.slowest_service = name;
    }
  }
  return out;
}

std::string CanonicalEnvironment(const std::string& environment) {
  const std::string n = NormalizeName(environment);
  if (n == "prod" || n == "production" || n == "prd") return "production";
  if (n == "stage" || n == "staging" || n == "stg") return "staging";
  if (n == "dev" || n == "development") return "development";
  return n;
}

const ScheduleFacts* ModelFacts::ForKey(size_t key_index) const {
  if (key_index >= schedules_of_key.size() || schedules_of_key[key_index].empty()) return nullptr;
  return &schedules[schedules_of_key[key_index].front()];
}

namespace {

// Inventories name a handful of zones and expressions thousands of times;
// Zone::Load reads and decodes a tzdata file each call.
const Result<Zone>& LoadZoneOnce(const std::string& name, std::map<std::string, Result<Zone>, std::less<>>& zones) {
  auto it = zones.find(name);
  if (it == zones.end()) it = zones.emplace(name, Zone::Load(name)).first;
  return it->second;
}

const Result<CronExpr>& ParseCronOnce(const std::string& text, CronDialect dialect,
                                      std::map<std::pair<std::string, int>, Result<CronExpr>, std::less<>>& exprs) {
  std::pair<std::string, int> key(text, static_cast<int>(dialect));
  auto it = exprs.find(key);
  if (it == exprs.end()) it = exprs.emplace(std::move(key), ParseCron(text, dialect)).first;
  return it->second;
}

}  // namespace

ModelFacts BuildFacts(const Model& model, Timestamp now, const EvaluateOptions& options) {
  ModelFacts facts;
  facts.schedules.reserve(model.schedules.size());
  facts.schedules_of_key.resize(model.keys.size());
  // Inventories repeat expressions; compute each (expression, dialect, zone) once.
  std::map<std::tuple<std::string, int, std::string>, std::pair<Cadence, std::shared_ptr<const std::vector<Fire>>>>
      memo;
  std::map<std::pair<std::string, int>, Result<CronExpr>, std::less<>> exprs;
  std::map<std::string, Result<Zone>, std::less<>> zones;
  const Result<Zone> utc(Zone::Utc());
  for (size_t i = 0; i < model.schedules.size(); ++i) {
    const Schedule& s = model.schedules[i];
    ScheduleFacts f;
    f.schedule = &s;
    if (s.resolution.status == Resolution::Status::kResolved) {
      f.key = &model.keys[s.resolution.key];
      facts.schedules_of_key[s.resolution.key].push_back(static_cast<int>(i));
    }
    const CronDialect dialect = s.dialect == ScheduleDialect::kAws ? CronDialect::kAws : CronDialect::kPosix;
    const Result<CronExpr>& expr = ParseCronOnce(s.expression, dialect, exprs);
    if (expr)
      f.expr = *expr;
    else
      f.parse_error = expr.error();
    const Result<Zone>& zone = s.timezone ? LoadZoneOnce(*s.timezone, zones) : utc;
    if (zone)
      f.zone = *zone;
    else
      f.zone_error = zone.error();
    if (f.expr && f.zone) {
      auto key = std::make_tuple(s.expression, static_cast<int>(dialect), f.zone->name());
      auto it = memo.find(key);
      if (it == memo.end()) {
        Cadence c = AnalyzeCadence(*f.expr, *f.zone, now, options.cadence_horizon);
        auto upcoming = std::make_shared<const std::vector<Fire>>(
            FiresBetween(*f.expr, *f.zone, now, now + options.upcoming_horizon));
        it = memo.emplace(key, std::make_pair(std::move(c), std::move(upcoming))).first;
      }
      f.cadence = it->second.first;
      f.upcoming_fires = it->second.second;
    }
    facts.schedules.push_back(std::move(f));
  }
  return facts;
}

}  // namespace rekey
