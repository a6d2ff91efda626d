// Fuzz target: the baseline reader (Baseline::Parse). A baseline is named by
// the repository's .rekey.yaml, so it is untrusted input: anything parses or
// is an Error, and a parsed baseline writes back out and re-reads the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rekey/scan/baseline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  rekey::Result<rekey::Baseline> baseline = rekey::Baseline::Parse(text, "fuzz.json");
  if (!baseline) return 0;
  const std::string json = baseline->ToJson();
  rekey::Result<rekey::Baseline> again = rekey::Baseline::Parse(json, "fuzz.json");
  if (!again || again->ToJson() != json) std::abort();
  return 0;
}
