// `.rekey.yaml` under hostile content: it is found by walking up to the git
// root, so a scanned repository supplies it.
#include <gtest/gtest.h>

#include "hostile/hostile_util.h"
#include "rekey/config/config.h"
#include "rekey/policy/policy.h"

namespace rekey {
namespace {

TEST(HostileConfig, AliasBombIsADiagnostic) {
  TempTree tree;
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'h'; ++level) {
    text += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", " : "") + "*" + static_cast<char>(level - 1);
    text += "]\n";
  }
  Diagnostics diags;
  LoadConfig(tree.Write(".rekey.yaml", text), diags);
  EXPECT_TRUE(diags.HasErrors());
}

TEST(HostileConfig, WrongShapesAreDiagnostics) {
  TempTree tree;
  for (const char* text : {"scan: [1, 2]\n", "inventory: {a: b}\n", "scan:\n  rules: {x: y}\n", "[]\n", "x\n",
                           "scan:\n  exclude: [[a]]\n", "policy: [a]\n"}) {
    Diagnostics diags;
    LoadConfig(tree.Write(".rekey.yaml", text), diags);
    EXPECT_TRUE(diags.HasErrors()) << text;
  }
}

TEST(HostileConfig, FifoConfigIsADiagnosticNotAHang) {
  TempTree tree;
  ASSERT_TRUE(MakeFifo(tree.Path(".rekey.yaml")));
  Diagnostics diags;
  LoadConfig(tree.Path(".rekey.yaml"), diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-IO-001");
  EXPECT_EQ(diags.items()[0].message, "is a FIFO, not a regular file");
}

TEST(HostileConfig, ConfigLinkedToADeviceIsADiagnostic) {
  TempTree tree;
  std::filesystem::create_symlink("/dev/zero", tree.Path(".rekey.yaml"));
  Diagnostics diags;
  LoadConfig(tree.Path(".rekey.yaml"), diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].message, "is a device, not a regular file");
}

// Policy files: LoadPolicy (src/policy/policy_loader.cc) reads with std::ifstream.
// It blocked forever on a FIFO and streamed /dev/zero until memory ran out.
TEST(HostileConfig, FifoPolicyIsADiagnosticNotAHang) {
  TempTree tree;
  ASSERT_TRUE(MakeFifo(tree.Path("policy.yaml")));
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           Diagnostics diags;
                           LoadPolicy(tree.Path("policy.yaml"), diags);
                           if (diags.items().size() != 1 || diags.items()[0].id != "RK-IO-001") return 1;
                           return diags.items()[0].message == "is a FIFO, not a regular file" ? 0 : 2;
                         }),
            0);
}

TEST(HostileConfig, PolicyLinkedToADeviceIsADiagnostic) {
  TempTree tree;
  std::filesystem::create_symlink("/dev/zero", tree.Path("policy.yaml"));
  EXPECT_EQ(WithDeadline(60,
                         [&] {
                           Diagnostics diags;
                           LoadPolicy(tree.Path("policy.yaml"), diags);
                           return diags.items().size() == 1 &&
                                          diags.items()[0].message == "is a device, not a regular file"
                                      ? 0
                                      : 1;
                         }),
            0);
}

TEST(HostileConfig, MissingPolicyFileSaysSo) {
  Diagnostics diags;
  LoadPolicy("/nonexistent/policy.yaml", diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-IO-001");
  EXPECT_EQ(diags.items()[0].message, "cannot read policy file");
}

}  // namespace
}  // namespace rekey
