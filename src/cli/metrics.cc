// `rekey metrics`: the model, the policy's verdict and the audit log as
// Prometheus metrics — printed, written for node_exporter's textfile collector
// (-o, atomically), or served on an HTTP endpoint (--listen) that re-reads its
// inputs when they change.
#include "rekey/emit/metrics.h"

#include <sys/stat.h>

#include <condition_variable>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "cli/command.h"
#include "cli/leak_link.h"
#include "cli/model_inputs.h"
#include "cli/output.h"
#include "cli/version.h"
#include "rekey/base/clock.h"
#include "rekey/base/text.h"
#include "rekey/base/atomic_file.h"
#include "rekey/emit/metrics_server.h"
#include "rekey/report/check_report.h"

namespace rekey {
namespace {

struct MetricsCliOptions {
  ModelOptions model;
  std::string output;          // -o FILE: a textfile-collector file, replaced atomically
  std::string listen;          // --listen ADDR: serve GET /metrics
  std::string refresh = "1m";  // --listen: re-evaluate at least this often (key ages, expiring suppressions)
};

// What a file looked like when the inputs were read: a change of any of them
// means the metrics must be rebuilt.
struct FileState {
  std::string path;
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  int64_t mtime_ns = 0;
  friend bool operator==(const FileState&, const FileState&) = default;
};
using InputSignature = std::vector<FileState>;

InputSignature Stat(const std::vector<std::string>& paths) {
  InputSignature out;
  out.reserve(paths.size());
  for (const std::string& p : paths) {
    FileState f{p};
    struct stat st {};
    if (stat(p.c_str(), &st) == 0) {
      f = {p, true, st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec};
    }
    out.push_back(f);
  }
  return out;
}

// Every file the load read and every path the flags name: an input directory
// changes when a file is added to it or removed. (A file newly matching a glob
// is seen at the next --refresh.)
std::vector<std::string> WatchedPaths(const LoadedModel& loaded, const ModelOptions& o) {
  std::set<std::string> paths;
  auto add = [&paths](const std::string& p) {
    if (!p.empty() && p.find_first_of("*?[") == std::string::npos) paths.insert(p);
  };
  for (const std::string& f : loaded.model.files) add(f);
  for (const std::string& f : loaded.other_files) add(f);
  for (const auto* list : {&o.inventory, &o.schedules, &o.services}) {
    for (const std::string& p : *list) add(p);
  }
  add(o.audit_log);
  return {paths.begin(), paths.end()};
}

// One load of every input: the snapshot, or the diagnostics that prevented it.
struct MetricsState {
  std::optional<MetricsSnapshot> snapshot;
  std::string diagnostics;  // rendered, redacted
  std::vector<std::string> watched;
  InputSignature signature;
};

// `previous`: the files the last load watched. Their state is taken before
// reading, so a write during the load is seen as a change by the next scrape.
std::shared_ptr<const MetricsState> LoadMetrics(const ModelOptions& options, const std::vector<std::string>& previous) {
  auto state = std::make_shared<MetricsState>();
  const InputSignature before = Stat(previous);
  LoadedModel loaded = LoadModelInputs(options);
  state->watched = WatchedPaths(loaded, options);
  state->signature = state->watched == previous ? before : Stat(state->watched);
  state->diagnostics = RedactTokens(RenderDiagnosticsText(loaded.diags.items(), false), loaded.model.sensitive);
  if (loaded.diags.HasErrors()) return state;
  const std::vector<Violation> violations = Evaluate(loaded.model, loaded.policy, loaded.now, PolicyEvaluateOptions());
  state->snapshot = MetricsSnapshot::Build(loaded.model, loaded.policy, violations, loaded.now, {kVersion});
  return state;
}

// The --listen endpoint's source: the current snapshot, rebuilt when an input
// changes (checked at every scrape) and every `refresh` (ages move on).
class LiveMetrics {
 public:
  LiveMetrics(ModelOptions options, std::shared_ptr<const MetricsState> first)
      : options_(std::move(options)), state_(std::move(first)) {}

  HttpResponse Scrape() {
    std::shared_ptr<const MetricsState> state = Current();
    if (Stat(state->watched) != state->signature) state = ReloadIfStale();
    if (!state->snapshot)
      return {503, "text/plain; charset=utf-8", "rekey cannot read its inputs:\n" + state->diagnostics};
    return {200, kMetricsContentType, state->snapshot->Render(SystemClock().Now())};
  }

  // Rebuilds every `period` until `stop` is requested.
  void RefreshEvery(Duration period, std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any wake;
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      wake.wait_for(lock, stop, std::chrono::seconds(period.seconds()), [] { return false; });
      if (stop.stop_requested()) return;
      std::lock_guard<std::mutex> reload(reload_mu_);
      Publish(LoadMetrics(options_, Current()->watched));
    }
  }

 private:
  std::shared_ptr<const MetricsState> Current() {
    std::lock_guard<std::mutex> lock(state_mu_);
    return state_;
  }

  // One reload for a burst of concurrent scrapes: the first rebuilds, the rest find it fresh.
  std::shared_ptr<const MetricsState> ReloadIfStale() {
    std::lock_guard<std::mutex> reload(reload_mu_);
    std::shared_ptr<const MetricsState> state = Current();
    if (Stat(state->watched) == state->signature) return state;
    state = LoadMetrics(options_, state->watched);
    Publish(state);
    return state;
  }

  void Publish(std::shared_ptr<const MetricsState> state) {
    std::shared_ptr<const MetricsState> previous = Current();
    if (state->diagnostics != previous->diagnostics) std::cerr << state->diagnostics << std::flush;
    std::lock_guard<std::mutex> lock(state_mu_);
    state_ = std::move(state);
  }

  const ModelOptions options_;
  std::mutex reload_mu_;  // one rebuild at a time
  std::mutex state_mu_;   // guards state_
  std::shared_ptr<const MetricsState> state_;
};

MetricsServer* g_server = nullptr;  // for the signal handler
extern "C" void StopServing(int) {
  if (g_server != nullptr) g_server->Stop();
}

int Serve(const MetricsCliOptions& options, const GlobalOptions& global) {
  Result<ListenAddress> address = ParseListenAddress(options.listen);
  if (!address) {
    PrintUsageError("--listen " + Quote(options.listen) + ": " + address.error().message, address.error().hint);
    return kExitInputError;
  }
  Result<Duration> refresh = ParseDuration(options.refresh);
  if (!refresh || refresh->seconds() < 1) {
    PrintUsageError("--refresh " + Quote(options.refresh) + ": expected a duration of at least 1s", kDurationSyntax);
    return kExitInputError;
  }
  // The first load must succeed: a server that never had metrics would look healthy to no one.
  std::shared_ptr<const MetricsState> first = LoadMetrics(options.model, {});
  std::cerr << first->diagnostics;
  if (!first->snapshot) return kExitInputError;
  Result<std::unique_ptr<MetricsServer>> server = MetricsServer::Bind(*address);
  if (!server) {
    PrintUsageError(server.error().message, server.error().hint);
    return kExitInputError;
  }
  const std::string host = address->host.find(':') != std::string::npos ? "[" + address->host + "]" : address->host;
  if (!global.quiet) {
    std::cerr << "rekey metrics: serving http://" << host << ":" << (*server)->port() << "/metrics ("
              << first->snapshot->key_count() << " keys)" << std::endl;
  }
  LiveMetrics live(options.model, first);
  g_server = server->get();
  std::signal(SIGINT, StopServing);
  std::signal(SIGTERM, StopServing);
  std::jthread refresher([&live, period = *refresh](std::stop_token stop) { live.RefreshEvery(period, stop); });
  (*server)->Serve([&live] { return live.Scrape(); });
  g_server = nullptr;
  return kExitClean;
}

int RunMetrics(MetricsCliOptions options, const GlobalOptions& global) {
  if (!options.listen.empty()) {
    if (!options.output.empty() || !options.model.now.empty()) {
      PrintUsageError("--listen serves live metrics", "drop -o and --now (they are for a one-off file)");
      return kExitInputError;
    }
    return Serve(options, global);
  }
  // One rendering at --now (else the clock): stdout or a textfile-collector file.
  std::shared_ptr<const MetricsState> state = LoadMetrics(options.model, {});
  std::cerr << state->diagnostics;
  if (!state->snapshot) return kExitInputError;
  Timestamp now = SystemClock().Now();
  if (!options.model.now.empty()) now = *ParseRfc3339(options.model.now);  // validated by the load
  const std::string text = state->snapshot->Render(now);
  if (options.output.empty() || options.output == "-") {
    std::cout << text << std::flush;
    return kExitClean;
  }
  if (Status written = WriteFileAtomic(options.output, text); !written) {
    PrintUsageError(written.error().message, written.error().hint);
    return kExitInputError;
  }
  return kExitClean;
}

}  // namespace

void AddMetricsCommand(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<MetricsCliOptions>();
  CLI::App* cmd = app.add_subcommand("metrics", "Expose key ages, rotation results and violations to Prometheus");
  AddModelOptions(*cmd, options->model);
  cmd->add_option("-o,--output", options->output,
                  "Write the metrics to FILE atomically (node_exporter textfile collector: a .prom file)")
      ->type_name("FILE");
  cmd->add_option("--listen", options->listen,
                  "Serve GET /metrics on HOST:PORT (a bare PORT listens on 127.0.0.1); re-reads changed inputs")
      ->type_name("ADDR");
  cmd->add_option("--refresh", options->refresh, "With --listen: re-evaluate at least this often")
      ->type_name("DURATION")
      ->default_str("1m");
  cmd->footer(
      "Exit: 0 metrics written (or the server stopped by SIGINT/SIGTERM), 2 input error.\n"
      "Examples: rekey metrics -o /var/lib/node_exporter/textfile/rekey.prom\n"
      "          rekey metrics --listen 127.0.0.1:9464");
  cmd->callback([options, &ctx] { ctx.exit_code = RunMetrics(*options, ctx.global); });
}

}  // namespace rekey
