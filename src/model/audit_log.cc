// The rotation audit log: JSON Lines, one event per line (DESIGN.md). Every
// malformed line is a diagnostic with its line number; nothing is skipped
// silently.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rekey/base/read_file.h"
#include "rekey/base/text.h"
#include "rekey/model/loader.h"

namespace rekey {
namespace {

// In AuditEventType order: the original five, then the journal's (JOURNAL contract, README "Running rotations").
const std::vector<std::string> kEventNames = {"created",        "activated",  "revoked",     "failed",   "rolled_back",
                                              "planned",        "locked",     "propagating", "verified", "approved",
                                              "verify_timeout", "revoke_due", "done",        "blocked",  "unlocked"};
const std::vector<std::string> kFields = {"time",  "secret", "event",  "key_id",    "rotation_id", "previous_key_id",
                                          "state", "reason", "method", "emergency", "actor",       "not_before"};
// An audit log grows for years; 256 MiB is about two million events.
constexpr std::uint64_t kMaxAuditLogSize = 256ull << 20;
constexpr char kLineHint[] =
    R"(each line: {"time":"2026-11-01T02:00:00Z","secret":"stripe-api-key","event":"activated","key_id":"..."})";

std::optional<std::string> StringField(const nlohmann::json& j, const char* field, const SourceLoc& loc,
                                       Diagnostics& diags) {
  auto it = j.find(field);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
    diags.Error(loc, "RK-AUD-002",
                std::string("audit event ") + (it == j.end() ? "is missing \"" : "has an invalid \"") + field + "\"",
                kLineHint);
    return std::nullopt;
  }
  return it->get<std::string>();
}

// "rot-<key>-<yyyymmddThhmmssZ>-<8 lowercase hex>" (MakeRotationId); the key
// part is still redacted wherever the key name itself is a credential.
bool IsRotationId(const std::string& id) {
  constexpr size_t kTail = sizeof("-20270301T020000Z-0a1b2c3d") - 1;
  if (id.rfind("rot-", 0) != 0 || id.size() < 4 + 1 + kTail) return false;
  const std::string tail = id.substr(id.size() - kTail);
  for (size_t i = 0; i < tail.size(); ++i) {
    const char c = tail[i];
    const bool ok = i == 0 || i == 17 ? c == '-'
                    : i == 9          ? c == 'T'
                    : i == 16         ? c == 'Z'
                    : i < 17          ? (c >= '0' && c <= '9')
                                      : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!ok) return false;
  }
  return true;
}

// The optional fields `rekey apply` writes; false after reporting a bad one.
bool ParseJournalFields(const nlohmann::json& j, const SourceLoc& loc, AuditEvent& out, Diagnostics& diags) {
  const std::pair<const char*, std::string*> strings[] = {{"rotation_id", &out.rotation_id},
                                                          {"previous_key_id", &out.previous_key_id},
                                                          {"state", &out.state},
                                                          {"reason", &out.reason},
                                                          {"method", &out.method},
                                                          {"actor", &out.actor}};
  for (const auto& [name, slot] : strings) {
    auto it = j.find(name);
    if (it == j.end()) continue;
    if (!it->is_string()) {
      diags.Error(loc, "RK-AUD-002", std::string("audit event has an invalid \"") + name + "\" (expected a string)",
                  kLineHint);
      return false;
    }
    *slot = it->get<std::string>();
  }
  if (auto it = j.find("emergency"); it != j.end()) {
    if (!it->is_boolean()) {
      diags.Error(loc, "RK-AUD-002", "audit event has an invalid \"emergency\" (expected true or false)", kLineHint);
      return false;
    }
    out.emergency = it->get<bool>();
  }
  if (auto it = j.find("not_before"); it != j.end()) {
    Result<Timestamp> t =
        it->is_string() ? ParseRfc3339(it->get<std::string>()) : Error{"expected an RFC 3339 string", ""};
    if (!t) {
      diags.Error(loc, "RK-AUD-002", "audit event not_before: " + t.error().message, t.error().hint);
      return false;
    }
    out.not_before = *t;
  }
  return true;
}

void ParseLine(const std::string& line, const SourceLoc& loc, Model& model, Diagnostics& diags) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    diags.Error(loc, "RK-AUD-001", "not a JSON object", kLineHint);
    return;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    CollectSecretTokens(it.key(), model.sensitive);
    // A rotation id's random tail reads like key material; its shape is rekey's own.
    const bool rotation_id = it.key() == "rotation_id" && it->is_string() && IsRotationId(it->get<std::string>());
    if (!rotation_id)
      CollectSecretTokens(it->is_string() ? it->get_ref<const std::string&>() : it->dump(), model.sensitive);
    if (std::find(kFields.begin(), kFields.end(), it.key()) != kFields.end()) continue;
    std::optional<std::string> guess = SuggestClosest(it.key(), kFields);
    diags.Error(loc, "RK-AUD-002", "unknown field " + Quote(it.key()) + " in audit event",
                guess ? "did you mean " + Quote(*guess) + "?" : kLineHint);
  }
  std::optional<std::string> time = StringField(j, "time", loc, diags);
  std::optional<std::string> secret = StringField(j, "secret", loc, diags);
  std::optional<std::string> event = StringField(j, "event", loc, diags);
  AuditEvent out;
  out.loc = loc;
  if (auto key_id = j.find("key_id"); key_id != j.end()) {
    if (!key_id->is_string()) {
      diags.Error(loc, "RK-AUD-002", "audit event has an invalid \"key_id\" (expected a string)", kLineHint);
      return;
    }
    out.key_id = key_id->get<std::string>();
  }
  if (!ParseJournalFields(j, loc, out, diags)) return;
  if (!time || !secret || !event) return;
  Result<Timestamp> t = ParseRfc3339(*time);
  if (!t) {
    diags.Error(loc, "RK-AUD-002", "audit event time: " + t.error().message, t.error().hint);
    return;
  }
  auto type = std::find(kEventNames.begin(), kEventNames.end(), *event);
  if (type == kEventNames.end()) {
    diags.Error(loc, "RK-AUD-002", "unknown audit event " + Quote(*event), "use one of " + Join(kEventNames, ", "));
    return;
  }
  out.time = *t;
  out.secret = *secret;
  out.type = static_cast<AuditEventType>(type - kEventNames.begin());
  model.audit.push_back(std::move(out));
}

}  // namespace

void LoadAuditLogText(std::string_view text, const std::string& path, Model& model, Diagnostics& diags) {
  int number = 0;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string line(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank lines are allowed
    ParseLine(line, {path, number, 1}, model, diags);
  }
}

void LoadAuditLog(const std::string& path, Model& model, Diagnostics& diags) {
  Result<std::string> text = ReadRegularFile(path, {.max_bytes = kMaxAuditLogSize});
  if (!text) {
    const bool io = text.error().message == "cannot read file";
    diags.Error({path, 0, 0}, "RK-IO-001", io ? "cannot read audit log" : "audit log " + text.error().message,
                text.error().hint);
    return;
  }
  model.files.push_back(path);
  LoadAuditLogText(*text, path, model, diags);
}

}  // namespace rekey
