// The order of a leak response: which exposed key to rotate first. Worst
// finding severity first, then blast radius — environment (production, then
// undeclared or other, staging, development), criticality (undeclared counts
// as high), number of consumers — then the key name, so the order is total.
#include <algorithm>
#include <map>
#include <tuple>

#include "plan/plan_internal.h"
#include "rekey/base/text.h"

namespace rekey {
namespace {

int EnvironmentRank(const ApiKey& key) {
  if (!key.environment) return 1;
  const std::string n = NormalizeName(*key.environment);
  if (n == "production" || n == "prod" || n == "prd") return 0;
  if (n == "staging" || n == "stage" || n == "stg") return 2;
  if (n == "development" || n == "dev") return 3;
  return 1;
}

int CriticalityRank(const ApiKey& key) { return key.criticality ? static_cast<int>(*key.criticality) : 1; }

int WorstSeverity(const ExposedKey& k) {
  int worst = 3;
  for (const Exposure& e : k.exposures) worst = std::min(worst, ExposureSeverityRank(e.severity));
  return worst;
}

size_t ConsumerCount(const ApiKey& key) { return key.used_by ? key.used_by->size() : 0; }

bool ExposureLess(const Exposure& a, const Exposure& b) {
  return std::tie(a.where.path, a.where.line, a.where.column, a.rule_id) <
         std::tie(b.where.path, b.where.line, b.where.column, b.rule_id);
}

}  // namespace

std::vector<ExposedKey> RankExposedKeys(const Model& model, const std::vector<Exposure>& exposures) {
  std::map<std::string, ExposedKey> by_key;
  for (const Exposure& e : exposures) {
    const ApiKey* key = e.key.empty() ? nullptr : model.FindKey(e.key);
    if (key == nullptr) continue;
    ExposedKey& k = by_key[key->name];
    k.key = key;
    k.exposures.push_back(e);
  }
  std::vector<ExposedKey> out;
  for (auto& [name, k] : by_key) {
    std::sort(k.exposures.begin(), k.exposures.end(), ExposureLess);
    out.push_back(std::move(k));
  }
  auto rank = [](const ExposedKey& k) {
    return std::make_tuple(WorstSeverity(k), EnvironmentRank(*k.key), CriticalityRank(*k.key),
                           -static_cast<long>(ConsumerCount(*k.key)), k.key->name);
  };
  std::sort(out.begin(), out.end(), [&](const ExposedKey& a, const ExposedKey& b) { return rank(a) < rank(b); });
  return out;
}

std::string PriorityReason(const ExposedKey& k) {
  static constexpr const char* kSeverities[] = {"critical", "high", "medium", "low"};
  const ApiKey& key = *k.key;
  const size_t consumers = ConsumerCount(key);
  return std::string(kSeverities[WorstSeverity(k)]) + " finding, " +
         (key.environment ? *key.environment : std::string("environment not declared")) + ", criticality " +
         (key.criticality ? std::string(CriticalityName(*key.criticality)) : std::string("not declared")) + ", " +
         std::to_string(consumers) + (consumers == 1 ? " consumer" : " consumers");
}

}  // namespace rekey
