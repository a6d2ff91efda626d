// The edges of the rotation state machine, as interfaces so the orchestrator
// can be driven by fakes in unit tests: the secret store (Vault KV v2 in
// production, VaultStore), the verification of new-key usage by metrics
// (Prometheus in production), and the alert hook.
//
// Thread-safety: implementations are used by one rotation at a time.
#ifndef REKEY_APPLY_PORTS_H_
#define REKEY_APPLY_PORTS_H_

#include <optional>
#include <string>

#include "rekey/base/result.h"
#include "rekey/base/timestamp.h"
#include "rekey/model/model.h"
#include "rekey/vault/vault.h"

namespace rekey {

// The vault operations a rotation needs (vault.h has their contracts).
class SecretStore {
 public:
  virtual ~SecretStore() = default;
  virtual Result<SecretVersion> Read(const std::string& path, int version) = 0;
  virtual Result<std::optional<int>> Write(const std::string& path, const SecretData& data, std::optional<int> cas) = 0;
  virtual Result<SecretMetadata> ReadMetadata(const std::string& path) = 0;
  virtual Status WriteMetadata(const std::string& path, const SecretData& custom) = 0;
  virtual Result<LockState> Lock(const std::string& path, const std::string& rotation_id, Timestamp now,
                                 Duration lease) = 0;
  virtual Status Unlock(const std::string& path, const std::string& rotation_id, Timestamp now) = 0;
  // The request an operation would send ("GET https://vault/v1/secret/data/x"), for --dry-run.
  virtual std::string Describe(const std::string& method, const std::string& kind, const std::string& path) const = 0;
};

// The production store over VaultKv and VaultLock.
class VaultStore final : public SecretStore {
 public:
  explicit VaultStore(VaultKv& kv) : kv_(kv), lock_(kv) {}
  Result<SecretVersion> Read(const std::string& path, int version) override { return kv_.Read(path, version); }
  Result<std::optional<int>> Write(const std::string& path, const SecretData& data, std::optional<int> cas) override {
    return kv_.Write(path, data, cas);
  }
  Result<SecretMetadata> ReadMetadata(const std::string& path) override { return kv_.ReadMetadata(path); }
  Status WriteMetadata(const std::string& path, const SecretData& custom) override {
    return kv_.WriteMetadata(path, custom);
  }
  Result<LockState> Lock(const std::string& path, const std::string& rotation_id, Timestamp now,
                         Duration lease) override {
    return lock_.Acquire(path, rotation_id, now, lease);
  }
  Status Unlock(const std::string& path, const std::string& rotation_id, Timestamp now) override {
    return lock_.Release(path, rotation_id, now);
  }
  std::string Describe(const std::string& method, const std::string& kind, const std::string& path) const override;

 private:
  VaultKv& kv_;
  VaultLock lock_;
};

// The outcome of one verification attempt.
struct VerifyResult {
  enum class Verdict { kConfirmed, kPending, kFailed } verdict = Verdict::kPending;
  std::string detail;  // one line: what was seen
};

// Runs a Prometheus instant query; the value of its first sample.
class MetricsSource {
 public:
  virtual ~MetricsSource() = default;
  virtual Result<std::optional<double>> Query(const std::string& base_url, const std::string& query) = 0;
};

// Prometheus HTTP API: GET <base>/api/v1/query?query=...
std::unique_ptr<MetricsSource> MakePrometheusSource(HttpClient& http);

// Receives failed / rolled_back / verify_timeout events (--notify).
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void Notify(const AuditEvent& event) = 0;
};

// Runs `command` with /bin/sh -c, the event's JSON line on stdin; a hook that
// fails or runs over 30 s is reported on stderr, never fatal.
std::unique_ptr<Notifier> MakeCommandNotifier(std::string command);

}  // namespace rekey

#endif  // REKEY_APPLY_PORTS_H_
