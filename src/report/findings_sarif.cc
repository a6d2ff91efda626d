// The SARIF 2.1.0 findings writer: one run; tool.driver.rules lists each rule
// that produced a result exactly once (GitHub code scanning rejects duplicate
// ids); each result has a physicalLocation region and a partialFingerprints
// entry built from the secret fingerprint, so re-uploads de-duplicate alerts.
// Validated against the official schema in tests/report (testdata/sarif/).
// Linked findings name their inventory key in the message and carry the link
// object in result.properties.inventory.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "rekey/report/findings_writer.h"
#include "report/findings_json_object.h"
#include "report/findings_link.h"

namespace rekey {
namespace {

constexpr const char* kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

// critical/high -> error, medium -> warning, low -> note.
const char* SarifLevel(RuleSeverity severity) {
  switch (severity) {
    case RuleSeverity::kCritical:
    case RuleSeverity::kHigh:
      return "error";
    case RuleSeverity::kMedium:
      return "warning";
    case RuleSeverity::kLow:
      return "note";
  }
  return "warning";
}

// GitHub's security-severity scale (0.0-10.0) for the severity buckets.
const char* SecuritySeverity(RuleSeverity severity) {
  switch (severity) {
    case RuleSeverity::kCritical:
      return "9.5";
    case RuleSeverity::kHigh:
      return "8.0";
    case RuleSeverity::kMedium:
      return "5.5";
    case RuleSeverity::kLow:
      return "3.0";
  }
  return "5.5";
}

// A relative path as a URI reference: unreserved bytes and '/' kept, the rest
// percent-encoded. Absolute paths become file:// URIs.
std::string PathToUri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = path.starts_with("/") ? "file://" : "";
  for (const char c : path) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      uri += c;
    } else {
      uri += '%';
      uri += kHex[b >> 4];
      uri += kHex[b & 15];
    }
  }
  return uri;
}

class SarifWriter : public FindingSink {
 public:
  SarifWriter(const FindingsWriterOptions& options, std::string& out) : options_(options), out_(out) {}

  void Add(const Finding& finding) override {
    auto [it, inserted] = rule_index_.try_emplace(finding.rule_id, rules_.size());
    if (inserted) rules_.push_back(RuleToJson(finding));
    results_.push_back(ResultToJson(finding, it->second));
  }

  void Finish(const ScanSummary& summary) override {
    nlohmann::ordered_json driver;
    driver["name"] = "rekey";
    if (!options_.tool_version.empty()) driver["version"] = options_.tool_version;
    driver["rules"] = std::move(rules_);
    nlohmann::ordered_json run;
    run["tool"]["driver"] = std::move(driver);
    run["results"] = std::move(results_);
    // A shard's report says which share it is, so `rekey merge` can check it
    // has them all (the merged log no longer carries it).
    if (summary.shard) {
      run["properties"]["rekeyShard"] = {{"index", summary.shard->index},
                                         {"count", summary.shard->count},
                                         {"by", summary.shard->by},
                                         {"run", summary.shard->run}};
    }
    nlohmann::ordered_json log;
    log["$schema"] = kSarifSchema;
    log["version"] = "2.1.0";
    log["runs"] = nlohmann::ordered_json::array({std::move(run)});
    out_ += log.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out_ += '\n';
  }

 private:
  static nlohmann::ordered_json RuleToJson(const Finding& finding) {
    nlohmann::ordered_json rule;
    rule["id"] = finding.rule_id;
    rule["name"] = finding.rule_name;
    rule["shortDescription"]["text"] = finding.rule_name;
    rule["fullDescription"]["text"] = finding.rule_name + " (" + finding.provider + ") hardcoded in a file.";
    rule["help"]["text"] =
        "Revoke and rotate the " + finding.provider + " credential, then remove it from the file (and its history).";
    rule["defaultConfiguration"]["level"] = SarifLevel(finding.severity);
    rule["properties"]["tags"] = {"security", "secret"};
    rule["properties"]["precision"] = "high";
    rule["properties"]["security-severity"] = SecuritySeverity(finding.severity);
    rule["properties"]["provider"] = finding.provider;
    return rule;
  }

  static nlohmann::ordered_json ResultToJson(const Finding& finding, std::size_t rule_index) {
    nlohmann::ordered_json region;
    region["startLine"] = finding.line;
    region["startColumn"] = finding.column;
    region["endLine"] = finding.end_line;
    region["endColumn"] = finding.end_column;
    nlohmann::ordered_json location;
    // The outermost physical file (an archive, an image, a git path); the
    // chain inside it is in the message and the properties.
    const std::string outer = OuterPath(finding.provenance);
    location["physicalLocation"]["artifactLocation"]["uri"] = PathToUri(outer.empty() ? finding.path : outer);
    // Lines inside an archive entry are not lines of the archive file.
    const bool in_archive = std::any_of(finding.provenance.chain.begin(), finding.provenance.chain.end(),
                                        [](const Origin& o) { return std::holds_alternative<ArchiveEntryOrigin>(o); });
    // Inside an archive the region is the entry's own (merge orders by it).
    if (!in_archive) location["physicalLocation"]["region"] = region;
    nlohmann::ordered_json result;
    result["ruleId"] = finding.rule_id;
    result["ruleIndex"] = rule_index;
    result["level"] = SarifLevel(finding.severity);
    const std::string link = LinkHeadline(finding.link);
    const std::string note = ProvenanceNote(finding.provenance);
    result["message"]["text"] = finding.rule_name + ": " + finding.secret_redacted +
                                (IsNested(finding.provenance) ? " in " + finding.path : "") +
                                (note.empty() ? "" : " (" + note + ")") + (link.empty() ? "" : ". Inventory: " + link);
    result["locations"] = nlohmann::ordered_json::array({std::move(location)});
    result["partialFingerprints"]["secretFingerprint/v1"] = finding.fingerprint;
    result["properties"]["validation"] = ValidationName(finding.validation);
    if (!finding.repository.empty()) result["properties"]["repository"] = finding.repository;
    if (in_archive) result["properties"]["entryRegion"] = std::move(region);
    if (!finding.commit.empty()) result["properties"]["commit"] = finding.commit;
    if (IsNested(finding.provenance)) result["properties"]["provenance"] = ProvenanceToJson(finding.provenance);
    if (finding.link.status != LinkStatus::kNotLinked) result["properties"]["inventory"] = LinkToJson(finding.link);
    return result;
  }

  FindingsWriterOptions options_;
  std::string& out_;
  nlohmann::ordered_json rules_ = nlohmann::ordered_json::array();
  nlohmann::ordered_json results_ = nlohmann::ordered_json::array();
  std::map<std::string, std::size_t> rule_index_;
};

}  // namespace

std::unique_ptr<FindingSink> MakeSarifFindingsWriter(const FindingsWriterOptions& options, std::string& out) {
  return std::make_unique<SarifWriter>(options, out);
}

}  // namespace rekey
