// ProviderApi: how rekey manages a provider's keys, declared in the provider
// catalog's optional `api:` block (schema/providers.schema.json) instead of
// coded: for each of create, list, revoke, validate and last_used an HTTP
// method, a URL template, the credential that authenticates the call, a body
// template, JSON pointers into the response and the status codes meaning
// success / retry / gone. Or an `exec:` command the team writes, speaking
// JSON on stdin/stdout (README "Running rotations").
//
// Templates hold {{placeholders}}: provider_api (the inventory key's URL),
// key_name (the inventory key's name), rotation_id, label (the new key's name
// at the provider: the rotation id, so a retry finds the key it made), key_id
// (the key the call is about) and old_key_id. URL values are percent-encoded,
// body values JSON-escaped. No template may hold the key value itself.
//
// This is data only; the provider module makes the calls.
//
// Diagnostic ids: RK-PROV-005 an invalid api block (plus RK-YAML-*).
//
// Thread-safety: plain values.
#ifndef REKEY_RULES_PROVIDER_API_H_
#define REKEY_RULES_PROVIDER_API_H_

#include <optional>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"
#include "rekey/base/duration.h"

namespace rekey {

struct YamlNode;

// Which credential authenticates a call.
enum class ApiAuth {
  kAdmin,  // the admin credential at the inventory key's admin_vault_path
  kKey,    // the key the call is about (validate / last_used with the key itself)
  kNone,
};

// Status classes; a status in none of them is a failure. Defaults: success
// 2xx, retry 429 and 5xx, gone none (revoke: also 404).
struct ApiStatusClasses {
  std::vector<int> success, retry, gone;
};

struct ApiCall {
  std::string method = "GET";
  std::string url;   // template
  std::string body;  // template; "" = no body
  ApiAuth auth = ApiAuth::kAdmin;
  // JSON pointers into the response (RFC 6901); which ones apply depends on the call.
  std::string id;         // create, list items: the key's id
  std::string value;      // create, list items: the key's secret value
  std::string items;      // list: the array of keys
  std::string label;      // list items: the key's name (the rotation id)
  std::string last_used;  // last_used: RFC 3339 or Unix seconds; null = never used
  ApiStatusClasses status;
  SourceLoc loc;
};

struct ExecProviderSpec {
  std::vector<std::string> command;  // argv; relative paths resolve against the catalog file's directory
  Duration timeout = Duration::Seconds(30);
};

struct ProviderApi {
  std::optional<ApiCall> create, list, revoke, validate, last_used;
  std::optional<ExecProviderSpec> exec;  // set: every call goes to the command instead
  double rate_limit = 0;                 // requests per second to the provider's host; 0 = unlimited
  std::string auth_header = "Authorization";
  std::string auth_scheme = "Bearer";  // "" = the credential alone
  std::string admin_field = "key";     // field of the admin credential's vault secret
  SourceLoc loc;
};

// Reads an `api:` mapping; nullopt (reported) when it is invalid. `dir` is the
// catalog file's directory (exec commands are relative to it).
std::optional<ProviderApi> ReadProviderApi(const YamlNode& node, const std::string& path, const std::string& dir,
                                           const std::string& provider, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_RULES_PROVIDER_API_H_
