// The jsonl findings writer: one finding object per line, streamed as the scan
// reports them; the summary is not part of the stream.
#include "rekey/report/findings_writer.h"
#include "report/findings_json_object.h"

namespace rekey {
namespace {

class JsonlWriter : public FindingSink {
 public:
  explicit JsonlWriter(std::string& out) : out_(out) {}

  void Add(const Finding& finding) override {
    out_ += FindingToJson(finding).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out_ += '\n';
  }
  void Finish(const ScanSummary&) override {}

 private:
  std::string& out_;
};

}  // namespace

std::unique_ptr<FindingSink> MakeJsonlFindingsWriter(std::string& out) { return std::make_unique<JsonlWriter>(out); }

}  // namespace rekey
