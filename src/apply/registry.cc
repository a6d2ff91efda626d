// ProviderRegistry: inventory key -> catalog provider -> KeyProvider.
#include "rekey/apply/apply.h"
#include "rekey/base/text.h"

namespace rekey {

ProviderRegistry::ProviderRegistry(const Model& model, std::vector<const ProviderCatalog*> catalogs, HttpClient& http,
                                   SecretStore& store)
    : model_(model), catalogs_(std::move(catalogs)), http_(http), store_(store) {}

// The first catalog's provider of that name with an api: block, else the first of that name.
const Provider* ProviderRegistry::Find(const ApiKey& key) const {
  if (!key.provider) return nullptr;
  const Provider* named = nullptr;
  for (const ProviderCatalog* catalog : catalogs_) {
    const Provider* p = catalog->FindByName(*key.provider);
    if (p != nullptr && p->api) return p;
    if (named == nullptr) named = p;
  }
  return named;
}

KeyProvider* ProviderRegistry::For(const std::string& key) {
  auto cached = cache_.find(key);
  if (cached != cache_.end()) return cached->second.get();
  const ApiKey* k = model_.FindKey(key);
  const Provider* p = k != nullptr ? Find(*k) : nullptr;
  std::unique_ptr<KeyProvider> made;
  if (p != nullptr && p->api) {
    const std::string admin_path = k->admin_vault_path.value_or("");
    const std::string field = p->api->admin_field;
    SecretStore* store = &store_;
    CredentialSource admin = [store, admin_path, field]() -> Result<std::string> {
      if (admin_path.empty()) {
        return Error{"the inventory key has no admin_vault_path for the provider's admin credential",
                     "add admin_vault_path: <mount>/<path> holding field " + field};
      }
      Result<SecretVersion> secret = store->Read(admin_path, 0);
      if (!secret) return secret.error();
      auto it = secret->data.find(field);
      if (!secret->exists || it == secret->data.end() || it->second.empty()) {
        return Error{"no field " + Quote(field) + " in the vault secret " + admin_path, ""};
      }
      return it->second;
    };
    made = p->api->exec ? MakeExecProvider(*p->api->exec, admin) : MakeApiProvider(*p->api, http_, admin);
  }
  KeyProvider* out = made.get();
  cache_[key] = std::move(made);
  return out;
}

std::string ProviderRegistry::Missing(const std::string& key) const {
  const ApiKey* k = model_.FindKey(key);
  if (k == nullptr) return "no api key " + Quote(key);
  if (!k->provider) return "api key " + Quote(key) + " names no provider";
  const Provider* p = Find(*k);
  if (p == nullptr) return "provider " + Quote(*k->provider) + " is not in the provider catalog (--providers FILE)";
  return "provider " + Quote(p->name) + " has no api: block";
}

}  // namespace rekey
