// PromQL instant-vector selectors as the inventory's `monitoring:` fields
// hold them: an optional metric name and an optional `{...}` list of label
// matchers (`=`, `!=`, `=~`, `!~` against a "double", 'single' or `raw`
// quoted string), nothing else — no range, offset, function or operator,
// because `rekey compile prometheus` wraps the selector in rate()/increase().
//
// Thread-safety: pure functions. Errors: a Result naming the 1-based byte
// column of the first problem and what is accepted there.
//
//   Status ok = CheckPromSelector(R"(http_requests_total{code=~"401|403"})");
//   if (!ok) Report(ok.error().message, ok.error().column);
#ifndef REKEY_MODEL_PROM_SELECTOR_H_
#define REKEY_MODEL_PROM_SELECTOR_H_

#include <string_view>

#include "rekey/base/result.h"

namespace rekey {

// Longest selector accepted (a guard on untrusted input, not a PromQL limit).
inline constexpr size_t kMaxPromSelectorSize = 1024;

Status CheckPromSelector(std::string_view text);

// A Prometheus label name: [a-zA-Z_][a-zA-Z0-9_]*.
bool IsPromLabelName(std::string_view name);

}  // namespace rekey

#endif  // REKEY_MODEL_PROM_SELECTOR_H_
