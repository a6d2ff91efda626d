#include "rekey/policy/policy.h"

#include <cstdlib>

#include "rekey/base/text.h"
#include "rekey/policy/check.h"
#include "yaml/yaml_node.h"

namespace rekey {

const CheckSettings* Policy::Find(std::string_view id) const {
  auto it = checks_.find(id);
  return it == checks_.end() ? nullptr : &it->second;
}

bool Policy::Enabled(std::string_view id) const {
  const CheckSettings* s = Find(id);
  return s == nullptr || s->enabled;
}

Severity Policy::SeverityOf(std::string_view id) const {
  if (const CheckSettings* s = Find(id)) return s->severity;
  const Check* check = FindCheck(id);
  return check ? check->default_severity : Severity::kError;
}

std::optional<std::string> Policy::Param(std::string_view id, std::string_view name) const {
  const CheckSettings* s = Find(id);
  if (s == nullptr) return std::nullopt;
  auto it = s->params.find(name);
  if (it == s->params.end()) return std::nullopt;
  return it->second;
}

std::optional<double> Policy::NumberParam(std::string_view id, std::string_view name) const {
  std::optional<std::string> text = Param(id, name);
  if (!text) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return value;
}

std::optional<Duration> Policy::DurationParam(std::string_view id, std::string_view name) const {
  std::optional<std::string> text = Param(id, name);
  if (!text) return std::nullopt;
  Result<Duration> d = ParseDuration(*text);
  if (!d) return std::nullopt;
  return *d;
}

}  // namespace rekey
