// RK-GRC-002: consumers that read the key from the environment at startup need
// a restart before revoke; the plan adds the step, the service must say who
// performs it.
#include "policy/checks/check_util.h"

namespace rekey {
namespace {

void Run(CheckContext& ctx) {
  for (const ApiKey& key : ctx.model().keys) {
    for (const std::string& name : RefreshOf(ctx.model(), key).env_services) {
      const Service* service = ctx.model().FindService(name);
      if (service == nullptr || service->restart == RestartMode::kAutomatic) continue;
      const bool manual = service->restart == RestartMode::kManual;
      const std::string message = "service " + Quote(name) + " reads " + KeyLabel(key) +
                                  " from its environment at startup" +
                                  (manual ? "; its restart before revoke is a manual step"
                                          : " and declares no restart: the old key's revoke would break it");
      const std::string hint =
          "set restart: automatic on the service (a rollout restarts it), or move it to a "
          "reader that refreshes (vault-agent, csi)";
      if (manual) {
        ctx.ReportAt(Severity::kWarning, &key, service->LocOf("restart"), key.name, message, hint);
      } else {
        ctx.Report(&key, service->LocOf("reads_via"), key.name, message, hint);
      }
    }
  }
}

}  // namespace

extern const Check kCheckGrc002 = {
    "RK-GRC-002",
    Severity::kError,
    "Startup-only consumers get a restart before revoke",
    "Environment variables and subPath mounts never update: such a consumer keeps the old key until restarted "
    "(kubernetes #50345).",
    "Declare restart: automatic|manual on env services, or switch them to a refreshing reader.",
    "",
    Run};

}  // namespace rekey
