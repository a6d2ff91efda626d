// Lookups over the plain values in rekey/policy/exposure.h.
#include "rekey/policy/exposure.h"

#include "rekey/base/text.h"

namespace rekey {

int ExposureSeverityRank(std::string_view severity) {
  if (severity == "critical") return 0;
  if (severity == "medium") return 2;
  if (severity == "low") return 3;
  return 1;
}

const ProviderFacts* FindProviderFacts(std::span<const ProviderFacts> providers, std::string_view provider) {
  if (providers.empty()) return nullptr;
  const std::string wanted = NormalizeName(provider);
  for (const ProviderFacts& facts : providers) {
    for (const std::string& name : facts.names) {
      if (name == wanted) return &facts;
    }
  }
  return nullptr;
}

std::string CiteFacts(const ProviderFacts& facts) {
  std::string out = facts.applies_to.empty() ? "" : " for " + facts.applies_to;
  if (!facts.references.empty()) out += " (" + facts.references.front() + ")";
  return out;
}

}  // namespace rekey
