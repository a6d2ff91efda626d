// Hostile model inputs (YAML inventories/schedules/services, the audit log):
// each must end in a clear diagnostic or load as documented, in bounded time
// and memory, never a crash or a hang. Regressions from fuzzing are named
// Fuzz<Target>_<what>.
#include <gtest/gtest.h>

#include <string>

#include "hostile/hostile_util.h"
#include "rekey/base/diagnostics.h"
#include "rekey/model/loader.h"

namespace rekey {
namespace {

bool HasId(const Diagnostics& diags, const std::string& id) {
  for (const Diagnostic& d : diags.items()) {
    if (d.id == id) return true;
  }
  return false;
}

std::string All(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) out += FormatDiagnostic(d) + "\n";
  return out;
}

Model LoadText(const std::string& text, Diagnostics& diags) {
  Model model;
  LoadModelText(text, "hostile.yaml", model, diags);
  return model;
}

const char kKey[] = "api_keys:\n  - name: k1\n    provider: Stripe\n";

// Billion laughs: nine levels of nine aliases expand to 10^9 nodes.
TEST(HostileYaml, AliasBombIsRefusedWithTheNodeLimit) {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    const char prev = static_cast<char>(level - 1);
    text += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? ", " : "") + "*" + prev;
    text += "]\n";
  }
  Diagnostics diags;
  LoadText(text, diags);
  EXPECT_TRUE(HasId(diags, "RK-YAML-009")) << All(diags);
  EXPECT_NE(All(diags).find("more than 1000000 nodes"), std::string::npos) << All(diags);
}

// The same bomb built from mappings used as keys and values.
TEST(HostileYaml, AliasBombThroughMappingsIsRefused) {
  std::string text = "x0: &x0 {k: v}\n";
  for (int i = 1; i <= 30; ++i) {
    const std::string prev = "x" + std::to_string(i - 1);
    text += "x" + std::to_string(i) + ": &x" + std::to_string(i) + " {a: *" + prev + ", b: *" + prev + "}\n";
  }
  Diagnostics diags;
  LoadText(text, diags);
  EXPECT_TRUE(HasId(diags, "RK-YAML-009")) << All(diags);
}

// 10,000 levels in each nesting style: yaml-cpp's parser recurses per level,
// rekey stops building at kMaxYamlDepth (256) and reports it.
TEST(HostileYaml, TenThousandDeepFlowSequencesAreRefused) {
  Diagnostics diags;
  LoadText("api_keys: " + std::string(10000, '[') + std::string(10000, ']') + "\n", diags);
  EXPECT_TRUE(HasId(diags, "RK-YAML-009")) << All(diags);
  EXPECT_NE(All(diags).find("deeper than 256 levels"), std::string::npos) << All(diags);
}

TEST(HostileYaml, TenThousandDeepFlowMappingsAreRefused) {
  std::string text = "api_keys: ";
  for (int i = 0; i < 10000; ++i) text += "{a: ";
  text += "x" + std::string(10000, '}') + "\n";
  Diagnostics diags;
  LoadText(text, diags);
  EXPECT_TRUE(HasId(diags, "RK-YAML-009")) << All(diags);
}

TEST(HostileYaml, TenThousandDeepBlockSequencesAreRefused) {
  std::string text = "api_keys:\n";
  for (int i = 0; i < 10000; ++i) text += "- ";
  text += "x\n";
  Diagnostics diags;
  LoadText(text, diags);
  EXPECT_TRUE(HasId(diags, "RK-YAML-009")) << All(diags);
}

TEST(HostileYaml, UnclosedDeepNestingIsASyntaxOrDepthError) {
  Diagnostics diags;
  LoadText("api_keys: " + std::string(10000, '['), diags);
  EXPECT_TRUE(diags.HasErrors());
  EXPECT_TRUE(HasId(diags, "RK-YAML-009") || HasId(diags, "RK-YAML-001")) << All(diags);
}

TEST(HostileYaml, NestingWithinTheLimitLoads) {
  Diagnostics diags;
  LoadText("api_keys:\n  - name: k1\n    owner: x\n" + std::string("x: ") + std::string(200, '[') +
               std::string(200, ']') + "\n",
           diags);
  EXPECT_FALSE(HasId(diags, "RK-YAML-009")) << All(diags);
}

TEST(HostileYaml, HugeScalarLoads) {
  const std::string owner(32u << 20, 'o');
  Diagnostics diags;
  Model model = LoadText(std::string(kKey) + "    owner: " + owner + "\n", diags);
  ASSERT_FALSE(diags.HasErrors()) << All(diags).substr(0, 500);
  ASSERT_EQ(model.keys.size(), 1u);
  EXPECT_EQ(model.keys[0].owner->size(), owner.size());
}

TEST(HostileYaml, Utf8BomIsSkipped) {
  Diagnostics diags;
  Model model = LoadText("\xEF\xBB\xBF" + std::string(kKey), diags);
  EXPECT_FALSE(diags.HasErrors()) << All(diags);
  ASSERT_EQ(model.keys.size(), 1u);
  EXPECT_EQ(model.keys[0].loc.line, 2);
}

TEST(HostileYaml, CrlfLineEndingsLoadWithTheSameLines) {
  Diagnostics diags;
  Model model = LoadText("api_keys:\r\n  - name: k1\r\n    provider: Stripe\r\n    rotation_frequency: 30d\r\n", diags);
  EXPECT_FALSE(diags.HasErrors()) << All(diags);
  ASSERT_EQ(model.keys.size(), 1u);
  EXPECT_EQ(model.keys[0].name, "k1");
  EXPECT_EQ(model.keys[0].provider, "Stripe");  // no trailing '\r'
  EXPECT_EQ(model.keys[0].LocOf("rotation_frequency").line, 4);
}

TEST(HostileYaml, InvalidUtf8IsLoadedOrRefusedWithoutCrashing) {
  Diagnostics diags;
  Model model = LoadText("api_keys:\n  - name: k\xff\xfe\xc3\n    provider: \xed\xa0\x80\n", diags);
  if (!diags.HasErrors()) {
    ASSERT_EQ(model.keys.size(), 1u);
    EXPECT_FALSE(model.keys[0].name.empty());
  }
}

// Every input string can reach `--format json` (nlohmann's dump throws on
// invalid UTF-8) or SARIF: each malformed scalar is an error at its place, and
// what loads holds U+FFFD instead of the bytes. Lone continuation bytes,
// truncated sequences, overlong forms, surrogates and code points above
// U+10FFFF are all malformed; multi-byte characters are not.
TEST(HostileYaml, InvalidUtf8IsReportedAtEachScalar) {
  Diagnostics diags;
  Model model = LoadText(
      "api_keys:\n  - name: k\xff\xfe\xc3\n    provider: \xed\xa0\x80\n    owner: \xc0\xaf\n"
      "    environment: \xf4\x90\x80\x80\n    vault_path: sécrét/ключ/🔑\n",
      diags);
  std::vector<int> lines;
  for (const Diagnostic& d : diags.items()) {
    if (d.id == "RK-YAML-010") lines.push_back(d.loc.line);
  }
  EXPECT_EQ(lines, (std::vector<int>{2, 3, 4, 5})) << All(diags);
  ASSERT_EQ(model.keys.size(), 1u);
  EXPECT_EQ(model.keys[0].name, "k\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(model.keys[0].vault_path.value_or(""), "sécrét/ключ/🔑");
}

TEST(HostileYaml, NulBytesAreRefusedOrLoadedWithoutCrashing) {
  Diagnostics diags;
  LoadText(std::string("api_keys:\n  - name: a\0b\n", 22) + std::string(1000, '\0'), diags);
  for (const Diagnostic& d : diags.items()) EXPECT_FALSE(d.id.empty());
}

TEST(HostileYaml, TabsInIndentationAreReported) {
  Diagnostics diags;
  LoadText("api_keys:\n\t- name: k1\n", diags);
  EXPECT_TRUE(HasId(diags, "RK-YAML-003")) << All(diags);
}

TEST(HostileYaml, DuplicateKeysAreReported) {
  Diagnostics diags;
  LoadText("api_keys:\n  - name: k1\n    name: k2\n", diags);
  EXPECT_TRUE(HasId(diags, "RK-YAML-008")) << All(diags);
}

TEST(HostileYaml, ManyDocumentsReadOnlyTheFirst) {
  std::string text = kKey;
  for (int i = 0; i < 10000; ++i) text += "---\napi_keys: []\n";
  Diagnostics diags;
  Model model = LoadText(text, diags);
  EXPECT_EQ(model.keys.size(), 1u) << All(diags);
}

// std::regex (libstdc++) recurses per character: a suppression comment of a
// few hundred kilobytes overflowed the stack (found by reading the loader
// for inputs the fuzzer's 8 KiB limit cannot reach).
TEST(HostileYaml, LongSuppressionCommentDoesNotOverflowTheStack) {
  const std::string comment =
      "# rekey:ignore RK-ROT-003 reason=\"" + std::string(1u << 20, 'x') + "\" until=2027-01-31\n";
  Diagnostics diags;
  Model model = LoadText(comment + kKey, diags);
  EXPECT_EQ(model.keys.size(), 1u);
  ASSERT_EQ(model.suppressions.size(), 1u) << All(diags);
  EXPECT_EQ(model.suppressions[0].reason.size(), 1u << 20);
}

TEST(HostileYaml, LongMalformedSuppressionCommentIsReported) {
  const std::string comment = "# rekey:ignore " + std::string(1u << 20, 'R') + "\n";
  Diagnostics diags;
  LoadText(comment + kKey, diags);
  EXPECT_TRUE(HasId(diags, "RK-SUP-004")) << All(diags).substr(0, 300);
}

// Model files come from globs and directories: whatever they name must not
// block (FIFO), stream forever (device) or be slurped whole (huge file).
class HostileModelFiles : public ::testing::Test {
 protected:
  Diagnostics Load(const std::string& input) {
    ModelInputs inputs;
    inputs.inventory = {input};
    Diagnostics diags;
    LoadModel(inputs, diags);
    return diags;
  }
  TempTree tree_;
};

TEST_F(HostileModelFiles, FifoMatchedByAGlobIsRefusedNotOpened) {
  ASSERT_TRUE(MakeFifo(tree_.Path("keys.yaml")));
  OpenWatch watch(tree_.Path());
  ASSERT_TRUE(watch.ok());
  const Diagnostics diags = Load(tree_.Path() + "/*.yaml");
  ASSERT_TRUE(HasId(diags, "RK-IO-001")) << All(diags);
  EXPECT_NE(All(diags).find("is a FIFO, not a regular file"), std::string::npos) << All(diags);
  EXPECT_EQ(watch.Opened().count("keys.yaml"), 0u);
}

TEST_F(HostileModelFiles, SymlinkToADeviceIsRefused) {
  std::filesystem::create_symlink("/dev/zero", tree_.Path("zero.yaml"));
  const Diagnostics diags = Load(tree_.Path("zero.yaml"));
  EXPECT_NE(All(diags).find("is a device, not a regular file"), std::string::npos) << All(diags);
}

TEST_F(HostileModelFiles, FileOverTheInputLimitIsRefusedUnread) {
  ASSERT_TRUE(MakeSparseFile(tree_.Path("huge.yaml"), 10ull << 30));
  OpenWatch watch(tree_.Path());
  const Diagnostics diags = Load(tree_.Path("huge.yaml"));
  EXPECT_NE(All(diags).find("is larger than the 64 MiB input limit"), std::string::npos) << All(diags);
  EXPECT_EQ(watch.Opened().count("huge.yaml"), 0u);
}

// weakly_canonical (deduplicating the inputs) threw filesystem_error "Too many
// levels of symbolic links" out of LoadModel.
TEST_F(HostileModelFiles, SymlinkLoopIsAnIoError) {
  std::filesystem::create_symlink(tree_.Path("b.yaml"), tree_.Path("a.yaml"));
  std::filesystem::create_symlink(tree_.Path("a.yaml"), tree_.Path("b.yaml"));
  const Diagnostics diags = Load(tree_.Path("a.yaml"));
  EXPECT_TRUE(HasId(diags, "RK-IO-001")) << All(diags);
}

// A directory listing shared its error code with is_regular_file: a link loop
// ended it ("cannot read directory"), and a FIFO was skipped without a word.
TEST_F(HostileModelFiles, SpecialEntriesOfADirectoryAreNamedNotOpened) {
  tree_.Write("d/keys.yaml", kKey);
  std::filesystem::create_symlink(tree_.Path("d/loop.yaml"), tree_.Path("d/loop.yaml"));
  ASSERT_TRUE(MakeFifo(tree_.Path("d/pipe.yaml")));
  OpenWatch watch(tree_.Path("d"));
  ASSERT_TRUE(watch.ok());
  const Diagnostics diags = Load(tree_.Path("d"));
  const std::string all = All(diags);
  EXPECT_EQ(diags.items().size(), 2u) << all;
  EXPECT_NE(all.find(tree_.Path("d/loop.yaml") + ": error[RK-IO-001]"), std::string::npos) << all;
  EXPECT_NE(all.find(tree_.Path("d/pipe.yaml") + ": error[RK-IO-001]: is a FIFO"), std::string::npos) << all;
  EXPECT_EQ(watch.Opened().count("pipe.yaml"), 0u);
}

TEST_F(HostileModelFiles, DirectoryWithASymlinkLoopTerminates) {
  tree_.Write("d/keys.yaml", kKey);
  std::filesystem::create_directory_symlink(tree_.Path("d"), tree_.Path("d/loop"));
  const Diagnostics diags = Load(tree_.Path("d"));
  EXPECT_FALSE(diags.HasErrors()) << All(diags);
}

TEST_F(HostileModelFiles, UnreadableFileIsAnIoError) {
  const std::string path = tree_.Write("secret.yaml", kKey);
  ::chmod(path.c_str(), 0);
  ::chmod(tree_.Path().c_str(), 0755);
  const int code = RunUnprivileged([&] {
    ModelInputs inputs;
    inputs.inventory = {path};
    Diagnostics diags;
    LoadModel(inputs, diags);
    return HasId(diags, "RK-IO-001") ? 0 : 1;
  });
  EXPECT_EQ(code, 0);
}

TEST(HostileAuditLog, FifoIsRefusedNotOpened) {
  TempTree tree;
  ASSERT_TRUE(MakeFifo(tree.Path("audit.jsonl")));
  Model model;
  Diagnostics diags;
  LoadAuditLog(tree.Path("audit.jsonl"), model, diags);
  EXPECT_NE(All(diags).find("audit log is a FIFO, not a regular file"), std::string::npos) << All(diags);
}

// nlohmann's json::value("key_id", std::string()) throws type_error when the
// field holds a number: an uncaught exception, so `rekey check` aborted.
TEST(HostileAuditLog, FuzzAuditLog_NonStringKeyIdIsADiagnostic) {
  Model model;
  Diagnostics diags;
  LoadAuditLogText(R"({"time":"2026-11-01T02:00:00Z","secret":"k1","event":"created","key_id":5})", "a.jsonl", model,
                   diags);
  ASSERT_TRUE(HasId(diags, "RK-AUD-002")) << All(diags);
  EXPECT_NE(All(diags).find("key_id"), std::string::npos);
  EXPECT_TRUE(model.audit.empty());
}

TEST(HostileAuditLog, DeeplyNestedLineIsADiagnostic) {
  Model model;
  Diagnostics diags;
  LoadAuditLogText(std::string(100000, '[') + std::string(100000, ']') + "\n", "a.jsonl", model, diags);
  EXPECT_TRUE(HasId(diags, "RK-AUD-001")) << All(diags);
}

TEST(HostileAuditLog, NulBytesInvalidUtf8AndCrlfAreDiagnosedPerLine) {
  Model model;
  Diagnostics diags;
  const std::string good = R"({"time":"2026-11-01T02:00:00Z","secret":"k1","event":"created"})";
  LoadAuditLogText(good + "\r\n" + std::string("{\"time\":\0}", 10) + "\n{\"secret\":\"\xff\"}\n" + good, "a.jsonl",
                   model, diags);
  EXPECT_EQ(model.audit.size(), 2u) << All(diags);
  ASSERT_EQ(diags.error_count(), 2u) << All(diags);
  EXPECT_EQ(diags.items()[0].loc.line, 2);
  EXPECT_EQ(diags.items()[1].loc.line, 3);
}

}  // namespace
}  // namespace rekey
