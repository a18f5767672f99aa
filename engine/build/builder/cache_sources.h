#pragma once
// `cachefrom` (`docker build --cache-from IMG`): images whose history stands
// in for the build cache, as moby's classic builder reads them (image/cache's
// ImageCache). A pulled image has no parent chain here, so the local cache
// (build_cache.cpp) finds nothing on it; its history does say what each step
// was. A step on `parent` whose history line is `created_by` is in a source
// when:
//   - the source's history is longer than the parent's, starts with the
//     parent's entries (equal, whole) and its layers with the parent's layers
//     (isValidParent; FROM scratch: any source with a history), and
//   - the source's entry at the parent's length has that created_by
//     (isValidConfig).
// The step's result is then that entry and its layer (none for an empty_layer
// entry): the source itself when the entry is its last, else an image the
// builder restores on the parent (restoreCachedImage). Once a step is restored
// from a source, the sources narrow to that one, so the build never jumps
// from one image's layers to another's.
//
// The history line is the cache key, so it must say what the step made: for
// COPY/ADD it holds the checksum of what they add, for RUN the build args it
// sees, for WORKDIR the directory it makes (run_step.cpp, copy_step.cpp).
// Config-only steps make no layer; a restored image takes the build's own
// config, never the source's.
//
// Pure: tests/engine/build/builder/cache_sources_test.cpp runs it on fake histories.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

// One history entry of an image config.
struct CacheHistoryEntry {
    std::string created_by;
    bool empty_layer = false;
    std::string whole; // the entry as canonical JSON: what "equal" compares
};

// An image as the cache reads it: its ID, history and layers (bottom first).
struct CacheImage {
    std::string id;
    std::vector<CacheHistoryEntry> history;
    std::vector<std::string> diff_ids;
};

// A step found in a source's history.
struct SourceHit {
    const CacheImage* source = nullptr;
    size_t position = 0;             // the entry's index in the source's history
    std::optional<std::string> layer; // its DiffID; none for an empty_layer entry
    bool last = false;                // the source's last entry: the source is the step's image
};

// Whether `source` can continue `parent` (nullptr: FROM scratch).
bool continues(const CacheImage& source, const CacheImage* parent);

// The step `created_by` on `parent` in `source`'s history, if it is there.
std::optional<SourceHit> match_in_history(const CacheImage& source, const CacheImage* parent,
                                          std::string_view created_by);

class CacheSources {
public:
    explicit CacheSources(std::vector<CacheImage> images) : images_(std::move(images)) {}

    // The first source holding the step. A hit that is not a source's last
    // entry narrows the sources to that source (moby: "avoid jumping to
    // different target").
    std::optional<SourceHit> find(const CacheImage* parent, std::string_view created_by);
    const std::vector<CacheImage>& images() const { return images_; }

private:
    std::vector<CacheImage> images_;
};

} // namespace berth::build
