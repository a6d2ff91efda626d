#include <glob.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <set>
#include <system_error>
#include <thread>

#include "model/model_split.h"
#include "model/suppressions.h"
#include "rekey/base/read_file.h"
#include "rekey/model/loader.h"

namespace rekey {
namespace {

bool IsYamlFile(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

bool HasGlobMeta(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

void AddDirectory(const std::string& dir, std::vector<std::string>& out, Diagnostics& diags) {
  std::error_code ec;
  std::vector<std::string> found;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    // Every .yaml entry but a directory is listed, so that ReadFile reports a
    // FIFO, a device, a dangling link or a link loop by name (never skipped
    // silently, never opened); entry_ec keeps the iteration going past them.
    std::error_code entry_ec;
    if (IsYamlFile(it->path()) && !it->is_directory(entry_ec)) found.push_back(it->path().string());
  }
  if (ec) diags.Error({dir, 0, 0}, "RK-IO-001", "cannot read directory: " + ec.message());
  std::sort(found.begin(), found.end());
  if (found.empty() && !ec) {
    diags.Error({dir, 0, 0}, "RK-IO-002", "directory holds no .yaml or .yml files",
                "pass the files themselves or a glob such as " + dir + "/*.yaml");
  }
  out.insert(out.end(), found.begin(), found.end());
}

void AddGlob(const std::string& pattern, std::vector<std::string>& out, Diagnostics& diags) {
  glob_t g{};
  const int rc = glob(pattern.c_str(), 0, nullptr, &g);
  if (rc == GLOB_NOMATCH || (rc == 0 && g.gl_pathc == 0)) {
    diags.Error({pattern, 0, 0}, "RK-IO-002", "glob matches no file", "check the pattern and the working directory");
  } else if (rc != 0) {
    diags.Error({pattern, 0, 0}, "RK-IO-001", "cannot expand glob");
  } else {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
}

}  // namespace

std::vector<std::string> ExpandInputPaths(const std::vector<std::string>& inputs, Diagnostics& diags) {
  std::vector<std::string> out;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      AddDirectory(input, out, diags);
    } else if (!std::filesystem::exists(input, ec) && HasGlobMeta(input)) {
      AddGlob(input, out, diags);
    } else {
      out.push_back(input);  // a missing plain file is reported when it is read
    }
  }
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (std::string& p : out) {
    // A symlink loop makes weakly_canonical fail (the throwing overload would
    // escape): the path as written is then its own key and ReadFile reports it.
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(p, ec);
    std::string key = ec ? p : canonical.string();
    if (seen.insert(key).second) unique.push_back(std::move(p));
  }
  return unique;
}

namespace {
// Reads a model file: regular files only, at most kMaxInputFileSize (a glob or
// a directory can name a FIFO or a device; those must not block or stream).
bool ReadFile(const std::string& path, std::string& text, Diagnostics& diags) {
  Result<std::string> read = ReadRegularFile(path, {});
  if (!read) {
    diags.Error({path, 0, 0}, "RK-IO-001", read.error().message, read.error().hint);
    return false;
  }
  text = std::move(*read);
  return true;
}
}  // namespace

namespace {

// One file's records and problems, loaded independently of the others; a big
// file is loaded as pieces (model_split.h), each a task of its own.
struct FilePart {
  std::string text;
  bool read = false;
  std::vector<ModelPiece> pieces;  // empty: the file is one task
  std::vector<Model> piece_models;
  std::vector<Diagnostics> piece_diags;
  Model model;
  Diagnostics diags;
};

// Into an empty vector the whole buffer moves (the usual case: one file, or
// the first piece); otherwise the records move one by one, into room the
// caller reserved (ReserveForMerge).
template <typename T>
void MoveAppend(std::vector<T>& to, std::vector<T>& from) {
  if (to.empty() && to.capacity() < from.size()) {
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// Room in `to` for the records of all of `from`, so that merging moves each
// record once (a 10,000-key model's records are ~20 MB).
void ReserveForMerge(Model& to, const std::vector<Model*>& from) {
  // A lone source moves its buffers whole (MoveAppend): reserving would defeat that.
  if (from.size() < 2) return;
  size_t keys = 0, services = 0, schedules = 0;
  for (const Model* m : from) {
    keys += m->keys.size();
    services += m->services.size();
    schedules += m->schedules.size();
  }
  to.keys.reserve(to.keys.size() + keys);
  to.services.reserve(to.services.size() + services);
  to.schedules.reserve(to.schedules.size() + schedules);
}

void MergeSensitive(std::vector<std::string>& to, std::vector<std::string>& from) {
  for (std::string& token : from) {
    if (std::find(to.begin(), to.end(), token) == to.end()) to.push_back(std::move(token));
  }
}

void MergeRecords(Model& to, Model& from) {
  MoveAppend(to.keys, from.keys);
  MoveAppend(to.services, from.services);
  MoveAppend(to.schedules, from.schedules);
  MoveAppend(to.suppressions, from.suppressions);
  MergeSensitive(to.sensitive, from.sensitive);
}

// Joins a split file's pieces, or loads it whole when any piece had a
// problem, so diagnostics read exactly as for the whole file.
void FinishPieces(const std::string& path, FilePart& part) {
  const bool clean =
      std::none_of(part.piece_diags.begin(), part.piece_diags.end(), [](const Diagnostics& d) { return !d.empty(); });
  if (!clean) {
    LoadModelText(part.text, path, part.model, part.diags);
    return;
  }
  std::vector<Model*> pieces;
  for (Model& piece : part.piece_models) pieces.push_back(&piece);
  ReserveForMerge(part.model, pieces);
  for (Model& piece : part.piece_models) MergeRecords(part.model, piece);
  CollectSuppressions(part.text, path, part.model, part.diags);
}

}  // namespace

Model LoadModel(const ModelInputs& inputs, Diagnostics& diags) {
  std::vector<std::string> all = inputs.inventory;
  all.insert(all.end(), inputs.services.begin(), inputs.services.end());
  all.insert(all.end(), inputs.schedules.begin(), inputs.schedules.end());
  const std::vector<std::string> files = ExpandInputPaths(all, diags);
  // YAML parsing dominates large inventories: files, and the pieces of files
  // too big to parse on one core, load in parallel, then merge in file order
  // so the model (and every report) is the same as a serial load.
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  std::vector<FilePart> parts(files.size());
  std::vector<std::pair<size_t, size_t>> tasks;  // (file, piece); piece SIZE_MAX = the whole file
  for (size_t i = 0; i < files.size(); ++i) {
    FilePart& part = parts[i];
    if (!ReadFile(files[i], part.text, part.diags)) continue;
    part.read = true;
    part.pieces = SplitModelText(part.text, PieceCount(part.text.size(), cores));
    if (part.pieces.empty()) {
      tasks.emplace_back(i, SIZE_MAX);
      continue;
    }
    part.piece_models.resize(part.pieces.size());
    part.piece_diags.resize(part.pieces.size());
    for (size_t j = 0; j < part.pieces.size(); ++j) tasks.emplace_back(i, j);
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t t; (t = next.fetch_add(1)) < tasks.size();) {
      const auto [i, j] = tasks[t];
      FilePart& part = parts[i];
      if (j == SIZE_MAX) {
        LoadModelText(part.text, files[i], part.model, part.diags);
      } else {
        LoadModelPiece(part.pieces[j], files[i], part.piece_models[j], part.piece_diags[j]);
      }
    }
  };
  const size_t workers = std::min(tasks.size(), cores);
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  std::vector<Model*> part_models;
  for (size_t i = 0; i < files.size(); ++i) {
    if (!parts[i].pieces.empty()) FinishPieces(files[i], parts[i]);
    part_models.push_back(&parts[i].model);
  }
  Model model;
  ReserveForMerge(model, part_models);
  for (size_t i = 0; i < files.size(); ++i) {
    FilePart& part = parts[i];
    diags.Append(part.diags);
    if (part.read) model.files.push_back(files[i]);
    MergeRecords(model, part.model);
  }
  if (!inputs.audit_log.empty()) LoadAuditLog(inputs.audit_log, model, diags);
  ResolveSchedules(model);
  return model;
}

}  // namespace rekey
