// The provider catalog's `api:` block reader (provider_api.h).
#include "rekey/rules/provider_api.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "rekey/base/text.h"
#include "yaml/map_reader.h"
#include "yaml/yaml_node.h"

namespace rekey {
namespace {

const std::vector<std::string> kApiFields = {"rate_limit", "auth_header", "auth_scheme", "admin_field", "exec",
                                             "create",     "list",        "revoke",      "validate",    "last_used"};
const std::vector<std::string> kCallFields = {"method", "url",   "body",  "auth",      "id",
                                              "value",  "items", "label", "last_used", "status"};
const std::vector<std::string> kStatusFields = {"success", "retry", "gone"};
const std::vector<std::string> kExecFields = {"command", "timeout"};
const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
const std::vector<std::string> kAuths = {"admin", "key", "none"};
const std::vector<std::string> kPlaceholders = {"provider_api", "key_name", "rotation_id",
                                                "label",        "key_id",   "old_key_id"};

// Every {{name}} in `text` must be a known placeholder.
void CheckTemplate(const std::string& text, const SourceLoc& loc, const std::string& what, Diagnostics& diags) {
  size_t at = 0;
  while ((at = text.find("{{", at)) != std::string::npos) {
    const size_t end = text.find("}}", at);
    if (end == std::string::npos) {
      diags.Error(loc, "RK-PROV-005", what + ": unclosed {{ in template", "write {{name}}");
      return;
    }
    std::string name = text.substr(at + 2, end - at - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) == kPlaceholders.end()) {
      std::optional<std::string> close = SuggestClosest(name, kPlaceholders);
      diags.Error(loc, "RK-PROV-005", what + ": unknown placeholder " + Quote("{{" + name + "}}"),
                  close ? "did you mean {{" + *close + "}}?" : "use one of " + Join(kPlaceholders, ", "));
    }
    at = end + 2;
  }
}

std::vector<int> Codes(const YamlNode& node, const std::string& path, const std::string& what, Diagnostics& diags) {
  std::vector<int> out;
  if (!node.is_sequence()) {
    diags.Error(node.Loc(path), "RK-PROV-005", what + " must be a list of HTTP status codes", "e.g. [200, 201]");
    return out;
  }
  for (const YamlNode& item : node.items) {
    char* end = nullptr;
    const long code = item.is_scalar() ? std::strtol(item.scalar.c_str(), &end, 10) : 0;
    if (!item.is_scalar() || end == nullptr || *end != '\0' || code < 100 || code > 599) {
      diags.Error(item.Loc(path), "RK-PROV-005", what + ": " + Quote(item.scalar) + " is not an HTTP status code",
                  "write a number from 100 to 599");
      continue;
    }
    out.push_back(static_cast<int>(code));
  }
  return out;
}

void Pointer(MapReader& r, std::string_view field, std::string& out, const std::string& what, Diagnostics& diags) {
  out = r.String(field, Required::kNo).value_or("");
  if (!out.empty() && out[0] != '/') {
    diags.Error(r.LocOf(field), "RK-PROV-005", what + ": " + std::string(field) + " must be a JSON pointer",
                "JSON pointers start with /, e.g. /data/id");
  }
}

std::optional<ApiCall> ReadCall(const YamlNode& node, const std::string& path, const std::string& op,
                                const std::string& what, Diagnostics& diags) {
  const size_t errors = diags.error_count();
  MapReader r(node, path, op + " call", kCallFields, diags);
  if (!r.is_map()) return std::nullopt;
  ApiCall call;
  call.loc = r.loc();
  const std::string label = what + " " + op;
  if (std::optional<size_t> m = r.Enum("method", kMethods, Required::kYes)) call.method = kMethods[*m];
  call.url = r.String("url", Required::kYes).value_or("");
  call.body = r.String("body", Required::kNo).value_or("");
  CheckTemplate(call.url, r.LocOf("url"), label + " url", diags);
  CheckTemplate(call.body, r.LocOf("body"), label + " body", diags);
  const ApiAuth default_auth = op == "validate" ? ApiAuth::kKey : ApiAuth::kAdmin;
  std::optional<size_t> auth = r.Enum("auth", kAuths, Required::kNo);
  call.auth = auth ? static_cast<ApiAuth>(*auth) : default_auth;
  Pointer(r, "id", call.id, label, diags);
  Pointer(r, "value", call.value, label, diags);
  Pointer(r, "items", call.items, label, diags);
  Pointer(r, "label", call.label, label, diags);
  Pointer(r, "last_used", call.last_used, label, diags);
  if (const YamlNode* status = r.Node("status", Required::kNo)) {
    MapReader s(*status, path, "status classes", kStatusFields, diags);
    if (s.is_map()) {
      for (const auto& [name, list] : {std::pair{"success", &call.status.success},
                                       std::pair{"retry", &call.status.retry}, std::pair{"gone", &call.status.gone}}) {
        if (const YamlNode* codes = s.Node(name, Required::kNo)) *list = Codes(*codes, path, label + " " + name, diags);
      }
    }
  }
  auto need = [&](const std::string& value, const char* field) {
    if (value.empty())
      diags.Error(call.loc, "RK-PROV-005", label + " needs " + field,
                  std::string("a JSON pointer into the response, e.g. ") + field + ": /" + field);
  };
  if (op == "create") need(call.id, "id"), need(call.value, "value");
  if (op == "list") need(call.items, "items"), need(call.id, "id"), need(call.label, "label");
  if (op == "last_used") need(call.last_used, "last_used");
  if (diags.error_count() != errors) return std::nullopt;
  return call;
}

std::optional<ExecProviderSpec> ReadExec(const YamlNode& node, const std::string& path, const std::string& dir,
                                         const std::string& what, Diagnostics& diags) {
  MapReader r(node, path, "exec provider", kExecFields, diags);
  if (!r.is_map()) return std::nullopt;
  ExecProviderSpec spec;
  spec.command = r.StringList("command", Required::kYes).value_or(std::vector<std::string>{});
  if (std::optional<Duration> timeout = r.DurationValue("timeout", Required::kNo)) spec.timeout = *timeout;
  if (spec.command.empty()) return std::nullopt;
  if (spec.command[0].find('/') != std::string::npos && spec.command[0][0] != '/' && !dir.empty()) {
    spec.command[0] = (std::filesystem::path(dir) / spec.command[0]).lexically_normal().string();
  }
  return spec;
}

}  // namespace

std::optional<ProviderApi> ReadProviderApi(const YamlNode& node, const std::string& path, const std::string& dir,
                                           const std::string& provider, Diagnostics& diags) {
  const size_t errors = diags.error_count();
  const std::string what = "api of provider " + Quote(provider);
  MapReader r(node, path, "provider api", kApiFields, diags);
  if (!r.is_map()) return std::nullopt;
  ProviderApi api;
  api.loc = r.loc();
  if (std::optional<double> rate = r.Number("rate_limit", Required::kNo)) {
    if (*rate <= 0 || !std::isfinite(*rate)) {
      diags.Error(r.LocOf("rate_limit"), "RK-PROV-005", what + ": rate_limit must be > 0 requests per second",
                  "e.g. rate_limit: 5");
    }
    api.rate_limit = *rate;
  }
  api.auth_header = r.String("auth_header", Required::kNo).value_or(api.auth_header);
  api.auth_scheme = r.String("auth_scheme", Required::kNo).value_or(api.auth_scheme);
  api.admin_field = r.String("admin_field", Required::kNo).value_or(api.admin_field);
  if (const YamlNode* exec = r.Node("exec", Required::kNo)) api.exec = ReadExec(*exec, path, dir, what, diags);
  const std::pair<const char*, std::optional<ApiCall>*> calls[] = {{"create", &api.create},
                                                                   {"list", &api.list},
                                                                   {"revoke", &api.revoke},
                                                                   {"validate", &api.validate},
                                                                   {"last_used", &api.last_used}};
  for (const auto& [op, slot] : calls) {
    if (const YamlNode* call = r.Node(op, Required::kNo)) *slot = ReadCall(*call, path, op, what, diags);
  }
  const bool http = api.create || api.list || api.revoke || api.validate || api.last_used;
  if (r.Node("exec", Required::kNo) != nullptr && http) {
    diags.Error(api.loc, "RK-PROV-005", what + " declares both exec and HTTP calls",
                "an exec provider answers every call; keep one of the two");
  } else if (!api.exec && (!api.create || !api.revoke) && diags.error_count() == errors) {
    diags.Error(api.loc, "RK-PROV-005", what + " needs at least create and revoke calls (or exec)",
                "declare create: and revoke: with method and url");
  }
  if (diags.error_count() != errors) return std::nullopt;
  return api;
}

}  // namespace rekey
