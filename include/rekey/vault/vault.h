// A HashiCorp Vault / OpenBao KV version 2 client over the http module: read
// and write secret versions with check-and-set (`cas`), read and write a
// secret's custom_metadata, and a lock record (VaultLock) that `rekey apply`
// takes before rotating a key.
//
// Configuration comes from the environment Vault's own CLI reads: VAULT_ADDR,
// VAULT_TOKEN (else the file named by VAULT_TOKEN_FILE, else ~/.vault-token),
// VAULT_NAMESPACE (the X-Vault-Namespace header) and VAULT_CACERT.
//
// Paths are written as in inventories, mount first: "secret/prod/stripe/api-key"
// is mount "secret", secret "prod/stripe/api-key"
// (GET /v1/secret/data/prod/stripe/api-key).
//
// Errors: every call returns an Error when Vault cannot be reached or answers
// an unexpected status; the message names the path and status, never a value.
// Thread-safety: as safe as the HttpClient it uses; no state of its own.
//
//   VaultKv kv(client, *VaultConfigFromEnv({}));
//   Result<SecretVersion> s = kv.Read("secret/prod/stripe/api-key");
//   if (s && s->exists) kv.Write(path, data, /*cas=*/s->version);
#ifndef REKEY_VAULT_VAULT_H_
#define REKEY_VAULT_VAULT_H_

#include <map>
#include <optional>
#include <string>

#include "rekey/base/result.h"
#include "rekey/base/timestamp.h"
#include "rekey/http/http.h"

namespace rekey {

struct VaultConfig {
  std::string addr;  // https://vault.example:8200 (no trailing slash)
  std::string token;
  std::string name_space;  // Vault Enterprise / OpenBao namespace; "" = root
  std::string ca_file;
};

// From VAULT_ADDR, VAULT_TOKEN / VAULT_TOKEN_FILE / ~/.vault-token,
// VAULT_NAMESPACE, VAULT_CACERT. An Error says which variable is missing.
Result<VaultConfig> VaultConfigFromEnv();

using SecretData = std::map<std::string, std::string>;

struct SecretVersion {
  bool exists = false;  // false: no such secret (or version), nothing else is set
  int version = 0;
  SecretData data;  // string fields only; holds secret values: never log it
};

struct SecretMetadata {
  bool exists = false;
  int current_version = 0;
  int oldest_version = 0;
  SecretData custom;  // custom_metadata
};

// "secret/prod/x" -> {"secret", "prod/x"}; Error when there is no secret part.
Result<std::pair<std::string, std::string>> SplitVaultPath(std::string_view path);

class VaultKv {
 public:
  VaultKv(HttpClient& http, VaultConfig config) : http_(http), config_(std::move(config)) {}

  // The current version (version 0) or a given one.
  Result<SecretVersion> Read(const std::string& path, int version = 0);
  // Writes a new version. `cas`: the version the caller read (0 = the secret
  // must not exist); nullopt = no check. Returns the new version, or nullopt
  // when the check-and-set failed (someone else wrote first).
  Result<std::optional<int>> Write(const std::string& path, const SecretData& data, std::optional<int> cas);
  Result<SecretMetadata> ReadMetadata(const std::string& path);
  // Replaces the secret's custom_metadata (max_versions etc. are left alone).
  Status WriteMetadata(const std::string& path, const SecretData& custom);

  const VaultConfig& config() const { return config_; }

 private:
  Result<HttpResponse> Call(const std::string& method, const std::string& url, const std::string& body);
  std::string Url(const std::string& kind, const std::string& path, int version = 0) const;

  HttpClient& http_;
  VaultConfig config_;
};

// A per-key lock: a KV secret at <mount>/rekey-locks/<path> holding the
// holder's rotation_id (the fencing token) and the lease's end, written with
// cas so two processes that read "free" at once cannot both take it. An
// expired lease may be taken over; the previous holder then fails Check()
// and must stop writing.
struct LockState {
  bool held = false;        // by anyone, lease not expired
  std::string rotation_id;  // holder's token
  Timestamp expires_at;
  int version = 0;  // for cas
};

class VaultLock {
 public:
  explicit VaultLock(VaultKv& kv) : kv_(kv) {}

  static std::string LockPath(const std::string& secret_path);
  Result<LockState> Read(const std::string& secret_path, Timestamp now);
  // Takes (or renews, when `rotation_id` already holds it) the lock until
  // now + lease. Returns the state after: held with our rotation_id = ours;
  // held with another = someone else has it (not an error).
  Result<LockState> Acquire(const std::string& secret_path, const std::string& rotation_id, Timestamp now,
                            Duration lease);
  // Frees it if `rotation_id` holds it; a lock held by another is left alone.
  Status Release(const std::string& secret_path, const std::string& rotation_id, Timestamp now);

 private:
  VaultKv& kv_;
};

}  // namespace rekey

#endif  // REKEY_VAULT_VAULT_H_
