#pragma once
// The build context on disk: the uploaded tar extracted into a private
// directory under <data-root>/tmp (removed when the build ends), its
// .dockerignore, and the lookups COPY/ADD make in it. Source paths are
// resolved inside the context: `..` cannot leave it and a symlink is followed
// as if the context were `/` (moby's FollowSymlinkInScope), so no step ever
// reads a host file through the context.

#include "base/error.h"
#include "build/builder/dockerignore.h"
#include "containers/archive/archive.h"

#include <string>
#include <vector>

namespace berth::build {

class BuildContext {
public:
    // Extracts `tar` (plain or compressed) into the new directory `dir`.
    static Result<BuildContext> extract(const std::string& dir, const containers::TarSource& tar);
    BuildContext(BuildContext&& other) noexcept;
    BuildContext& operator=(BuildContext&&) = delete;
    BuildContext(const BuildContext&) = delete;
    ~BuildContext();

    const std::string& root() const { return root_; }
    // The Dockerfile's text; `name` a path inside the context.
    Result<std::string> dockerfile(const std::string& name) const;
    const IgnoreMatcher& ignored() const { return ignore_; }

private:
    explicit BuildContext(std::string root) : root_(std::move(root)) {}
    std::string root_;
    IgnoreMatcher ignore_;
};

// A path of a tree (the context, or another stage's root) resolved inside
// it: symlinks followed, absolute ones from the tree's top, `..` stopping at
// the top. Returns the host path and the path inside the tree ("/a/b").
struct ScopedPath {
    std::string host;
    std::string inside;
};
Result<ScopedPath> resolve_in_scope(const std::string& root, const std::string& path, bool follow_last = true);

// Whether a COPY source is a pattern (`*`, `?`, `[`) rather than one path.
bool has_wildcards(std::string_view source);

// The paths of `root` (relative, "dir/file") that the pattern matches, each
// path element by Go's filepath.Match, in lexical order; ignored ones left out.
std::vector<std::string> match_sources(const std::string& root, const std::string& pattern, const IgnoreMatcher& ignore);

} // namespace berth::build
