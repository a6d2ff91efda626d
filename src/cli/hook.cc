// `rekey hook install|uninstall`: a plain git pre-commit hook running
// `rekey scan --staged`, for repositories that do not use the pre-commit
// framework (.pre-commit-hooks.yaml serves those). A foreign hook is never
// overwritten without --force, and then it is kept as pre-commit.legacy and
// still runs first; uninstall puts it back.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "rekey/source/git_source.h"

namespace rekey {
namespace {

constexpr char kMarker[] = "# rekey-managed-hook v1";

struct HookOptions {
  std::string repo = ".";
  bool force = false;
};

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// 'text' for a POSIX shell.
std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// This binary's absolute path: the hook's fallback when rekey is not on PATH.
std::string SelfPath() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("rekey") : self.string();
}

std::string HookScript() {
  return std::string("#!/bin/sh\n") + kMarker +
         ": written by `rekey hook install`, removed by `rekey hook uninstall`.\n"
         "# Blocks commits that add hardcoded API keys (`rekey scan --staged`).\n"
         "# Skip it once with `git commit --no-verify`.\n"
         "here=$(dirname \"$0\")\n"
         "if [ -x \"$here/pre-commit.legacy\" ]; then\n"
         "  \"$here/pre-commit.legacy\" \"$@\" || exit $?\n"
         "fi\n"
         "rekey=$(command -v rekey 2>/dev/null || true)\n"
         "[ -n \"$rekey\" ] || rekey=" +
         ShellQuote(SelfPath()) +
         "\n"
         "if [ ! -x \"$rekey\" ]; then\n"
         "  echo 'rekey pre-commit hook: rekey not found; install it or run `rekey hook uninstall`' >&2\n"
         "  exit 1\n"
         "fi\n"
         "exec \"$rekey\" scan --staged\n";
}

bool IsOurs(const std::filesystem::path& hook) { return ReadFile(hook).find(kMarker) != std::string::npos; }

// Writes the hook next to its final path, then renames it into place.
bool WriteHook(const std::filesystem::path& hook) {
  const std::filesystem::path temp = hook.string() + ".rekey-tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << HookScript();
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::permissions(temp, std::filesystem::perms(0755), ec);
  if (!ec) std::filesystem::rename(temp, hook, ec);
  return !ec;
}

int RunHookInstall(const HookOptions& options, const GlobalOptions& global) {
  // 1. Where git looks for hooks (refuses core.hooksPath: not ours to manage).
  Result<std::string> dir = GitHooksDir(options.repo);
  if (!dir) {
    PrintUsageError(dir.error().message, dir.error().hint);
    return kExitInputError;
  }
  const std::filesystem::path hooks(*dir);
  const std::filesystem::path hook = hooks / "pre-commit";
  const std::filesystem::path legacy = hooks / "pre-commit.legacy";
  std::error_code ec;
  std::filesystem::create_directories(hooks, ec);
  // 2. A hook that is not ours stays unless --force, and then it runs first.
  const bool exists = std::filesystem::exists(hook);
  const bool ours = exists && IsOurs(hook);
  if (exists && !ours) {
    if (!options.force) {
      PrintUsageError(hook.string() + " exists and was not written by rekey",
                      "--force keeps it as pre-commit.legacy and runs it before rekey");
      return kExitInputError;
    }
    if (std::filesystem::exists(legacy)) {
      PrintUsageError(legacy.string() + " already exists", "merge or remove it, then run `rekey hook install` again");
      return kExitInputError;
    }
    std::filesystem::rename(hook, legacy, ec);
    if (ec) {
      PrintUsageError("cannot move " + hook.string() + ": " + ec.message(), "");
      return kExitInputError;
    }
  }
  // 3. Our hook, rewritten in place when already there (idempotent).
  if (!WriteHook(hook)) {
    PrintUsageError("cannot write " + hook.string(), "check the permissions of " + hooks.string());
    return kExitInputError;
  }
  if (!global.quiet) {
    std::printf("%s %s%s\n", ours ? "updated" : "installed", hook.c_str(),
                std::filesystem::exists(legacy) ? " (runs pre-commit.legacy first)" : "");
  }
  return kExitClean;
}

int RunHookUninstall(const HookOptions& options, const GlobalOptions& global) {
  Result<std::string> dir = GitHooksDir(options.repo);
  if (!dir) {
    PrintUsageError(dir.error().message, dir.error().hint);
    return kExitInputError;
  }
  const std::filesystem::path hook = std::filesystem::path(*dir) / "pre-commit";
  const std::filesystem::path legacy = std::filesystem::path(*dir) / "pre-commit.legacy";
  if (!std::filesystem::exists(hook) || !IsOurs(hook)) {
    if (!global.quiet) std::printf("no rekey hook in %s; nothing to do\n", dir->c_str());
    return kExitClean;
  }
  std::error_code ec;
  std::filesystem::remove(hook, ec);
  if (!ec && std::filesystem::exists(legacy)) std::filesystem::rename(legacy, hook, ec);
  if (ec) {
    PrintUsageError("cannot update " + hook.string() + ": " + ec.message(), "");
    return kExitInputError;
  }
  if (!global.quiet) {
    std::printf("removed the rekey hook%s\n", std::filesystem::exists(hook) ? "; restored the previous one" : "");
  }
  return kExitClean;
}

}  // namespace

void AddHookCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd = app.add_subcommand("hook", "Install or remove a git pre-commit hook running `rekey scan --staged`");
  cmd->require_subcommand(1);
  auto options = std::make_shared<HookOptions>();
  CLI::App* install = cmd->add_subcommand("install", "Write .git/hooks/pre-commit (idempotent)");
  install->add_option("repo", options->repo, "Repository (default: .)");
  install->add_flag("--force", options->force, "Replace a foreign hook (kept as pre-commit.legacy, run first)");
  install->callback([options, &ctx] { ctx.exit_code = RunHookInstall(*options, ctx.global); });
  CLI::App* uninstall = cmd->add_subcommand("uninstall", "Remove the rekey hook (restores pre-commit.legacy)");
  uninstall->add_option("repo", options->repo, "Repository (default: .)");
  uninstall->callback([options, &ctx] { ctx.exit_code = RunHookUninstall(*options, ctx.global); });
  cmd->footer(
      "With the pre-commit framework, use the rekey-scan and rekey-check hooks of .pre-commit-hooks.yaml instead.\n"
      "Example: rekey hook install && git commit   # blocked when the commit adds a key");
}

}  // namespace rekey
