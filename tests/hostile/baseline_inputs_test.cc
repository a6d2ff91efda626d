// Baselines are named by the repository's .rekey.yaml, so their content is
// hostile input too.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "hostile/hostile_util.h"
#include "rekey/scan/baseline.h"
#include "rekey/scan/finding.h"

namespace rekey {
namespace {

const std::string kFingerprint(64, 'a');

TEST(HostileBaseline, GarbageIsAnError) {
  for (const std::string& text : std::vector<std::string>{
           "", "[]", "{\"version\":1}", "{\"version\":\"1\",\"entries\":[]}", "{\"version\":1,\"entries\":[5]}",
           "{\"version\":1,\"entries\":[{}]}", std::string(100000, '[')}) {
    EXPECT_FALSE(Baseline::Parse(text, "b.json").ok()) << text.substr(0, 40);
  }
}

// nlohmann's value("rule_id", "") throws type_error when the field holds a
// number; the exception escapes `rekey scan --baseline` and aborts it.
TEST(HostileBaseline, FuzzBaseline_NonStringFieldsAreAnError) {
  for (const char* field : {"\"rule_id\":5", "\"path\":[]", "\"line\":\"x\"", "\"rule_id\":null"}) {
    const std::string text = "{\"version\":1,\"entries\":[{\"fingerprint\":\"" + kFingerprint + "\"," + field + "}]}";
    const Result<Baseline> parsed = Baseline::Parse(text, "b.json");
    ASSERT_FALSE(parsed.ok()) << field;
    EXPECT_NE(parsed.error().message.find("entry 1: \""), std::string::npos) << parsed.error().message;
  }
}

// Baseline::Load read with std::ifstream: a FIFO blocked it forever, a link
// to /dev/zero streamed until memory ran out.
TEST(HostileBaseline, FifoBaselineIsAnErrorNotAHang) {
  TempTree tree;
  ASSERT_TRUE(MakeFifo(tree.Path("baseline.json")));
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           const Result<Baseline> loaded = Baseline::Load(tree.Path("baseline.json"));
                           if (loaded.ok()) return 1;
                           return loaded.error().message == "cannot read baseline " + tree.Path("baseline.json") +
                                                                ": is a FIFO, not a regular file"
                                      ? 0
                                      : 2;
                         }),
            0);
}

TEST(HostileBaseline, BaselineLinkedToADeviceIsAnError) {
  TempTree tree;
  std::filesystem::create_symlink("/dev/zero", tree.Path("baseline.json"));
  EXPECT_EQ(
      WithDeadline(60,
                   [&] {
                     const Result<Baseline> loaded = Baseline::Load(tree.Path("baseline.json"));
                     return !loaded.ok() && loaded.error().message.ends_with("is a device, not a regular file") ? 0 : 1;
                   }),
      0);
}

TEST(HostileBaseline, MissingBaselineNamesThePath) {
  TempTree tree;
  const Result<Baseline> loaded = Baseline::Load(tree.Path("nope.json"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "cannot read baseline " + tree.Path("nope.json"));
}

// Field types are checked, and so is the range of "line".
TEST(HostileBaseline, OutOfRangeLineIsAnError) {
  for (const char* line : {"-1", "2147483648", "18446744073709551615", "1.5"}) {
    const std::string text =
        "{\"version\":1,\"entries\":[{\"fingerprint\":\"" + kFingerprint + "\",\"line\":" + line + "}]}";
    EXPECT_FALSE(Baseline::Parse(text, "b.json").ok()) << line;
  }
  const std::string ok = "{\"version\":1,\"entries\":[{\"fingerprint\":\"" + kFingerprint +
                         "\",\"rule_id\":\"r\",\"path\":\"p\",\"line\":2147483647}]}";
  const Result<Baseline> parsed = Baseline::Parse(ok, "b.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->entries()[0].line, 2147483647);
}

// File names are bytes: a baseline of a file whose name is not UTF-8 threw
// nlohmann's type_error 316 out of ToJson (`rekey baseline create` aborted).
TEST(HostileBaseline, FileNameThatIsNotUtf8IsWritten) {
  Finding finding;
  finding.fingerprint = kFingerprint;
  finding.rule_id = "test.token";
  finding.path = "dir/caf\xe9.env";
  finding.line = 3;
  const Baseline baseline = Baseline::FromFindings({finding});
  const std::string json = baseline.ToJson();
  const Result<Baseline> parsed = Baseline::Parse(json, "b.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->entries().size(), 1u);
  EXPECT_EQ(parsed->entries()[0].path, "dir/caf\uFFFD.env");
  EXPECT_EQ(parsed->entries()[0].fingerprint, kFingerprint);
}

}  // namespace
}  // namespace rekey
