// VaultLock: a lease-based lock record per key, taken with check-and-set.
#include "rekey/vault/vault.h"

namespace rekey {
namespace {

LockState StateOf(const SecretVersion& v, Timestamp now) {
  LockState s;
  s.version = v.version;
  if (!v.exists) return s;
  auto id = v.data.find("rotation_id");
  auto until = v.data.find("expires_at");
  if (id == v.data.end() || id->second.empty() || until == v.data.end()) return s;  // released
  Result<Timestamp> expires = ParseRfc3339(until->second);
  if (!expires) return s;
  s.rotation_id = id->second;
  s.expires_at = *expires;
  s.held = now < *expires;
  return s;
}

}  // namespace

std::string VaultLock::LockPath(const std::string& secret_path) {
  Result<std::pair<std::string, std::string>> split = SplitVaultPath(secret_path);
  if (!split) return secret_path;
  return split->first + "/rekey-locks/" + split->second;
}

Result<LockState> VaultLock::Read(const std::string& secret_path, Timestamp now) {
  Result<SecretVersion> v = kv_.Read(LockPath(secret_path));
  if (!v) return v.error();
  return StateOf(*v, now);
}

Result<LockState> VaultLock::Acquire(const std::string& secret_path, const std::string& rotation_id, Timestamp now,
                                     Duration lease) {
  Result<LockState> current = Read(secret_path, now);
  if (!current) return current.error();
  if (current->held && current->rotation_id != rotation_id) return *current;
  const SecretData data = {{"rotation_id", rotation_id}, {"expires_at", (now + lease).ToRfc3339()}};
  Result<std::optional<int>> written = kv_.Write(LockPath(secret_path), data, current->version);
  if (!written) return written.error();
  if (!*written) return Read(secret_path, now);  // lost the race: report the winner
  LockState taken;
  taken.held = true;
  taken.rotation_id = rotation_id;
  taken.expires_at = now + lease;
  taken.version = **written;
  return taken;
}

Status VaultLock::Release(const std::string& secret_path, const std::string& rotation_id, Timestamp now) {
  Result<LockState> current = Read(secret_path, now);
  if (!current) return current.error();
  if (current->rotation_id != rotation_id) return Ok{};
  Result<std::optional<int>> written =
      kv_.Write(LockPath(secret_path), {{"rotation_id", ""}, {"released_at", now.ToRfc3339()}}, current->version);
  if (!written) return written.error();
  return Ok{};
}

}  // namespace rekey
