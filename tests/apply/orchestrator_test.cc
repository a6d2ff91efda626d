// The rotation state machine against an in-memory vault and provider: every
// path of orchestrator.h, and the invariants after each step.
#include "rekey/apply/orchestrator.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "rekey/model/loader.h"

namespace rekey {
namespace {

class MutableClock final : public Clock {
 public:
  Timestamp Now() const override { return now; }
  Timestamp now = *ParseRfc3339("2027-03-01T02:00:00Z");
};

// KV v2 versions, metadata and the lock, in memory, with switchable outages.
class FakeStore final : public SecretStore {
 public:
  Result<SecretVersion> Read(const std::string& path, int version) override {
    if (down) return Error{"vault sealed", "transient"};
    SecretVersion out;
    auto& versions = secrets[path];
    const int n = version == 0 ? static_cast<int>(versions.size()) : version;
    if (n < 1 || n > static_cast<int>(versions.size())) return out;
    out.exists = true;
    out.version = n;
    out.data = versions[n - 1];
    return out;
  }
  Result<std::optional<int>> Write(const std::string& path, const SecretData& data, std::optional<int> cas) override {
    if (down || writes_fail) return Error{"vault sealed", "transient"};
    auto& versions = secrets[path];
    if (cas && *cas != static_cast<int>(versions.size())) return std::optional<int>();
    versions.push_back(data);
    return std::optional<int>(static_cast<int>(versions.size()));
  }
  Result<SecretMetadata> ReadMetadata(const std::string& path) override {
    if (down) return Error{"vault sealed", "transient"};
    SecretMetadata m;
    m.exists = true;
    m.current_version = static_cast<int>(secrets[path].size());
    m.custom = metadata[path];
    return m;
  }
  Status WriteMetadata(const std::string& path, const SecretData& custom) override {
    if (down || writes_fail) return Error{"vault sealed", "transient"};
    metadata[path] = custom;
    return Ok{};
  }
  Result<LockState> Lock(const std::string& path, const std::string& rotation_id, Timestamp now,
                         Duration lease) override {
    if (down) return Error{"vault sealed", "transient"};
    LockState& l = locks[path];
    if (l.held && now < l.expires_at && l.rotation_id != rotation_id) return l;
    l = {true, rotation_id, now + lease, l.version + 1};
    return l;
  }
  Status Unlock(const std::string& path, const std::string& rotation_id, Timestamp) override {
    if (down) return Error{"vault sealed", "transient"};
    if (locks[path].rotation_id == rotation_id) locks[path] = {};
    return Ok{};
  }
  std::string Describe(const std::string& method, const std::string& kind, const std::string& path) const override {
    return method + " vault/" + kind + "/" + path;
  }
  const SecretData& Primary(const std::string& path) { return secrets[path].back(); }

  std::map<std::string, std::vector<SecretData>> secrets;
  std::map<std::string, SecretData> metadata;
  std::map<std::string, LockState> locks;
  bool down = false;
  bool writes_fail = false;
};

class FakeProvider final : public KeyProvider {
 public:
  struct Key {
    std::string value, label;
    bool revoked = false;
    std::optional<Timestamp> last_used;
  };
  static Key MakeKey(std::string value, std::string label) {
    Key k;
    k.value = std::move(value);
    k.label = std::move(label);
    return k;
  }
  bool Supports(ProviderOp op) const override { return op != ProviderOp::kList || can_list; }
  Result<ProviderKey> Create(const KeyRef& ref) override {
    if (create_fails) return Error{"provider down", "transient"};
    for (auto& [id, k] : keys) {
      if (k.label == ref.label && !k.revoked && can_list) return ProviderKey{id, k.value, k.label};
    }
    const std::string id = "k" + std::to_string(++creates);
    keys[id] = MakeKey("value-" + id, ref.label);
    return ProviderKey{id, "value-" + id, ref.label};
  }
  Result<std::optional<ProviderKey>> Find(const KeyRef& ref) override {
    for (auto& [id, k] : keys) {
      if (k.label == ref.label && can_list) return std::optional<ProviderKey>(ProviderKey{id, k.value, k.label});
    }
    return std::optional<ProviderKey>();
  }
  Status Revoke(const KeyRef& ref) override {
    if (revoke_fails) return Error{"provider down", "transient"};
    keys[ref.key_id].revoked = true;
    return Ok{};
  }
  Result<bool> Validate(const KeyRef& ref) override {
    auto it = keys.find(ref.key_id);
    return it != keys.end() && !it->second.revoked && it->second.value == ref.key_value;
  }
  Result<std::optional<Timestamp>> LastUsed(const KeyRef& ref) override { return keys[ref.key_id].last_used; }
  std::string Describe(ProviderOp op, const KeyRef& ref) const override {
    return std::string(ProviderOpName(op)) + " " + ref.key_id;
  }
  bool Live(const std::string& id) const {
    auto it = keys.find(id);
    return it != keys.end() && !it->second.revoked;
  }
  std::map<std::string, Key> keys;
  int creates = 0;
  bool can_list = true, create_fails = false, revoke_fails = false;
};

class RecordingNotifier final : public Notifier {
 public:
  void Notify(const AuditEvent& e) override { events.push_back(std::string(AuditEventTypeName(e.type))); }
  std::vector<std::string> events;
};

constexpr char kPath[] = "secret/prod/gw";

Verify VerifyBy(VerifyMethod method, Duration timeout) {
  Verify v;
  v.method = method;
  v.timeout = timeout;
  return v;
}

class OrchestratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir() + "/orch-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Result<Journal> journal = Journal::Open(dir_ + "/audit.jsonl");
    ASSERT_TRUE(journal.ok());
    journal_.emplace(std::move(*journal));
    provider_.keys["k0"] = FakeProvider::MakeKey("value-k0", "initial");
    store_.secrets[kPath] = {{{"key", "value-k0"}, {"key_id", "k0"}}};
    spec_.key = "gw";
    spec_.vault_path = kPath;
    spec_.grace = Duration::Hours(2);
    spec_.verify = VerifyBy(VerifyMethod::kProviderLastUsed, Duration::Hours(4));
    Fresh();
  }
  // A new process: nothing in memory but what the journal says.
  void Fresh() {
    orchestrator_.emplace(
        *journal_, store_, [this](const std::string&) { return &provider_; }, nullptr, &notifier_, clock_,
        OrchestratorOptions{});
  }
  std::vector<RotationRecord> Records() {
    Diagnostics diags;
    std::vector<RotationRecord> r = Replay(journal_->ReadAll(diags));
    EXPECT_FALSE(diags.HasErrors());
    return r;
  }
  StepReport Resume() {
    Fresh();
    std::vector<RotationRecord> records = Records();
    EXPECT_FALSE(records.empty());
    return orchestrator_->Resume(records.back(), spec_);
  }
  std::vector<std::string> Events() {
    Diagnostics diags;
    std::vector<std::string> out;
    for (const AuditEvent& e : journal_->ReadAll(diags)) out.push_back(std::string(AuditEventTypeName(e.type)));
    return out;
  }
  void ExpectInvariants() {
    const SecretData& primary = store_.Primary(kPath);
    EXPECT_TRUE(provider_.Live(primary.at("key_id"))) << "vault primary " << primary.at("key_id") << " is not live";
    EXPECT_EQ(primary.at("key"), provider_.keys[primary.at("key_id")].value);
  }
  void Later(Duration d) { clock_.now = clock_.now + d; }

  std::string dir_;
  std::optional<Journal> journal_;
  FakeStore store_;
  FakeProvider provider_;
  RecordingNotifier notifier_;
  MutableClock clock_;
  RotationSpec spec_;
  std::optional<Orchestrator> orchestrator_;
};

TEST_F(OrchestratorTest, StopsAtTheGracePeriodThenVerifiesAndRevokes) {
  StepReport r = orchestrator_->Start(spec_);
  EXPECT_EQ(r.outcome, Outcome::kWaiting);
  EXPECT_EQ(r.state, RotationState::kPropagating);
  EXPECT_EQ(store_.Primary(kPath).at("key_id"), "k1");
  EXPECT_TRUE(provider_.Live("k0"));
  EXPECT_EQ(store_.metadata[kPath].at("previous_key_id"), "k0");
  ExpectInvariants();
  Later(Duration::Hours(1));
  EXPECT_EQ(Resume().outcome, Outcome::kWaiting);  // inside the grace period
  EXPECT_TRUE(provider_.Live("k0"));
  Later(Duration::Hours(2));
  EXPECT_EQ(Resume().outcome, Outcome::kWaiting);  // the new key is not used yet
  provider_.keys["k1"].last_used = clock_.now;
  EXPECT_EQ(Resume().outcome, Outcome::kDone);
  EXPECT_FALSE(provider_.Live("k0"));
  EXPECT_EQ(store_.metadata[kPath].count("previous_key_id"), 0u);
  EXPECT_TRUE(store_.locks[kPath].rotation_id.empty());
  EXPECT_EQ(Events(), (std::vector<std::string>{"planned", "locked", "created", "activated", "propagating", "verified",
                                                "revoke_due", "revoked", "done", "unlocked"}));
  ExpectInvariants();
}

TEST_F(OrchestratorTest, AnOldKeyStillUsedAfterTheGracePeriodIsNotRevoked) {
  orchestrator_->Start(spec_);
  Later(Duration::Hours(3));
  provider_.keys["k1"].last_used = clock_.now;
  provider_.keys["k0"].last_used = clock_.now;  // a consumer still holds the old key
  StepReport r = Resume();
  EXPECT_EQ(r.outcome, Outcome::kWaiting);
  EXPECT_NE(r.message.find("still holds it"), std::string::npos);
  EXPECT_TRUE(provider_.Live("k0"));
}

TEST_F(OrchestratorTest, ProviderOutageFailsCleanlyAndAlerts) {
  provider_.create_fails = true;
  StepReport r = orchestrator_->Start(spec_);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_EQ(Events(), (std::vector<std::string>{"planned", "locked", "failed", "unlocked"}));
  EXPECT_EQ(notifier_.events, std::vector<std::string>{"failed"});
  EXPECT_EQ(store_.Primary(kPath).at("key_id"), "k0");
  ExpectInvariants();
}

TEST_F(OrchestratorTest, VaultOutageAtStoreRevokesTheNewKey) {
  store_.writes_fail = true;
  Result<LockState> lock = store_.Lock(kPath, "x", clock_.now, Duration::Hours(1));  // lock writes still work
  store_.locks.clear();
  (void)lock;
  StepReport r = orchestrator_->Start(spec_);
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_FALSE(provider_.Live("k1"));
  EXPECT_EQ(store_.secrets[kPath].size(), 1u);
  ExpectInvariants();
}

TEST_F(OrchestratorTest, AnUnstoredKeyThatCannotBeRevokedIsLeftForResume) {
  store_.writes_fail = true;
  provider_.revoke_fails = true;
  EXPECT_EQ(orchestrator_->Start(spec_).outcome, Outcome::kRetryLater);
  EXPECT_EQ(Events().back(), "created");
  store_.writes_fail = false;
  provider_.revoke_fails = false;
  // A new process has lost the value: the provider's list gives it back, and it is stored.
  StepReport r = Resume();
  EXPECT_EQ(r.outcome, Outcome::kWaiting);
  EXPECT_EQ(store_.Primary(kPath).at("key_id"), "k1");
  EXPECT_EQ(provider_.creates, 1);
  ExpectInvariants();
}

TEST_F(OrchestratorTest, AValueLostWithoutListIsRevokedNotStored) {
  store_.writes_fail = true;
  provider_.revoke_fails = true;
  provider_.can_list = false;
  orchestrator_->Start(spec_);
  store_.writes_fail = false;
  provider_.revoke_fails = false;
  StepReport r = Resume();
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_NE(r.message.find("lost"), std::string::npos);
  EXPECT_FALSE(provider_.Live("k1"));
  EXPECT_EQ(store_.Primary(kPath).at("key_id"), "k0");
  ExpectInvariants();
}

TEST_F(OrchestratorTest, AHeldLockSkipsTheRotation) {
  ASSERT_TRUE(store_.Lock(kPath, "rot-other", clock_.now, Duration::Hours(1)).ok());
  StepReport r = orchestrator_->Start(spec_);
  EXPECT_EQ(r.outcome, Outcome::kSkipped);
  EXPECT_EQ(provider_.creates, 0);
  EXPECT_EQ(Events(), (std::vector<std::string>{"planned", "blocked"}));
}

TEST_F(OrchestratorTest, APendingRevocationOfAnotherRotationBlocks) {
  store_.metadata[kPath] = {{"previous_key_id", "k-1"}, {"rotation_id", "rot-elsewhere"}};
  EXPECT_EQ(orchestrator_->Start(spec_).outcome, Outcome::kBlocked);
  EXPECT_EQ(provider_.creates, 0);
}

TEST_F(OrchestratorTest, AnInvalidNewKeyRollsBackWhileTheOldOneIsValid) {
  orchestrator_->Start(spec_);
  provider_.keys["k1"].revoked = true;
  Later(Duration::Hours(3));
  StepReport r = Resume();
  EXPECT_EQ(r.outcome, Outcome::kRolledBack);
  EXPECT_EQ(store_.Primary(kPath).at("key_id"), "k0");
  EXPECT_EQ(store_.secrets[kPath].size(), 3u);  // the previous version restored as a new one
  EXPECT_EQ(notifier_.events, std::vector<std::string>{"rolled_back"});
  ExpectInvariants();
}

TEST_F(OrchestratorTest, RollbackIsImpossibleOnceTheOldKeyIsInvalid) {
  orchestrator_->Start(spec_);
  provider_.keys["k0"].revoked = true;
  provider_.keys["k1"].revoked = true;
  Later(Duration::Hours(3));
  StepReport r = Resume();
  EXPECT_EQ(r.outcome, Outcome::kFailed);
  EXPECT_NE(r.message.find("rotate forward"), std::string::npos);
  EXPECT_EQ(store_.Primary(kPath).at("key_id"), "k1");  // never restores a dead key
}

TEST_F(OrchestratorTest, ManualVerificationWaitsForApproval) {
  spec_.verify = VerifyBy(VerifyMethod::kManual, Duration::Days(1));
  orchestrator_->Start(spec_);
  Later(Duration::Hours(3));
  EXPECT_EQ(Resume().outcome, Outcome::kWaiting);
  Fresh();
  StepReport r = orchestrator_->Approve(Records().back(), spec_, "alice");
  EXPECT_EQ(r.outcome, Outcome::kDone);
  EXPECT_FALSE(provider_.Live("k0"));
}

TEST_F(OrchestratorTest, VerificationTimeoutAlertsAndKeepsBothKeys) {
  orchestrator_->Start(spec_);
  Later(Duration::Hours(7));
  StepReport r = Resume();
  EXPECT_EQ(r.outcome, Outcome::kVerifyTimeout);
  EXPECT_TRUE(provider_.Live("k0"));
  EXPECT_TRUE(provider_.Live("k1"));
  EXPECT_EQ(notifier_.events, (std::vector<std::string>{"verify_timeout", "failed"}));
}

TEST_F(OrchestratorTest, ManualRollbackRestoresThePreviousVersion) {
  orchestrator_->Start(spec_);
  Fresh();
  StepReport r = orchestrator_->Rollback(Records().back(), spec_, "partner rejects the new key");
  EXPECT_EQ(r.outcome, Outcome::kRolledBack);
  EXPECT_EQ(store_.Primary(kPath).at("key_id"), "k0");
  EXPECT_FALSE(provider_.Live("k1"));
  ExpectInvariants();
}

TEST_F(OrchestratorTest, ReplayReproducesTheRecordOfEveryStep) {
  orchestrator_->Start(spec_);
  Later(Duration::Hours(3));
  provider_.keys["k1"].last_used = clock_.now;
  Resume();
  std::vector<RotationRecord> a = Records(), b = Records();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].state, RotationState::kDone);
  EXPECT_EQ(a[0].old_key_id, "k0");
  EXPECT_EQ(a[0].new_key_id, "k1");
  EXPECT_TRUE(a[0].old_key_revoked);
  EXPECT_FALSE(a[0].lock_pending());
  EXPECT_EQ(a[0].verified_by, "provider-last-used");
  EXPECT_EQ(RotationStateName(a[0].state), RotationStateName(b[0].state));
  EXPECT_EQ(a[0].not_before, b[0].not_before);
}

TEST_F(OrchestratorTest, DryRunSendsNothing) {
  const std::string text = orchestrator_->DryRun(spec_);
  EXPECT_NE(text.find("create"), std::string::npos);
  EXPECT_NE(text.find("revoke old key"), std::string::npos);
  EXPECT_EQ(provider_.creates, 0);
  EXPECT_TRUE(Events().empty());
}

}  // namespace
}  // namespace rekey
