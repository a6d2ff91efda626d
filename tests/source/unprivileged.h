// Runs a test body without the privileges that bypass file permissions. Root
// (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) reads a mode-0 file and lists a
// mode-0 directory, and CI runs as root, so a permission-denied test run as
// root would prove nothing: the body runs in a forked child that first drops
// to user and group 65534 ("nobody"), supplementary groups included, and
// checks that the drop took. Paths the body needs must be reachable by that
// user (a TempTree root is mode 0700: chmod it 0755).
#ifndef REKEY_TESTS_SOURCE_UNPRIVILEGED_H_
#define REKEY_TESTS_SOURCE_UNPRIVILEGED_H_

#include <grp.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

namespace rekey {

inline constexpr uid_t kNobody = 65534;
// The child's exit code when the privileges could not be dropped: the test
// fails rather than pass vacuously.
inline constexpr int kCouldNotDropPrivileges = 97;

// Body's result (its exit code in the child), or 128 + signal if it died.
inline int RunUnprivileged(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0) {
      // Groups first: once the uid is dropped, setgroups is no longer allowed.
      if (::setgroups(0, nullptr) != 0 || ::setresgid(kNobody, kNobody, kNobody) != 0 ||
          ::setresuid(kNobody, kNobody, kNobody) != 0) {
        ::_exit(kCouldNotDropPrivileges);
      }
      // No way back: regaining root must fail.
      if (::setresuid(0, 0, 0) == 0 || ::geteuid() != kNobody) ::_exit(kCouldNotDropPrivileges);
    }
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace rekey

#endif  // REKEY_TESTS_SOURCE_UNPRIVILEGED_H_
