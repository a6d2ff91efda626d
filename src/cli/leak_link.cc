#include "cli/leak_link.h"

#include "cli/output.h"
#include "cli/secret_detector.h"
#include "rekey/link/linker.h"
#include "rekey/rules/provider_catalog.h"
#include "rekey/scan/scanner.h"

namespace rekey {
namespace {

class CollectingSink final : public FindingSink {
 public:
  explicit CollectingSink(CollectedScan& out) : out_(out) {}
  void Add(const Finding& finding) override { out_.findings.push_back(finding); }
  void Finish(const ScanSummary& summary) override { out_.summary = summary; }

 private:
  CollectedScan& out_;
};

}  // namespace

CollectedScan CollectScan(PreparedScan prepared, ScanProgress* progress) {
  CollectedScan out;
  CollectingSink sink(out);
  prepared.options.progress = progress;
  Result<ScanSummary> summary = Scanner(prepared.db, std::move(prepared.options)).Run(*prepared.source, sink);
  if (summary) {
    out.summary = std::move(*summary);
  } else {
    out.summary.errors.push_back({"", summary.error().message});
  }
  return out;
}

LinkedExposures LinkToModel(std::vector<Finding>& findings, const Model& model) {
  const ProviderCatalog& catalog = ProviderCatalog::Builtin();
  LinkFindings(findings, Linker(model, catalog));
  return CollectExposures(findings, catalog);
}

EvaluateOptions PolicyEvaluateOptions() {
  static const std::vector<ProviderFacts> facts = PolicyProviderFacts(ProviderCatalog::Builtin());
  EvaluateOptions options;
  options.detector = InventorySecretDetector();
  options.providers = facts;
  return options;
}

void PrintScanErrors(const ScanSummary& summary) {
  Diagnostics diags;
  for (const SourceError& error : summary.errors) {
    diags.Error({error.path, 0, 0}, "RK-SCAN-001", "cannot read: " + error.message,
                "the scan went on without it; fix the permissions or exclude the path");
  }
  for (const std::string& warning : summary.warnings) {
    diags.Add({Severity::kWarning, {}, "RK-SCAN-003", warning, ""});
  }
  PrintDiagnostics(diags);
}

}  // namespace rekey
