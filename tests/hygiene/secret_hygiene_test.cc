// Secret hygiene: runs every command in every output format over fixtures
// that hold known fake secrets, and fails when any output holds one in clear.
// "In clear" is the whole secret or any 12 bytes of it past the 4-byte prefix
// the redacted form shows ("ghp_…(40 chars)"). The secrets are assembled here
// at run time from a fixed seed (no literal key in the repository) and have
// the real shapes, checksums included, so the built-in rules find them; the
// --show-secrets test proves the check would see a leak.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "source/temp_tree.h"

namespace rekey {
namespace {

namespace fs = std::filesystem;

constexpr char kNow[] = "2026-11-25T00:00:00Z";

class FakeKeys {
 public:
  explicit FakeKeys(std::uint64_t seed) : x_(seed) {}
  std::string Chars(const std::string& alphabet, std::size_t n) {
    std::string out;
    while (out.size() < n) {
      x_ ^= x_ << 13;
      x_ ^= x_ >> 7;
      x_ ^= x_ << 17;
      const char c = alphabet[x_ % alphabet.size()];
      if (out.size() >= 2 && out.back() == c && out[out.size() - 2] == c) continue;  // no placeholder-like runs
      out.push_back(c);
    }
    return out;
  }

 private:
  std::uint64_t x_;
};

const std::string kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::uint32_t Crc32(const std::string& data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) {
    crc ^= byte;
    for (int k = 0; k < 8; ++k) crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
  }
  return ~crc;
}

// GitHub's token format: prefix, 30 base62, base62 CRC-32 of those 30 (6 chars).
std::string GithubToken(FakeKeys& keys) {
  const std::string body = keys.Chars(kBase62, 30);
  std::uint32_t crc = Crc32(body);
  std::string check(6, '0');
  for (int i = 5; i >= 0; --i, crc /= 62) check[i] = kBase62[crc % 62];
  return std::string("gh") + "p_" + body + check;
}

struct Secrets {
  std::string github, stripe, aws, slack, password, pasted;  // `pasted`: put into the model files
  std::vector<std::string> InFiles() const { return {github, stripe, aws, slack, password}; }
  std::vector<std::string> All() const { return {github, stripe, aws, slack, password, pasted}; }
};

Secrets MakeSecrets() {
  FakeKeys keys(0x5EC2E7);
  Secrets s;
  s.github = GithubToken(keys);
  s.stripe = std::string("sk_") + "live_" + keys.Chars(kBase62, 32);
  s.aws = std::string("AK") + "IA" + keys.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  s.slack = std::string("xo") + "xb-" + keys.Chars("0123456789", 12) + "-" + keys.Chars("0123456789", 12) + "-" +
            keys.Chars(kBase62, 24);
  s.password = "Pw" + keys.Chars(kBase62, 10) + "!9" + keys.Chars(kBase62, 10);
  s.pasted = GithubToken(keys);
  return s;
}

struct RunResult {
  int exit = -1;
  std::string out, err;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class SecretHygiene : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new TempTree;
    secrets_ = new Secrets(MakeSecrets());
    const Secrets& s = *secrets_;
    // Files to scan: one secret per file, in the shapes code holds them.
    tree_->Write("src/config/app.env", "# fake keys for rekey's hygiene test\nSTRIPE_SECRET_KEY=" + s.stripe + "\n");
    tree_->Write("src/deploy/ci.yaml", "env:\n  GH_TOKEN: " + s.github + "\n");
    tree_->Write("src/aws.txt", "aws_access_key_id = " + s.aws + "\n");
    tree_->Write("src/slack.js", "const bot = '" + s.slack + "';\n");
    tree_->Write("src/db.py", "db_password = \"" + s.password + "\"\n");
    // A model with a credential pasted where names belong: the owner, the
    // vault path, a schedule's `secret:` (a field that invites it), the audit log.
    tree_->Write(
        "model/inventory.yaml",
        "api_keys:\n"
        "  - name: pay-key\n    provider: Stripe\n    environment: production\n"
        "    used_by: [web]\n    vault_path: secret/prod/pay\n    rotation_frequency: 30d\n"
        "    supports_dual_key: true\n    provider_api: https://api.stripe.com/v1/keys\n"
        "    criticality: high\n    owner: " +
            s.pasted +
            "\n"
            "  - name: vault-key\n    provider: Acme\n    environment: production\n"
            "    used_by: [web]\n    vault_path: secret/prod/" +
            s.pasted +
            "\n    rotation_frequency: 30d\n"
            "    supports_dual_key: true\n    provider_api: https://api.acme.test/keys\n    criticality: high\n"
            "services:\n  - {name: web, reads_via: vault-agent, refresh: 5m}\n");
    tree_->Write("model/schedules.yaml",
                 "rotation_schedules:\n"
                 "  - {secret: pay-key, schedule: \"0 2 1,15 * *\", grace_period: 1h, alert_on_failure: true, "
                 "rollback_on_failure: true}\n"
                 "  - {secret: vault-key, schedule: \"0 3 1,15 * *\", grace_period: 1h, alert_on_failure: true, "
                 "rollback_on_failure: true}\n"
                 "  - {secret: " +
                     s.pasted + ", schedule: \"0 4 1,15 * *\", grace_period: 1h}\n");
    tree_->Write("model/audit.jsonl",
                 "{\"time\":\"2026-11-01T02:00:00Z\",\"secret\":\"pay-key\",\"event\":\"activated\",\"key_id\":\"" +
                     s.pasted + "\"}\n{\"time\":\"2026-11-02T02:00:00Z\",\"secret\":\"" + s.pasted +
                     "\",\"event\":\"activated\"}\n");
    // The same credential in fields whose type is wrong: input errors echo values.
    tree_->Write("bad/inventory.yaml", "api_keys:\n  - name: bad-key\n    supports_dual_key: " + s.pasted +
                                           "\n"
                                           "    rotation_frequency: " +
                                           s.pasted + "\n    criticality: " + s.pasted +
                                           "\n"
                                           "    provider_api: " +
                                           s.pasted + "\n    last_rotated: " + s.pasted +
                                           "\n"
                                           "    used_by: " +
                                           s.pasted + "\n    " + s.pasted + ": x\n");
    // A user rule whose examples are the secrets and fail (negative examples match).
    tree_->Write("rules/user.yaml",
                 "rules:\n  - id: user.github\n    name: User GitHub rule\n    provider: GitHub\n"
                 "    severity: high\n    pattern: '\\b(gh[p]_[A-Za-z0-9]{36})\\b'\n"
                 "    examples: [\"" +
                     s.github + "x\"]\n    negative_examples: [\"" + s.github + "\"]\n");
  }
  static void TearDownTestSuite() {
    delete tree_;
    delete secrets_;
  }

  // Runs rekey in the tree with its own database cache, capturing both streams.
  static RunResult Rekey(const std::string& args, const std::string& cache = "cache") {
    const std::string dir = tree_->Path();
    const std::string command = "cd " + dir + " && XDG_CACHE_HOME=" + dir + "/" + cache + " NO_COLOR=1 " + REKEY_BIN +
                                " " + args + " >" + dir + "/.out 2>" + dir + "/.err </dev/null";
    const int status = std::system(command.c_str());
    RunResult run;
    run.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadAll(dir + "/.out");
    run.err = ReadAll(dir + "/.err");
    return run;
  }

  // Fails, naming `where`, when `text` holds any secret in clear.
  static void ExpectNoSecret(const std::string& text, const std::string& where) {
    for (const std::string& secret : secrets_->All()) {
      const std::string tail = secret.substr(4);
      for (std::size_t i = 0; i + 12 <= tail.size(); ++i) {
        const std::size_t at = text.find(tail.substr(i, 12));
        if (at != std::string::npos) {
          ADD_FAILURE() << where << " holds a secret in clear (" << secret.substr(0, 4) << "…): \""
                        << text.substr(at > 40 ? at - 40 : 0, 120) << "\"";
          break;
        }
      }
    }
  }
  static void ExpectNoSecret(const RunResult& run, const std::string& what) {
    ExpectNoSecret(run.out, what + " stdout");
    ExpectNoSecret(run.err, what + " stderr");
  }
  static std::string File(const std::string& relative) { return ReadAll(tree_->Path(relative)); }

  static TempTree* tree_;
  static Secrets* secrets_;
};

TempTree* SecretHygiene::tree_ = nullptr;
Secrets* SecretHygiene::secrets_ = nullptr;

const char kModel[] = "--inventory model/inventory.yaml --schedules model/schedules.yaml";

// The control: asked to, rekey prints every planted secret, so the checks
// below would see one that leaked.
TEST_F(SecretHygiene, ShowSecretsPrintsEverySecret) {
  for (const char* format : {"text", "json", "jsonl"}) {
    const RunResult run = Rekey(std::string("scan src --show-secrets --format ") + format);
    EXPECT_EQ(run.exit, 1) << run.err;
    for (const std::string& secret : secrets_->InFiles()) {
      EXPECT_NE(run.out.find(secret), std::string::npos) << format << ": " << secret.substr(0, 4) << " not found";
    }
  }
}

TEST_F(SecretHygiene, ScanInEveryFormat) {
  for (const char* format : {"text", "json", "jsonl", "sarif", "github"}) {
    SCOPED_TRACE(format);
    const RunResult run = Rekey(std::string("scan src -v --format ") + format);
    EXPECT_EQ(run.exit, 1) << run.err;
    ExpectNoSecret(run, std::string("scan --format ") + format);
    const RunResult to_file = Rekey(std::string("scan src --format ") + format + " --output report.out");
    ExpectNoSecret(File("report.out"), std::string("scan --output (") + format + ")");
  }
}

TEST_F(SecretHygiene, ShowSecretsIsRefusedOrRedactedWhereFormatsDoNotTakeIt) {
  for (const char* format : {"sarif", "github"}) {
    const RunResult run = Rekey(std::string("scan src --show-secrets --format ") + format);
    ExpectNoSecret(run, std::string("scan --show-secrets --format ") + format);
  }
}

TEST_F(SecretHygiene, BaselineFilesAndScansAgainstThem) {
  const RunResult create = Rekey("baseline create src --output base.json");
  EXPECT_EQ(create.exit, 0) << create.err;
  ExpectNoSecret(create, "baseline create");
  const std::string baseline = File("base.json");
  EXPECT_NE(baseline.find("fingerprint"), std::string::npos);
  ExpectNoSecret(baseline, "the baseline file");
  const RunResult update = Rekey("baseline update src --output base.json");
  ExpectNoSecret(update, "baseline update");
  ExpectNoSecret(File("base.json"), "the updated baseline file");
  for (const char* format : {"text", "json", "jsonl", "sarif", "github"}) {
    const RunResult run = Rekey(std::string("scan src --baseline base.json --format ") + format);
    EXPECT_EQ(run.exit, 0) << run.err;
    ExpectNoSecret(run, std::string("scan --baseline --format ") + format);
  }
}

TEST_F(SecretHygiene, CheckInEveryFormat) {
  for (const char* format : {"text", "json", "sarif", "github"}) {
    SCOPED_TRACE(format);
    const RunResult run =
        Rekey(std::string("check ") + kModel + " --audit-log model/audit.jsonl --now " + kNow + " --format " + format);
    EXPECT_EQ(run.exit, 1) << run.err;
    EXPECT_NE(run.out.find("RK-INV-006"), std::string::npos);  // the pasted credential is a violation
    ExpectNoSecret(run, std::string("check --format ") + format);
    Rekey(std::string("check ") + kModel + " --now " + kNow + " --format " + format + " --output check.out");
    ExpectNoSecret(File("check.out"), std::string("check --output (") + format + ")");
  }
}

TEST_F(SecretHygiene, InputErrorsEchoValuesRedacted) {
  for (const char* format : {"text", "json", "sarif", "github"}) {
    SCOPED_TRACE(format);
    const RunResult run =
        Rekey(std::string("check --inventory bad/inventory.yaml --now ") + kNow + " --format " + format);
    EXPECT_EQ(run.exit, 2) << run.err;
    ExpectNoSecret(run, std::string("check (input errors) --format ") + format);
  }
  const RunResult plan = Rekey(std::string("plan --inventory bad/inventory.yaml --from ") + kNow);
  EXPECT_EQ(plan.exit, 2);
  ExpectNoSecret(plan, "plan (input errors)");
}

TEST_F(SecretHygiene, PlanInEveryFormat) {
  for (const char* format : {"markdown", "json", "text"}) {
    SCOPED_TRACE(format);
    const RunResult run = Rekey(std::string("plan ") + kModel + " --from " + kNow + " --format " + format);
    ExpectNoSecret(run, std::string("plan --format ") + format);
    const RunResult to_file =
        Rekey(std::string("plan ") + kModel + " --from " + kNow + " --format " + format + " --out plan.out");
    ExpectNoSecret(to_file, std::string("plan --out (") + format + ")");
    ExpectNoSecret(File("plan.out"), std::string("the plan file (") + format + ")");
    const RunResult check = Rekey(std::string("plan ") + kModel + " --check plan.out");
    ExpectNoSecret(check, std::string("plan --check (") + format + ")");
  }
  for (const char* key : {"pay-key", "vault-key"}) {
    const RunResult emergency = Rekey(std::string("plan ") + kModel + " --from " + kNow + " --emergency " + key);
    ExpectNoSecret(emergency, std::string("plan --emergency ") + key);
  }
}

// Metrics labels and compiled files quote key names, owners, vault paths and
// audit-log key ids: the pasted credential must not appear in any of them.
TEST_F(SecretHygiene, MetricsAndCompiledFiles) {
  const RunResult metrics = Rekey(std::string("metrics ") + kModel + " --audit-log model/audit.jsonl --now " + kNow);
  EXPECT_EQ(metrics.exit, 0) << metrics.err;
  EXPECT_NE(metrics.out.find("rekey_key_activated_timestamp_seconds"), std::string::npos);
  ExpectNoSecret(metrics, "metrics");
  const RunResult textfile =
      Rekey(std::string("metrics ") + kModel + " --audit-log model/audit.jsonl --now " + kNow + " -o metrics.prom");
  EXPECT_EQ(textfile.exit, 0) << textfile.err;
  ExpectNoSecret(File("metrics.prom"), "the metrics file");
  for (const char* target : {"prometheus", "alertmanager", "kubernetes"}) {
    SCOPED_TRACE(target);
    const RunResult run = Rekey(std::string("compile ") + target + " " + kModel);
    EXPECT_EQ(run.exit, 0) << run.err;
    ExpectNoSecret(run, std::string("compile ") + target);
  }
}

TEST_F(SecretHygiene, RulesCommands) {
  const RunResult check = Rekey("rules check rules");
  EXPECT_EQ(check.exit, 1) << check.out << check.err;  // the examples fail, and are reported redacted
  ExpectNoSecret(check, "rules check");
  const RunResult list = Rekey("rules list --rules rules");
  ExpectNoSecret(list, "rules list");
}

TEST_F(SecretHygiene, DatabaseCacheHoldsNoSecret) {
  Rekey("scan src --rules rules", "fresh-cache");
  Rekey("rules check rules", "fresh-cache");
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(tree_->Path("fresh-cache"))) {
    if (!entry.is_regular_file()) continue;
    ++files;
    ExpectNoSecret(ReadAll(entry.path()), "cache file " + entry.path().filename().string());
  }
  EXPECT_GT(files, 0u);
}

}  // namespace
}  // namespace rekey
