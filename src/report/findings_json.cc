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

nlohmann::ordered_json CountsToJson(const ScanStats& s) {
  nlohmann::ordered_json stats;
  stats["files_scanned"] = s.files_scanned;
  stats["files_skipped_binary"] = s.files_skipped_binary;
  stats["files_skipped_too_large"] = s.files_skipped_too_large;
  stats["files_skipped_special"] = s.files_skipped_special;
  stats["files_skipped_ignored"] = s.files_skipped_ignored;
  stats["bytes_scanned"] = s.bytes_scanned;
  stats["archives"] = s.archives;
  stats["archive_entries"] = s.archive_entries;
  stats["decoded_spans"] = s.decoded_spans;
  stats["decode_skipped"] = s.decode_skipped;
  stats["findings_capped"] = s.findings_capped;
  stats["findings"] = s.findings;
  stats["secrets"] = s.secrets;
  stats["suppressed_inline"] = s.suppressed_inline;
  stats["suppressed_baseline"] = s.suppressed_baseline;
  stats["commits"] = s.commits;
  stats["blobs_deduplicated"] = s.blobs_deduplicated;
  stats["objects_missing"] = s.objects_missing;
  return stats;
}

nlohmann::ordered_json StatsToJson(const ScanSummary& summary) {
  nlohmann::ordered_json stats = CountsToJson(summary.stats);
  stats["baseline_unused"] = summary.unused_baseline.size();
  stats["errors"] = summary.errors.size();
  return stats;
}

// Org-wide scans: each repository's result, and a shard's own facts.
nlohmann::ordered_json RepositoriesToJson(const std::vector<RepositoryResult>& repositories) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const RepositoryResult& r : repositories) {
    nlohmann::ordered_json item;
    item["name"] = r.name;
    item["path"] = r.path;
    item["mode"] = r.mode;
    item["status"] = r.error.empty() ? "scanned" : "failed";
    item["error"] = OrNull(r.error);
    item["incremental"] = r.incremental;
    item["stats"] = CountsToJson(r.stats);
    out.push_back(std::move(item));
  }
  return out;
}

nlohmann::ordered_json ShardToJson(const ShardInfo& shard) {
  nlohmann::ordered_json out;
  out["index"] = shard.index;
  out["count"] = shard.count;
  out["by"] = shard.by;
  out["run"] = shard.run;
  if (shard.by != "repository") {
    out["listing"] = {{"commits", shard.listing.commits},
                      {"files_skipped_special", shard.listing.files_skipped_special},
                      {"files_skipped_ignored", shard.listing.files_skipped_ignored},
                      {"objects_missing", shard.listing.objects_missing},
                      {"units", shard.listing.units}};
  }
  out["baseline_unused"] = shard.baseline_unused;
  return out;
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
    if (!summary.repositories.empty()) doc["repositories"] = RepositoriesToJson(summary.repositories);
    if (summary.shard) doc["shard"] = ShardToJson(*summary.shard);
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
  if (!finding.repository.empty()) item["repository"] = finding.repository;  // org-wide scans only
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
  // Only when the finding is inside something (an archive entry, a decoded
  // span, an image layer): a plain file or git place says it all in `path`.
  if (IsNested(finding.provenance)) item["provenance"] = ProvenanceToJson(finding.provenance);
  return item;
}

std::unique_ptr<FindingSink> MakeJsonFindingsWriter(std::string& out) { return MakeJsonFindingsWriter({}, out); }

std::unique_ptr<FindingSink> MakeJsonFindingsWriter(const FindingsWriterOptions& options, std::string& out) {
  return std::make_unique<JsonWriter>(options, out);
}

}  // namespace rekey

namespace rekey {

nlohmann::ordered_json ProvenanceToJson(const Provenance& provenance) {
  nlohmann::ordered_json chain = nlohmann::ordered_json::array();
  for (const Origin& origin : provenance.chain) {
    nlohmann::ordered_json step;
    if (const auto* file = std::get_if<FileOrigin>(&origin)) {
      step = {{"kind", "file"}, {"path", file->path}};
    } else if (const auto* in = std::get_if<StdinOrigin>(&origin)) {
      step = {{"kind", "stdin"}, {"name", in->name}};
    } else if (const auto* git = std::get_if<GitOrigin>(&origin)) {
      step = {{"kind", "git"}, {"path", git->path}};
      if (!git->ref.empty()) step["ref"] = git->ref;
      if (!git->commit.empty()) {
        step["commit"] = git->commit;
        step["author"] = git->author;
        step["date"] = git->date;
        step["commits"] = git->commits;
      }
    } else if (const auto* entry = std::get_if<ArchiveEntryOrigin>(&origin)) {
      step = {{"kind", "archive_entry"}, {"name", entry->name}};
    } else if (const auto* decoded = std::get_if<DecodedOrigin>(&origin)) {
      step = {
          {"kind", "decoded"}, {"encoding", decoded->encoding}, {"line", decoded->line}, {"column", decoded->column}};
    } else if (const auto* layer = std::get_if<ImageLayerOrigin>(&origin)) {
      step = {{"kind", "image_layer"},
              {"image", layer->image},
              {"digest", layer->digest},
              {"created_by", layer->created_by},
              {"in_final_image", layer->in_final_image}};
    } else if (const auto* repo = std::get_if<RepositoryOrigin>(&origin)) {
      step = {{"kind", "repository"}, {"name", repo->name}, {"path", repo->path}};
    }
    chain.push_back(std::move(step));
  }
  return chain;
}

std::string ProvenanceNote(const Provenance& provenance) {
  std::string note;
  auto add = [&note](const std::string& part) { note += (note.empty() ? "" : "; ") + part; };
  for (const Origin& origin : provenance.chain) {
    if (const auto* repo = std::get_if<RepositoryOrigin>(&origin)) {
      add("repository " + repo->name);
    } else if (const auto* decoded = std::get_if<DecodedOrigin>(&origin)) {
      add("decoded " + decoded->encoding + " at " + std::to_string(decoded->line) + ":" +
          std::to_string(decoded->column));
    } else if (const auto* layer = std::get_if<ImageLayerOrigin>(&origin)) {
      std::string text = "layer " + layer->digest.substr(0, 19);
      if (!layer->created_by.empty()) text += " (" + layer->created_by.substr(0, 80) + ")";
      if (!layer->in_final_image) text += ", deleted or replaced in a later layer";
      add(text);
    }
  }
  return note;
}

}  // namespace rekey
