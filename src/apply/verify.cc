// Verification of new-key usage before revocation (the seed's
// verify_new_key_usage), by the schedule's verify.method, and the Prometheus
// source for method metrics.
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "rekey/apply/orchestrator.h"

namespace rekey {
namespace {

using Verdict = VerifyResult::Verdict;

std::string Field(const SecretData& data, const char* name) {
  auto it = data.find(name);
  return it == data.end() ? "" : it->second;
}

std::string Substitute(std::string text, const std::string& name, const std::string& value) {
  for (size_t at = 0; (at = text.find(name, at)) != std::string::npos; at += value.size())
    text.replace(at, name.size(), value);
  return text;
}

// "> 0", ">= 1", "== 0", "< 5", "<= 2", "!= 0".
bool Compare(double value, const std::string& expect, bool& valid) {
  size_t i = expect.find_first_not_of(' ');
  std::string op;
  while (i < expect.size() && std::string("<>=!").find(expect[i]) != std::string::npos) op += expect[i++];
  char* end = nullptr;
  const std::string number = expect.substr(i);
  const double bound = std::strtod(number.c_str(), &end);
  valid = end != number.c_str();
  if (op == ">") return value > bound;
  if (op == ">=") return value >= bound;
  if (op == "<") return value < bound;
  if (op == "<=") return value <= bound;
  if (op == "==" || op == "=") return value == bound;
  if (op == "!=") return value != bound;
  valid = false;
  return false;
}

class PrometheusSource final : public MetricsSource {
 public:
  explicit PrometheusSource(HttpClient& http) : http_(http) {}
  Result<std::optional<double>> Query(const std::string& base_url, const std::string& query) override {
    HttpRequest request;
    request.url = base_url + "/api/v1/query?query=" + UrlEncode(query);
    Result<HttpResponse> r = http_.Send(request);
    if (!r) return r.error();
    if (r->status != 200) return Error{"Prometheus answered HTTP " + std::to_string(r->status), ""};
    nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
    if (!j.is_object() || j.value("status", "") != "success" || !j.contains("data")) {
      return Error{"Prometheus: not a successful query response", ""};
    }
    const nlohmann::json& data = j["data"];
    const nlohmann::json result = data.value("result", nlohmann::json());
    const std::string type = data.value("resultType", "");
    const nlohmann::json* sample = nullptr;
    if (type == "vector" && result.is_array() && !result.empty() && result[0].contains("value")) {
      sample = &result[0]["value"];
    } else if (type == "scalar") {
      sample = &result;
    }
    if (sample == nullptr) return std::optional<double>();  // no series: no data
    if (!sample->is_array() || sample->size() != 2 || !(*sample)[1].is_string()) {
      return Error{"Prometheus: unexpected sample shape", ""};
    }
    const std::string text = (*sample)[1].get<std::string>();
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str()) return Error{"Prometheus: sample is not a number", ""};
    return std::optional<double>(v);
  }

 private:
  HttpClient& http_;
};

}  // namespace

std::unique_ptr<MetricsSource> MakePrometheusSource(HttpClient& http) {
  return std::make_unique<PrometheusSource>(http);
}

namespace {

// provider-last-used: the new key used since it was stored, the old one not
// since not_before (the seed's "old key still in use after grace period").
VerifyResult LastUsedVerdict(const RotationRecord& r, const RotationSpec& spec, KeyProvider& provider,
                             const SecretData& primary) {
  if (!provider.Supports(ProviderOp::kLastUsed)) {
    return {Verdict::kPending, "verify method provider-last-used, but the provider's api: block has no last_used"};
  }
  KeyRef ref;
  ref.key_name = spec.key;
  ref.provider_api = spec.provider_api;
  ref.rotation_id = ref.label = r.rotation_id;
  ref.key_id = r.new_key_id;
  ref.old_key_id = r.old_key_id;
  ref.key_value = Field(primary, "key");
  Result<std::optional<Timestamp>> used = provider.LastUsed(ref);
  if (!used) return {Verdict::kPending, "last_used of the new key: " + used.error().message};
  const Timestamp since = r.activated_at.value_or(r.started);
  if (!*used || **used <= since) return {Verdict::kPending, "no use of the new key " + r.new_key_id + " yet"};
  if (!r.old_key_id.empty()) {
    ref.key_id = r.old_key_id;
    ref.key_value.clear();
    Result<std::optional<Timestamp>> old_used = provider.LastUsed(ref);
    if (!old_used) return {Verdict::kPending, "last_used of the old key: " + old_used.error().message};
    if (*old_used && r.not_before && **old_used >= *r.not_before) {
      return {Verdict::kPending, "the old key " + r.old_key_id + " was used at " + (*old_used)->ToRfc3339() +
                                     ", after the grace period: a consumer still holds it"};
    }
  }
  return {Verdict::kConfirmed, "provider-last-used"};
}

}  // namespace

// The new key's definitive failure (it does not validate) comes first: a
// rollback must not wait for the timeout. Then the schedule's method.
VerifyResult Orchestrator::Check(const RotationRecord& r, const RotationSpec& spec, KeyProvider& provider) {
  Result<SecretVersion> current = store_.Read(spec.vault_path, 0);
  if (!current) return {Verdict::kPending, "vault unavailable: " + current.error().message};
  // Usage telemetry first: rekey's own validate call below is a use the provider records.
  const bool by_last_used = spec.verify && spec.verify->method == VerifyMethod::kProviderLastUsed;
  const VerifyResult usage = by_last_used ? LastUsedVerdict(r, spec, provider, current->data) : VerifyResult{};
  bool validated = false;
  if (provider.Supports(ProviderOp::kValidate)) {
    KeyRef ref = Ref(r, spec);
    ref.key_id = r.new_key_id;
    ref.key_value = Field(current->data, "key");
    Result<bool> valid = provider.Validate(ref);
    if (!valid) return {Verdict::kPending, "validate: " + valid.error().message};
    if (!*valid) return {Verdict::kFailed, "the new key " + r.new_key_id + " failed validation at the provider"};
    validated = true;
  }
  if (!spec.verify) {
    return {Verdict::kConfirmed, validated ? "validate" : "vault-primary"};
  }
  switch (spec.verify->method) {
    case VerifyMethod::kManual:
      if (!r.approved_by.empty()) return {Verdict::kConfirmed, "manual (approved by " + r.approved_by + ")"};
      return {Verdict::kPending, "waiting for `rekey apply --approve " + spec.key + "`"};
    case VerifyMethod::kProviderLastUsed:
      return usage;
    case VerifyMethod::kMetrics: {
      if (metrics_ == nullptr) return {Verdict::kPending, "no metrics source"};
      if (spec.verify->query.empty()) return {Verdict::kPending, "verify method metrics needs verify.query"};
      std::string base = spec.verify->prometheus;
      if (base.empty() && std::getenv("PROMETHEUS_URL") != nullptr) base = std::getenv("PROMETHEUS_URL");
      while (!base.empty() && base.back() == '/') base.pop_back();
      if (base.empty()) return {Verdict::kPending, "verify.prometheus is not set and PROMETHEUS_URL is empty"};
      std::string query = Substitute(spec.verify->query, "{{new_key_id}}", r.new_key_id);
      query = Substitute(query, "{{old_key_id}}", r.old_key_id);
      Result<std::optional<double>> value = metrics_->Query(base, query);
      if (!value) return {Verdict::kPending, value.error().message};
      if (!*value) return {Verdict::kPending, "the metrics query returned no data"};
      bool valid = false;
      const bool pass = Compare(**value, spec.verify->expect, valid);
      if (!valid) return {Verdict::kPending, "verify.expect " + spec.verify->expect + " is not a comparison"};
      if (!pass) {
        return {Verdict::kPending,
                "metrics query gave " + nlohmann::json(**value).dump() + ", expected " + spec.verify->expect};
      }
      return {Verdict::kConfirmed, "metrics"};
    }
  }
  return {Verdict::kPending, "unknown verify method"};
}

}  // namespace rekey
