// ProviderCatalog: what rekey knows about each key provider — the names and
// aliases it goes by in inventories ("Stripe", "stripe"), the detection rules
// that find its keys, and the rotation facts its public documentation states
// (dual-key support, cap on active keys, last-use reporting, key-creation
// rate limits), each provider citing its sources in `references`. A fact the
// documentation does not state is absent, never guessed.
//
// The built-in catalog is rules/providers/*.yaml, embedded at build time and
// parsed on first use (schema/providers.schema.json). The catalog joins the
// two halves of rekey: the link step maps a finding's rule to a provider and
// the provider to inventory keys; policy checks compare inventories with the
// facts.
//
// Diagnostic ids: RK-PROV-001 a name or alias used by two providers, -002 a
// rule listed under two providers, -003 a rule id that names no rule, -004 an
// invalid fact, -005 an invalid api: block (provider_api.h); plus the yaml
// module's RK-YAML-*.
//
// Thread-safety: a plain value; Builtin() is initialised once, thread-safely.
//
//   const ProviderCatalog& catalog = ProviderCatalog::Builtin();
//   const Provider* p = catalog.FindByRule("stripe.secret-key");  // Stripe
//   if (p && catalog.Names(*p, "stripe")) ...
#ifndef REKEY_RULES_PROVIDER_CATALOG_H_
#define REKEY_RULES_PROVIDER_CATALOG_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/duration.h"
#include "rekey/rules/provider_api.h"

namespace rekey {

class RuleSet;

// At most `count` new keys per `per` (a documented API or console limit).
struct KeyCreationLimit {
  int count = 0;
  Duration per;
};

// Facts from the provider's public documentation; nullopt = not stated there.
struct ProviderRotationFacts {
  std::string applies_to;                // which credential the facts describe ("IAM user access keys")
  std::optional<bool> dual_key;          // two keys with the same access can be valid at once
  std::optional<int> max_active_keys;    // documented cap on keys valid at the same time
  std::optional<bool> reports_last_use;  // the provider shows when a key was last used
  std::optional<KeyCreationLimit> key_creation_limit;
};

struct Provider {
  std::string name;                  // canonical, as detection rules write it ("Stripe")
  std::vector<std::string> aliases;  // other spellings in inventories (compared with SameName)
  bool generic = false;              // a secret format, not a vendor: the secret does not say whose it is
  std::vector<std::string> rules;    // ids of the detection rules that find its keys
  ProviderRotationFacts rotation;
  std::vector<std::string> references;  // documentation the facts come from
  std::optional<ProviderApi> api;       // how `rekey apply` manages its keys (provider_api.h)
  SourceLoc loc;
};

class ProviderCatalog {
 public:
  // rules/providers/*.yaml as embedded in the binary. A problem in them is a
  // build defect (the catalog test fails); the valid entries still load.
  static const ProviderCatalog& Builtin();

  // One YAML catalog text (`providers:` list); `path` names it in diagnostics.
  // Returns false when it had errors; valid entries are still added.
  bool AddText(std::string text, const std::string& path, Diagnostics& diags);
  bool AddFile(const std::string& path, Diagnostics& diags);

  // Reports every listed rule id that `rules` does not hold (RK-PROV-003).
  void CheckRuleIds(const RuleSet& rules, Diagnostics& diags) const;

  // The provider whose name or alias is `name` (ignoring case and punctuation).
  const Provider* FindByName(std::string_view name) const;
  // The provider that lists the rule id.
  const Provider* FindByRule(std::string_view rule_id) const;
  // True when `inventory_provider` is the provider's name or one of its aliases.
  static bool Names(const Provider& provider, std::string_view inventory_provider);

  const std::vector<Provider>& providers() const { return providers_; }

 private:
  void Add(Provider provider, Diagnostics& diags);

  std::vector<Provider> providers_;
  std::map<std::string, size_t, std::less<>> by_name_;  // NormalizeName(name or alias) -> index
  std::map<std::string, size_t, std::less<>> by_rule_;
};

}  // namespace rekey

#endif  // REKEY_RULES_PROVIDER_CATALOG_H_
