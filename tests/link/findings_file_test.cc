// `rekey plan --from-findings` reads back what `rekey scan --format json`
// wrote: every field the plan needs, never the secret, and a clear error with
// a position for anything else.
#include "rekey/link/findings_file.h"

#include <gtest/gtest.h>

#include <string>

#include "rekey/report/findings_writer.h"

namespace rekey {
namespace {

Finding Sample(int line, std::string secret) {
  Finding f;
  f.rule_id = "stripe.secret-key";
  f.rule_name = "Stripe live secret key";
  f.severity = RuleSeverity::kCritical;
  f.provider = "Stripe";
  f.path = "payments/prod.env";
  f.line = line;
  f.column = 19;
  f.end_line = line;
  f.end_column = 57;
  f.secret_redacted = "sk_l\u2026(38 chars)";
  f.secret = std::move(secret);
  f.fingerprint = std::string(64, 'b');
  f.commit = "0123456789abcdef0123456789abcdef01234567";
  f.author = "Dev <dev@example.test>";
  f.date = "2026-11-01T02:00:00Z";
  f.commit_count = 3;
  return f;
}

TEST(FindingsFile, ReadsBackWhatTheJsonWriterWritesButNeverTheSecret) {
  const std::string secret = std::string("sk_") + "live_" + "FAKE0findings0file0test0abcdefgh";
  std::string json;
  std::unique_ptr<FindingSink> writer = MakeJsonFindingsWriter(json);
  writer->Add(Sample(3, secret));  // as with --show-secrets
  writer->Add(Sample(9, ""));
  writer->Finish(ScanSummary{});
  ASSERT_NE(json.find(secret), std::string::npos);  // the control: the file holds it
  Diagnostics diags;
  const std::vector<Finding> read = ReadFindingsText(json, "findings.json", diags);
  ASSERT_TRUE(diags.empty()) << FormatDiagnostic(diags.items()[0]);
  ASSERT_EQ(read.size(), 2u);
  const Finding& f = read[0];
  EXPECT_EQ(f.rule_id, "stripe.secret-key");
  EXPECT_EQ(f.rule_name, "Stripe live secret key");
  EXPECT_EQ(f.severity, RuleSeverity::kCritical);
  EXPECT_EQ(f.provider, "Stripe");
  EXPECT_EQ(f.path, "payments/prod.env");
  EXPECT_EQ(f.line, 3);
  EXPECT_EQ(f.column, 19);
  EXPECT_EQ(f.end_column, 57);
  EXPECT_EQ(f.secret_redacted, "sk_l\u2026(38 chars)");
  EXPECT_EQ(f.fingerprint, std::string(64, 'b'));
  EXPECT_EQ(f.commit, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(f.author, "Dev <dev@example.test>");
  EXPECT_TRUE(f.secret.empty());
  EXPECT_EQ(read[1].line, 9);
}

struct BadFile {
  const char* name;
  std::string text;
  const char* id;
  int line;
};

TEST(FindingsFile, ProblemsHaveAPositionAndAHint) {
  const std::string ok = R"("rule_id": "x.y", "severity": "high", "path": "a", "line": 1, "column": 1, )"
                         R"("secret_redacted": "x", "fingerprint": "f")";
  const std::vector<BadFile> cases = {
      {"JSON Lines", "{\"rule_id\":\"a\"}\n{\"rule_id\":\"b\"}\n", "RK-LINK-001", 1},
      {"wrong version", "{\"version\": 2, \"findings\": []}", "RK-LINK-001", 1},
      {"findings not a list", "{\"version\": 1,\n \"findings\": 5}", "RK-LINK-001", 2},
      {"line zero", "{\"version\": 1, \"findings\": [\n {" + ok + ", \"end_line\": 0}]}", "RK-LINK-001", 2},
      {"missing fingerprint",
       "{\"version\": 1, \"findings\": [\n {\"rule_id\": \"x.y\", \"severity\": \"high\", "
       "\"path\": \"a\", \"line\": 1, \"column\": 1, \"secret_redacted\": \"x\"}]}",
       "RK-YAML-005", 2},
      {"unknown severity", "{\"version\": 1, \"findings\": [\n {" + ok + ", \"severity\": \"urgent\"}]}", "RK-YAML-008",
       2},
      {"unknown field", "{\"version\": 1, \"findings\": [\n {" + ok + ", \"ruleid\": 1}]}", "RK-YAML-004", 2},
      {"not JSON", "{\"version\": 1, \"findings\": [", "RK-YAML-001", 1},
  };
  for (const BadFile& c : cases) {
    SCOPED_TRACE(c.name);
    Diagnostics diags;
    ReadFindingsText(c.text, "findings.json", diags);
    ASSERT_TRUE(diags.HasErrors());
    const Diagnostic& d = diags.items()[0];
    EXPECT_EQ(d.id, c.id) << FormatDiagnostic(d);
    EXPECT_EQ(d.loc.line, c.line) << FormatDiagnostic(d);
    EXPECT_FALSE(d.hint.empty()) << FormatDiagnostic(d);
  }
}

TEST(FindingsFile, AMissingFileIsAnIoError) {
  Diagnostics diags;
  EXPECT_TRUE(ReadFindingsFile("/nonexistent/findings.json", diags).empty());
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].id, "RK-IO-001");
}

}  // namespace
}  // namespace rekey
