#include <glob.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <thread>
#include <filesystem>
#include <set>
#include <system_error>

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

// One file's records and problems, loaded independently of the others.
struct FilePart {
  Model model;
  Diagnostics diags;
  bool read = false;
};

template <typename T>
void MoveAppend(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

Model LoadModel(const ModelInputs& inputs, Diagnostics& diags) {
  std::vector<std::string> all = inputs.inventory;
  all.insert(all.end(), inputs.services.begin(), inputs.services.end());
  all.insert(all.end(), inputs.schedules.begin(), inputs.schedules.end());
  const std::vector<std::string> files = ExpandInputPaths(all, diags);
  // YAML parsing dominates large inventories; files parse in parallel, then
  // merge in file order so the model (and every report) is the same as serial.
  std::vector<FilePart> parts(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      std::string text;
      if (!ReadFile(files[i], text, parts[i].diags)) continue;
      parts[i].read = true;
      LoadModelText(text, files[i], parts[i].model, parts[i].diags);
    }
  };
  const size_t workers = std::min<size_t>(files.size(), std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  Model model;
  for (size_t i = 0; i < files.size(); ++i) {
    diags.Append(parts[i].diags);
    if (parts[i].read) model.files.push_back(files[i]);
    MoveAppend(model.keys, parts[i].model.keys);
    MoveAppend(model.services, parts[i].model.services);
    MoveAppend(model.schedules, parts[i].model.schedules);
    MoveAppend(model.suppressions, parts[i].model.suppressions);
    for (std::string& token : parts[i].model.sensitive) {
      if (std::find(model.sensitive.begin(), model.sensitive.end(), token) == model.sensitive.end()) {
        model.sensitive.push_back(std::move(token));
      }
    }
  }
  if (!inputs.audit_log.empty()) LoadAuditLog(inputs.audit_log, model, diags);
  ResolveSchedules(model);
  return model;
}

}  // namespace rekey
