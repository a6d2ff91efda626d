// ApiProvider: the provider catalog's declared HTTP calls (provider_api.h).
#include <nlohmann/json.hpp>
#include <thread>

#include "rekey/provider/provider.h"

namespace rekey {
namespace {

constexpr int kCreateAttempts = 4;

bool In(const std::vector<int>& codes, int status) {
  return std::find(codes.begin(), codes.end(), status) != codes.end();
}

enum class StatusClass { kSuccess, kRetry, kGone, kFailure };

// Declared classes win; undeclared ones default to 2xx success, 429/5xx retry,
// and (for revoke) 404 gone.
StatusClass Classify(const ApiCall& call, int status, bool revoke) {
  const ApiStatusClasses& c = call.status;
  if (c.success.empty() ? status >= 200 && status < 300 : In(c.success, status)) return StatusClass::kSuccess;
  if (c.gone.empty() ? revoke && status == 404 : In(c.gone, status)) return StatusClass::kGone;
  if (c.retry.empty() ? IsRetryableStatus(status) : In(c.retry, status)) return StatusClass::kRetry;
  return StatusClass::kFailure;
}

// The string (or number, as text) at `pointer`; nullopt when absent or malformed.
std::optional<std::string> At(const nlohmann::json& j, const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer p(pointer);
    if (!j.contains(p)) return std::nullopt;
    const nlohmann::json& v = j.at(p);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
    return std::nullopt;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

const nlohmann::json* NodeAt(const nlohmann::json& j, const std::string& pointer) {
  try {
    const nlohmann::json::json_pointer p(pointer);
    return j.contains(p) ? &j.at(p) : nullptr;
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

Error Transient(std::string message) { return Error{std::move(message), "transient: rekey retries at the next run"}; }

class ApiProvider final : public KeyProvider {
 public:
  ApiProvider(const ProviderApi& api, HttpClient& http, CredentialSource admin)
      : api_(api), http_(http), admin_(std::move(admin)) {}

  bool Supports(ProviderOp op) const override { return CallOf(op) != nullptr; }

  Result<ProviderKey> Create(const KeyRef& ref) override {
    std::string last;
    for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
      // A key an earlier attempt made (its response lost, or the process killed) is reused.
      if (api_.list) {
        Result<std::optional<ProviderKey>> found = Find(ref);
        if (!found) return found.error();
        if (*found && !(*found)->value.empty()) return **found;
        if (*found) {
          // Made, but its value is lost with the response: it was never stored or used.
          KeyRef orphan = ref;
          orphan.key_id = (*found)->id;
          if (Status revoked = Revoke(orphan); !revoked) return revoked.error();
        }
      }
      Result<HttpResponse> r = Send(*api_.create, ref, /*idempotent=*/false);
      if (!r) {
        last = r.error().message;
      } else {
        switch (Classify(*api_.create, r->status, false)) {
          case StatusClass::kSuccess:
            return ParseCreated(*r);
          case StatusClass::kRetry:
            last = "create answered HTTP " + std::to_string(r->status);
            break;
          default:
            return Error{"create at the provider failed: HTTP " + std::to_string(r->status),
                         "check the admin credential and the api: block"};
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
    }
    return Transient("create at the provider: " + last);
  }

  Result<std::optional<ProviderKey>> Find(const KeyRef& ref) override {
    if (!api_.list)
      return Error{"the provider's api: block has no list call", "declare list: to make create idempotent"};
    Result<HttpResponse> r = Send(*api_.list, ref, true);
    if (!r) return Transient(r.error().message);
    const StatusClass c = Classify(*api_.list, r->status, false);
    if (c == StatusClass::kRetry) return Transient("list answered HTTP " + std::to_string(r->status));
    if (c != StatusClass::kSuccess) return Error{"list at the provider failed: HTTP " + std::to_string(r->status), ""};
    nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
    const nlohmann::json* items = NodeAt(j, api_.list->items);
    if (items == nullptr || !items->is_array()) return Error{"list response has no array at " + api_.list->items, ""};
    for (const nlohmann::json& item : *items) {
      std::optional<std::string> label = At(item, api_.list->label);
      if (!label || *label != ref.label) continue;
      std::optional<std::string> id = At(item, api_.list->id);
      if (!id) continue;
      std::optional<std::string> value = api_.list->value.empty() ? std::nullopt : At(item, api_.list->value);
      return std::optional<ProviderKey>(ProviderKey{*id, value.value_or(""), *label});
    }
    return std::optional<ProviderKey>();
  }

  Status Revoke(const KeyRef& ref) override {
    Result<HttpResponse> r = Send(*api_.revoke, ref, true);
    if (!r) return Transient("revoke: " + r.error().message);
    switch (Classify(*api_.revoke, r->status, true)) {
      case StatusClass::kSuccess:
      case StatusClass::kGone:
        return Ok{};
      case StatusClass::kRetry:
        return Transient("revoke answered HTTP " + std::to_string(r->status));
      default:
        return Error{"revoke of key " + ref.key_id + " failed: HTTP " + std::to_string(r->status), ""};
    }
  }

  Result<bool> Validate(const KeyRef& ref) override {
    if (!api_.validate) return Error{"the provider's api: block has no validate call", ""};
    Result<HttpResponse> r = Send(*api_.validate, ref, true);
    if (!r) return Transient("validate: " + r.error().message);
    switch (Classify(*api_.validate, r->status, false)) {
      case StatusClass::kSuccess:
        return true;
      case StatusClass::kRetry:
        return Transient("validate answered HTTP " + std::to_string(r->status));
      default:
        return r->status == 401 || r->status == 403 || In(api_.validate->status.gone, r->status)
                   ? Result<bool>(false)
                   : Result<bool>(Error{"validate answered HTTP " + std::to_string(r->status), ""});
    }
  }

  Result<std::optional<Timestamp>> LastUsed(const KeyRef& ref) override {
    if (!api_.last_used) return Error{"the provider's api: block has no last_used call", ""};
    Result<HttpResponse> r = Send(*api_.last_used, ref, true);
    if (!r) return Transient("last_used: " + r.error().message);
    const StatusClass c = Classify(*api_.last_used, r->status, false);
    if (c == StatusClass::kRetry) return Transient("last_used answered HTTP " + std::to_string(r->status));
    if (c != StatusClass::kSuccess) return Error{"last_used answered HTTP " + std::to_string(r->status), ""};
    nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
    const nlohmann::json* v = NodeAt(j, api_.last_used->last_used);
    if (v == nullptr || v->is_null()) return std::optional<Timestamp>();
    if (v->is_number_integer()) return std::optional<Timestamp>(Timestamp::FromUnixSeconds(v->get<int64_t>()));
    if (v->is_string()) {
      Result<Timestamp> t = ParseRfc3339(v->get<std::string>());
      if (t) return std::optional<Timestamp>(*t);
    }
    return Error{"last_used response: no time at " + api_.last_used->last_used, "RFC 3339, Unix seconds or null"};
  }

  std::string Describe(ProviderOp op, const KeyRef& ref) const override {
    const ApiCall* call = CallOf(op);
    if (call == nullptr) return std::string(ProviderOpName(op)) + ": not declared";
    return DescribeRequest(Build(*call, ref, "<credential>"));
  }

 private:
  const ApiCall* CallOf(ProviderOp op) const {
    const std::optional<ApiCall>* calls[] = {&api_.create, &api_.list, &api_.revoke, &api_.validate, &api_.last_used};
    const std::optional<ApiCall>& call = *calls[static_cast<int>(op)];
    return call ? &*call : nullptr;
  }

  HttpRequest Build(const ApiCall& call, const KeyRef& ref, const std::string& credential) const {
    HttpRequest request;
    request.method = call.method;
    request.url = RenderTemplate(call.url, ref, true);
    if (!call.body.empty()) {
      request.body = RenderTemplate(call.body, ref, false);
      request.headers.emplace_back("Content-Type", "application/json");
    }
    if (call.auth != ApiAuth::kNone) {
      request.headers.emplace_back(api_.auth_header,
                                   api_.auth_scheme.empty() ? credential : api_.auth_scheme + " " + credential);
    }
    request.headers.emplace_back("X-Rekey-Rotation-Id", ref.rotation_id);
    return request;
  }

  Result<HttpResponse> Send(const ApiCall& call, const KeyRef& ref, bool idempotent) {
    std::string credential;
    if (call.auth == ApiAuth::kAdmin) {
      if (!admin_credential_) {
        Result<std::string> admin = admin_();
        if (!admin) return admin.error();
        admin_credential_ = *admin;
      }
      credential = *admin_credential_;
    } else if (call.auth == ApiAuth::kKey) {
      credential = ref.key_value;
    }
    HttpRequest request = Build(call, ref, credential);
    request.idempotent = idempotent;
    if (api_.rate_limit > 0) http_.SetRateLimit(UrlHost(request.url), {api_.rate_limit});
    return http_.Send(request);
  }

  Result<ProviderKey> ParseCreated(const HttpResponse& r) {
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    std::optional<std::string> id = At(j, api_.create->id);
    std::optional<std::string> value = At(j, api_.create->value);
    if (!id || !value || id->empty() || value->empty()) {
      return Error{"create response lacks the key id (" + api_.create->id + ") or value (" + api_.create->value + ")",
                   "fix the JSON pointers in the provider's api: block"};
    }
    return ProviderKey{*id, *value, ""};
  }

  const ProviderApi& api_;
  HttpClient& http_;
  CredentialSource admin_;
  std::optional<std::string> admin_credential_;
};

}  // namespace

std::string_view ProviderOpName(ProviderOp op) {
  switch (op) {
    case ProviderOp::kCreate:
      return "create";
    case ProviderOp::kList:
      return "list";
    case ProviderOp::kRevoke:
      return "revoke";
    case ProviderOp::kValidate:
      return "validate";
    case ProviderOp::kLastUsed:
      return "last_used";
  }
  return "create";
}

bool IsTransient(const Error& error) { return error.hint.rfind("transient", 0) == 0; }

std::string RenderTemplate(const std::string& text, const KeyRef& ref, bool url) {
  const std::pair<const char*, const std::string*> vars[] = {{"provider_api", &ref.provider_api},
                                                             {"key_name", &ref.key_name},
                                                             {"rotation_id", &ref.rotation_id},
                                                             {"label", &ref.label},
                                                             {"key_id", &ref.key_id},
                                                             {"old_key_id", &ref.old_key_id}};
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t open = text.find("{{", at);
    const size_t close = open == std::string::npos ? open : text.find("}}", open);
    if (close == std::string::npos) {
      out += text.substr(at);
      return out;
    }
    out += text.substr(at, open - at);
    std::string name = text.substr(open + 2, close - open - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    for (const auto& [var, value] : vars) {
      if (name != var) continue;
      if (name == "provider_api") {
        out += *value;
      } else if (url) {
        out += UrlEncode(*value);
      } else {
        const std::string quoted = nlohmann::json(*value).dump();
        out += quoted.substr(1, quoted.size() - 2);
      }
    }
    at = close + 2;
  }
}

std::unique_ptr<KeyProvider> MakeApiProvider(const ProviderApi& api, HttpClient& http, CredentialSource admin) {
  return std::make_unique<ApiProvider>(api, http, std::move(admin));
}

}  // namespace rekey
