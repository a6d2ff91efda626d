// What a run loads: OpenSSL's libcrypto (and libgit2) only when the run needs
// them. Each costs every process start milliseconds on a VM (bench/README.md:
// cold start), so a scan that finds nothing must not load libcrypto, and a
// scan that finds something must (its fingerprints are SHA-256).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scan/test_rules.h"

namespace rekey {
namespace {

namespace fs = std::filesystem;

// Runs rekey with LD_DEBUG=libs and returns what the dynamic loader said.
std::string LoaderLog(const std::vector<std::string>& args, const fs::path& dir) {
  const fs::path log = dir / "ld.log";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(fd, 2);
    ::dup2(null, 1);
    ::setenv("LD_DEBUG", "libs", 1);
    ::setenv("XDG_CACHE_HOME", (dir / "cache").c_str(), 1);
    std::vector<char*> argv = {const_cast<char*>(REKEY_BIN)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(REKEY_BIN, argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Loaded(const std::string& log, const std::string& soname_prefix) {
  return log.find("calling init: ") != std::string::npos && log.find("/" + soname_prefix) != std::string::npos;
}

TEST(Startup, ACleanScanNeverLoadsLibcryptoAFindingDoes) {
  const fs::path dir = fs::path(::testing::TempDir()) / "rekey_startup_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "clean");
  fs::create_directories(dir / "leaky");
  std::ofstream(dir / "clean" / "app.py") << "print('hello')\n";
  std::ofstream(dir / "leaky" / "app.py") << "token = '" << FakeToken(7) << "'\n";
  std::ofstream(dir / "rules.yaml") << kTestRules;
  const std::string rules = (dir / "rules.yaml").string();
  // Twice each: the first run compiles and caches the database, the second loads it.
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE(run);
    const std::string clean = LoaderLog({"scan", (dir / "clean").string(), "--rules", rules, "-q"}, dir);
    ASSERT_NE(clean.find("calling init: "), std::string::npos) << "LD_DEBUG had no effect";
    EXPECT_FALSE(Loaded(clean, "libcrypto.so")) << clean;
    EXPECT_FALSE(Loaded(clean, "libgit2.so"));
    const std::string leaky = LoaderLog({"scan", (dir / "leaky").string(), "--rules", rules, "--format", "json"}, dir);
    EXPECT_TRUE(Loaded(leaky, "libcrypto.so")) << leaky;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rekey
