// Writers for scan findings, one FindingSink per output format (one file each:
// src/report/findings_<format>.cc). A writer renders into a string the caller
// owns; the text is complete once Finish has been called.
//
//   text    one block per distinct secret with its locations, then a summary
//   json    {"version":1,"findings":[...],"stats":{...},"errors":[...]}
//           (schema/findings.schema.json)
//   jsonl   one finding object per line, nothing else
//   sarif   SARIF 2.1.0, one run, unique tool.driver.rules, partialFingerprints
//   github  GitHub Actions workflow commands (::error file=…,line=…::…)
//
// Links (rekey scan --inventory): each finding's InventoryLink is printed with
// it (json/jsonl "inventory_key" and "link", a line under the location in text,
// result properties in sarif, the message in github); with `linked` set, text
// and json add the unmanaged-key report (keys of providers the inventory does
// not know, by provider, each with an inventory stub to fill in).
//
// Secrets: writers print Finding::secret_redacted; text, json and jsonl add the
// clear secret only when the scan filled Finding::secret (--show-secrets).
// sarif and github never print it: they end up in shared systems.
//
// Thread-safety: one writer per scan; the sink protocol is single-threaded.
//
//   std::string out;
//   std::unique_ptr<FindingSink> sink = MakeFindingsWriter(FindingsFormat::kJson, {}, out);
//   scanner.Run(*sink);
//   std::cout << out;
#ifndef REKEY_REPORT_FINDINGS_WRITER_H_
#define REKEY_REPORT_FINDINGS_WRITER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rekey/policy/exposure.h"
#include "rekey/scan/finding_sink.h"

namespace rekey {

enum class FindingsFormat { kText, kJson, kJsonl, kSarif, kGithub };

// "text" | "json" | "jsonl" | "sarif" | "github"
std::optional<FindingsFormat> ParseFindingsFormat(std::string_view name);

struct FindingsWriterOptions {
  bool color = false;                        // text only: ANSI colours
  bool quiet = false;                        // text only: no summary line
  std::string tool_version;                  // sarif: tool.driver.version
  bool linked = false;                       // the link step ran: text and json report unmanaged keys
  std::vector<UnmanagedProvider> unmanaged;  // by provider name
};

std::unique_ptr<FindingSink> MakeFindingsWriter(FindingsFormat format, const FindingsWriterOptions& options,
                                                std::string& out);

std::unique_ptr<FindingSink> MakeTextFindingsWriter(const FindingsWriterOptions& options, std::string& out);
std::unique_ptr<FindingSink> MakeJsonFindingsWriter(std::string& out);
std::unique_ptr<FindingSink> MakeJsonFindingsWriter(const FindingsWriterOptions& options, std::string& out);
std::unique_ptr<FindingSink> MakeJsonlFindingsWriter(std::string& out);
std::unique_ptr<FindingSink> MakeSarifFindingsWriter(const FindingsWriterOptions& options, std::string& out);
std::unique_ptr<FindingSink> MakeGithubFindingsWriter(std::string& out);

}  // namespace rekey

#endif  // REKEY_REPORT_FINDINGS_WRITER_H_
