#include "cli/secret_detector.h"

#include <mutex>

#include "rekey/matcher/matcher.h"
#include "rekey/scan/scan_rules.h"

namespace rekey {
namespace {

class RulesSecretDetector final : public SecretDetector {
 public:
  explicit RulesSecretDetector(std::shared_ptr<const RulesDatabase> db) : matcher_(std::move(db)) {}

  std::optional<std::string> Detect(std::string_view value) const override {
    std::lock_guard<std::mutex> lock(mutex_);  // a Matcher is per-thread scratch
    matches_.clear();
    matcher_.Scan(value, matches_);
    if (matches_.empty()) return std::nullopt;
    return matcher_.database().rule(matches_.front().rule).id;
  }

 private:
  mutable std::mutex mutex_;
  mutable Matcher matcher_;
  mutable std::vector<RuleMatch> matches_;
};

}  // namespace

const SecretDetector* InventorySecretDetector() {
  static const SecretDetector* detector = []() -> const SecretDetector* {
    Diagnostics diags;
    std::shared_ptr<const RulesDatabase> db = LoadScanRules({}, diags);
    if (!db) return nullptr;
    return new RulesSecretDetector(std::move(db));  // lives for the process
  }();
  return detector;
}

}  // namespace rekey
