#pragma once
// The layer a COPY, ADD or WORKDIR step commits, written as a tar straight
// into the image service's writer: entries named by their path in the image
// ("app/main.py"), owners and modes as the step says, each parent directory
// once before what it holds (with the image's own mode and owner where the
// image has it, as a copied-up directory in Docker's diff).

#include "base/error.h"

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <sys/stat.h>

struct archive;

namespace berth::build {

using LayerSink = std::function<bool(std::string_view)>;

class LayerTar {
public:
    // `Times::Left`: every entry's times 0, for the step's checksum (its cache
    // key), which as Docker's (tarsum v1, no mtime) must not change when only
    // a file's times do: a fresh checkout of the same sources still hits.
    enum class Times { Kept, Left };
    explicit LayerTar(const LayerSink& sink, Times times = Times::Kept);
    ~LayerTar();
    LayerTar(const LayerTar&) = delete;
    LayerTar& operator=(const LayerTar&) = delete;

    // `path` absolute in the image ("/app/x"). `info` gives the type, mode,
    // size and times; uid/gid/mode are the entry's as written.
    Result<> add_directory(const std::string& path, const struct stat& info);
    Result<> add_symlink(const std::string& path, const struct stat& info, const std::string& target);
    // The file's bytes come from the open `fd`.
    Result<> add_file(const std::string& path, const struct stat& info, int fd);
    // A regular file whose bytes are read piece by piece from `read` (0 at the end).
    Result<> add_stream(const std::string& path, const struct stat& info,
                        const std::function<Result<size_t>(char*, size_t)>& read);
    Result<> add_hardlink(const std::string& path, const struct stat& info, const std::string& target);
    bool written(const std::string& path) const { return written_.contains(path); }
    Result<> close();

private:
    Result<> header(const std::string& path, const struct stat& info, const std::string& link, bool hard);
    struct Archive;
    std::unique_ptr<Archive> archive_;
    Times times_;
    std::set<std::string> written_;
};

} // namespace berth::build
