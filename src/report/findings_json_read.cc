// Findings read back from the JSON the json writer wrote (findings_json.cc):
// what `rekey merge` needs to order and re-render shard reports.
#include "report/findings_json_object.h"

namespace rekey {
namespace {

using Json = nlohmann::ordered_json;

std::string Text(const Json& item, const char* key) {
  const auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : "";
}

int Number(const Json& item, const char* key) {
  const auto it = item.find(key);
  return it != item.end() && it->is_number_integer() ? it->get<int>() : 0;
}

}  // namespace

Result<Provenance> ProvenanceFromJson(const Json& chain) {
  if (!chain.is_array()) return Error{"provenance is not an array", ""};
  Provenance provenance;
  for (const Json& step : chain) {
    const std::string kind = step.is_object() ? Text(step, "kind") : "";
    if (kind == "file") {
      provenance.chain.push_back(FileOrigin{Text(step, "path")});
    } else if (kind == "stdin") {
      provenance.chain.push_back(StdinOrigin{Text(step, "name")});
    } else if (kind == "git") {
      GitOrigin git;
      git.path = Text(step, "path");
      git.ref = Text(step, "ref");
      git.commit = Text(step, "commit");
      git.author = Text(step, "author");
      git.date = Text(step, "date");
      git.commits = Number(step, "commits");
      provenance.chain.push_back(std::move(git));
    } else if (kind == "archive_entry") {
      provenance.chain.push_back(ArchiveEntryOrigin{Text(step, "name")});
    } else if (kind == "decoded") {
      provenance.chain.push_back(DecodedOrigin{Text(step, "encoding"), Number(step, "line"), Number(step, "column")});
    } else if (kind == "image_layer") {
      const auto final_it = step.find("in_final_image");
      const bool in_final = final_it == step.end() || !final_it->is_boolean() || final_it->get<bool>();
      provenance.chain.push_back(
          ImageLayerOrigin{Text(step, "image"), Text(step, "digest"), Text(step, "created_by"), in_final});
    } else if (kind == "repository") {
      provenance.chain.push_back(RepositoryOrigin{Text(step, "name"), Text(step, "path")});
    } else {
      return Error{"unknown provenance kind '" + kind + "'", ""};
    }
  }
  return provenance;
}

Result<Finding> FindingFromJson(const Json& item) {
  if (!item.is_object()) return Error{"a finding is not an object", ""};
  for (const char* key : {"rule_id", "severity", "path", "fingerprint", "secret_redacted"}) {
    if (Text(item, key).empty()) return Error{std::string("a finding has no ") + key, ""};
  }
  if (item.contains("link") && !item["link"].is_null()) {
    return Error{"a finding is linked to an inventory", "merge unlinked reports, then link the merged one"};
  }
  Finding f;
  f.repository = Text(item, "repository");
  f.rule_id = Text(item, "rule_id");
  f.rule_name = Text(item, "rule_name");
  const std::string severity = Text(item, "severity");
  bool known = false;
  for (RuleSeverity s : {RuleSeverity::kCritical, RuleSeverity::kHigh, RuleSeverity::kMedium, RuleSeverity::kLow}) {
    if (RuleSeverityName(s) == severity) {
      f.severity = s;
      known = true;
    }
  }
  if (!known) return Error{"a finding has severity '" + severity + "'", ""};
  f.provider = Text(item, "provider");
  f.path = Text(item, "path");
  f.line = Number(item, "line");
  f.column = Number(item, "column");
  f.end_line = Number(item, "end_line");
  f.end_column = Number(item, "end_column");
  f.secret_redacted = Text(item, "secret_redacted");
  f.secret = Text(item, "secret");
  f.fingerprint = Text(item, "fingerprint");
  const std::string validation = Text(item, "validation");
  for (Validation v : {Validation::kNone, Validation::kChecksumValid, Validation::kFormatValid}) {
    if (ValidationName(v) == validation) f.validation = v;
  }
  f.commit = Text(item, "commit");
  f.author = Text(item, "author");
  f.date = Text(item, "date");
  f.commit_count = Number(item, "commits");
  if (const auto chain = item.find("provenance"); chain != item.end()) {
    Result<Provenance> provenance = ProvenanceFromJson(*chain);
    if (!provenance) return provenance.error();
    f.provenance = std::move(*provenance);
  } else if (!f.commit.empty()) {
    f.provenance.chain.push_back(GitOrigin{f.path, "", f.commit, f.author, f.date, f.commit_count});
  } else {
    f.provenance.chain.push_back(FileOrigin{f.path});
  }
  return f;
}

}  // namespace rekey
