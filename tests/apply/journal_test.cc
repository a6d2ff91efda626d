// The journal: one fsync'ed line per event, torn tails repaired, read back by
// the audit-log loader `check` uses (every new event and field accepted).
#include "rekey/apply/journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "rekey/apply/rotation.h"
#include "rekey/model/loader.h"

namespace rekey {
namespace {

std::string TempPath(const std::string& name) {
  const std::string dir = testing::TempDir() + "/journal-test";
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir + "/" + name);
  return dir + "/" + name;
}

AuditEvent Event(AuditEventType type, const std::string& key_id = "") {
  AuditEvent e;
  e.time = *ParseRfc3339("2027-03-01T02:00:00Z");
  e.secret = "gw";
  e.type = type;
  e.key_id = key_id;
  e.rotation_id = "rot-gw-20270301T020000Z-0000abcd";
  return e;
}

TEST(Journal, LinesCarryOnlyTheFieldsThatAreSet) {
  AuditEvent e = Event(AuditEventType::kActivated, "k1");
  e.previous_key_id = "k0";
  e.not_before = *ParseRfc3339("2027-03-01T04:00:00Z");
  e.emergency = true;
  EXPECT_EQ(JournalLine(e), R"({"time":"2027-03-01T02:00:00Z","secret":"gw","event":"activated","key_id":"k1",)"
                            R"("rotation_id":"rot-gw-20270301T020000Z-0000abcd","previous_key_id":"k0",)"
                            R"("not_before":"2027-03-01T04:00:00Z","emergency":true})");
}

TEST(Journal, EveryEventReadsBackThroughTheAuditLogLoader) {
  const std::string path = TempPath("all.jsonl");
  Result<Journal> j = Journal::Open(path);
  ASSERT_TRUE(j.ok());
  for (int t = 0; t <= static_cast<int>(AuditEventType::kUnlocked); ++t) {
    AuditEvent e = Event(static_cast<AuditEventType>(t), "k1");
    e.reason = "why";
    e.actor = "rekey apply";
    ASSERT_TRUE(j->Append(e).ok());
  }
  Model model;
  Diagnostics diags;
  LoadAuditLog(path, model, diags);
  EXPECT_FALSE(diags.HasErrors()) << diags.items()[0].message;
  ASSERT_EQ(model.audit.size(), 15u);
  EXPECT_EQ(model.audit[14].type, AuditEventType::kUnlocked);
  EXPECT_EQ(model.audit[3].reason, "why");
  EXPECT_EQ(model.audit[3].rotation_id, "rot-gw-20270301T020000Z-0000abcd");
}

TEST(Journal, UnknownEventsAndBadFieldsStayDiagnostics) {
  Model model;
  Diagnostics diags;
  LoadAuditLogText(R"({"time":"2027-03-01T02:00:00Z","secret":"gw","event":"teleported"}
{"time":"2027-03-01T02:00:00Z","secret":"gw","event":"planned","emergency":"yes"}
{"time":"2027-03-01T02:00:00Z","secret":"gw","event":"activated","not_before":"soon"}
)",
                   "audit.jsonl", model, diags);
  ASSERT_EQ(diags.items().size(), 3u);
  for (const Diagnostic& d : diags.items()) EXPECT_EQ(d.id, "RK-AUD-002");
}

TEST(Journal, ATornLastLineIsCutWhenOpened) {
  const std::string path = TempPath("torn.jsonl");
  {
    std::ofstream f(path);
    f << JournalLine(Event(AuditEventType::kPlanned)) << "\n"
      << R"({"time":"2027-03-01T02:00:00Z","sec)";
  }
  Result<Journal> j = Journal::Open(path);
  ASSERT_TRUE(j.ok());
  ASSERT_TRUE(j->Append(Event(AuditEventType::kLocked)).ok());
  Diagnostics diags;
  std::vector<AuditEvent> events = j->ReadAll(diags);
  EXPECT_FALSE(diags.HasErrors());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(Replay(events)[0].state, RotationState::kLocked);
}

TEST(Rotation, IdsNameTheKeyAndTheTime) {
  const std::string id = MakeRotationId("stripe-api-key", *ParseRfc3339("2027-03-01T02:00:00Z"));
  EXPECT_EQ(id.rfind("rot-stripe-api-key-20270301T020000Z-", 0), 0u);
  EXPECT_EQ(id.size(), std::string("rot-stripe-api-key-20270301T020000Z-").size() + 8);
  EXPECT_NE(id, MakeRotationId("stripe-api-key", *ParseRfc3339("2027-03-01T02:00:00Z")));
}

}  // namespace
}  // namespace rekey
