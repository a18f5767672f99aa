#pragma once
// RUN --mount (BuildKit's syntax, a CSV of key=value): what the classic-API
// builder can give a RUN container. Pure: tests/engine/build/ checks it.
//   type=tmpfs,target=/t[,size=BYTES]       a tmpfs for the step only
//   type=cache,target=/c[,id=..][,mode=0755][,uid=0][,gid=0][,sharing=shared|private|locked]
//                                            a directory kept between builds
//                                            (<data-root>/build-cache), keyed by id
//                                            (the target by default), never in the layer
//   type=bind,target=/b[,source=path][,from=stage|image][,rw]
//                                            files of the context (as COPY sees
//                                            them: .dockerignore applies), of a
//                                            stage or of an image, read-only unless
//                                            rw (writes then discarded), never in the layer
// type=secret and ssh need a BuildKit client session berthd does not have:
// clear errors. `from`/`source` on a cache mount too.
// As BuildKit, each key=value value is expanded with the stage's ARGs and ENV
// (`target=$DIR`, `id=cache-$V`, `type=$T`), except `from`, which refuses
// variables: the stages a build needs are known before any variable is.

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace berth::build {

struct RunMount {
    enum class Type { Tmpfs, Cache, Bind };
    Type type = Type::Cache;
    std::string target;            // absolute, cleaned
    std::string id;                // cache: the key (the target when not given)
    mode_t mode = 0755;            // cache: the directory's mode when made
    uid_t uid = 0;                 // cache: its owner when made
    gid_t gid = 0;
    // cache: BuildKit's sharing. Locked: one RUN at a time (the others wait);
    // Private: a directory of its own when another RUN has the cache mounted.
    enum class Sharing { Shared, Private, Locked };
    Sharing sharing = Sharing::Shared;
    std::optional<unsigned long long> size; // tmpfs: bytes
    std::string source = ".";      // bind: cleaned, relative to the context or `from`'s root
    std::string from;              // bind: a stage name or index, an image; "" for the context
    bool readwrite = false;        // bind: writes allowed (on a copy, discarded when the step ends)
    // The flag as written (variables unexpanded), for the step's history: the
    // cache key, which holds the build args in scope and the config with ENV.
    std::string spec;
};

// Parses one --mount value; `workdir` makes a relative target absolute.
// Errors say what is wrong or that berthd does not build it (`unsupported`).
struct RunMountError {
    std::string message;
    bool unsupported = false; // the API answers 501-style wording: "not supported by berthd's builder"
};
// A value with its variables replaced, or the lexer's error.
using MountExpander = std::function<std::expected<std::string, std::string>(const std::string& value)>;
std::expected<RunMount, RunMountError> parse_run_mount(std::string_view value, std::string_view workdir,
                                                       const MountExpander& expand = nullptr);

// The `from` of a --mount value as written ("" when none), for the stage plan;
// a variable in it is BuildKit's error.
std::expected<std::string, RunMountError> run_mount_from(std::string_view value);

} // namespace berth::build
