#include "cli/usage_hint.h"

#include "rekey/base/text.h"

namespace rekey {
namespace {

// The deepest subcommand named on the command line.
const CLI::App* CommandOf(const CLI::App& app, int argc, char** argv) {
  const CLI::App* current = &app;
  for (int i = 1; i < argc; ++i) {
    for (const CLI::App* sub : current->get_subcommands({})) {
      if (sub->get_name() == argv[i]) {
        current = sub;
        break;
      }
    }
  }
  return current;
}

std::vector<std::string> LongFlags(const CLI::App& command) {
  std::vector<std::string> out;
  for (const CLI::Option* option : command.get_options({})) {
    for (const std::string& name : option->get_lnames()) out.push_back("--" + name);
  }
  if (const CLI::App* parent = command.get_parent()) {
    for (const std::string& flag : LongFlags(*parent)) out.push_back(flag);
  }
  return out;
}

}  // namespace

std::string UsageHint(const CLI::App& app, int argc, char** argv) {
  const CLI::App* command = CommandOf(app, argc, argv);
  const std::vector<std::string> flags = LongFlags(*command);
  std::vector<std::string> names;
  for (const CLI::App* sub : command->get_subcommands({})) names.push_back(sub->get_name());
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string flag = arg.substr(0, arg.find('='));
    if (flag.rfind("--", 0) == 0 && std::find(flags.begin(), flags.end(), flag) == flags.end()) {
      if (std::optional<std::string> guess = SuggestClosest(flag, flags)) {
        return "unknown flag " + flag + ": did you mean " + *guess + "?";
      }
    } else if (i == 1 && command == &app && !arg.empty() && arg[0] != '-') {
      if (std::optional<std::string> guess = SuggestClosest(arg, names)) {
        return "unknown command " + arg + ": did you mean " + *guess + "?";
      }
    }
  }
  std::string path = "rekey";
  if (command != &app) path += " " + command->get_name();
  return "run `" + path + " --help` for usage";
}

}  // namespace rekey
