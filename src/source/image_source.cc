#include "rekey/source/image_source.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "rekey/base/read_file.h"
#include "rekey/source/archive.h"
#include "rekey/source/file_stream.h"

namespace rekey {
namespace {

// Manifests and configs are small; anything larger is not one.
constexpr std::uint64_t kMaxJson = 8 << 20;

struct Layer {
  std::string location;  // entry name in the tarball, or path below the layout directory
  std::string digest;
  std::string created_by;
};

// "./a/b" and "/a/b" -> "a/b".
std::string Normalize(std::string name) {
  while (name.starts_with("./")) name.erase(0, 2);
  while (name.starts_with("/")) name.erase(0, 1);
  while (name.ends_with("/")) name.pop_back();
  return name;
}

std::optional<nlohmann::json> ParseJson(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::string StringAt(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// "sha256:abc" -> "blobs/sha256/abc".
std::string BlobPath(const std::string& digest) {
  const std::size_t colon = digest.find(':');
  if (colon == std::string::npos) return "";
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

// The created_by of each non-empty history entry, in layer order.
std::vector<std::string> Commands(const nlohmann::json& config) {
  std::vector<std::string> out;
  const auto history = config.find("history");
  if (history == config.end() || !history->is_array()) return out;
  for (const nlohmann::json& step : *history) {
    if (!step.is_object()) continue;
    const auto empty = step.find("empty_layer");
    if (empty != step.end() && empty->is_boolean() && empty->get<bool>()) continue;
    out.push_back(StringAt(step, "created_by"));
  }
  return out;
}

// Reads the files of an image: from a directory, or the small JSON entries
// of a tarball (read once, up front).
class ImageFiles {
 public:
  static Result<ImageFiles> Open(const std::string& path) {
    ImageFiles files;
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return Error{path + ": " + std::strerror(errno), "name an image tarball or directory"};
    files.dir_ = S_ISDIR(st.st_mode);
    files.path_ = path;
    if (files.dir_) return files;
    Opened opened = OpenFile(path, {.named = true});
    if (opened.status != OpenStatus::kOk) return Error{path + ": " + opened.error, "name a `docker save` tarball"};
    ArchiveReader tar(*opened.stream);
    if (!tar.Open()) return Error{path + ": not a tarball: " + tar.error(), "make it with `docker save IMAGE -o FILE`"};
    ArchiveEntry entry;
    while (tar.Next(entry)) {
      if (entry.size > kMaxJson) continue;
      std::string text;
      char block[64 << 10];
      while (std::size_t n = tar.Data().Read(block, sizeof block)) text.append(block, n);
      if (!text.empty() && (text[0] == '{' || text[0] == '[')) files.json_[Normalize(entry.name)] = std::move(text);
    }
    if (!tar.error().empty()) return Error{path + ": damaged tarball: " + tar.error(), ""};
    return files;
  }

  std::optional<nlohmann::json> Json(const std::string& name) const {
    if (dir_) {
      Result<std::string> text = ReadRegularFile(path_ + "/" + name, {.max_bytes = kMaxJson});
      return text ? ParseJson(*text) : std::nullopt;
    }
    const auto it = json_.find(Normalize(name));
    return it == json_.end() ? std::nullopt : ParseJson(it->second);
  }
  bool is_dir() const { return dir_; }

 private:
  std::string path_;
  bool dir_ = false;
  std::map<std::string, std::string> json_;
};

// docker save's manifest.json: [{"Config": "x.json", "Layers": ["a/layer.tar", ...]}].
std::optional<std::vector<Layer>> DockerLayers(const ImageFiles& files) {
  const std::optional<nlohmann::json> manifest = files.Json("manifest.json");
  if (!manifest || !manifest->is_array() || manifest->empty()) return std::nullopt;
  const nlohmann::json& image = manifest->front();
  std::optional<nlohmann::json> config = files.Json(StringAt(image, "Config"));
  const std::vector<std::string> commands = config ? Commands(*config) : std::vector<std::string>{};
  std::vector<std::string> diff_ids;
  if (config && config->contains("rootfs") && (*config)["rootfs"].contains("diff_ids")) {
    for (const nlohmann::json& id : (*config)["rootfs"]["diff_ids"]) diff_ids.push_back(id.is_string() ? id.get<std::string>() : "");
  }
  std::vector<Layer> layers;
  const auto list = image.find("Layers");
  if (list == image.end() || !list->is_array()) return std::nullopt;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string location = (*list)[i].is_string() ? (*list)[i].get<std::string>() : "";
    std::string digest = i < diff_ids.size() ? diff_ids[i] : "";
    if (digest.empty()) digest = "layer:" + location;
    layers.push_back({location, digest, i < commands.size() ? commands[i] : ""});
  }
  return layers;
}

// An OCI layout: index.json -> a manifest blob -> its layers and config.
std::optional<std::vector<Layer>> OciLayers(const ImageFiles& files) {
  const std::optional<nlohmann::json> index = files.Json("index.json");
  if (!index || !index->contains("manifests") || !(*index)["manifests"].is_array() || (*index)["manifests"].empty()) {
    return std::nullopt;
  }
  const std::optional<nlohmann::json> manifest = files.Json(BlobPath(StringAt((*index)["manifests"][0], "digest")));
  if (!manifest || !manifest->contains("layers")) return std::nullopt;
  std::vector<std::string> commands;
  if (manifest->contains("config")) {
    if (std::optional<nlohmann::json> config = files.Json(BlobPath(StringAt((*manifest)["config"], "digest")))) {
      commands = Commands(*config);
    }
  }
  std::vector<Layer> layers;
  for (const nlohmann::json& layer : (*manifest)["layers"]) {
    const std::string digest = StringAt(layer, "digest");
    layers.push_back({BlobPath(digest), digest, layers.size() < commands.size() ? commands[layers.size()] : ""});
  }
  return layers;
}

class ImageReader : public UnitReader {
 public:
  ImageReader(std::string path, bool dir) : path_(std::move(path)), dir_(dir) {}
  Opened Open(const SourceUnit& unit) override {
    tar_.reset();
    outer_.reset();
    if (dir_) return OpenFile(path_ + "/" + unit.name, {.named = true});
    // The layer is an entry of the tarball: its bytes are streamed from it.
    Opened file = OpenFile(path_, {.named = true});
    if (file.status != OpenStatus::kOk) return file;
    outer_ = std::move(file.stream);
    tar_ = std::make_unique<ArchiveReader>(*outer_);
    Opened out;
    if (!tar_->Open()) {
      out.error = tar_->error();
      return out;
    }
    ArchiveEntry entry;
    while (tar_->Next(entry)) {
      if (Normalize(entry.name) != Normalize(unit.name)) continue;
      out.status = OpenStatus::kOk;
      out.size = entry.size;
      out.stream = std::make_unique<EntryStream>(tar_->Data());
      return out;
    }
    out.error = tar_->error().empty() ? "layer " + unit.name + " is not in the tarball" : tar_->error();
    return out;
  }

 private:
  // A non-owning view of the tarball's current entry.
  class EntryStream : public ByteStream {
   public:
    explicit EntryStream(ByteStream& in) : in_(in) {}
    std::size_t Read(char* buffer, std::size_t max) override { return in_.Read(buffer, max); }
    std::string error() const override { return in_.error(); }

   private:
    ByteStream& in_;
  };

  std::string path_;
  bool dir_;
  std::unique_ptr<ByteStream> outer_;
  std::unique_ptr<ArchiveReader> tar_;
};

class ImageSource : public Source {
 public:
  explicit ImageSource(std::string path) : path_(std::move(path)) {}

  Result<SourceListing> List() override {
    Result<ImageFiles> files = ImageFiles::Open(path_);
    if (!files) return files.error();
    dir_ = files->is_dir();
    std::optional<std::vector<Layer>> layers = DockerLayers(*files);
    if (!layers) layers = OciLayers(*files);
    if (!layers) {
      return Error{path_ + ": no manifest.json (docker save) or index.json (OCI layout) that names the layers",
                   "save the image with `docker save IMAGE -o FILE`, or give an OCI layout directory"};
    }
    SourceListing listing;
    for (std::size_t i = 0; i < layers->size(); ++i) {
      Layer& layer = (*layers)[i];
      SourceUnit unit;
      unit.content_id = layer.digest;
      unit.name = layer.location;
      unit.cookie = i;
      unit.places.push_back({Provenance{{ImageLayerOrigin{path_, layer.digest, layer.created_by, true}}}});
      listing.units.push_back(std::move(unit));
    }
    return listing;
  }

  std::unique_ptr<UnitReader> NewReader() override { return std::make_unique<ImageReader>(path_, dir_); }

  bool WantsEntryNames() const override { return true; }

  void AdjustProvenance(std::size_t unit, const std::vector<std::vector<std::string>>& entries,
                        Provenance& provenance) const override {
    if (provenance.chain.size() < 2) return;
    auto* layer = std::get_if<ImageLayerOrigin>(&provenance.chain[0]);
    const auto* entry = std::get_if<ArchiveEntryOrigin>(&provenance.chain[1]);
    if (layer != nullptr && entry != nullptr) layer->in_final_image = InFinalImage(unit, entry->name, entries);
  }

 private:
  std::string path_;
  bool dir_ = false;
};

}  // namespace

bool InFinalImage(std::size_t layer, std::string path, const std::vector<std::vector<std::string>>& entries) {
  path = Normalize(std::move(path));
  for (std::size_t later = layer + 1; later < entries.size(); ++later) {
    for (const std::string& raw : entries[later]) {
      const std::string name = Normalize(raw);
      if (name == path) return false;  // replaced
      const std::size_t slash = name.rfind('/');
      const std::string dir = slash == std::string::npos ? "" : name.substr(0, slash + 1);
      const std::string base = name.substr(dir.size());
      if (!base.starts_with(".wh.")) continue;
      if (!path.starts_with(dir)) continue;
      if (base == ".wh..wh..opq") return false;  // the directory's lower contents are hidden
      const std::string hidden = dir + base.substr(4);
      if (path == hidden || path.starts_with(hidden + "/")) return false;
    }
  }
  return true;
}

std::unique_ptr<Source> MakeImageSource(std::string path) { return std::make_unique<ImageSource>(std::move(path)); }

}  // namespace rekey
