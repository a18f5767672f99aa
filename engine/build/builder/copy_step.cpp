// COPY, ADD and WORKDIR: the steps whose layer the builder writes itself, as a
// tar of what they add (layer_tar.h), committed on the step's image. Docker's
// rules for where things land:
//   - a relative destination is under WORKDIR; one ending in `/` is a directory;
//   - several sources (or a wildcard matching several) need such a directory;
//   - a directory source copies its contents, not itself;
//   - a file lands as the destination, or inside it when that is a directory
//     (in the image, or by its trailing `/`);
//   - new directories are 0755, owned by --chown's user; existing ones keep
//     their mode and owner; --chmod sets every copied entry's permissions;
//   - ADD of a local tar (plain or compressed) extracts it into the destination.
// Sources come from the context (never outside it: `..` and symlinks stay in,
// .dockerignore applies) or, with --from, from another stage's or image's root.
// RUN --mount=type=bind reads its source the same way (bind_checksum, bind_copy).

#include "build/builder/builder.h"

#include "base/clock.h"
#include "base/digest.h"
#include "base/files.h"
#include "base/go_errno.h"
#include "base/unique_fd.h"
#include "build/dockerfile/heredoc.h"
#include "build/dockerfile/instruction_rules.h"
#include "build/builder/layer_tar.h"
#include "containers/archive/archive.h"
#include "containers/config/user_lookup.h"
#include "images/archive_error.h"
#include "images/layer_stack.h"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::build {
namespace {

namespace fs = std::filesystem;
using dockerfile::Instruction;

struct Owner {
    uid_t uid = 0;
    gid_t gid = 0;
    bool chown = false;          // --chown given (ADD's archives keep their owners otherwise)
    std::optional<mode_t> mode;  // --chmod
};

std::string join(const std::string& dir, const std::string& name) {
    if (dir == "/") return "/" + name;
    return dir + "/" + name;
}

std::string base_name(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A file of the image, read from the topmost layer that has it ("" when none).
// Looked up inside each layer: a layer's `/etc` that is a link to `/` must
// not lead to the host's passwd.
std::string image_file(const std::vector<std::string>& layers, const std::string& path) {
    for (const auto& layer : layers) {
        auto scoped = resolve_in_scope(layer, path);
        if (!scoped) continue;
        UniqueFd fd(::open(scoped->host.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        struct stat info{};
        if (!fd || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
        return read_file("/proc/self/fd/" + std::to_string(fd.get())).value_or("");
    }
    return "";
}

// Writes the entries of one step, each parent directory before what it holds.
class LayerComposer {
public:
    // `made_at`: the mtime of the directories the step makes (0 while only
    // the checksum of the step is wanted, so that it depends on the sources alone).
    LayerComposer(LayerTar& tar, const images::LayerStack& lower, Owner owner, time_t made_at)
        : tar_(tar), lower_(lower), owner_(owner), made_at_(made_at) {}

    bool directory_in_image(const std::string& path) const {
        if (tar_.written(path) && made_dirs_.contains(path)) return true;
        auto found = lower_.lookup(path);
        return found && S_ISDIR(found->st_mode);
    }

    // Every ancestor of `path`, and `path` itself when `itself`, as a directory.
    Result<> directories(const std::string& path, bool itself) {
        std::string so_far;
        std::vector<std::string> chain;
        size_t start = 1;
        while (start <= path.size()) {
            size_t end = path.find('/', start);
            if (end == std::string::npos) end = path.size();
            if (end > start) {
                so_far += "/" + path.substr(start, end - start);
                chain.push_back(so_far);
            }
            start = end + 1;
        }
        if (!itself && !chain.empty()) chain.pop_back();
        for (const auto& dir : chain) {
            if (made_dirs_.contains(dir)) continue;
            struct stat info{};
            if (auto existing = lower_.lookup(dir); existing && S_ISDIR(existing->st_mode)) {
                info = *existing; // a copied-up directory keeps what the image has
            } else {
                info.st_mode = S_IFDIR | 0755;
                info.st_uid = owner_.uid;
                info.st_gid = owner_.gid;
                info.st_mtime = made_at_;
            }
            if (auto written = tar_.add_directory(dir, info); !written) return written;
            made_dirs_.insert(dir);
        }
        return {};
    }

    // `host` (a file, link or directory, not followed) as `dest`; below a
    // context directory, `relative` names entries for .dockerignore.
    Result<> tree(const std::string& host, const std::string& dest, const std::optional<std::string>& relative,
                  const IgnoreMatcher* ignore, bool top) {
        struct stat info{};
        if (::lstat(host.c_str(), &info) != 0) return fail_errno("reading {}", host);
        if (auto parents = directories(dest, false); !parents) return parents;
        if (S_ISDIR(info.st_mode)) {
            if (top) {
                if (auto made = directories(dest, true); !made) return made;
            } else if (!made_dirs_.contains(dest)) {
                if (auto written = tar_.add_directory(dest, owned(info)); !written) return written;
                made_dirs_.insert(dest);
            }
            std::error_code ec;
            std::vector<std::string> names;
            for (const auto& entry : fs::directory_iterator(host, ec)) names.push_back(entry.path().filename());
            if (ec) return fail(ErrorCategory::System, "listing {}: {}", host, go_error_text(ec));
            std::ranges::sort(names);
            for (const auto& name : names) {
                std::optional<std::string> child_relative;
                if (relative) {
                    child_relative = relative->empty() || *relative == "." ? name : *relative + "/" + name;
                    if (ignore && ignore->excluded(*child_relative)) continue;
                }
                if (auto copied = tree(host + "/" + name, join(dest, name), child_relative, ignore, false); !copied)
                    return copied;
            }
            return {};
        }
        if (S_ISLNK(info.st_mode)) {
            std::error_code ec;
            std::string target = fs::read_symlink(host, ec).string();
            if (ec) return fail(ErrorCategory::System, "reading the link {}: {}", host, go_error_text(ec));
            return tar_.add_symlink(dest, owned(info), target);
        }
        if (!S_ISREG(info.st_mode)) return {}; // sockets, fifos and devices have no place in a context
        UniqueFd fd(::open(host.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd) return fail_errno("opening {}", host);
        return tar_.add_file(dest, owned(info), fd.get());
    }

    // ADD of a local archive: its entries under `dest`, none outside it.
    Result<> archive_contents(const std::string& host, const std::string& dest) {
        if (auto made = directories(dest, true); !made) return made;
        struct archive* in = archive_read_new();
        archive_read_support_filter_all(in);
        archive_read_support_format_tar(in);
        std::unique_ptr<struct archive, decltype(&archive_read_free)> guard(in, archive_read_free);
        if (archive_read_open_filename(in, host.c_str(), 64 * 1024) != ARCHIVE_OK)
            return fail(ErrorCategory::Invalid, "reading {}: {}", host, images::archive_error(in));
        archive_entry* entry = nullptr;
        while (true) {
            int status = archive_read_next_header(in, &entry);
            if (status == ARCHIVE_EOF) break;
            if (status < ARCHIVE_WARN) return fail(ErrorCategory::Invalid, "reading {}: {}", host, images::archive_error(in));
            std::string name = clean_path(std::string("/") + archive_entry_pathname(entry));
            if (name == "/") continue;
            std::string raw = archive_entry_pathname(entry);
            if (raw.starts_with("../") || raw == ".." || raw.find("/../") != std::string::npos || raw.ends_with("/.."))
                return fail(ErrorCategory::Invalid, "invalid archive entry {} in {}: it leads outside", raw, host);
            std::string path = dest == "/" ? name : dest + name;
            struct stat info = *archive_entry_stat(entry);
            if (owner_.chown) {
                info.st_uid = owner_.uid;
                info.st_gid = owner_.gid;
            }
            if (auto parents = directories(path, false); !parents) return parents;
            Result<> written;
            if (const char* hardlink = archive_entry_hardlink(entry)) {
                std::string target = clean_path(std::string("/") + hardlink);
                written = tar_.add_hardlink(path, info, dest == "/" ? target : dest + target);
            } else if (S_ISDIR(info.st_mode)) {
                written = tar_.add_directory(path, info);
                made_dirs_.insert(path);
            } else if (S_ISLNK(info.st_mode)) {
                written = tar_.add_symlink(path, info, archive_entry_symlink(entry) ? archive_entry_symlink(entry) : "");
            } else if (S_ISREG(info.st_mode)) {
                written = tar_.add_stream(path, info, [in](char* buffer, size_t size) -> Result<size_t> {
                    la_ssize_t got = archive_read_data(in, buffer, size);
                    if (got < 0) return fail(ErrorCategory::Invalid, "{}", images::archive_error(in));
                    return static_cast<size_t>(got);
                });
            }
            if (!written) return written;
        }
        return {};
    }

private:
    struct stat owned(struct stat info) const {
        info.st_uid = owner_.uid;
        info.st_gid = owner_.gid;
        if (owner_.mode) info.st_mode = (info.st_mode & S_IFMT) | *owner_.mode;
        return info;
    }

    LayerTar& tar_;
    const images::LayerStack& lower_;
    Owner owner_;
    time_t made_at_;
    std::set<std::string> made_dirs_;
};

// Whether a file is an archive ADD extracts: a tar, compressed or not.
bool is_archive(const std::string& path) {
    struct archive* in = archive_read_new();
    archive_read_support_filter_all(in);
    archive_read_support_format_tar(in);
    bool archive = false;
    if (archive_read_open_filename(in, path.c_str(), 10240) == ARCHIVE_OK) {
        archive_entry* entry = nullptr;
        archive = archive_read_next_header(in, &entry) == ARCHIVE_OK;
    }
    archive_read_free(in);
    return archive;
}

bool is_url(const std::string& source) {
    return source.starts_with("http://") || source.starts_with("https://") || source.starts_with("git@") ||
           source.starts_with("git://");
}

// One source as found: where it is on the host and what the context calls it.
struct Source {
    std::string host;
    std::optional<std::string> relative; // in the context; none for --from
};

// `COPY <<EOF /dst`: each heredoc is a file named by its delimiter, its body
// expanded as BuildKit does (quotes and escapes kept; not when the delimiter
// was quoted) and `<<-` tabs stripped, in a directory of its own that COPY
// reads instead of the context, dated 1970-01-01 so that the same text is the
// same step for the cache. Mixing heredocs and other sources is refused.
class HeredocFiles {
public:
    static Result<HeredocFiles> write(std::string dir, const std::vector<std::string>& patterns,
                                      const Instruction& instruction, const dockerfile::EnvLookup& env, char32_t escape) {
        HeredocFiles files(std::move(dir));
        std::error_code ec;
        fs::create_directories(files.root_, ec);
        if (ec) return fail(ErrorCategory::System, "making {}: {}", files.root_, go_error_text(ec));
        for (const auto& pattern : patterns) {
            auto word = dockerfile::parse_heredoc_word(pattern);
            if (!word || !*word)
                return fail(ErrorCategory::NotImplemented,
                            "heredocs mixed with other sources ({}) are not supported by berthd's builder yet", pattern);
            auto heredoc = std::ranges::find(instruction.heredocs, (*word)->name, &dockerfile::Heredoc::name);
            if (heredoc == instruction.heredocs.end() || (*word)->name.find('/') != std::string::npos)
                return fail(ErrorCategory::Invalid, "no heredoc named {}", (*word)->name);
            std::string body = heredoc->chomp ? chomp_heredoc(heredoc->content) : heredoc->content;
            if (heredoc->expand) {
                dockerfile::ShellLexerOptions options;
                options.raw_quotes = true;
                options.raw_escapes = true;
                options.escape_token = escape;
                auto expanded = dockerfile::ShellLexer(options).process_word(body, env);
                if (!expanded) return fail(ErrorCategory::Invalid, "expanding the heredoc {}: {}", heredoc->name, expanded.error());
                body = *expanded;
            }
            if (auto written = write_file_atomically(files.root_ + "/" + heredoc->name, body, 0644); !written) return std::unexpected(written.error());
            // A fixed mtime: the step's checksum (its cache key) covers the
            // file's metadata, which must not change from one build to the next.
            std::string path = files.root_ + "/" + heredoc->name;
            const struct timespec times[2] = {{0, 0}, {0, 0}};
            if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) return fail_errno("setting the time of {}", path);
            files.names_.push_back(heredoc->name);
        }
        return files;
    }
    HeredocFiles(HeredocFiles&& other) noexcept : root_(std::move(other.root_)), names_(std::move(other.names_)) {
        other.root_.clear();
    }
    HeredocFiles(const HeredocFiles&) = delete;
    HeredocFiles& operator=(const HeredocFiles&) = delete;
    HeredocFiles& operator=(HeredocFiles&&) = delete;
    ~HeredocFiles() {
        std::error_code ec;
        if (!root_.empty()) fs::remove_all(root_, ec);
    }
    const std::string& root() const { return root_; }
    const std::vector<std::string>& names() const { return names_; } // the sources, in the line's order

private:
    explicit HeredocFiles(std::string root) : root_(std::move(root)) {}
    std::string root_;
    std::vector<std::string> names_;
};

Result<std::vector<Source>> find_sources(const std::vector<std::string>& patterns, const std::string& root,
                                         const IgnoreMatcher* ignore, const std::string& keyword) {
    std::vector<Source> found;
    for (const auto& pattern : patterns) {
        std::string cleaned = clean_path(pattern);
        if (cleaned == ".." || cleaned.starts_with("../"))
            return fail(ErrorCategory::Invalid, "{} failed: forbidden path outside the build context: {} ()", keyword, pattern);
        std::string relative = clean_path(cleaned.starts_with('/') ? cleaned.substr(1) : cleaned);
        if (has_wildcards(relative)) {
            auto matches = match_sources(root, relative, ignore ? *ignore : IgnoreMatcher());
            for (const auto& match : matches) {
                auto resolved = resolve_in_scope(root, "/" + match, false);
                if (!resolved) return std::unexpected(resolved.error());
                found.push_back({resolved->host, ignore ? std::optional(match) : std::nullopt});
            }
            continue;
        }
        auto resolved = resolve_in_scope(root, "/" + relative);
        struct stat info{};
        bool excluded = ignore && relative != "." && ignore->excluded(relative);
        if (!resolved || excluded || ::lstat(resolved->host.c_str(), &info) != 0)
            return fail(ErrorCategory::Invalid,
                        "{} failed: file not found in build context or excluded by .dockerignore: stat {}: file does "
                        "not exist", keyword, pattern);
        std::string inside = resolved->inside == "/" ? "." : resolved->inside.substr(1);
        found.push_back({resolved->host, ignore ? std::optional(inside) : std::nullopt});
    }
    if (found.empty()) return fail(ErrorCategory::Invalid, "{} failed: no source files were specified", keyword);
    return found;
}

// --chown (a name resolved from the image's /etc/passwd and /etc/group, or
// ids) and --chmod (octal).
Result<Owner> owner_of(const dockerfile::InstructionFlags& flags, const std::vector<std::string>& layers) {
    Owner owner;
    if (std::string chown = flags.value("chown"); !chown.empty()) {
        auto user = containers::config::resolve_exec_user(chown, image_file(layers, "/etc/passwd"),
                                                          image_file(layers, "/etc/group"));
        if (!user) return std::unexpected(user.error().wrap("--chown={}", chown));
        owner.uid = user->uid;
        owner.gid = user->gid;
        owner.chown = true;
    }
    if (std::string chmod = flags.value("chmod"); !chmod.empty()) {
        mode_t mode = 0;
        for (char c : chmod) {
            if (c < '0' || c > '7' || mode > 07777) return fail(ErrorCategory::Invalid, "invalid chmod parameter: {}", chmod);
            mode = mode * 8 + static_cast<mode_t>(c - '0');
        }
        if (mode > 07777) return fail(ErrorCategory::Invalid, "invalid chmod parameter: {}", chmod);
        owner.mode = mode;
    }
    return owner;
}

// The destination as an absolute path in the image, WORKDIR-relative when it
// is not; `directory` when it ends in `/` (or `/.`, or is `.`).
std::pair<std::string, bool> destination(const std::string& dest, const std::string& workdir) {
    bool directory = dest.ends_with('/') || dest.ends_with("/.") || dest == ".";
    std::string path = dest.starts_with('/') ? dest : (workdir.empty() ? "/" : workdir) + "/" + dest;
    return {clean_path(path), directory};
}

} // namespace

Result<> Builder::copy_step(StageState& state, const Instruction& instruction, bool add) {
    std::string keyword = add ? "ADD" : "COPY";
    auto flags = dockerfile::parse_instruction_flags(instruction);
    if (!flags) return fail(ErrorCategory::Invalid, "{}", flags.error());
    for (const char* flag : {"exclude", "parents", "checksum", "keep-git-dir"})
        if (flags->has(flag))
            return fail(ErrorCategory::NotImplemented, "{} --{} is not supported by berthd's builder yet", keyword, flag);
    if (instruction.args.size() < 2)
        return fail(ErrorCategory::Invalid, "{} requires at least two arguments", keyword);
    std::vector<std::string> patterns(instruction.args.begin(), instruction.args.end() - 1);
    for (const auto& pattern : patterns)
        if (is_url(pattern)) {
            if (!add) return fail(ErrorCategory::Invalid, "source can't be a URL for COPY");
            return fail(ErrorCategory::NotImplemented, "ADD from a URL is not supported by berthd's builder yet: {}",
                        pattern);
        }
    auto [dest, dest_is_dir] = destination(instruction.args.back(), state.config.value("WorkingDir", ""));

    std::vector<std::string> layers;
    if (!state.image_id.empty()) {
        auto found = services_.images.layer_paths(state.image_id);
        if (!found) return std::unexpected(found.error());
        layers = *found;
    }
    auto owner = owner_of(*flags, layers);
    if (!owner) return std::unexpected(owner.error());
    images::LayerStack lower(layers);

    // The layer, from sources under `root` (the context, or another stage's root).
    auto copy_from = [&](const std::string& root, const IgnoreMatcher* ignore) -> Result<> {
        auto sources = find_sources(patterns, root, ignore, keyword);
        if (!sources) return std::unexpected(sources.error());
        if ((patterns.size() > 1 || sources->size() > 1) && !instruction.args.back().ends_with('/'))
            return fail(ErrorCategory::Invalid, "When using {} with more than one source file, the destination must be "
                                                "a directory and end with a /", keyword);
        // First the checksum (no times), then the layer (the sources' times, made directories now).
        time_t made_at = 0;
        LayerTar::Times times = LayerTar::Times::Left;
        images::LayerWriter write = [&](const std::function<bool(std::string_view)>& sink) -> Result<> {
            LayerTar tar(sink, times);
            LayerComposer composer(tar, lower, *owner, made_at);
            for (const auto& source : *sources) {
                struct stat info{};
                if (::lstat(source.host.c_str(), &info) != 0) return fail_errno("reading {}", source.host);
                Result<> copied;
                if (S_ISDIR(info.st_mode)) {
                    copied = composer.tree(source.host, dest, source.relative, ignore, true);
                } else if (add && S_ISREG(info.st_mode) && is_archive(source.host)) {
                    copied = composer.archive_contents(source.host, dest);
                } else {
                    bool into = dest_is_dir || composer.directory_in_image(dest);
                    std::string target = into ? join(dest, base_name(source.host)) : dest;
                    if (into) copied = composer.directories(dest, true);
                    if (copied) copied = composer.tree(source.host, target, source.relative, ignore, false);
                }
                if (!copied) return copied;
            }
            return tar.close();
        };
        // As Docker's history ("COPY file:<checksum> in /dest"), the checksum of
        // what the step adds, times left out as tarsum v1 leaves them: the
        // cache key of a COPY or ADD. Made with
        // --no-cache too (as moby's classic builder), so a later build can hit it.
        Sha256 hash;
        auto hashed = write([&hash](std::string_view data) {
            hash.update(data);
            return true;
        });
        if (!hashed) return hashed;
        struct stat first{};
        bool one_file = sources->size() == 1 && ::stat(sources->front().host.c_str(), &first) == 0 && S_ISREG(first.st_mode);
        std::string what = (one_file ? "file:" : "dir:") + hash.digest().substr(7);
        made_at = static_cast<time_t>(now_ns() / 1'000'000'000);
        times = LayerTar::Times::Kept;
        return commit(state, nop_line(state, keyword + " " + what + " in " + dest + " "), write);
    };

    std::string from = flags->value("from");
    if (!instruction.heredocs.empty()) {
        // As BuildKit: a heredoc is its own source, whatever --from names
        // (which only named paths read; mixing them with heredocs is refused).
        auto files = HeredocFiles::write(services_.images.scratch_path("heredoc"), patterns, instruction, lookup(state), escape_);
        if (!files) return std::unexpected(files.error().wrap("{} from heredocs", keyword));
        patterns = files->names(); // what copy_from looks for
        return copy_from(files->root(), nullptr);
    }
    if (from.empty()) {
        if (auto provided = context_.provide(patterns); !provided) return provided;
        return copy_from(context_.root(), &context_.ignored());
    }
    auto image = from_image(state, from, keyword);
    if (!image) return std::unexpected(image.error());
    return with_image_root(*image, [&](const std::string& root) { return copy_from(root, nullptr); });
}

Result<std::string> Builder::from_image(StageState& state, const std::string& from, std::string_view what) {
    std::string image;
    if (auto stage = stage_image(from, state.index)) {
        image = *stage;
    } else {
        auto pulled = base_image(from, *state.progress);
        if (!pulled) return std::unexpected(pulled.error().wrap("{} --from={}", what, from));
        image = *pulled;
    }
    if (image.empty()) return fail(ErrorCategory::Invalid, "{} --from={}: the stage has no files (FROM scratch)", what, from);
    return image;
}

BoundCopy::BoundCopy(BoundCopy&& other) noexcept
    : dir(std::move(other.dir)), host(std::move(other.host)) {
    other.dir.clear();
}

BoundCopy& BoundCopy::operator=(BoundCopy&& other) noexcept {
    std::swap(dir, other.dir);
    host = std::move(other.host);
    return *this;
}

BoundCopy::~BoundCopy() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
}

namespace {

// What a bind mount reads, as COPY would read it (inside the root,
// .dockerignore applied for the context), written as a layer tar would be: with
// no times for the checksum, with them for the copy.
class BindTree {
public:
    static Result<BindTree> find(const std::string& root, const IgnoreMatcher* ignore, const std::string& source) {
        auto sources = find_sources({source}, root, ignore, "RUN --mount=type=bind");
        if (!sources) return std::unexpected(sources.error());
        BindTree tree(sources->front(), ignore);
        struct stat info{};
        if (::lstat(tree.source_.host.c_str(), &info) != 0) return fail_errno("reading {}", tree.source_.host);
        tree.directory_ = S_ISDIR(info.st_mode);
        tree.dest_ = tree.directory_ ? "/" : "/" + base_name(tree.source_.host);
        return tree;
    }
    bool directory() const { return directory_; }
    const std::string& dest() const { return dest_; } // in the tar: "/" or "/<file name>"
    Result<> write(const LayerSink& sink, LayerTar::Times times) const {
        images::LayerStack nothing_below({});
        LayerTar tar(sink, times);
        LayerComposer composer(tar, nothing_below, Owner{}, 0);
        if (auto copied = composer.tree(source_.host, dest_, source_.relative, ignore_, directory_); !copied) return copied;
        return tar.close();
    }

private:
    BindTree(Source source, const IgnoreMatcher* ignore) : source_(std::move(source)), ignore_(ignore) {}
    Source source_;
    const IgnoreMatcher* ignore_;
    bool directory_ = false;
    std::string dest_;
};

// `tree`'s tar in a file of <data-root>/tmp (its descriptor only), unpacked
// into `into` by the archive extractor, which checks the names again on the way in.
Result<> unpack_into(const std::string& into, const BindTree& tree) {
    std::string tar_path = into + ".tar";
    UniqueFd tar_fd(::open(tar_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!tar_fd) return fail_errno("making {}", tar_path);
    ::unlink(tar_path.c_str()); // the open descriptor is enough
    auto written = tree.write([fd = tar_fd.get()](std::string_view data) {
        while (!data.empty()) {
            ssize_t put = ::write(fd, data.data(), data.size());
            if (put < 0 && errno == EINTR) continue;
            if (put <= 0) return false;
            data.remove_prefix(static_cast<size_t>(put));
        }
        return true;
    }, LayerTar::Times::Kept);
    if (!written) return written;
    if (::lseek(tar_fd.get(), 0, SEEK_SET) != 0) return fail_errno("reading back {}", tar_path);
    std::string buffer(64 * 1024, '\0');
    auto read_back = [&]() -> Result<std::string_view> {
        while (true) {
            ssize_t got = ::read(tar_fd.get(), buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) return fail_errno("reading back {}", tar_path);
            return std::string_view(buffer.data(), static_cast<size_t>(got));
        }
    };
    return containers::extract_tar(into, "/", "RUN --mount=type=bind", read_back);
}

} // namespace

Result<> Builder::with_bind_root(StageState& state, const RunMount& mount,
                                 const std::function<Result<>(const std::string& root, const IgnoreMatcher* ignore)>& use) {
    if (mount.from.empty()) {
        if (auto provided = context_.provide({mount.source}); !provided) return provided;
        return use(context_.root(), &context_.ignored());
    }
    auto image = from_image(state, mount.from, "RUN --mount=type=bind");
    if (!image) return std::unexpected(image.error());
    return with_image_root(*image, [&](const std::string& root) { return use(root, nullptr); });
}

Result<std::string> Builder::bind_checksum(StageState& state, const RunMount& mount) {
    std::string checksum;
    auto summed = with_bind_root(state, mount, [&](const std::string& root, const IgnoreMatcher* ignore) -> Result<> {
        auto tree = BindTree::find(root, ignore, mount.source);
        if (!tree) return std::unexpected(tree.error());
        Sha256 hash;
        auto hashed = tree->write([&hash](std::string_view data) { hash.update(data); return true; }, LayerTar::Times::Left);
        if (!hashed) return hashed;
        checksum = (tree->directory() ? "dir:" : "file:") + hash.digest().substr(7);
        return {};
    });
    if (!summed) return std::unexpected(summed.error());
    return checksum;
}

Result<BoundCopy> Builder::bind_copy(StageState& state, const RunMount& mount) {
    BoundCopy copy;
    auto copied = with_bind_root(state, mount, [&](const std::string& root, const IgnoreMatcher* ignore) -> Result<> {
        auto tree = BindTree::find(root, ignore, mount.source);
        if (!tree) return std::unexpected(tree.error());
        copy.dir = services_.images.scratch_path("run-bind");
        if (::mkdir(copy.dir.c_str(), 0755) != 0) return fail_errno("making {}", copy.dir);
        if (auto unpacked = unpack_into(copy.dir, *tree); !unpacked) return unpacked;
        copy.host = tree->directory() ? copy.dir : copy.dir + tree->dest();
        return {};
    });
    if (!copied) return std::unexpected(copied.error());
    return copy;
}

Result<> Builder::workdir_step(StageState& state, const Instruction& instruction) {
    std::string dir = instruction.args.empty() ? "" : instruction.args.front();
    if (dir.empty()) return fail(ErrorCategory::Invalid, "WORKDIR requires exactly one argument");
    std::string current = state.config.value("WorkingDir", "");
    std::string path = clean_path(dir.starts_with('/') ? dir : (current.empty() ? "/" : current) + "/" + dir);
    state.config["WorkingDir"] = path;
    std::vector<std::string> layers;
    if (!state.image_id.empty()) {
        auto found = services_.images.layer_paths(state.image_id);
        if (!found) return std::unexpected(found.error());
        layers = *found;
    }
    images::LayerStack lower(layers);
    auto existing = lower.lookup(path);
    // As moby: the history names the directory, not the words that named it
    // (`WORKDIR $D`), so that a cachefrom image's history (cache_sources.h)
    // misses when the directory differs.
    std::string history = nop_line(state, "WORKDIR " + path);
    if (existing && S_ISDIR(existing->st_mode)) return commit_config(state, history);
    // As Docker: the directory is made (root's, 0755) in the step's layer.
    return commit(state, history, [&](const std::function<bool(std::string_view)>& sink) -> Result<> {
        LayerTar tar(sink);
        LayerComposer composer(tar, lower, Owner{}, static_cast<time_t>(now_ns() / 1'000'000'000));
        if (auto made = composer.directories(path, true); !made) return made;
        return tar.close();
    });
}

} // namespace berth::build
