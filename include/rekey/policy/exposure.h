// Plain values that cross from the scanner's side of rekey into policy and
// plan without either learning about the other (DESIGN.md: the link step turns
// findings into model-level Exposures; the provider catalog's facts arrive the
// same way):
//
//   Exposure       a key found hardcoded somewhere: which inventory key it most
//                  likely is (or none: unmanaged), where, and why.
//   UnmanagedProvider  the unmanaged ones of one provider, with an inventory stub.
//   ProviderFacts  what a provider's documentation says about rotating its
//                  keys, under every name inventories use for it.
//
// Thread-safety: plain values.
//
//   EvaluateOptions options;
//   options.exposures = exposures;            // from rekey/link
//   options.providers = provider_facts;       // from the provider catalog
//   const ProviderFacts* f = FindProviderFacts(options.providers, "stripe");
#ifndef REKEY_POLICY_EXPOSURE_H_
#define REKEY_POLICY_EXPOSURE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/duration.h"

namespace rekey {

struct Exposure {
  std::string key;                    // the inventory key it most likely is; "" = unmanaged (no key of its provider)
  std::string provider;               // the leaked secret's provider (catalog name)
  bool ambiguous = false;             // one of several equally likely keys (each gets an Exposure)
  std::string rule_id;                // the detection rule that found it
  std::string severity;               // the rule's severity: critical | high | medium | low
  SourceLoc where;                    // the secret's first byte
  std::string secret_redacted;        // never the secret itself
  std::string fingerprint;            // sha256(rule_id ":" secret)
  std::string commit;                 // git sources: the commit that introduced it
  std::vector<std::string> services;  // services whose paths hold the location
  std::string environment;            // the environment the location suggests ("" = none)
  std::string reason;                 // why this key, in one line
};

// Leaked keys whose provider has no inventory entry: rekey cannot rotate them
// until the inventory names them; `stub` is that entry, ready to edit.
struct UnmanagedProvider {
  std::string provider;
  std::vector<Exposure> exposures;  // where its keys were found, Exposure::key empty
  std::string stub;                 // YAML: `api_keys:` with one entry, the fields to fill marked TODO
};

// 0 critical .. 3 low; unknown names rank as high.
int ExposureSeverityRank(std::string_view severity);

struct KeyCreationRate {
  int count = 0;
  Duration per;
};

struct ProviderFacts {
  std::string name;                // canonical
  std::vector<std::string> names;  // name and aliases, NormalizeName'd ("stripe"): looked up per key
  std::string applies_to;          // which credential the facts describe
  std::optional<bool> dual_key;
  std::optional<int> max_active_keys;
  std::optional<bool> reports_last_use;
  std::optional<KeyCreationRate> key_creation_limit;
  std::vector<std::string> references;
};

// The facts of the provider an inventory calls `provider`, or nullptr.
const ProviderFacts* FindProviderFacts(std::span<const ProviderFacts> providers, std::string_view provider);

// "Stripe documents ... (https://docs.stripe.com/keys)": a fact with its source, for messages.
std::string CiteFacts(const ProviderFacts& facts);

}  // namespace rekey

#endif  // REKEY_POLICY_EXPOSURE_H_
