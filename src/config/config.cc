#include "rekey/config/config.h"

#include <filesystem>

#include "rekey/base/read_file.h"
#include "yaml/map_reader.h"
#include "yaml/yaml_node.h"

namespace rekey {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFields = {"inventory", "schedules", "services", "audit_log", "policy", "scan", "apply"};
const std::vector<std::string> kApplyFields = {"notify", "providers"};
const std::vector<std::string> kScanFields = {"rules",    "disable_rules", "rulesets", "exclude", "baseline",
                                              "allow_foreign_markers", "include_vendored", "allow_shallow"};

std::string Resolve(const fs::path& base, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (base / p).lexically_normal().string();
}

// A field that may be one path or a list of paths.
std::vector<std::string> Paths(MapReader& r, const YamlNode& map, const char* field, const fs::path& base) {
  const YamlNode* node = map.Find(field);
  std::vector<std::string> out;
  if (node == nullptr || node->is_null()) return out;
  if (node->is_scalar()) {
    out.push_back(node->scalar);
  } else {
    out = r.StringList(field, Required::kNo).value_or(std::vector<std::string>{});
  }
  for (std::string& p : out) p = Resolve(base, p);
  return out;
}

}  // namespace

std::optional<std::string> FindConfigFile(const std::string& dir) {
  std::error_code ec;
  fs::path here = fs::absolute(dir, ec);
  if (fs::exists(here / kConfigFileName, ec)) return (fs::path(dir) / kConfigFileName).lexically_normal().string();
  for (fs::path p = here; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) {
      if (fs::exists(p / kConfigFileName, ec)) return (p / kConfigFileName).string();
      return std::nullopt;
    }
    if (p == p.root_path()) break;
  }
  return std::nullopt;
}

Config LoadConfig(const std::string& path, Diagnostics& diags) {
  Config config;
  config.path = path;
  // A regular file only: the config is found by walking up to the git root,
  // so a scanned repository supplies it (a FIFO must not block, a link to a
  // device must not stream).
  Result<std::string> text = ReadRegularFile(path, {});
  if (!text) {
    diags.Error({path, 0, 0}, "RK-IO-001", text.error().message, text.error().hint);
    return config;
  }
  std::optional<YamlDocument> doc = ParseYaml(std::move(*text), path, diags);
  if (!doc) return config;
  const fs::path base = fs::path(path).parent_path();
  MapReader r(doc->root, path, "rekey configuration", kFields, diags);
  if (!r.is_map()) return config;
  config.inventory = Paths(r, doc->root, "inventory", base);
  config.schedules = Paths(r, doc->root, "schedules", base);
  config.services = Paths(r, doc->root, "services", base);
  config.audit_log = Resolve(base, r.String("audit_log", Required::kNo).value_or(""));
  std::string policy = r.String("policy", Required::kNo).value_or("");
  // Built-in policy names ("strict") stay names; anything else is a path.
  config.policy = policy == "default" || policy == "strict" ? policy : Resolve(base, policy);
  if (const YamlNode* scan = r.Node("scan", Required::kNo)) {
    MapReader s(*scan, path, "scan configuration", kScanFields, diags);
    if (s.is_map()) {
      config.scan.rules = Paths(s, *scan, "rules", base);
      config.scan.disable_rules = s.StringList("disable_rules", Required::kNo).value_or(std::vector<std::string>{});
      config.scan.rulesets = s.StringList("rulesets", Required::kNo).value_or(std::vector<std::string>{});
      config.scan.exclude = s.StringList("exclude", Required::kNo).value_or(std::vector<std::string>{});
      config.scan.baseline = Resolve(base, s.String("baseline", Required::kNo).value_or(""));
      config.scan.allow_foreign_markers = s.Bool("allow_foreign_markers", Required::kNo).value_or(false);
      config.scan.include_vendored = s.Bool("include_vendored", Required::kNo).value_or(false);
      config.scan.allow_shallow = s.Bool("allow_shallow", Required::kNo).value_or(false);
    }
  }
  if (const YamlNode* apply = r.Node("apply", Required::kNo)) {
    MapReader a(*apply, path, "apply configuration", kApplyFields, diags);
    if (a.is_map()) {
      config.apply.notify = a.String("notify", Required::kNo).value_or("");
      config.apply.providers = Paths(a, *apply, "providers", base);
    }
  }
  return config;
}

}  // namespace rekey
