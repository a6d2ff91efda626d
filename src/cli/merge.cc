// `rekey merge SHARD...`: the reports of `rekey scan --shard I/N` combined
// into the one a single process would have written (report/findings_merge.h).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/version.h"
#include "rekey/base/read_file.h"
#include "rekey/report/findings_merge.h"

namespace rekey {
namespace {

struct MergeCliOptions {
  std::vector<std::string> inputs;
  std::string format;  // "" = the inputs' format
  std::string output;
};

// Shard reports of a large organisation: up to 1 GiB each.
constexpr std::uint64_t kMaxReport = 1ull << 30;

int RunMerge(const MergeCliOptions& options, const GlobalOptions& global) {
  // 1. Read every shard report.
  // A directory stands for the reports in it (*.json, *.sarif).
  std::vector<std::string> paths;
  for (const std::string& input : options.inputs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(input, ec)) {
      paths.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(input, ec)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file(ec) && (ext == ".json" || ext == ".sarif")) found.push_back(entry.path().string());
    }
    if (found.empty()) {
      PrintUsageError(input + " holds no report (*.json, *.sarif)");
      return kExitInputError;
    }
    std::sort(found.begin(), found.end());
    paths.insert(paths.end(), found.begin(), found.end());
  }
  std::vector<MergeInput> inputs;
  for (const std::string& path : paths) {
    Result<std::string> text = ReadRegularFile(path, {.max_bytes = kMaxReport});
    if (!text) {
      PrintUsageError(path + ": " + text.error().message, text.error().hint);
      return kExitInputError;
    }
    inputs.push_back({path, std::move(*text)});
  }
  // 2. Check they are one whole run and merge them.
  MergeOptions merge;
  if (!options.format.empty()) merge.format = ParseFindingsFormat(options.format);
  merge.writer.tool_version = kVersion;
  merge.writer.quiet = global.quiet;
  merge.writer.color = options.output.empty() && UseColor(global.color, stdout);
  Result<std::string> merged = MergeFindingsReports(inputs, merge);
  if (!merged) {
    PrintUsageError(merged.error().message, merged.error().hint);
    return kExitInputError;
  }
  // 3. The merged report.
  return WriteOutput(options.output, *merged) ? kExitClean : kExitInputError;
}

}  // namespace

void AddMergeCommand(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<MergeCliOptions>();
  CLI::App* cmd = app.add_subcommand("merge", "Combine the reports of `rekey scan --shard I/N` into one");
  cmd->add_option("reports", options->inputs, "The shard reports (JSON or SARIF, or directories of them), in any order")
      ->required();
  cmd->add_option("--format", options->format,
                  "Output format (default: the reports'; JSON shards can also become text, jsonl, sarif, github)")
      ->check(CLI::IsMember({"text", "json", "jsonl", "sarif", "github"}));
  cmd->add_option("-o,--output", options->output, "Write the merged report to FILE instead of stdout");
  cmd->footer(
      "Every shard 0..N-1 of one run must be given (a shard twice only if its reports are identical); the result is "
      "byte-identical to a single-process scan of the same input.\n"
      "Exit: 0 merged, 2 a report missing, damaged or from another run.\n"
      "Example: rekey merge shard-*.json -o findings.json");
  cmd->callback([options, &ctx] { ctx.exit_code = RunMerge(*options, ctx.global); });
}

}  // namespace rekey
