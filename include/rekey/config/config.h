// Project configuration: `.rekey.yaml`, found in the current directory or at the
// git root above it, names the inventory/schedule/service/policy/audit files
// and the scan settings (extra rules, disabled rules, excludes, baseline).
// Paths in it are relative to the file's directory and come back resolved.
//
// Thread-safety: plain values.
//
//   Diagnostics diags;
//   std::optional<std::string> path = FindConfigFile(".");
//   Config config = path ? LoadConfig(*path, diags) : Config{};
#ifndef REKEY_CONFIG_CONFIG_H_
#define REKEY_CONFIG_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "rekey/base/diagnostics.h"

namespace rekey {

struct ScanConfig {
  std::vector<std::string> rules;          // extra rule files or directories
  std::vector<std::string> disable_rules;  // built-in rule ids to turn off
  std::vector<std::string> rulesets;       // rule sets to run (default: "default")
  std::vector<std::string> exclude;        // path globs
  std::string baseline;
  bool allow_foreign_markers = false;  // honour gitleaks:allow / pragma: allowlist secret
  bool include_vendored = false;       // also scan node_modules/, vendor/, ... (kVendoredDirectories)
  bool allow_shallow = false;          // scan a shallow clone's partial history (--allow-shallow)
};

// `rekey apply`'s settings (README "Running rotations").
struct ApplyConfig {
  std::string notify;                  // alert hook command (--notify)
  std::vector<std::string> providers;  // extra provider catalogs with api: blocks (--providers)
};

struct Config {
  std::string path;  // the file read; empty when there is none
  std::vector<std::string> inventory;
  std::vector<std::string> schedules;
  std::vector<std::string> services;
  std::string audit_log;
  std::string policy;
  ScanConfig scan;
  ApplyConfig apply;
};

inline constexpr char kConfigFileName[] = ".rekey.yaml";

// `dir`/.rekey.yaml if present, else the one at the root of the git work tree
// containing `dir`, else nullopt.
std::optional<std::string> FindConfigFile(const std::string& dir);

Config LoadConfig(const std::string& path, Diagnostics& diags);

}  // namespace rekey

#endif  // REKEY_CONFIG_CONFIG_H_
