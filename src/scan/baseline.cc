#include "rekey/scan/baseline.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "rekey/base/read_file.h"
#include "rekey/scan/finding.h"

namespace rekey {
namespace {

constexpr int kBaselineVersion = 1;

bool IsSha256Hex(const std::string& text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool EntryLess(const BaselineEntry& a, const BaselineEntry& b) {
  return std::tie(a.path, a.line, a.rule_id, a.fingerprint) < std::tie(b.path, b.line, b.rule_id, b.fingerprint);
}

Error BadFile(const std::string& path, const std::string& what) {
  return Error{path + ": not a rekey baseline: " + what,
               "create one with `rekey baseline create --output " + path + "`"};
}

// A line number in int range, or nothing: JSON allows any number there.
std::optional<int> LineNumber(const nlohmann::json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  if (value.is_number_unsigned()) {
    const auto line = value.get<std::uint64_t>();
    if (line > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return std::nullopt;
    return static_cast<int>(line);
  }
  const auto line = value.get<std::int64_t>();
  if (line < 0 || line > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(line);
}

// Reads the optional reviewer fields of an entry and returns what is wrong
// with them, if anything: absent is fine, a wrong type is not (nlohmann's
// value() would throw type_error out of rekey).
std::optional<std::string> ReadOptionalFields(const nlohmann::json& item, BaselineEntry& entry) {
  const auto rule_id = item.find("rule_id");
  if (rule_id != item.end()) {
    if (!rule_id->is_string()) return "\"rule_id\" is not a string";
    entry.rule_id = rule_id->get<std::string>();
  }
  const auto path = item.find("path");
  if (path != item.end()) {
    if (!path->is_string()) return "\"path\" is not a string";
    entry.path = path->get<std::string>();
  }
  const auto line = item.find("line");
  if (line != item.end()) {
    const std::optional<int> number = LineNumber(*line);
    if (!number) return "\"line\" is not a line number";
    entry.line = *number;
  }
  return std::nullopt;
}

}  // namespace

Result<Baseline> Baseline::Load(const std::string& path) {
  // A baseline named by a scanned repository's .rekey.yaml may be a FIFO or a
  // link to /dev/zero: ReadRegularFile refuses those instead of blocking.
  Result<std::string> text = ReadRegularFile(path, {});
  if (!text) {
    const std::string& why = text.error().message;
    return Error{"cannot read baseline " + path + (why == "cannot read file" ? "" : ": " + why),
                 "create one with `rekey baseline create --output " + path + "`"};
  }
  return Parse(*text, path);
}

Result<Baseline> Baseline::Parse(const std::string& text, const std::string& path) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return BadFile(path, "invalid JSON");
  if (!doc.is_object()) return BadFile(path, "the top level is not an object");
  const auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() || *version != kBaselineVersion) {
    return BadFile(path, "missing or unsupported \"version\" (expected 1)");
  }
  const auto entries = doc.find("entries");
  if (entries == doc.end() || !entries->is_array()) return BadFile(path, "missing \"entries\" array");
  Baseline baseline;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const nlohmann::json& item = (*entries)[i];
    const std::string where = "entry " + std::to_string(i + 1);
    if (!item.is_object()) return BadFile(path, where + " is not an object");
    const auto fingerprint = item.find("fingerprint");
    if (fingerprint == item.end() || !fingerprint->is_string() || !IsSha256Hex(*fingerprint)) {
      return BadFile(path, where + " has no 64-hex-digit \"fingerprint\"");
    }
    BaselineEntry entry;
    entry.fingerprint = *fingerprint;
    if (const std::optional<std::string> problem = ReadOptionalFields(item, entry)) {
      return BadFile(path, where + ": " + *problem);
    }
    baseline.fingerprints_.insert(entry.fingerprint);
    baseline.entries_.push_back(std::move(entry));
  }
  return baseline;
}

Baseline Baseline::FromFindings(const std::vector<Finding>& findings) {
  Baseline baseline;
  for (const Finding& finding : findings) {
    baseline.entries_.push_back({finding.fingerprint, finding.rule_id, finding.path, finding.line});
    baseline.fingerprints_.insert(finding.fingerprint);
  }
  std::sort(baseline.entries_.begin(), baseline.entries_.end(), EntryLess);
  baseline.entries_.erase(std::unique(baseline.entries_.begin(), baseline.entries_.end()), baseline.entries_.end());
  return baseline;
}

std::string Baseline::ToJson() const {
  nlohmann::ordered_json doc;
  doc["version"] = kBaselineVersion;
  doc["entries"] = nlohmann::ordered_json::array();
  for (const BaselineEntry& entry : entries_) {
    nlohmann::ordered_json item;
    item["fingerprint"] = entry.fingerprint;
    item["rule_id"] = entry.rule_id;
    item["path"] = entry.path;
    item["line"] = entry.line;
    doc["entries"].push_back(std::move(item));
  }
  // A path is bytes, and nlohmann's dump throws on ones that are not UTF-8:
  // those become U+FFFD (the path is for reviewers; matching uses the fingerprint).
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

bool Baseline::Suppresses(const std::string& fingerprint) {
  if (fingerprints_.find(fingerprint) == fingerprints_.end()) return false;
  used_.insert(fingerprint);
  return true;
}

std::vector<BaselineEntry> Baseline::Unused() const {
  std::vector<BaselineEntry> unused;
  for (const BaselineEntry& entry : entries_) {
    if (used_.find(entry.fingerprint) == used_.end()) unused.push_back(entry);
  }
  return unused;
}

}  // namespace rekey
