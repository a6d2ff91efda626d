// --dry-run: the requests a rotation would make, in order, secrets redacted;
// nothing is sent and nothing is written.
#include "rekey/apply/orchestrator.h"

namespace rekey {

std::string VaultStore::Describe(const std::string& method, const std::string& kind, const std::string& path) const {
  Result<std::pair<std::string, std::string>> split = SplitVaultPath(path);
  const std::string url = split ? kv_.config().addr + "/v1/" + split->first + "/" + kind + "/" + split->second
                                : "<invalid vault path " + path + ">";
  return method + " " + url + "\n    X-Vault-Token: <redacted>";
}

std::string Orchestrator::DryRun(const RotationSpec& spec) const {
  KeyProvider* provider = providers_(spec.key);
  RotationRecord r;
  r.key = spec.key;
  r.rotation_id = "rot-" + spec.key + "-<time>-<random>";
  r.new_key_id = "<new key id>";
  r.old_key_id = "<old key id from the vault>";
  const std::string lock_path = VaultLock::LockPath(spec.vault_path);
  std::string out = spec.key + (spec.emergency ? " (EMERGENCY)" : "") + ": rotation, grace " + spec.grace.ToString() +
                    ", verify " + (spec.verify ? "by the schedule's method" : "by validate / vault primary") + "\n";
  auto line = [&out](const std::string& what, const std::string& request) {
    out += "  " + what + ": " + request + "\n";
  };
  line("lock", store_.Describe("GET", "metadata", spec.vault_path));
  line("lock", store_.Describe("POST", "data", lock_path) +
                   "\n    body: {\"options\":{\"cas\":N},\"data\":{\"rotation_id\",\"expires_at\"}}");
  line("read current key", store_.Describe("GET", "data", spec.vault_path));
  if (provider == nullptr) {
    out += "  create: the key's provider has no api: block — the rotation would fail here\n";
    return out;
  }
  KeyRef ref = Ref(r, spec);
  if (provider->Supports(ProviderOp::kList))
    line("find an earlier attempt", provider->Describe(ProviderOp::kList, ref));
  line("create", provider->Describe(ProviderOp::kCreate, ref));
  if (provider->Supports(ProviderOp::kValidate))
    line("validate new key", provider->Describe(ProviderOp::kValidate, ref));
  line("store as primary",
       store_.Describe("POST", "data", spec.vault_path) +
           "\n    body: "
           "{\"options\":{\"cas\":N},\"data\":{\"key\":\"<redacted>\",\"key_id\",\"rotation_id\",\"rotated_at\"}}");
  line("metadata",
       store_.Describe("POST", "metadata", spec.vault_path) +
           "\n    body: {\"custom_metadata\":{\"key_id\",\"previous_key_id\",\"previous_version\",\"rotation_id\","
           "\"previous_key_revocation_at\"}}");
  out += "  wait: grace period " + spec.grace.ToString() + " (rekey apply --resume continues after it)\n";
  if (spec.verify && spec.verify->method == VerifyMethod::kProviderLastUsed &&
      provider->Supports(ProviderOp::kLastUsed))
    line("verify", provider->Describe(ProviderOp::kLastUsed, ref));
  else if (spec.verify && spec.verify->method == VerifyMethod::kMetrics)
    out += "  verify: GET <prometheus>/api/v1/query?query=" + spec.verify->query + " (expect " + spec.verify->expect +
           ")\n";
  else if (spec.verify && spec.verify->method == VerifyMethod::kManual)
    out += "  verify: waits for rekey apply --approve " + spec.key + "\n";
  ref.key_id = r.old_key_id;
  line("revoke old key", provider->Describe(ProviderOp::kRevoke, ref));
  line("clean up", store_.Describe("POST", "metadata", spec.vault_path));
  line("unlock", store_.Describe("POST", "data", lock_path));
  return out;
}

}  // namespace rekey
