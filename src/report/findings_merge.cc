// rekey merge (findings_merge.h): shard reports read back, checked to be one
// whole run, and written again by the same writers a single process uses.
#include "rekey/report/findings_merge.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "report/findings_json_object.h"

namespace rekey {
namespace {

using Json = nlohmann::ordered_json;

struct ShardKey {
  unsigned count = 0;
  std::string by;
  std::string run;
};

struct ShardDoc {
  std::string name;
  unsigned index = 0;
  Json doc;
};

Error Bad(const std::string& name, const std::string& why, const std::string& hint = "") {
  return Error{name + ": " + why,
               hint.empty() ? "merge the reports of `rekey scan --shard I/N` (JSON or SARIF)" : hint};
}

// Checks that the shards are 0..N-1 of one run, each once (a shard given
// twice must be the same report), and returns them by index.
Result<std::vector<ShardDoc>> WholeRun(std::vector<ShardDoc> docs, const std::vector<ShardKey>& keys) {
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (keys[i].count != keys[0].count || keys[i].by != keys[0].by || keys[i].run != keys[0].run) {
      return Bad(docs[i].name, "is a shard of another run than " + docs[0].name +
                                   " (other rules, options, repositories or shard count)");
    }
  }
  std::map<unsigned, ShardDoc> by_index;
  for (ShardDoc& d : docs) {
    const auto [it, inserted] = by_index.try_emplace(d.index, d);
    if (!inserted && it->second.doc != d.doc) {
      return Bad(d.name, "is shard " + std::to_string(d.index) + " again, with other results than " + it->second.name,
                 "keep one report per shard (the newer run's)");
    }
  }
  std::vector<std::string> missing;
  for (unsigned i = 0; i < keys[0].count; ++i) {
    if (by_index.count(i) == 0) missing.push_back(std::to_string(i));
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 10; ++i) list += (i ? ", " : "") + missing[i];
    if (missing.size() > 10) list += " and " + std::to_string(missing.size() - 10) + " more";
    return Error{"shard(s) " + list + " of " + std::to_string(keys[0].count) + " missing",
                 "a report without them would say clean about what they scan"};
  }
  std::vector<ShardDoc> out;
  for (auto& [index, d] : by_index) out.push_back(std::move(d));
  return out;
}

std::uint64_t Count(const Json& stats, const char* key) {
  const auto it = stats.find(key);
  return it != stats.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

ScanStats StatsFromJson(const Json& s) {
  ScanStats stats;
  stats.files_scanned = Count(s, "files_scanned");
  stats.files_skipped_binary = Count(s, "files_skipped_binary");
  stats.files_skipped_too_large = Count(s, "files_skipped_too_large");
  stats.files_skipped_special = Count(s, "files_skipped_special");
  stats.files_skipped_ignored = Count(s, "files_skipped_ignored");
  stats.bytes_scanned = Count(s, "bytes_scanned");
  stats.archives = Count(s, "archives");
  stats.archive_entries = Count(s, "archive_entries");
  stats.decoded_spans = Count(s, "decoded_spans");
  stats.decode_skipped = Count(s, "decode_skipped");
  stats.findings_capped = Count(s, "findings_capped");
  stats.findings = Count(s, "findings");
  stats.secrets = Count(s, "secrets");
  stats.suppressed_inline = Count(s, "suppressed_inline");
  stats.suppressed_baseline = Count(s, "suppressed_baseline");
  stats.commits = Count(s, "commits");
  stats.blobs_deduplicated = Count(s, "blobs_deduplicated");
  stats.objects_missing = Count(s, "objects_missing");
  return stats;
}

void Add(ScanStats& total, const ScanStats& s) {
  total.files_scanned += s.files_scanned;
  total.files_skipped_binary += s.files_skipped_binary;
  total.files_skipped_too_large += s.files_skipped_too_large;
  total.files_skipped_special += s.files_skipped_special;
  total.files_skipped_ignored += s.files_skipped_ignored;
  total.bytes_scanned += s.bytes_scanned;
  total.archives += s.archives;
  total.archive_entries += s.archive_entries;
  total.decoded_spans += s.decoded_spans;
  total.decode_skipped += s.decode_skipped;
  total.findings_capped += s.findings_capped;
  total.findings += s.findings;
  total.suppressed_inline += s.suppressed_inline;
  total.suppressed_baseline += s.suppressed_baseline;
  total.commits += s.commits;
  total.blobs_deduplicated += s.blobs_deduplicated;
  total.objects_missing += s.objects_missing;
}

// A multiset union: each distinct item as many times as the shard that has
// it most (a blob shard's listing errors are in every shard, once each).
template <typename T>
std::vector<T> MaxUnion(const std::vector<std::vector<T>>& parts) {
  std::map<T, std::size_t> most;
  for (const std::vector<T>& part : parts) {
    std::map<T, std::size_t> here;
    for (const T& item : part) ++here[item];
    for (const auto& [item, n] : here) most[item] = std::max(most[item], n);
  }
  std::vector<T> out;
  for (const auto& [item, n] : most) out.insert(out.end(), n, item);
  return out;
}

std::vector<std::string> Intersection(const std::vector<std::vector<std::string>>& parts) {
  if (parts.empty()) return {};
  std::vector<std::string> out = parts[0];
  std::sort(out.begin(), out.end());
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::vector<std::string> next = parts[i];
    std::sort(next.begin(), next.end());
    std::vector<std::string> both;
    std::set_intersection(out.begin(), out.end(), next.begin(), next.end(), std::back_inserter(both));
    out = std::move(both);
  }
  return out;
}

// The order a single process reports in: repositories by name, each one's
// findings in its shard's order; blob shards by FindingLess; path (working
// tree) shards file by file, then FindingLess.
template <typename Item, typename KeyFn>
void Order(std::vector<Item>& items, const std::string& by, KeyFn key) {
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    const auto ka = key(a);
    const auto kb = key(b);
    if (by == "repository") return std::get<0>(ka) < std::get<0>(kb);
    if (by == "path" && std::get<1>(ka) != std::get<1>(kb)) return std::get<1>(ka) < std::get<1>(kb);
    return std::tie(std::get<0>(ka), std::get<2>(ka), std::get<3>(ka), std::get<4>(ka), std::get<5>(ka),
                    std::get<6>(ka), std::get<7>(ka)) < std::tie(std::get<0>(kb), std::get<2>(kb), std::get<3>(kb),
                                                                 std::get<4>(kb), std::get<5>(kb), std::get<6>(kb),
                                                                 std::get<7>(kb));
  });
}

Result<std::string> MergeJson(std::vector<ShardDoc> docs, const std::string& by, const MergeOptions& options) {
  std::vector<Finding> findings;
  std::vector<std::vector<std::pair<std::string, std::string>>> error_parts;
  std::vector<std::vector<std::string>> unused_parts;
  std::vector<RepositoryResult> repositories;
  ScanStats total;
  bool have_repositories = false;
  for (const ShardDoc& d : docs) {
    if (!d.doc.contains("findings") || !d.doc["findings"].is_array()) return Bad(d.name, "has no findings array");
    for (const Json& item : d.doc["findings"]) {
      Result<Finding> f = FindingFromJson(item);
      if (!f) return Bad(d.name, f.error().message, f.error().hint);
      findings.push_back(std::move(*f));
    }
    std::vector<std::pair<std::string, std::string>> errors;
    for (const Json& e : d.doc.value("errors", Json::array())) {
      errors.emplace_back(e.value("path", ""), e.value("message", ""));
    }
    error_parts.push_back(std::move(errors));
    const Json& shard = d.doc["shard"];
    unused_parts.push_back(shard.value("baseline_unused", std::vector<std::string>{}));
    if (d.doc.contains("repositories")) {
      have_repositories = true;
      for (const Json& r : d.doc["repositories"]) {
        RepositoryResult result;
        result.name = r.value("name", "");
        result.path = r.value("path", "");
        result.mode = r.value("mode", "");
        result.error = r["error"].is_string() ? r["error"].get<std::string>() : "";
        result.incremental = r.value("incremental", false);
        result.stats = StatsFromJson(r.value("stats", Json::object()));
        repositories.push_back(std::move(result));
      }
    } else {
      // A blob (or path) shard: what its listing counted is in every shard.
      const ScanStats own = StatsFromJson(d.doc.value("stats", Json::object()));
      const Json listing = shard.value("listing", Json::object());
      ScanStats units = own;
      units.commits -= std::min(units.commits, Count(listing, "commits"));
      units.files_skipped_special -= std::min(units.files_skipped_special, Count(listing, "files_skipped_special"));
      units.files_skipped_ignored -= std::min(units.files_skipped_ignored, Count(listing, "files_skipped_ignored"));
      units.objects_missing -= std::min(units.objects_missing, Count(listing, "objects_missing"));
      Add(total, units);
    }
  }
  ScanSummary summary;
  if (have_repositories) {
    std::sort(repositories.begin(), repositories.end(),
              [](const RepositoryResult& a, const RepositoryResult& b) { return a.name < b.name; });
    for (const RepositoryResult& r : repositories) Add(summary.stats, r.stats);
    summary.repositories = std::move(repositories);
  } else {
    const Json listing = docs[0].doc["shard"].value("listing", Json::object());
    summary.stats = total;
    summary.stats.commits += Count(listing, "commits");
    summary.stats.files_skipped_special += Count(listing, "files_skipped_special");
    summary.stats.files_skipped_ignored += Count(listing, "files_skipped_ignored");
    summary.stats.objects_missing += Count(listing, "objects_missing");
  }
  Order(findings, by, [](const Finding& f) {
    return std::make_tuple(f.repository, OuterPath(f.provenance), f.path, f.line, f.column, f.rule_id, f.fingerprint,
                           f.commit);
  });
  std::set<std::string> secrets;
  for (const Finding& f : findings) secrets.insert(f.fingerprint);
  summary.stats.secrets = secrets.size();
  summary.stats.findings = findings.size();
  for (const auto& [path, message] : MaxUnion(error_parts)) summary.errors.push_back({path, message});
  for (const std::string& fingerprint : Intersection(unused_parts)) summary.unused_baseline.push_back({fingerprint});

  std::string out;
  std::unique_ptr<FindingSink> writer =
      MakeFindingsWriter(options.format.value_or(FindingsFormat::kJson), options.writer, out);
  for (const Finding& f : findings) writer->Add(f);
  writer->Finish(summary);
  return out;
}

// SARIF results are merged as they are (they carry what orders them); rule
// descriptors are listed again in the order their first result appears.
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(const std::string& uri) {
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && HexValue(uri[i + 1]) >= 0 && HexValue(uri[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(uri[i + 1]) * 16 + HexValue(uri[i + 2]));
      i += 2;
      continue;
    }
    out += uri[i];
  }
  return out;
}

struct SarifResult {
  Json result;
  Json rule;
  std::tuple<std::string, std::string, std::string, int, int, std::string, std::string, std::string> key;
};

Result<std::string> MergeSarif(std::vector<ShardDoc> docs, const std::string& by) {
  std::vector<SarifResult> results;
  Json driver_template;
  for (const ShardDoc& d : docs) {
    const Json& run = d.doc["runs"][0];
    const Json& driver = run["tool"]["driver"];
    if (driver_template.is_null()) driver_template = driver;
    const Json rules = driver.value("rules", Json::array());
    for (const Json& r : run.value("results", Json::array())) {
      SarifResult item;
      item.result = r;
      const std::size_t index = r.value("ruleIndex", std::size_t{0});
      if (index >= rules.size()) return Bad(d.name, "a result names rule index " + std::to_string(index));
      item.rule = rules[index];
      const Json props = r.value("properties", Json::object());
      const Json physical = r["locations"][0]["physicalLocation"];
      std::string uri = physical["artifactLocation"].value("uri", "");
      if (uri.starts_with("file://")) uri = uri.substr(7);
      const std::string outer = PercentDecode(uri);
      std::string path = outer;
      if (props.contains("provenance")) {
        Result<Provenance> provenance = ProvenanceFromJson(props["provenance"]);
        if (!provenance) return Bad(d.name, provenance.error().message);
        path = DisplayPath(*provenance);
      }
      const Json region = physical.contains("region") ? physical["region"] : props.value("entryRegion", Json::object());
      item.key = {props.value("repository", ""),
                  outer,
                  path,
                  region.value("startLine", 0),
                  region.value("startColumn", 0),
                  r.value("ruleId", ""),
                  r["partialFingerprints"].value("secretFingerprint/v1", ""),
                  props.value("commit", "")};
      results.push_back(std::move(item));
    }
  }
  Order(results, by, [](const SarifResult& r) { return r.key; });
  Json rules = Json::array();
  std::map<std::string, std::size_t> rule_index;
  Json merged_results = Json::array();
  for (SarifResult& r : results) {
    const std::string id = r.result.value("ruleId", "");
    const auto [it, inserted] = rule_index.try_emplace(id, rules.size());
    if (inserted) rules.push_back(r.rule);
    r.result["ruleIndex"] = it->second;
    merged_results.push_back(std::move(r.result));
  }
  Json driver;
  driver["name"] = driver_template.value("name", "rekey");
  if (driver_template.contains("version")) driver["version"] = driver_template["version"];
  driver["rules"] = std::move(rules);
  Json run;
  run["tool"]["driver"] = std::move(driver);
  run["results"] = std::move(merged_results);
  Json log;
  log["$schema"] = docs[0].doc.value("$schema", "");
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  return log.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

Result<std::string> MergeFindingsReports(const std::vector<MergeInput>& inputs, const MergeOptions& options) {
  if (inputs.empty()) return Error{"nothing to merge", "name the shard reports: rekey merge shard-*.json"};
  std::vector<ShardDoc> docs;
  std::vector<ShardKey> keys;
  bool sarif = false;
  for (const MergeInput& input : inputs) {
    Json doc = Json::parse(input.text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return Bad(input.name, "is not JSON");
    const bool is_sarif = doc.contains("runs");
    if (&input != &inputs.front() && is_sarif != sarif) return Bad(input.name, "mixes SARIF and JSON reports");
    sarif = is_sarif;
    Json shard;
    if (is_sarif) {
      if (!doc["runs"].is_array() || doc["runs"].size() != 1) return Bad(input.name, "is not a rekey SARIF log");
      shard = doc["runs"][0].value("properties", Json::object()).value("rekeyShard", Json());
    } else {
      if (doc.value("version", 0) != 1) return Bad(input.name, "is not a rekey findings report (version 1)");
      shard = doc.value("shard", Json());
    }
    if (!shard.is_object()) {
      return Bad(input.name, "is not the report of a shard (no shard information)",
                 "merge the reports that `rekey scan --shard I/N` writes");
    }
    docs.push_back({input.name, shard.value("index", 0u), std::move(doc)});
    keys.push_back({shard.value("count", 0u), shard.value("by", ""), shard.value("run", "")});
  }
  Result<std::vector<ShardDoc>> whole = WholeRun(std::move(docs), keys);
  if (!whole) return whole.error();
  if (sarif) {
    if (options.format && *options.format != FindingsFormat::kSarif) {
      return Error{"SARIF shard reports merge into SARIF only", "write the shards as JSON to get other formats"};
    }
    return MergeSarif(std::move(*whole), keys[0].by);
  }
  return MergeJson(std::move(*whole), keys[0].by, options);
}

}  // namespace rekey
