// From linked findings to the plain values policy and plan take: Exposures
// (one per finding and candidate key; unmanaged ones with an empty key), the
// unmanaged keys grouped by provider with an inventory stub each, and the
// provider catalog's facts in policy's terms.
//
// Thread-safety: pure functions.
//
//   LinkFindings(findings, linker);
//   LinkedExposures linked = CollectExposures(findings, ProviderCatalog::Builtin());
//   options.exposures = linked.exposures;   // EvaluateOptions (rekey check --scan)
//   plan_options.exposures = linked.exposures;
//   plan_options.unmanaged = linked.unmanaged;
#ifndef REKEY_LINK_EXPOSURES_H_
#define REKEY_LINK_EXPOSURES_H_

#include <string>
#include <vector>

#include "rekey/policy/exposure.h"
#include "rekey/rules/provider_catalog.h"
#include "rekey/scan/finding.h"

namespace rekey {

struct LinkedExposures {
  std::vector<Exposure> exposures;           // linked and ambiguous (one per candidate), then unmanaged
  std::vector<UnmanagedProvider> unmanaged;  // by provider name, each with its stub
};

// Findings must have been linked (LinkFindings); others are skipped.
LinkedExposures CollectExposures(const std::vector<Finding>& findings, const ProviderCatalog& catalog);

// The inventory entry (or entries: one per environment its findings suggest)
// that would bring an unmanaged provider's keys under rotation: YAML under
// `api_keys:`, catalog facts filled in with their source, the rest TODO.
std::string InventoryStub(const std::string& provider, const std::vector<Exposure>& exposures,
                          const Provider* catalog_entry);

// Every catalog provider that states a rotation fact, in policy's terms.
std::vector<ProviderFacts> PolicyProviderFacts(const ProviderCatalog& catalog);

}  // namespace rekey

#endif  // REKEY_LINK_EXPOSURES_H_
