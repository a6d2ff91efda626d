// ReadPlanJson: the parts of a committed `rekey plan --format json` apply acts on.
#include <nlohmann/json.hpp>

#include "rekey/apply/apply.h"

namespace rekey {
namespace {

std::optional<Timestamp> Instant(const nlohmann::json& j) {
  if (!j.is_string()) return std::nullopt;
  Result<Timestamp> t = ParseRfc3339(j.get<std::string>());
  return t ? std::optional<Timestamp>(*t) : std::nullopt;
}

}  // namespace

Result<RotationPlan> ReadPlanJson(const std::string& text) {
  const Error invalid{"not a rekey JSON plan", "write it with `rekey plan --format json -o PLAN.json`"};
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("rotations") || !j["rotations"].is_array() || !j.contains("from")) return invalid;
  RotationPlan plan;
  if (std::optional<Timestamp> from = Instant(j["from"])) plan.from = *from;
  for (const nlohmann::json& r : j["rotations"]) {
    std::optional<Timestamp> fire = r.is_object() && r.contains("fire") ? Instant(r["fire"]) : std::nullopt;
    if (!fire || !r.contains("key") || !r["key"].is_string())
      return Error{"plan rotation without key or fire", invalid.hint};
    Rotation rotation;
    rotation.key = r["key"].get<std::string>();
    rotation.fire = *fire;
    rotation.emergency = r.value("emergency", false);
    if (r.contains("grace") && r["grace"].is_object() && r["grace"].contains("seconds") &&
        r["grace"]["seconds"].is_number_integer()) {
      rotation.grace = Duration::Seconds(r["grace"]["seconds"].get<int64_t>());
    }
    plan.rotations.push_back(std::move(rotation));
  }
  if (j.contains("blocked") && j["blocked"].is_array()) {
    for (const nlohmann::json& b : j["blocked"]) {
      if (!b.is_object() || !b.contains("key") || !b["key"].is_string()) continue;
      BlockedKey blocked;
      blocked.key = b["key"].get<std::string>();
      if (b.contains("reasons") && b["reasons"].is_array()) {
        for (const nlohmann::json& reason : b["reasons"]) {
          if (!reason.is_object() || !reason.contains("id") || !reason["id"].is_string()) continue;
          BlockReason why;
          why.id = reason["id"].get<std::string>();
          blocked.reasons.push_back(std::move(why));
        }
      }
      if (b.contains("would_fire") && b["would_fire"].is_array()) {
        for (const nlohmann::json& t : b["would_fire"]) {
          if (std::optional<Timestamp> fire = Instant(t)) blocked.would_fire.push_back(*fire);
        }
      }
      plan.blocked.push_back(std::move(blocked));
    }
  }
  return plan;
}

}  // namespace rekey
