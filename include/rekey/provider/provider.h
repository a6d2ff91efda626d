// KeyProvider: what `rekey apply` asks of the service that issues a key —
// create a key, find the key a rotation already created, revoke a key, tell
// whether a key works, and when a key was last used. Two implementations:
// ApiProvider (the provider catalog's declared `api:` calls over HTTP) and
// ExecProvider (a team's command speaking JSON on stdin/stdout).
//
// Idempotency: every created key is named with the rotation's label (its
// rotation_id). Create first looks for a key with that label (when the
// provider can list keys) and returns it instead of making a second one, so a
// retry after a lost response or a crash does not leave two keys. Revoke of a
// key that is already gone succeeds.
//
// Secret values (a new key's value, the admin credential, the key passed to
// validate) are held in memory only: never logged, never in an Error.
//
// Errors: an Error whose `hint` starts with "transient" may succeed later
// (timeouts, 429/5xx after the retries); anything else is permanent.
// Thread-safety: an instance is used by one rotation at a time.
//
//   std::unique_ptr<KeyProvider> p = MakeApiProvider(*catalog_entry.api, http, admin);
//   Result<ProviderKey> k = p->Create({.key_name = "stripe-api-key", .label = rotation_id});
#ifndef REKEY_PROVIDER_PROVIDER_H_
#define REKEY_PROVIDER_PROVIDER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rekey/base/result.h"
#include "rekey/base/timestamp.h"
#include "rekey/http/http.h"
#include "rekey/rules/provider_api.h"

namespace rekey {

// What a call is about (the template placeholders of provider_api.h).
struct KeyRef {
  std::string key_name;      // inventory key name
  std::string provider_api;  // inventory provider_api URL
  std::string rotation_id;
  std::string label;       // the new key's name at the provider (= rotation_id)
  std::string key_id;      // the key the call is about (revoke, validate, last_used)
  std::string old_key_id;  // the key being replaced
  std::string key_value;   // validate / last_used with auth: key — the key itself; never logged
};

struct ProviderKey {
  std::string id;
  std::string value;  // "" when the provider did not return it (list)
  std::string label;
};

enum class ProviderOp { kCreate, kList, kRevoke, kValidate, kLastUsed };
std::string_view ProviderOpName(ProviderOp op);

class KeyProvider {
 public:
  virtual ~KeyProvider() = default;

  virtual bool Supports(ProviderOp op) const = 0;
  // A new key labelled ref.label, or the one an earlier attempt made.
  virtual Result<ProviderKey> Create(const KeyRef& ref) = 0;
  // The key labelled ref.label, if any (requires kList).
  virtual Result<std::optional<ProviderKey>> Find(const KeyRef& ref) = 0;
  virtual Status Revoke(const KeyRef& ref) = 0;
  // true: the key works; false: the provider says it does not (definitive).
  virtual Result<bool> Validate(const KeyRef& ref) = 0;
  // When ref.key_id was last used; nullopt = never.
  virtual Result<std::optional<Timestamp>> LastUsed(const KeyRef& ref) = 0;
  // The request `op` would send, secrets redacted (--dry-run).
  virtual std::string Describe(ProviderOp op, const KeyRef& ref) const = 0;
};

// Reads the admin credential when a call first needs it (from the vault path
// the inventory names); Error when there is none.
using CredentialSource = std::function<Result<std::string>()>;

std::unique_ptr<KeyProvider> MakeApiProvider(const ProviderApi& api, HttpClient& http, CredentialSource admin);

// `exec.command` run once per call: one JSON request on stdin, one JSON
// answer on stdout (README "The exec provider contract"); killed after
// `exec.timeout`. Exit status 75 (EX_TEMPFAIL) or {"ok":false,"retry":true}
// is transient.
std::unique_ptr<KeyProvider> MakeExecProvider(const ExecProviderSpec& exec, CredentialSource admin);

// Template rendering (exposed for tests): {{name}} replaced by the KeyRef
// field, percent-encoded (url) or JSON-escaped (body); provider_api verbatim.
std::string RenderTemplate(const std::string& text, const KeyRef& ref, bool url);

bool IsTransient(const Error& error);

}  // namespace rekey

#endif  // REKEY_PROVIDER_PROVIDER_H_
