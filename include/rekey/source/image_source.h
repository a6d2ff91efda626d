// Container images as a Source: a `docker save` tarball, or an OCI image
// layout directory (index.json + blobs/). Each layer is one unit, read once
// (content id = its digest), with an ImageLayerOrigin naming the command that
// created it when the image config records one; the scanner unpacks the
// layer (a tar, often gzip or zstd) like any archive. Whiteouts (`.wh.name`,
// `.wh..wh..opq`) of later layers mark what a layer holds but the final image
// does not (`in_final_image: false`): still a leak, anyone with the image
// can read it.
//
// Errors: a path that is neither, or an image whose manifest or config
// cannot be read, is List()'s Error; a layer that cannot be read is an
// error of that unit (exit 2).
//
//   std::unique_ptr<Source> image = MakeImageSource("app.tar");
#ifndef REKEY_SOURCE_IMAGE_SOURCE_H_
#define REKEY_SOURCE_IMAGE_SOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "rekey/source/source.h"

namespace rekey {

std::unique_ptr<Source> MakeImageSource(std::string path);

// Whether a file found at `path` in layer `layer` is still in the image once
// every later layer is applied: no later layer holds the same path, a
// whiteout of it or of a directory above it, or an opaque whiteout of a
// directory above it. `entries` are each layer's entry names, in order.
bool InFinalImage(std::size_t layer, std::string path, const std::vector<std::vector<std::string>>& entries);

}  // namespace rekey

#endif  // REKEY_SOURCE_IMAGE_SOURCE_H_
