#include "rekey/policy/policy.h"

#include <array>
#include <cstdlib>

#include "policy/facts.h"
#include "rekey/base/text.h"
#include "rekey/policy/check.h"

namespace rekey {

const CheckSettings* Policy::Find(std::string_view id) const {
  auto it = checks_.find(id);
  return it == checks_.end() ? nullptr : &it->second;
}

namespace {

const CheckOverride* FindOverride(const std::map<std::string, CheckOverride, std::less<>>& table,
                                  const std::string& value) {
  if (value.empty() || table.empty()) return nullptr;
  const std::string canonical = CanonicalEnvironment(value);
  for (const auto& [name, o] : table) {
    if (CanonicalEnvironment(name) == canonical) return &o;  // prod = production
  }
  return nullptr;
}

// At most one override per environment and one per criticality. A fixed
// array, not a vector: checks ask once per key and per violation reported.
struct Overrides {
  std::array<const CheckOverride*, 2> items{};
  size_t size = 0;
  const CheckOverride* const* begin() const { return items.data(); }
  const CheckOverride* const* end() const { return items.data() + size; }
};

// The overrides that apply to `subject`, most specific first.
Overrides OverridesFor(const CheckSettings& s, const PolicySubject& subject) {
  Overrides out;
  if (const CheckOverride* o = FindOverride(s.by_environment, subject.environment)) out.items[out.size++] = o;
  if (const CheckOverride* o = FindOverride(s.by_criticality, subject.criticality)) out.items[out.size++] = o;
  return out;
}

}  // namespace

bool Policy::Enabled(std::string_view id, const PolicySubject& subject) const {
  const CheckSettings* s = Find(id);
  if (s == nullptr) return true;
  for (const CheckOverride* o : OverridesFor(*s, subject)) {
    if (o->enabled) return *o->enabled;
  }
  return s->enabled;
}

Severity Policy::SeverityOf(std::string_view id, const PolicySubject& subject) const {
  if (const CheckSettings* s = Find(id)) {
    for (const CheckOverride* o : OverridesFor(*s, subject)) {
      if (o->severity) return *o->severity;
    }
    return s->severity;
  }
  const Check* check = FindCheck(id);
  return check ? check->default_severity : Severity::kError;
}

std::optional<std::string> Policy::Param(std::string_view id, std::string_view name,
                                         const PolicySubject& subject) const {
  const CheckSettings* s = Find(id);
  if (s == nullptr) return std::nullopt;
  for (const CheckOverride* o : OverridesFor(*s, subject)) {
    auto it = o->params.find(name);
    if (it != o->params.end()) return it->second;
  }
  auto it = s->params.find(name);
  if (it == s->params.end()) return std::nullopt;
  return it->second;
}

std::optional<double> Policy::NumberParam(std::string_view id, std::string_view name,
                                          const PolicySubject& subject) const {
  std::optional<std::string> text = Param(id, name, subject);
  if (!text) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return value;
}

std::optional<Duration> Policy::DurationParam(std::string_view id, std::string_view name,
                                              const PolicySubject& subject) const {
  std::optional<std::string> text = Param(id, name, subject);
  if (!text) return std::nullopt;
  Result<Duration> d = ParseDuration(*text);
  if (!d) return std::nullopt;
  return *d;
}

}  // namespace rekey
