// The json findings writer, and the finding object it shares with jsonl.
#include <nlohmann/json.hpp>

#include "rekey/report/findings_writer.h"
#include "report/findings_json_object.h"
#include "report/findings_link.h"

namespace rekey {
namespace {

constexpr int kFindingsVersion = 1;

// Absent git fields and links are null, so every finding has the same shape.
nlohmann::ordered_json OrNull(const std::string& value) {
  return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

nlohmann::ordered_json StatsToJson(const ScanSummary& summary) {
  const ScanStats& s = summary.stats;
  nlohmann::ordered_json stats;
  stats["files_scanned"] = s.files_scanned;
  stats["files_skipped_binary"] = s.files_skipped_binary;
  stats["files_skipped_too_large"] = s.files_skipped_too_large;
  stats["files_skipped_special"] = s.files_skipped_special;
  stats["bytes_scanned"] = s.bytes_scanned;
  stats["findings"] = s.findings;
  stats["secrets"] = s.secrets;
  stats["suppressed_inline"] = s.suppressed_inline;
  stats["suppressed_baseline"] = s.suppressed_baseline;
  stats["commits"] = s.commits;
  stats["blobs_deduplicated"] = s.blobs_deduplicated;
  stats["objects_missing"] = s.objects_missing;
  stats["baseline_unused"] = summary.unused_baseline.size();
  stats["errors"] = summary.errors.size();
  return stats;
}

class JsonWriter : public FindingSink {
 public:
  JsonWriter(const FindingsWriterOptions& options, std::string& out) : options_(options), out_(out) {}

  void Add(const Finding& finding) override { findings_.push_back(FindingToJson(finding)); }

  void Finish(const ScanSummary& summary) override {
    nlohmann::ordered_json doc;
    doc["version"] = kFindingsVersion;
    doc["findings"] = std::move(findings_);
    doc["stats"] = StatsToJson(summary);
    doc["errors"] = nlohmann::ordered_json::array();
    for (const SourceError& error : summary.errors) {
      doc["errors"].push_back({{"path", error.path}, {"message", error.message}});
    }
    if (options_.linked) doc["unmanaged"] = UnmanagedToJson(options_.unmanaged);
    out_ += doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out_ += '\n';
  }

 private:
  FindingsWriterOptions options_;
  std::string& out_;
  nlohmann::ordered_json findings_ = nlohmann::ordered_json::array();
};

}  // namespace

nlohmann::ordered_json FindingToJson(const Finding& finding) {
  nlohmann::ordered_json item;
  item["rule_id"] = finding.rule_id;
  item["rule_name"] = finding.rule_name;
  item["severity"] = RuleSeverityName(finding.severity);
  item["provider"] = finding.provider;
  item["path"] = finding.path;
  item["line"] = finding.line;
  item["column"] = finding.column;
  item["end_line"] = finding.end_line;
  item["end_column"] = finding.end_column;
  item["secret_redacted"] = finding.secret_redacted;
  if (!finding.secret.empty()) item["secret"] = finding.secret;
  item["fingerprint"] = finding.fingerprint;
  item["validation"] = ValidationName(finding.validation);
  item["commit"] = OrNull(finding.commit);
  item["author"] = OrNull(finding.author);
  item["date"] = OrNull(finding.date);
  if (finding.commit_count > 0) {
    item["commits"] = finding.commit_count;
  } else {
    item["commits"] = nullptr;
  }
  item["inventory_key"] = finding.link.status == LinkStatus::kLinked ? OrNull(finding.link.keys.front().name) : nullptr;
  item["link"] = LinkToJson(finding.link);
  return item;
}

std::unique_ptr<FindingSink> MakeJsonFindingsWriter(std::string& out) { return MakeJsonFindingsWriter({}, out); }

std::unique_ptr<FindingSink> MakeJsonFindingsWriter(const FindingsWriterOptions& options, std::string& out) {
  return std::make_unique<JsonWriter>(options, out);
}

}  // namespace rekey
