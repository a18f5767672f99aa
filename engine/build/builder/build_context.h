#pragma once
// The build context: the uploaded tar received into a spool and indexed as it
// arrives (context_spool.h: hostile entries refused then), and a private
// directory under <data-root>/tmp (removed when the build ends) into which
// only what a step reads is extracted, when the step reads it: the
// Dockerfile, .dockerignore, COPY/ADD sources, RUN --mount=type=bind sources.
// A build that copies nothing from the context creates none of its files.
// Source paths are resolved inside the context: `..` cannot leave it and a
// symlink is followed as if the context were `/` (moby's FollowSymlinkInScope),
// so no step ever reads a host file through the context.

#include "base/error.h"
#include "build/builder/context_spool.h"
#include "build/builder/dockerignore.h"
#include "containers/archive/archive.h"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::build {

class BuildContext {
public:
    // Reads `tar` (plain or compressed) to its end; `dir` is made, empty.
    static Result<BuildContext> receive(const std::string& dir, const containers::TarSource& tar);
    BuildContext(BuildContext&& other) noexcept;
    BuildContext& operator=(BuildContext&&) = delete;
    BuildContext(const BuildContext&) = delete;
    ~BuildContext();

    const std::string& root() const { return root_; }
    // Extracts into root() what these COPY/ADD sources (or a bind's source)
    // read, found as find_sources finds them (wildcards matched, symlinks
    // followed inside the context); a source not there is left to the step's
    // own "not found". From any stage's thread.
    Result<> provide(const std::vector<std::string>& sources) const;
    // The Dockerfile's text; `name` a path inside the context.
    Result<std::string> dockerfile(const std::string& name) const;
    const IgnoreMatcher& ignored() const { return ignore_; }

private:
    BuildContext(std::string root, ContextSpool spool);
    // The entries `path` ("/a/b") reads: the links followed on the way and
    // what it resolves to.
    Result<> provide_path(const std::string& path, bool follow_last, std::vector<std::string>& names) const;

    std::string root_;
    IgnoreMatcher ignore_;
    std::unique_ptr<ContextSpool> spool_;
    std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>(); // stages extract side by side
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
