// Golden end-to-end cases: one folder per case under tests/cli/cases/<name>/
// holding `args` (one line: the words after `rekey`, shell syntax), the input
// files, `expected_stdout`, `expected_stderr` and `expected_exit`. The case runs
// with its folder as the working directory (or the directory its optional
// `cwd` file names, relative to the folder: fixtures shared by several cases)
// and NO_COLOR=1.
// REKEY_UPDATE_GOLDEN=1 rewrites the expectations (review them in the diff).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(REKEY_SOURCE_DIR) / "tests" / "cli" / "cases";

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (fs::exists(entry.path() / "args")) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedOutput) {
  const fs::path dir = kCases / GetParam();
  std::string args = Read(dir / "args");
  while (!args.empty() && (args.back() == '\n' || args.back() == '\r')) args.pop_back();
  const fs::path out_dir = fs::path(REKEY_BINARY_DIR) / "golden" / GetParam();
  fs::create_directories(out_dir);
  // One rules-database cache for all cases, inside the build tree: the first
  // case compiles it, the rest load it (and CI needs no writable $HOME).
  const std::string cache = (fs::path(REKEY_BINARY_DIR) / "golden-cache").string();
  fs::path cwd = dir;
  if (fs::exists(dir / "cwd")) {
    std::string relative = Read(dir / "cwd");
    while (!relative.empty() && (relative.back() == '\n' || relative.back() == '\r')) relative.pop_back();
    cwd = fs::weakly_canonical(dir / relative);
  }
  const std::string command = "cd '" + cwd.string() + "' && NO_COLOR=1 XDG_CACHE_HOME='" + cache +
                              "' REKEY_BIN='" REKEY_BIN "' '" REKEY_BIN "' " + args + " >'" +
                              (out_dir / "stdout").string() + "' 2>'" + (out_dir / "stderr").string() + "' </dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << command;
  const int exit_code = WEXITSTATUS(status);
  const std::string out = Read(out_dir / "stdout");
  const std::string err = Read(out_dir / "stderr");
  if (std::getenv("REKEY_UPDATE_GOLDEN") != nullptr) {
    Write(dir / "expected_stdout", out);
    Write(dir / "expected_stderr", err);
    Write(dir / "expected_exit", std::to_string(exit_code) + "\n");
    return;
  }
  EXPECT_EQ(out, Read(dir / "expected_stdout")) << "stdout of " << GetParam();
  EXPECT_EQ(err, Read(dir / "expected_stderr")) << "stderr of " << GetParam();
  EXPECT_EQ(exit_code, std::stoi(Read(dir / "expected_exit"))) << "exit code of " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
