// RK-INV-006: a credential pasted into an inventory field. The value is never
// printed: the message names the field and the detection rule only.
#include <cmath>

#include "policy/checks/check_util.h"

namespace rekey {
namespace {

double Entropy(std::string_view s) {
  int counts[256] = {};
  for (unsigned char c : s) ++counts[c];
  double bits = 0;
  for (int n : counts) {
    if (n == 0) continue;
    const double p = static_cast<double>(n) / static_cast<double>(s.size());
    bits -= p * std::log2(p);
  }
  return bits;
}

// A vault path segment that reads like key material rather than a name.
bool HighEntropySegment(const std::string& path, double min_entropy) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string_view seg(path.data() + start, end - start);
    bool digit = false, alpha = false;
    for (char c : seg) {
      digit = digit || std::isdigit(static_cast<unsigned char>(c));
      alpha = alpha || std::isalpha(static_cast<unsigned char>(c));
    }
    if (seg.size() >= 20 && digit && alpha && Entropy(seg) >= min_entropy) return true;
    start = end + 1;
  }
  return false;
}

void Run(CheckContext& ctx) {
  const SecretDetector* detector = ctx.options().detector;
  for (const ApiKey& key : ctx.model().keys) {
    const std::vector<std::pair<const char*, const std::optional<std::string>*>> fields = {
        {"provider", &key.provider},
        {"environment", &key.environment},
        {"vault_path", &key.vault_path},
        {"provider_api", &key.provider_api},
        {"owner", &key.owner}};
    std::vector<std::pair<std::string, std::string>> values = {{"name", key.name}};
    for (const auto& [field, value] : fields) {
      if (*value) values.emplace_back(field, **value);
    }
    if (key.used_by) {
      for (const std::string& consumer : *key.used_by) values.emplace_back("used_by", consumer);
    }
    for (const auto& [field, value] : values) {
      std::optional<std::string> rule = detector ? detector->Detect(value) : std::nullopt;
      const bool entropy = field == "vault_path" && HighEntropySegment(value, ctx.Number("min_entropy", &key, 4.0));
      if (!rule && !entropy) continue;
      ctx.Report(&key, key.LocOf(field), key.name,
                 field + " of " + KeyLabel(key) + " holds what looks like a credential (" +
                     (rule ? "matches detection rule " + *rule : "high-entropy path segment") + ")",
                 "remove it from the inventory, then rotate that credential: it is now in version control");
    }
  }
}

}  // namespace

extern const Check kCheckInv006 = {
    "RK-INV-006",
    Severity::kError,
    "No credential pasted into the inventory",
    "The inventory is committed and reviewed in pull requests; a key pasted into it has leaked.",
    "Delete the value from the file and its history, and rotate the key at once (rekey plan --emergency).",
    "min_entropy",
    Run};

}  // namespace rekey
