// VaultKv: the KV v2 HTTP API (GET/POST <mount>/data/<path>, <mount>/metadata/<path>).
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "rekey/base/read_file.h"
#include "rekey/vault/vault.h"

namespace rekey {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string Trim(std::string text) {
  text.erase(text.find_last_not_of(" \t\r\n") + 1);
  text.erase(0, text.find_first_not_of(" \t\r\n"));
  return text;
}

// Vault's error list ("errors": [...]) as one line, for messages.
std::string VaultErrors(const HttpResponse& r) {
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  std::string out;
  if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
    for (const auto& e : j["errors"]) {
      if (e.is_string()) out += (out.empty() ? "" : "; ") + e.get<std::string>();
    }
  }
  return out.empty() ? "HTTP " + std::to_string(r.status) : "HTTP " + std::to_string(r.status) + ": " + out;
}

SecretData StringFields(const nlohmann::json& object) {
  SecretData out;
  if (!object.is_object()) return out;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it->is_string()) out[it.key()] = it->get<std::string>();
  }
  return out;
}

}  // namespace

Result<VaultConfig> VaultConfigFromEnv() {
  VaultConfig c;
  c.addr = Env("VAULT_ADDR");
  while (!c.addr.empty() && c.addr.back() == '/') c.addr.pop_back();
  if (c.addr.empty()) return Error{"VAULT_ADDR is not set", "export VAULT_ADDR=https://vault.example:8200"};
  c.token = Env("VAULT_TOKEN");
  std::string file = Env("VAULT_TOKEN_FILE");
  if (c.token.empty() && file.empty() && !Env("HOME").empty()) {
    const std::string home_token = Env("HOME") + "/.vault-token";
    if (std::filesystem::exists(home_token)) file = home_token;
  }
  if (c.token.empty() && !file.empty()) {
    Result<std::string> text = ReadRegularFile(file, {.max_bytes = 64 << 10});
    if (!text) return Error{"cannot read the Vault token file " + file + ": " + text.error().message, ""};
    c.token = Trim(*text);
  }
  if (c.token.empty()) {
    return Error{"no Vault token",
                 "set VAULT_TOKEN, or VAULT_TOKEN_FILE to a file holding it (e.g. Vault Agent's sink)"};
  }
  c.name_space = Env("VAULT_NAMESPACE");
  c.ca_file = Env("VAULT_CACERT");
  return c;
}

Result<std::pair<std::string, std::string>> SplitVaultPath(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash + 1 >= path.size()) {
    return Error{"vault path " + std::string(path) + " has no mount and secret part",
                 "e.g. secret/prod/stripe/api-key"};
  }
  return std::pair{std::string(path.substr(0, slash)), std::string(path.substr(slash + 1))};
}

std::string VaultKv::Url(const std::string& kind, const std::string& path, int version) const {
  Result<std::pair<std::string, std::string>> split = SplitVaultPath(path);
  if (!split) return "";
  std::string url = config_.addr + "/v1/" + split->first + "/" + kind + "/" + split->second;
  if (version > 0) url += "?version=" + std::to_string(version);
  return url;
}

Result<HttpResponse> VaultKv::Call(const std::string& method, const std::string& url, const std::string& body) {
  if (url.empty()) return Error{"invalid vault path", "e.g. secret/prod/stripe/api-key"};
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = {{"X-Vault-Token", config_.token}};
  request.body = body;
  if (!config_.name_space.empty()) request.headers.emplace_back("X-Vault-Namespace", config_.name_space);
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  return http_.Send(request);
}

Result<SecretVersion> VaultKv::Read(const std::string& path, int version) {
  Result<HttpResponse> r = Call("GET", Url("data", path, version), "");
  if (!r) return r.error();
  SecretVersion out;
  if (r->status == 404) return out;
  if (r->status != 200) return Error{"vault read " + path + ": " + VaultErrors(*r), ""};
  nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) {
    return Error{"vault read " + path + ": unexpected response", "is this a KV version 2 mount?"};
  }
  const nlohmann::json& data = j["data"];
  // A deleted or destroyed version reads as data null.
  if (!data.contains("data") || !data["data"].is_object()) return out;
  out.exists = true;
  out.data = StringFields(data["data"]);
  if (data.contains("metadata") && data["metadata"].is_object() && data["metadata"].contains("version") &&
      data["metadata"]["version"].is_number_integer()) {
    out.version = data["metadata"]["version"].get<int>();
  }
  return out;
}

Result<std::optional<int>> VaultKv::Write(const std::string& path, const SecretData& data, std::optional<int> cas) {
  nlohmann::json body = {{"data", data}};
  if (cas) body["options"] = {{"cas", *cas}};
  Result<HttpResponse> r = Call("POST", Url("data", path), body.dump());
  if (!r) return r.error();
  if (r->status == 400 && r->body.find("check-and-set") != std::string::npos) return std::optional<int>();
  if (r->status != 200 && r->status != 204) return Error{"vault write " + path + ": " + VaultErrors(*r), ""};
  nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
  if (j.is_object() && j.contains("data") && j["data"].is_object() && j["data"].contains("version") &&
      j["data"]["version"].is_number_integer()) {
    return std::optional<int>(j["data"]["version"].get<int>());
  }
  return Error{"vault write " + path + ": no version in the response", "is this a KV version 2 mount?"};
}

Result<SecretMetadata> VaultKv::ReadMetadata(const std::string& path) {
  Result<HttpResponse> r = Call("GET", Url("metadata", path), "");
  if (!r) return r.error();
  SecretMetadata out;
  if (r->status == 404) return out;
  if (r->status != 200) return Error{"vault metadata " + path + ": " + VaultErrors(*r), ""};
  nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) {
    return Error{"vault metadata " + path + ": unexpected response", ""};
  }
  const nlohmann::json& d = j["data"];
  out.exists = true;
  if (d.contains("current_version") && d["current_version"].is_number_integer())
    out.current_version = d["current_version"].get<int>();
  if (d.contains("oldest_version") && d["oldest_version"].is_number_integer())
    out.oldest_version = d["oldest_version"].get<int>();
  if (d.contains("custom_metadata")) out.custom = StringFields(d["custom_metadata"]);
  return out;
}

Status VaultKv::WriteMetadata(const std::string& path, const SecretData& custom) {
  nlohmann::json body = {{"custom_metadata", custom}};
  Result<HttpResponse> r = Call("POST", Url("metadata", path), body.dump());
  if (!r) return r.error();
  if (r->status != 200 && r->status != 204) return Error{"vault metadata write " + path + ": " + VaultErrors(*r), ""};
  return Ok{};
}

}  // namespace rekey
