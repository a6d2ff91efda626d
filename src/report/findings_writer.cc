// Format names and the writer for each format.
#include "rekey/report/findings_writer.h"

namespace rekey {

std::optional<FindingsFormat> ParseFindingsFormat(std::string_view name) {
  if (name == "text") return FindingsFormat::kText;
  if (name == "json") return FindingsFormat::kJson;
  if (name == "jsonl") return FindingsFormat::kJsonl;
  if (name == "sarif") return FindingsFormat::kSarif;
  if (name == "github") return FindingsFormat::kGithub;
  return std::nullopt;
}

std::unique_ptr<FindingSink> MakeFindingsWriter(FindingsFormat format, const FindingsWriterOptions& options,
                                                std::string& out) {
  switch (format) {
    case FindingsFormat::kText:
      return MakeTextFindingsWriter(options, out);
    case FindingsFormat::kJson:
      return MakeJsonFindingsWriter(options, out);
    case FindingsFormat::kJsonl:
      return MakeJsonlFindingsWriter(out);
    case FindingsFormat::kSarif:
      return MakeSarifFindingsWriter(options, out);
    case FindingsFormat::kGithub:
      return MakeGithubFindingsWriter(out);
  }
  return MakeTextFindingsWriter(options, out);
}

}  // namespace rekey
