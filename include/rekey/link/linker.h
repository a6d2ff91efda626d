// Linker: the step above scan and plan that ties scan findings to inventory
// keys (DESIGN.md: plain values; scan never learns about inventories, plan
// never links the scanner). For each finding it decides which inventory key
// the leaked secret most likely is:
//
//   1. the provider: the catalog entry listing the finding's rule, else the
//      one named like the rule's `provider`; generic rules (passwords, PEM
//      keys) name no provider and are not linked (kUnknownProvider);
//   2. the candidates: inventory keys of that provider (name or alias,
//      ignoring case and punctuation); none at all = kUnmanaged;
//   3. narrowed by the consuming service — the services whose `paths` globs
//      hold the finding's path (a glob matches the whole path or any trailing
//      part of it that starts at a directory) — keeping the keys they use;
//   4. narrowed by environment — a path segment or file name such as prod/,
//      staging, .env.production (nearest the file wins), else the
//      environment the matched services declare.
//
// A narrowing that would leave no candidate is skipped and said so in the
// reason. One candidate left = kLinked, several = kAmbiguous (all listed).
//
// Thread-safety: immutable after construction; Link is const and pure.
//
//   Linker linker(model, ProviderCatalog::Builtin());
//   finding.link = linker.Link(finding);
//   if (finding.link.status == LinkStatus::kLinked) Rotate(finding.link.keys[0].name);
#ifndef REKEY_LINK_LINKER_H_
#define REKEY_LINK_LINKER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/model/model.h"
#include "rekey/rules/provider_catalog.h"
#include "rekey/scan/finding.h"

namespace rekey {

// The environment a path names: "production" | "staging" | "development",
// and the segment that says so ("prod/", ".env.production").
struct EnvironmentHint {
  std::string environment;
  std::string evidence;
};
std::optional<EnvironmentHint> EnvironmentFromPath(std::string_view path);

// production/staging/development for the usual spellings (prod, stg, dev...),
// else the name normalised (lowercase letters and digits).
std::string CanonicalEnvironmentName(std::string_view environment);

// True when `glob` (gitignore syntax) matches `path` or a trailing part of it
// that starts at a directory boundary ("svc/**" matches "repo/svc/a.env").
bool ServicePathMatches(std::string_view glob, std::string_view path);

class Linker {
 public:
  // Both must outlive the Linker.
  Linker(const Model& model, const ProviderCatalog& catalog);

  InventoryLink Link(const Finding& finding) const;

  // The catalog entry for a finding's rule (by id, else by the rule's provider name).
  const Provider* ProviderOf(const Finding& finding) const;

 private:
  const Model& model_;
  const ProviderCatalog& catalog_;
};

// Links every finding in place.
void LinkFindings(std::vector<Finding>& findings, const Linker& linker);

}  // namespace rekey

#endif  // REKEY_LINK_LINKER_H_
