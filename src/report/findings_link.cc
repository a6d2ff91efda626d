// Link lines and objects shared by the findings writers (findings_link.h).
#include "report/findings_link.h"

#include "rekey/base/text.h"

namespace rekey {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

std::string KeyText(const LinkedKey& k) {
  std::string details = k.environment.empty() ? "environment not declared" : k.environment;
  details += k.consumers.empty() ? "; no consumers declared" : "; used by " + Join(k.consumers, ", ");
  return k.name + " (" + details + ")";
}

}  // namespace

std::string LinkHeadline(const InventoryLink& link) {
  switch (link.status) {
    case LinkStatus::kNotLinked:
      return "";
    case LinkStatus::kLinked:
      return KeyText(link.keys.front());
    case LinkStatus::kAmbiguous: {
      std::vector<std::string> keys;
      for (const LinkedKey& k : link.keys) keys.push_back(KeyText(k));
      return "one of " + Join(keys, " or ");
    }
    case LinkStatus::kUnmanaged:
      return "unmanaged: no inventory key has provider " + link.provider;
    case LinkStatus::kUnknownProvider:
      return "not linked: the secret does not say whose it is";
  }
  return "";
}

Json LinkToJson(const InventoryLink& link) {
  if (link.status == LinkStatus::kNotLinked) return nullptr;
  Json j;
  j["status"] = LinkStatusName(link.status);
  j["provider"] = OrNull(link.provider);
  j["keys"] = Json::array();
  for (const LinkedKey& k : link.keys) {
    j["keys"].push_back({{"name", k.name}, {"environment", OrNull(k.environment)}, {"consumers", k.consumers}});
  }
  j["services"] = link.services;
  j["environment"] = OrNull(link.environment);
  j["reason"] = link.reason;
  return j;
}

Json UnmanagedToJson(const std::vector<UnmanagedProvider>& unmanaged) {
  Json out = Json::array();
  for (const UnmanagedProvider& u : unmanaged) {
    Json findings = Json::array();
    for (const Exposure& e : u.exposures) {
      findings.push_back({{"path", e.where.path},
                          {"line", e.where.line},
                          {"column", e.where.column},
                          {"rule_id", e.rule_id},
                          {"severity", e.severity},
                          {"secret_redacted", e.secret_redacted},
                          {"fingerprint", e.fingerprint},
                          {"services", e.services},
                          {"environment", OrNull(e.environment)}});
    }
    out.push_back({{"provider", u.provider}, {"findings", std::move(findings)}, {"stub", u.stub}});
  }
  return out;
}

}  // namespace rekey
