// ExecProvider: one run of the team's command per call, JSON in and out.
//
// Request (stdin, one object): {"op": "create|list|revoke|validate|last_used",
// "key_name", "provider_api", "rotation_id", "label", "key_id", "old_key_id",
// "key_value" (validate / last_used only), "admin_credential" (when the
// inventory names admin_vault_path)}.
// Answer (stdout, one object): {"ok": true, "key_id", "key_value"} for create;
// {"ok": true, "keys": [{"key_id", "label", "key_value"?}]} for list;
// {"ok": true, "valid": bool} for validate; {"ok": true, "last_used": RFC 3339
// | null} for last_used; {"ok": true} for revoke (also when already gone);
// {"ok": false, "retry": bool, "error": "one line"} on failure.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "rekey/provider/provider.h"

extern char** environ;

namespace rekey {
namespace {

constexpr size_t kMaxAnswer = 1 << 20;
constexpr int kExitTempFail = 75;  // EX_TEMPFAIL

struct RunResult {
  int exit_status = -1;  // -1: killed or not started
  bool timed_out = false;
  std::string out;
  std::string error;
};

void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the command closed stdin early: its answer says why
    done += static_cast<size_t>(n);
  }
}

RunResult Run(const std::vector<std::string>& command, const std::string& input, Duration timeout) {
  RunResult result;
  result.error = "cannot create a pipe";
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return result;
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]), ::close(in[1]);
    return result;
  }
  result.error.clear();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::vector<char*> argv;
  for (const std::string& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(in[1]);
    ::close(out[0]);
    result.error = "cannot run " + command[0] + ": " + std::strerror(spawned);
    return result;
  }
  signal(SIGPIPE, SIG_IGN);
  WriteAll(in[1], input);
  ::close(in[1]);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout.seconds());
  char buffer[65536];
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (result.out.size() + static_cast<size_t>(n) > kMaxAnswer) {
      result.error = "answer larger than 1 MiB";
      break;
    }
    result.out.append(buffer, static_cast<size_t>(n));
  }
  ::close(out[0]);
  if (result.timed_out || !result.error.empty()) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  return result;
}

class ExecProvider final : public KeyProvider {
 public:
  ExecProvider(const ExecProviderSpec& spec, CredentialSource admin) : spec_(spec), admin_(std::move(admin)) {}

  bool Supports(ProviderOp) const override { return true; }

  Result<ProviderKey> Create(const KeyRef& ref) override {
    Result<nlohmann::json> a = Call(ProviderOp::kCreate, ref);
    if (!a) return a.error();
    const std::string id = Str(*a, "key_id"), value = Str(*a, "key_value");
    if (id.empty() || value.empty()) return Error{"exec provider: create answer lacks key_id or key_value", ""};
    return ProviderKey{id, value, ref.label};
  }

  Result<std::optional<ProviderKey>> Find(const KeyRef& ref) override {
    Result<nlohmann::json> a = Call(ProviderOp::kList, ref);
    if (!a) return a.error();
    if (!a->contains("keys") || !(*a)["keys"].is_array()) return Error{"exec provider: list answer lacks keys", ""};
    for (const nlohmann::json& k : (*a)["keys"]) {
      if (Str(k, "label") == ref.label && !Str(k, "key_id").empty())
        return std::optional<ProviderKey>(ProviderKey{Str(k, "key_id"), Str(k, "key_value"), ref.label});
    }
    return std::optional<ProviderKey>();
  }

  Status Revoke(const KeyRef& ref) override {
    Result<nlohmann::json> a = Call(ProviderOp::kRevoke, ref);
    if (!a) return a.error();
    return Ok{};
  }

  Result<bool> Validate(const KeyRef& ref) override {
    Result<nlohmann::json> a = Call(ProviderOp::kValidate, ref);
    if (!a) return a.error();
    if (!a->contains("valid") || !(*a)["valid"].is_boolean())
      return Error{"exec provider: validate answer lacks valid", ""};
    return (*a)["valid"].get<bool>();
  }

  Result<std::optional<Timestamp>> LastUsed(const KeyRef& ref) override {
    Result<nlohmann::json> a = Call(ProviderOp::kLastUsed, ref);
    if (!a) return a.error();
    if (!a->contains("last_used") || (*a)["last_used"].is_null()) return std::optional<Timestamp>();
    Result<Timestamp> t = ParseRfc3339(Str(*a, "last_used"));
    if (!t) return Error{"exec provider: last_used is not RFC 3339", ""};
    return std::optional<Timestamp>(*t);
  }

  std::string Describe(ProviderOp op, const KeyRef& ref) const override {
    std::string cmd;
    for (const std::string& arg : spec_.command) cmd += (cmd.empty() ? "" : " ") + arg;
    return "exec " + cmd + " <<< {\"op\":\"" + std::string(ProviderOpName(op)) + "\",\"key_name\":\"" + ref.key_name +
           "\",\"key_id\":\"" + ref.key_id + "\",\"label\":\"" + ref.label + "\",...}";
  }

 private:
  static std::string Str(const nlohmann::json& j, const char* field) {
    return j.is_object() && j.contains(field) && j[field].is_string() ? j[field].get<std::string>() : "";
  }

  Result<nlohmann::json> Call(ProviderOp op, const KeyRef& ref) {
    nlohmann::json request = {
        {"op", ProviderOpName(op)},       {"key_name", ref.key_name}, {"provider_api", ref.provider_api},
        {"rotation_id", ref.rotation_id}, {"label", ref.label},       {"key_id", ref.key_id},
        {"old_key_id", ref.old_key_id}};
    if (op == ProviderOp::kValidate || op == ProviderOp::kLastUsed) request["key_value"] = ref.key_value;
    if (admin_) {
      Result<std::string> admin = admin_();
      if (admin) request["admin_credential"] = *admin;
    }
    const std::string op_name(ProviderOpName(op));
    RunResult run = Run(spec_.command, request.dump() + "\n", spec_.timeout);
    if (run.timed_out) {
      return Error{"exec provider " + op_name + ": no answer within " + spec_.timeout.ToString(), "transient: killed"};
    }
    if (!run.error.empty()) return Error{"exec provider " + op_name + ": " + run.error, ""};
    if (run.exit_status == kExitTempFail) {
      return Error{"exec provider " + op_name + ": exit 75 (temporary failure)", "transient: retried at the next run"};
    }
    nlohmann::json answer = nlohmann::json::parse(run.out, nullptr, false);
    if (!answer.is_object()) {
      return Error{
          "exec provider " + op_name + ": exit " + std::to_string(run.exit_status) + ", answer is not a JSON object",
          "print one JSON object on stdout"};
    }
    if (run.exit_status != 0 || !answer.value("ok", false)) {
      std::string why = Str(answer, "error");
      why = why.substr(0, why.find('\n'));
      const bool retry = answer.contains("retry") && answer["retry"].is_boolean() && answer["retry"].get<bool>();
      return Error{"exec provider " + op_name + " failed" + (why.empty() ? "" : ": " + why),
                   retry ? "transient: the command asked for a retry" : ""};
    }
    return answer;
  }

  ExecProviderSpec spec_;
  CredentialSource admin_;
};

}  // namespace

std::unique_ptr<KeyProvider> MakeExecProvider(const ExecProviderSpec& exec, CredentialSource admin) {
  return std::make_unique<ExecProvider>(exec, std::move(admin));
}

}  // namespace rekey
