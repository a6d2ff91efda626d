// --notify CMD: the alert hook, run with the event's JSON line on stdin.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "rekey/apply/journal.h"
#include "rekey/apply/ports.h"

extern char** environ;

namespace rekey {
namespace {

constexpr int kHookTimeoutSeconds = 30;

class CommandNotifier final : public Notifier {
 public:
  explicit CommandNotifier(std::string command) : command_(std::move(command)) {}

  void Notify(const AuditEvent& event) override {
    const std::string input = JournalLine(event) + "\n";
    int in[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return Warn("cannot create a pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    const char* argv[] = {"/bin/sh", "-c", command_.c_str(), nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    if (spawned != 0) {
      ::close(in[1]);
      return Warn("cannot start /bin/sh");
    }
    signal(SIGPIPE, SIG_IGN);
    for (size_t done = 0; done < input.size();) {
      const ssize_t n = ::write(in[1], input.data() + done, input.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(in[1]);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kHookTimeoutSeconds);
    while (::waitpid(pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return Warn("timed out after 30 s");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      Warn("exited with status " + std::to_string(WEXITSTATUS(status)));
  }

 private:
  void Warn(const std::string& what) { std::cerr << "rekey: warning: --notify hook " << what << "\n"; }
  std::string command_;
};

}  // namespace

std::unique_ptr<Notifier> MakeCommandNotifier(std::string command) {
  return std::make_unique<CommandNotifier>(std::move(command));
}

}  // namespace rekey
