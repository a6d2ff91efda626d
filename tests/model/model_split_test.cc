// A big model file is loaded as pieces on every core; the pieces must give
// exactly the model, locations and suppressions the whole file gives, and a
// file that cannot be cut safely is not cut.
#include "model/model_split.h"

#include <gtest/gtest.h>

#include <string>

#include "rekey/model/loader.h"

namespace rekey {
namespace {

// `keys` keys, services and schedules with comments, a suppression above a
// record, a nested list and a block scalar: every shape a cut must respect.
std::string BigModel(int keys) {
  std::string out = "# generated for model_split_test\napi_keys:\n";
  for (int i = 0; i < keys; ++i) {
    const std::string n = std::to_string(i);
    if (i % 97 == 0) out += "\n  # rekey:ignore RK-DK-001 reason=\"legacy " + n + "\"\n";
    out += "  - name: key-" + n +
           "\n    provider: Stripe\n    environment: production\n"
           "    used_by: [svc-" +
           n + ", svc-x]\n    vault_path: secret/prod/key-" + n +
           "\n    rotation_frequency: 30d\n    supports_dual_key: false\n    owner: |\n      team " + n +
           "\n      - not an item\n    criticality: high\n";
  }
  out += "services:\n";
  for (int i = 0; i < keys / 10; ++i) out += "- name: svc-" + std::to_string(i) + "\n  reads_via: env\n";
  out += "rotation_schedules:\n";
  for (int i = 0; i < keys; ++i) {
    out += "  - secret: key-" + std::to_string(i) + "\n    schedule: \"0 2 1,15 * *\"\n    grace_period: 2h\n";
  }
  return out;
}

struct Loaded {
  Model model;
  Diagnostics diags;
};

Loaded Whole(const std::string& text) {
  Loaded out;
  LoadModelText(text, "big.yaml", out.model, out.diags);
  return out;
}

TEST(SplitModelText, PiecesLoadToTheSameRecordsAtTheSameLines) {
  const std::string text = BigModel(3000);
  ASSERT_GT(text.size(), kMinSplitBytes);
  const std::vector<ModelPiece> pieces = SplitModelText(text, 3);
  ASSERT_EQ(pieces.size(), 5u);  // three shares, and cuts at the services: and rotation_schedules: headers
  Model joined;
  for (const ModelPiece& piece : pieces) {
    Model part;
    Diagnostics diags;
    LoadModelPiece(piece, "big.yaml", part, diags);
    ASSERT_TRUE(diags.empty()) << FormatDiagnostic(diags.items()[0]);
    joined.keys.insert(joined.keys.end(), part.keys.begin(), part.keys.end());
    joined.services.insert(joined.services.end(), part.services.begin(), part.services.end());
    joined.schedules.insert(joined.schedules.end(), part.schedules.begin(), part.schedules.end());
  }
  const Loaded whole = Whole(text);
  ASSERT_TRUE(whole.diags.empty());
  ASSERT_EQ(joined.keys.size(), whole.model.keys.size());
  ASSERT_EQ(joined.services.size(), whole.model.services.size());
  ASSERT_EQ(joined.schedules.size(), whole.model.schedules.size());
  for (size_t i = 0; i < joined.keys.size(); ++i) {
    EXPECT_EQ(joined.keys[i].name, whole.model.keys[i].name);
    EXPECT_EQ(joined.keys[i].loc.line, whole.model.keys[i].loc.line) << joined.keys[i].name;
    EXPECT_EQ(joined.keys[i].loc.column, whole.model.keys[i].loc.column);
    EXPECT_EQ(joined.keys[i].LocOf("criticality").line, whole.model.keys[i].LocOf("criticality").line);
    EXPECT_EQ(joined.keys[i].owner, whole.model.keys[i].owner);
  }
  for (size_t i = 0; i < joined.schedules.size(); ++i) {
    EXPECT_EQ(joined.schedules[i].loc.line, whole.model.schedules[i].loc.line) << i;
  }
  EXPECT_EQ(joined.services.back().loc.line, whole.model.services.back().loc.line);
}

TEST(SplitModelText, CommentsAboveARecordStayWithIt) {
  const std::string text = BigModel(3000);
  for (const ModelPiece& piece : SplitModelText(text, 7)) {
    // A piece never begins with the record a comment above it describes cut
    // off from it: it begins with the comment, an item, or a section header.
    const size_t first = piece.text.find_first_not_of(" \n");
    if (piece.line_offset == 0) continue;
    if (piece.section.empty()) {
      EXPECT_TRUE(piece.text.starts_with("services:") || piece.text.starts_with("rotation_schedules:"))
          << piece.text.substr(0, 200);
      continue;
    }
    EXPECT_TRUE(piece.text.compare(first, 1, "#") == 0 || piece.text.compare(first, 1, "-") == 0)
        << piece.text.substr(0, 200);
  }
  std::string commented = "api_keys:\n";  // a comment above every item: every cut meets one
  for (int i = 0; i < 3000; ++i) {
    commented += "  # about key-" + std::to_string(i) + "\n\n  - name: key-" + std::to_string(i) +
                 "\n    provider: Stripe\n    vault_path: secret/prod/key-" + std::to_string(i) + "\n";
  }
  ASSERT_GT(commented.size(), kMinSplitBytes);
  const std::vector<ModelPiece> pieces = SplitModelText(commented, 4);
  ASSERT_EQ(pieces.size(), 4u);
  for (const ModelPiece& piece : pieces) {
    if (piece.line_offset > 0) EXPECT_TRUE(piece.text.starts_with("  # about key-")) << piece.text.substr(0, 80);
  }
  for (const ModelPiece& piece : SplitModelText(text, 7)) {
    // ... so no piece ends with a comment line (cut off from the item below it).
    std::string_view body = piece.text;
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.remove_suffix(1);
    const std::string_view last = body.substr(body.rfind('\n') + 1);
    EXPECT_NE(last.substr(last.find_first_not_of(' '), 1), "#") << last;
  }
}

TEST(LoadModel, ABigFileLoadsLikeItsWholeTextWithSuppressions) {
  const std::string text = BigModel(3000);
  const std::string path = ::testing::TempDir() + "/rekey_split_big.yaml";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  Diagnostics diags;
  const Model loaded = LoadModel({{path}, {}, {}, ""}, diags);
  Loaded whole;
  LoadModelText(text, path, whole.model, whole.diags);
  ASSERT_TRUE(diags.empty()) << FormatDiagnostic(diags.items()[0]);
  ASSERT_EQ(loaded.keys.size(), whole.model.keys.size());
  ASSERT_EQ(loaded.suppressions.size(), whole.model.suppressions.size());
  ASSERT_EQ(loaded.suppressions.size(), 31u);
  for (size_t i = 0; i < loaded.suppressions.size(); ++i) {
    EXPECT_EQ(loaded.suppressions[i].loc.line, whole.model.suppressions[i].loc.line);
    EXPECT_EQ(loaded.suppressions[i].first_line, whole.model.suppressions[i].first_line);
    EXPECT_EQ(loaded.suppressions[i].reason, whole.model.suppressions[i].reason);
  }
}

TEST(LoadModel, AProblemInABigFileReadsAsInTheWholeFile) {
  // An alias whose anchor is far away: a piece alone cannot resolve it.
  std::string text = BigModel(3000);
  text.replace(text.find("    provider: Stripe\n"), 21, "    provider: &p Stripe\n");
  text.replace(text.rfind("    provider: Stripe\n"), 21, "    provider: *p\n    bogus: 1\n");
  const std::string path = ::testing::TempDir() + "/rekey_split_bad.yaml";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  Diagnostics diags;
  LoadModel({{path}, {}, {}, ""}, diags);
  Loaded whole;
  LoadModelText(text, path, whole.model, whole.diags);
  ASSERT_EQ(diags.items().size(), whole.diags.items().size());
  ASSERT_EQ(diags.items().size(), 1u) << FormatDiagnostic(diags.items()[0]);
  EXPECT_EQ(FormatDiagnostic(diags.items()[0]), FormatDiagnostic(whole.diags.items()[0]));
  EXPECT_EQ(diags.items()[0].id, "RK-YAML-004");  // bogus; the alias itself resolves in the whole file
}

TEST(SplitModelText, AboutOnePiecePerQuarterMebibyteOnEveryCore) {
  EXPECT_EQ(PieceCount(kMinSplitBytes - 1, 8), 1u);  // small: whole
  EXPECT_EQ(PieceCount(100u << 20, 1), 1u);          // one core: whole
  EXPECT_EQ(PieceCount(kMinSplitBytes, 2), 2u);      // at least one per core
  EXPECT_EQ(PieceCount(20 * kMinSplitBytes, 2), 20u);
  EXPECT_EQ(PieceCount(size_t{1} << 30, 2), 256u);  // capped
}

TEST(SplitModelText, UnsafeOrSmallFilesAreNotCut) {
  const std::string big = BigModel(3000);
  EXPECT_TRUE(SplitModelText(BigModel(10), 4).empty());  // small
  EXPECT_TRUE(SplitModelText(big, 1).empty());
  EXPECT_TRUE(SplitModelText("---\n" + big, 4).empty());                     // a document marker
  EXPECT_TRUE(SplitModelText(big + "extra:\n  - x\n", 4).empty());           // an unknown section
  EXPECT_TRUE(SplitModelText(big + "api_keys:\n  - name: y\n", 4).empty());  // a section twice
  std::string tabbed = big;
  tabbed.replace(tabbed.find("    provider"), 4, "\t");
  EXPECT_TRUE(SplitModelText(tabbed, 4).empty());  // tab diagnostics are the whole file's
  EXPECT_TRUE(SplitModelText("api_keys: [" + big.substr(10) + "]", 4).empty());
}

}  // namespace
}  // namespace rekey
