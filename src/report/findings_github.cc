// The github findings writer: one GitHub Actions workflow command per finding,
// which the runner turns into an annotation on the file and line:
//
//   ::error file=config/app.env,line=3,col=12,endLine=3,endColumn=44,title=rekey stripe.secret-key::…
//
// critical/high -> error, medium -> warning, low -> notice. Values are escaped
// as the runner expects (% CR LF always; ':' and ',' inside properties).
// Linked findings name their inventory key in the message.
#include "rekey/report/findings_writer.h"
#include "report/findings_link.h"
#include "report/github_escape.h"

namespace rekey {
namespace {

const char* GithubCommand(RuleSeverity severity) {
  switch (severity) {
    case RuleSeverity::kCritical:
    case RuleSeverity::kHigh:
      return "error";
    case RuleSeverity::kMedium:
      return "warning";
    case RuleSeverity::kLow:
      return "notice";
  }
  return "warning";
}

class GithubWriter : public FindingSink {
 public:
  explicit GithubWriter(std::string& out) : out_(out) {}

  void Add(const Finding& f) override {
    const std::string link = LinkHeadline(f.link);
    out_ += "::" + std::string(GithubCommand(f.severity)) + " file=" + EscapeProperty(f.path) +
            ",line=" + std::to_string(f.line) + ",col=" + std::to_string(f.column) +
            ",endLine=" + std::to_string(f.end_line) + ",endColumn=" + std::to_string(f.end_column) +
            ",title=" + EscapeProperty("rekey " + f.rule_id) + "::" +
            EscapeData(f.rule_name + " " + f.secret_redacted + " (fingerprint " + f.fingerprint.substr(0, 12) + "). " +
                       (link.empty() ? "" : "Inventory: " + link + ". ") + "Rotate the key, then remove it.") +
            "\n";
  }
  void Finish(const ScanSummary&) override {}

 private:
  std::string& out_;
};

}  // namespace

std::unique_ptr<FindingSink> MakeGithubFindingsWriter(std::string& out) { return std::make_unique<GithubWriter>(out); }

}  // namespace rekey
