#include "images/image_archive.h"

#include "images/archive_error.h"
#include "images/memory_release.h"
#include "base/digest.h"
#include "base/unique_fd.h"
#include "registry/manifest.h"

#include <archive.h>
#include <archive_entry.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <fcntl.h>
#include <unistd.h>

namespace berth::images {
namespace {

using nlohmann::json;
namespace media_type = registry::media_type;

struct ArchiveReadCloser {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriteCloser {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadCloser>;

std::string hex_of(const std::string& digest) { return digest.substr(digest.find(':') + 1); }
std::string blob_path(const std::string& digest) { return "blobs/sha256/" + hex_of(digest); }

// ---- save ----

// A tar written to an ArchiveSink. Entries are files whose size is known before
// their bytes come, and directories.
class TarOut {
public:
    explicit TarOut(const ArchiveSink& sink) : sink_(sink), out_(archive_write_new()) {}

    Result<> open() {
        archive_write_set_format_pax_restricted(out_.get());
        archive_write_set_bytes_in_last_block(out_.get(), 1);
        if (archive_write_open2(out_.get(), this, nullptr, &TarOut::write_callback, nullptr, nullptr) != ARCHIVE_OK)
            return failure("starting the archive");
        return {};
    }

    Result<> directory(const std::string& name) { return header(name, AE_IFDIR, 0755, 0); }

    Result<> file(const std::string& name, std::string_view data) {
        return file(name, data.size(), [&](const auto& write) { return write(data); });
    }

    // `produce` calls its argument with the file's bytes, `size` of them in all.
    using Writer = std::function<Result<>(std::string_view)>;
    Result<> file(const std::string& name, uint64_t size, const std::function<Result<>(const Writer&)>& produce) {
        if (auto started = header(name, AE_IFREG, 0644, size); !started) return started;
        uint64_t written = 0;
        auto write = [&](std::string_view data) -> Result<> {
            written += data.size();
            if (written > size) return fail(ErrorCategory::System, "{} grew while it was saved", name);
            if (archive_write_data(out_.get(), data.data(), data.size()) < 0) return failure("writing " + name);
            return {};
        };
        if (auto produced = produce(write); !produced) return produced;
        if (written != size)
            return fail(ErrorCategory::System, "{} has {} bytes, {} were expected", name, written, size);
        if (archive_write_finish_entry(out_.get()) < ARCHIVE_WARN) return failure("writing " + name);
        return {};
    }

    Result<> close() {
        if (archive_write_close(out_.get()) != ARCHIVE_OK) return failure("ending the archive");
        return {};
    }

private:
    static la_ssize_t write_callback(archive*, void* self, const void* data, size_t size) {
        auto* out = static_cast<TarOut*>(self);
        if (!out->sink_(std::string_view(static_cast<const char*>(data), size))) {
            out->reader_left_ = true;
            return -1;
        }
        return static_cast<la_ssize_t>(size);
    }

    Result<> header(const std::string& name, unsigned type, unsigned mode, uint64_t size) {
        std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), name.c_str());
        archive_entry_set_filetype(entry.get(), type);
        archive_entry_set_perm(entry.get(), mode);
        archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
        if (archive_write_header(out_.get(), entry.get()) != ARCHIVE_OK) return failure("writing " + name);
        return {};
    }

    std::unexpected<Error> failure(const std::string& doing) const {
        if (reader_left_) return std::unexpected(Error(ErrorCategory::System, "the reader of the archive went away"));
        return std::unexpected(Error(ErrorCategory::System, std::format("{}: {}", doing, archive_error(out_.get()))));
    }

    const ArchiveSink& sink_;
    std::unique_ptr<archive, ArchiveWriteCloser> out_;
    bool reader_left_ = false;
};

// Opens `source` (in memory, or the file it names) for reading with `in`.
int open_source(archive* in, const ArchiveSource& source) {
    return source.path.empty() ? archive_read_open_memory(in, source.data.data(), source.data.size())
                               : archive_read_open_filename(in, source.path.c_str(), 256 * 1024);
}

// Hands `write` the plain bytes of a source that may be compressed (gzip,
// zstd, ...). With `only_if_compressed`, an uncompressed source is left alone
// and the answer is false. Failures to read are `bad`, naming `what`.
Result<bool> decompress(const ArchiveSource& source, const std::string& what, ErrorCategory bad,
                        bool only_if_compressed, const TarOut::Writer& write) {
    ArchiveReader in(archive_read_new());
    archive_read_support_filter_all(in.get());
    archive_read_support_format_raw(in.get());
    archive_entry* entry = nullptr;
    if (open_source(in.get(), source) != ARCHIVE_OK || archive_read_next_header(in.get(), &entry) != ARCHIVE_OK)
        return fail(bad, "reading {}: {}", what, archive_error(in.get()));
    if (only_if_compressed && archive_filter_code(in.get(), 0) == ARCHIVE_FILTER_NONE) return false;
    std::string buffer(256 * 1024, '\0');
    for (;;) {
        la_ssize_t n = archive_read_data(in.get(), buffer.data(), buffer.size());
        if (n < 0) return fail(bad, "decompressing {}: {}", what, archive_error(in.get()));
        if (n == 0) return true;
        if (auto written = write(std::string_view(buffer.data(), static_cast<size_t>(n))); !written)
            return std::unexpected(written.error());
    }
}

// A blob file (maybe compressed) as its plain bytes.
Result<> decompress_file(const std::string& path, const TarOut::Writer& write) {
    return decompress({{}, path}, path, ErrorCategory::System, false, write).transform([](bool) {});
}

Result<> copy_file(const std::string& path, const TarOut::Writer& write) {
    auto read = read_from_file(path);
    if (!read) return std::unexpected(read.error());
    std::string buffer(256 * 1024, '\0');
    for (;;) {
        auto n = (*read)(buffer.data(), buffer.size());
        if (!n) return std::unexpected(n.error());
        if (*n == 0) return {};
        if (auto written = write(std::string_view(buffer.data(), *n)); !written) return written;
    }
}

// Writes the layer's plain tar as blobs/sha256/<DiffID>, checking its digest.
Result<> save_layer(const ImageService& service, TarOut& out, const std::string& diff_id, const std::string& chain_id) {
    const auto& content = service.content();
    std::string source;
    bool compressed = false;
    uint64_t size = 0;
    auto kept = service.layer_source(diff_id);
    if (kept && !kept->compressed) {
        source = content.path(diff_id);
        size = content.size(diff_id).value_or(0);
    } else if (kept) {
        source = content.path(kept->digest);
        compressed = true;
        size = service.snapshot_size(chain_id);
        if (size == 0) { // a snapshot from before sizes were kept: count once
            auto counted = decompress_file(source, [&](std::string_view data) -> Result<> {
                size += data.size();
                return {};
            });
            if (!counted) return counted;
        }
    } else {
        return fail(ErrorCategory::NotFound, "the layer {} is not kept in the content store (neither its tar nor a "
                                             "compressed blob of it): it cannot be saved", diff_id);
    }
    Sha256 hash;
    auto saved = out.file(blob_path(diff_id), size, [&](const TarOut::Writer& write) {
        auto hashing = [&](std::string_view data) {
            hash.update(data);
            return write(data);
        };
        return compressed ? decompress_file(source, hashing) : copy_file(source, hashing);
    });
    if (!saved) return saved;
    if (hash.digest() != diff_id)
        return fail(ErrorCategory::System, "the stored layer {} reads as {}: the content store is damaged", diff_id,
                    hash.digest());
    return {};
}

// One image of the archive and the names it is saved under (familiar, "busybox:latest").
struct SavedImage {
    std::string id;
    std::vector<std::string> tags;
};

Result<std::vector<SavedImage>> images_to_save(const ImageService& service, const std::vector<std::string>& names) {
    std::vector<SavedImage> images;
    auto add = [&](const std::string& id, std::optional<std::string> tag) {
        auto it = std::ranges::find(images, id, &SavedImage::id);
        if (it == images.end()) it = images.insert(images.end(), SavedImage{id, {}});
        if (tag && std::ranges::find(it->tags, *tag) == it->tags.end()) it->tags.push_back(*tag);
    };
    for (const auto& name : names) {
        auto reference = parse_reference(name);
        if (reference && !reference->tag && !reference->digest) {
            // A repository alone: every tag it has, as Docker saves it.
            bool found = false;
            for (const auto& [text, id] : service.references())
                if (auto tagged = parse_reference(text);
                    tagged && tagged->tag && tagged->repository() == reference->repository()) {
                    add(id, tagged->familiar());
                    found = true;
                }
            if (found) continue;
        }
        auto id = service.resolve(name);
        if (!id) return std::unexpected(id.error());
        bool by_tag = reference && service.references().contains(with_default_tag(*reference).str()) &&
                      !reference->digest;
        add(*id, by_tag ? std::optional(with_default_tag(*reference).familiar()) : std::nullopt);
    }
    return images;
}

// Everything the archive of `images` needs, present and hashing to its digest,
// before its first byte goes out: a failure then is Docker's JSON error, not a
// truncated tar. (The plain tar made from a compressed blob is checked against
// its DiffID while it streams: a mismatch then ends the stream abnormally.)
Result<> check_saveable(const ImageService& service, const std::vector<SavedImage>& images) {
    const auto& content = service.content();
    std::set<std::string> checked;
    auto verify = [&](const std::string& digest, const std::string& what, const std::string& id) -> Result<> {
        if (!checked.insert(digest).second) return {};
        if (auto verified = content.verify(digest); !verified)
            return std::unexpected(verified.error().wrap("the {} of image {} cannot be saved", what, id));
        return {};
    };
    for (const auto& image : images) {
        if (auto usable = service.check_usable(image.id); !usable) return usable;
        auto record = service.record(image.id);
        if (!record) return fail(ErrorCategory::NotFound, "No such image: {}", image.id);
        if (auto config = verify(image.id, "config", image.id); !config) return config;
        for (const auto& diff_id : record->diff_ids) {
            auto kept = service.layer_source(diff_id);
            if (!kept)
                return fail(ErrorCategory::NotFound, "the layer {} of image {} is not kept in the content store "
                                                     "(neither its tar nor a compressed blob of it): it cannot be saved",
                            diff_id, image.id);
            if (auto layer = verify(kept->digest, "layer " + diff_id, image.id); !layer) return layer;
        }
    }
    return {};
}

} // namespace

Result<> save_images(const ImageService& service, const std::vector<std::string>& names, const ArchiveSink& sink) {
    MemoryRelease release;
    if (names.empty()) return fail(ErrorCategory::Invalid, "no image names given");
    ImageService::Busy busy(service); // an rmi meanwhile leaves the blobs this save reads
    auto images = images_to_save(service, names);
    if (!images) return std::unexpected(images.error());
    if (auto saveable = check_saveable(service, *images); !saveable) return saveable;
    const auto& content = service.content();

    TarOut out(sink);
    if (auto opened = out.open(); !opened) return opened;
    for (const char* dir : {"blobs/", "blobs/sha256/"})
        if (auto made = out.directory(dir); !made) return made;

    std::set<std::string> written;
    json index_manifests = json::array();
    json docker_manifest = json::array();
    json repositories = json::object();
    for (const auto& image : *images) {
        auto record = service.record(image.id);
        auto config = content.read(image.id);
        if (!record || !config) return fail(ErrorCategory::NotFound, "No such image: {}", image.id);
        if (written.insert(image.id).second)
            if (auto saved = out.file(blob_path(image.id), *config); !saved) return saved;
        auto chain = store::chain_ids(record->diff_ids);
        json layers = json::array();
        json layer_paths = json::array();
        for (size_t i = 0; i < record->diff_ids.size(); ++i) {
            const auto& diff_id = record->diff_ids[i];
            if (written.insert(diff_id).second)
                if (auto saved = save_layer(service, out, diff_id, chain[i]); !saved) return saved;
            auto size = content.size(diff_id);
            layers.push_back({{"mediaType", media_type::kOciLayer},
                              {"digest", diff_id},
                              {"size", size ? *size : service.snapshot_size(chain[i])}});
            layer_paths.push_back(blob_path(diff_id));
        }
        json manifest = {{"schemaVersion", 2},
                         {"mediaType", media_type::kOciManifest},
                         {"config", {{"mediaType", media_type::kOciConfig},
                                     {"digest", image.id},
                                     {"size", config->size()}}},
                         {"layers", layers}};
        std::string manifest_text = manifest.dump();
        std::string manifest_digest = digest_of(manifest_text);
        if (written.insert(manifest_digest).second)
            if (auto saved = out.file(blob_path(manifest_digest), manifest_text); !saved) return saved;

        json descriptor = {{"mediaType", media_type::kOciManifest},
                           {"digest", manifest_digest},
                           {"size", manifest_text.size()}};
        if (image.tags.empty()) index_manifests.push_back(descriptor);
        for (const auto& tag : image.tags) {
            auto reference = parse_reference(tag);
            if (!reference) return std::unexpected(reference.error());
            json named = descriptor;
            named["annotations"] = {{"io.containerd.image.name", reference->str()},
                                    {"org.opencontainers.image.ref.name", reference->tag.value_or("latest")}};
            index_manifests.push_back(named);
            if (!chain.empty()) repositories[reference->familiar_repository()][*reference->tag] = hex_of(record->diff_ids.back());
        }
        docker_manifest.push_back({{"Config", blob_path(image.id)},
                                   {"RepoTags", image.tags.empty() ? json(nullptr) : json(image.tags)},
                                   {"Layers", layer_paths}});
    }
    json index = {{"schemaVersion", 2}, {"mediaType", media_type::kOciIndex}, {"manifests", index_manifests}};
    for (auto [name, text] : {std::pair{"index.json", index.dump()},
                              std::pair{"manifest.json", docker_manifest.dump()},
                              std::pair{"oci-layout", std::string(R"({"imageLayoutVersion":"1.0.0"})")},
                              std::pair{"repositories", repositories.dump()}})
        if (auto saved = out.file(name, text); !saved) return saved;
    if (auto closed = out.close(); !closed) return closed;
    for (const auto& image : *images) service.announce("save", image.id, image.tags.empty() ? "" : image.tags.front());
    return {};
}

// ---- load ----

namespace {

// The files of an archive (in memory or a file), found by name. Each read scans
// the archive from its start: cheap for a plain tar, one decompression per read
// for a compressed one. Names are cleaned
// ("./a//b" is "a/b"); symlinks and hard links are followed inside the archive.
class ArchiveFiles {
public:
    static Result<ArchiveFiles> index(const ArchiveSource& source) {
        ArchiveFiles files(source);
        auto in = files.open();
        if (!in) return std::unexpected(in.error());
        archive_entry* entry = nullptr;
        int status;
        while ((status = archive_read_next_header(in->get(), &entry)) == ARCHIVE_OK) {
            const char* raw = archive_entry_pathname(entry);
            auto name = clean_name(raw ? raw : "");
            if (!name) return std::unexpected(name.error());
            if (const char* hardlink = archive_entry_hardlink(entry)) {
                auto target = clean_name(hardlink);
                if (!target) return std::unexpected(target.error());
                files.links_[*name] = *target;
            } else if (archive_entry_filetype(entry) == AE_IFLNK) {
                const char* target = archive_entry_symlink(entry);
                std::string joined = std::string(target ? target : "");
                if (!joined.starts_with('/')) {
                    auto slash = name->rfind('/');
                    joined = (slash == std::string::npos ? "" : name->substr(0, slash + 1)) + joined;
                }
                auto cleaned = clean_name(joined);
                if (!cleaned) return std::unexpected(cleaned.error());
                files.links_[*name] = *cleaned;
            } else if (archive_entry_filetype(entry) == AE_IFREG) {
                files.sizes_[*name] = static_cast<uint64_t>(archive_entry_size(entry));
            }
        }
        if (status != ARCHIVE_EOF)
            return fail(ErrorCategory::Invalid, "reading the archive: {}", archive_error(in->get()));
        return files;
    }

    // The regular file `name` leads to, or NotFound.
    Result<std::string> resolve(const std::string& name) const {
        std::string at = name;
        for (int hops = 0; hops < 16; ++hops) {
            if (sizes_.contains(at)) return at;
            auto link = links_.find(at);
            if (link == links_.end()) break;
            at = link->second;
        }
        return fail(ErrorCategory::Invalid, "invalid archive: {} is missing", name);
    }
    bool has(const std::string& name) const { return resolve(name).has_value(); }

    Result<std::string> read(const std::string& name, size_t limit) const {
        std::string text;
        auto read = stream(name, [&](const LayerReader& reader) -> Result<> {
            char buffer[64 * 1024];
            for (;;) {
                auto n = reader(buffer, sizeof buffer);
                if (!n) return std::unexpected(n.error());
                if (*n == 0) return {};
                if (text.size() + *n > limit)
                    return fail(ErrorCategory::Invalid, "invalid archive: {} is larger than {} bytes", name, limit);
                text.append(buffer, *n);
            }
        });
        if (!read) return std::unexpected(read.error());
        return text;
    }

    // Hands `use` a reader of the file's bytes.
    Result<> stream(const std::string& name, const std::function<Result<>(const LayerReader&)>& use) const {
        auto file = resolve(name);
        if (!file) return std::unexpected(file.error());
        auto in = open();
        if (!in) return std::unexpected(in.error());
        archive_entry* entry = nullptr;
        while (archive_read_next_header(in->get(), &entry) == ARCHIVE_OK) {
            const char* raw = archive_entry_pathname(entry);
            auto entry_name = clean_name(raw ? raw : "");
            if (!entry_name || *entry_name != *file || archive_entry_filetype(entry) != AE_IFREG) continue;
            archive* a = in->get();
            return use([a, file](char* buffer, size_t size) -> Result<size_t> {
                la_ssize_t n = archive_read_data(a, buffer, size);
                if (n < 0) return fail(ErrorCategory::Invalid, "reading {} from the archive: {}", *file, archive_error(a));
                return static_cast<size_t>(n);
            });
        }
        return fail(ErrorCategory::Invalid, "invalid archive: {} is missing", name);
    }

private:
    explicit ArchiveFiles(const ArchiveSource& source) : source_(source) {}

    Result<ArchiveReader> open() const {
        ArchiveReader in(archive_read_new());
        archive_read_support_filter_all(in.get());
        archive_read_support_format_tar(in.get());
        if (open_source(in.get(), source_) != ARCHIVE_OK)
            return fail(ErrorCategory::Invalid, "reading the archive: {}", archive_error(in.get()));
        return in;
    }

    // "./a//b/" -> "a/b"; names leading out of the archive are refused.
    static Result<std::string> clean_name(std::string_view raw) {
        if (raw.starts_with('/')) return fail(ErrorCategory::Invalid, "invalid archive entry \"{}\": absolute path", raw);
        std::vector<std::string_view> parts;
        size_t start = 0;
        while (start <= raw.size()) {
            size_t end = std::min(raw.find('/', start), raw.size());
            std::string_view part = raw.substr(start, end - start);
            if (part == "..") {
                if (parts.empty())
                    return fail(ErrorCategory::Invalid, "invalid archive entry \"{}\": it leads out of the archive", raw);
                parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            start = end + 1;
        }
        std::string name;
        for (auto part : parts) name += (name.empty() ? "" : "/") + std::string(part);
        return name;
    }

    ArchiveSource source_;
    std::map<std::string, uint64_t> sizes_;
    std::map<std::string, std::string> links_;
};

constexpr size_t kMaxJsonBytes = 8 * 1024 * 1024;
constexpr size_t kMaxImages = 1000; // per archive: a bound on what a crafted manifest.json can make us do

// One image found in the archive: where its config and layers are, what to call it.
struct LoadPlan {
    std::string config;
    std::vector<std::string> layer_paths;
    std::vector<std::optional<std::string>> layer_digests; // OCI layouts name each layer's digest
    std::vector<std::string> references;                   // full references
};

Result<std::string> oci_blob_path(const std::string& digest) {
    if (!is_sha256_digest(digest)) return fail(ErrorCategory::Invalid, "invalid archive: unsupported digest \"{}\"", digest);
    return blob_path(digest);
}

// A small OCI blob (index, manifest, config), checked against its digest.
Result<std::string> read_oci_blob(const ArchiveFiles& files, const std::string& digest) {
    auto path = oci_blob_path(digest);
    if (!path) return std::unexpected(path.error());
    auto text = files.read(*path, kMaxJsonBytes);
    if (!text) return std::unexpected(text.error());
    if (digest_of(*text) != digest)
        return fail(ErrorCategory::Invalid, "invalid archive: {} does not match its digest (it is {})", *path,
                    digest_of(*text));
    return text;
}

Result<json> parse_json(const std::string& text, const std::string& what) {
    auto parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return fail(ErrorCategory::Invalid, "invalid archive: {} is not valid JSON", what);
    return parsed;
}

Result<std::vector<LoadPlan>> docker_archive_plans(const ArchiveFiles& files) {
    auto text = files.read("manifest.json", kMaxJsonBytes);
    if (!text) return std::unexpected(text.error());
    auto manifest = parse_json(*text, "manifest.json");
    if (!manifest) return std::unexpected(manifest.error());
    if (!manifest->is_array()) return fail(ErrorCategory::Invalid, "invalid archive: manifest.json is not a list");
    if (manifest->size() > kMaxImages)
        return fail(ErrorCategory::Invalid, "invalid archive: more than {} images in manifest.json", kMaxImages);
    std::vector<LoadPlan> plans;
    for (const auto& entry : *manifest) {
        if (!entry.is_object() || !entry.contains("Config") || !entry["Config"].is_string() ||
            !entry.value("Layers", json::array()).is_array())
            return fail(ErrorCategory::Invalid, "invalid archive: a manifest.json entry lacks Config or Layers");
        LoadPlan plan;
        auto config = files.read(entry["Config"].get<std::string>(), kMaxJsonBytes);
        if (!config) return std::unexpected(config.error());
        plan.config = *config;
        bool again = std::ranges::any_of(plans, [&](const LoadPlan& other) { return other.config == plan.config; });
        if (again) return fail(ErrorCategory::Invalid, "invalid archive: manifest.json lists one image twice");
        for (const auto& layer : entry.value("Layers", json::array())) {
            if (!layer.is_string()) return fail(ErrorCategory::Invalid, "invalid archive: a layer path is not a string");
            plan.layer_paths.push_back(layer.get<std::string>());
            plan.layer_digests.emplace_back();
        }
        auto tags = entry.value("RepoTags", json::array());
        for (const auto& tag : tags.is_array() ? tags : json::array()) {
            if (!tag.is_string()) continue;
            auto reference = parse_reference(tag.get<std::string>());
            if (!reference || reference->digest)
                return fail(ErrorCategory::Invalid, "invalid archive: invalid tag \"{}\"", tag.get<std::string>());
            plan.references.push_back(with_default_tag(*reference).str());
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

// The name an OCI index entry gives its image, as containerd writes it (the
// io.containerd.image.name annotation) or a full reference in ref.name.
std::optional<std::string> oci_reference(const json& descriptor) {
    auto annotations = descriptor.value("annotations", json::object());
    if (!annotations.is_object()) return std::nullopt;
    for (const char* key : {"io.containerd.image.name", "org.opencontainers.image.ref.name"}) {
        auto value = annotations.value(key, json());
        if (!value.is_string()) continue;
        std::string text = value.get<std::string>();
        if (std::string_view(key) != "io.containerd.image.name" && text.find_first_of("/:") == std::string::npos)
            continue; // a bare tag ("latest") names no repository
        if (auto reference = parse_reference(text); reference && !reference->digest)
            return with_default_tag(*reference).str();
    }
    return std::nullopt;
}

Result<> add_oci_manifest(const ArchiveFiles& files, const std::string& digest, std::optional<std::string> name,
                          std::vector<LoadPlan>& plans, int depth) {
    if (depth > 4) return fail(ErrorCategory::Invalid, "invalid archive: indexes nested too deep");
    auto text = read_oci_blob(files, digest);
    if (!text) return std::unexpected(text.error());
    std::string type = registry::manifest_media_type("", *text);
    if (registry::is_index_type(type)) {
        auto index = registry::parse_image_index(*text);
        if (!index) return std::unexpected(index.error());
        // A multi-platform image: the host's entry, as a pull would choose.
        auto chosen = index->manifests.size() == 1 ? registry::Descriptor(index->manifests.front())
                                                    : registry::select_platform(*index, registry::host_platform()).value_or(registry::Descriptor{});
        if (chosen.digest.empty())
            return fail(ErrorCategory::NotFound, "invalid archive: no image for {} in {}", registry::host_platform().str(),
                        digest);
        return add_oci_manifest(files, chosen.digest, name, plans, depth + 1);
    }
    auto manifest = registry::parse_image_manifest(*text);
    if (!manifest) return std::unexpected(manifest.error());
    // The same image under another name: one plan, two names.
    for (auto& plan : plans)
        if (digest_of(plan.config) == manifest->config.digest) {
            if (name) plan.references.push_back(*name);
            return {};
        }
    LoadPlan plan;
    auto config = read_oci_blob(files, manifest->config.digest);
    if (!config) return std::unexpected(config.error());
    plan.config = *config;
    for (const auto& layer : manifest->layers) {
        if (!registry::is_supported_layer_type(layer.media_type))
            return fail(ErrorCategory::Invalid, "invalid archive: unsupported layer type {}", layer.media_type);
        auto path = oci_blob_path(layer.digest);
        if (!path) return std::unexpected(path.error());
        plan.layer_paths.push_back(*path);
        plan.layer_digests.emplace_back(layer.digest);
    }
    if (name) plan.references.push_back(*name);
    plans.push_back(std::move(plan));
    return {};
}

Result<std::vector<LoadPlan>> oci_layout_plans(const ArchiveFiles& files) {
    auto text = files.read("index.json", kMaxJsonBytes);
    if (!text) return std::unexpected(text.error());
    auto index = parse_json(*text, "index.json");
    if (!index) return std::unexpected(index.error());
    if (!index->is_object() || !index->value("manifests", json()).is_array())
        return fail(ErrorCategory::Invalid, "invalid archive: index.json has no manifests");
    if ((*index)["manifests"].size() > kMaxImages)
        return fail(ErrorCategory::Invalid, "invalid archive: more than {} images in index.json", kMaxImages);
    std::vector<LoadPlan> plans;
    for (const auto& descriptor : (*index)["manifests"]) {
        if (!descriptor.is_object() || !descriptor.value("digest", json()).is_string())
            return fail(ErrorCategory::Invalid, "invalid archive: an index.json entry has no digest");
        if (auto added = add_oci_manifest(files, descriptor["digest"], oci_reference(descriptor), plans, 0); !added)
            return std::unexpected(added.error());
    }
    return plans;
}

// Reads through `reader`, hashing what passes.
LayerReader hashing(const LayerReader& reader, Sha256& hash) {
    return [&reader, &hash](char* buffer, size_t size) -> Result<size_t> {
        auto n = reader(buffer, size);
        if (n) hash.update(std::string_view(buffer, *n));
        return n;
    };
}

// Unpacks what the image needs and records it; returns its ID.
Result<std::string> load_image(ImageService& service, const ArchiveFiles& files, const LoadPlan& plan) {
    auto config = parse_json(plan.config, "an image config");
    if (!config) return std::unexpected(config.error());
    if (!config->is_object() || !config->value("rootfs", json()).is_object() ||
        (config->contains("created") && !(*config)["created"].is_string()) ||
        (config->contains("config") && !(*config)["config"].is_object() && !(*config)["config"].is_null()))
        return fail(ErrorCategory::Invalid, "invalid archive: an image config is not one (rootfs, created or config "
                                            "of the wrong kind)");
    auto diff_ids_json = (*config)["rootfs"].value("diff_ids", json());
    std::vector<std::string> diff_ids;
    for (const auto& diff_id : diff_ids_json.is_array() ? diff_ids_json : json::array()) {
        if (!diff_id.is_string() || !is_sha256_digest(diff_id.get<std::string>()))
            return fail(ErrorCategory::Invalid, "invalid archive: the image config has an invalid DiffID");
        diff_ids.push_back(diff_id.get<std::string>());
    }
    if (diff_ids.size() != plan.layer_paths.size())
        return fail(ErrorCategory::Invalid, "invalid archive: the image config lists {} layers, the manifest {}",
                    diff_ids.size(), plan.layer_paths.size());
    auto id = service.content().put(plan.config);
    if (!id) return std::unexpected(id.error());

    auto chain = store::chain_ids(diff_ids);
    uint64_t size = 0;
    std::vector<std::pair<std::string, ImageService::LayerSource>> kept_elsewhere; // DiffID, the copy relied on
    for (size_t i = 0; i < diff_ids.size(); ++i) {
        // A layer unpacked already is not unpacked again, unless no blob keeps
        // it (then the archive's tar is kept: the image must save and push too).
        auto kept = service.has_snapshot(chain[i]) ? service.layer_source(diff_ids[i]) : std::nullopt;
        if (kept) {
            kept_elsewhere.emplace_back(diff_ids[i], *kept);
        } else {
            auto added = files.stream(plan.layer_paths[i], [&](const LayerReader& reader) -> Result<> {
                Sha256 hash;
                auto read = hashing(reader, hash);
                auto verify = [&]() -> Result<> {
                    // The digest covers the whole blob, also what the decompressor did not need.
                    char rest[64 * 1024];
                    for (;;) {
                        auto n = read(rest, sizeof rest);
                        if (!n) return std::unexpected(n.error());
                        if (*n == 0) break;
                    }
                    if (plan.layer_digests[i] && hash.digest() != *plan.layer_digests[i])
                        return fail(ErrorCategory::Invalid, "invalid archive: layer {} does not match its digest (it is {})",
                                    *plan.layer_digests[i], hash.digest());
                    return {};
                };
                auto unpacked = service.add_snapshot(read, chain[i], diff_ids[i], verify, true);
                if (!unpacked) return std::unexpected(unpacked.error());
                return {};
            });
            if (!added) return std::unexpected(added.error().wrap("loading layer {}", diff_ids[i]));
        }
        size += service.diff_size(chain[i]);
    }
    store::ImageRecord record{*id, diff_ids, size, "", {}};
    for (const auto& [diff_id, kept] : kept_elsewhere) ImageService::own_copy(record, diff_id, kept);
    if (auto added = service.add_pulled(record, plan.references); !added) return std::unexpected(added.error());
    return *id;
}

// A compressed archive (`docker save | gzip`) as a plain tar in `scratch`:
// every read of a file scans the archive from its start, and should not
// decompress it again each time. Returns whether it was compressed.
Result<bool> decompress_archive(const ArchiveSource& archive, const std::string& scratch) {
    UniqueFd out(::open(scratch.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!out) return fail_errno("creating {}", scratch);
    return decompress(archive, "the archive", ErrorCategory::Invalid, true, [&](std::string_view data) -> Result<> {
        while (!data.empty()) {
            ssize_t wrote = ::write(out.get(), data.data(), data.size());
            if (wrote < 0 && errno == EINTR) continue;
            if (wrote < 0) return fail_errno("writing {}", scratch);
            data.remove_prefix(static_cast<size_t>(wrote));
        }
        return {};
    });
}

} // namespace

Result<std::vector<std::string>> load_images(ImageService& service, const ArchiveSource& archive) {
    MemoryRelease release;
    ImageService::Busy busy(service);
    std::string scratch = service.scratch_path("load");
    std::unique_ptr<const std::string, void (*)(const std::string*)> remove_scratch(
        &scratch, [](const std::string* path) { ::unlink(path->c_str()); });
    auto compressed = decompress_archive(archive, scratch);
    if (!compressed) return std::unexpected(compressed.error());
    auto files = ArchiveFiles::index(*compressed ? ArchiveSource{{}, scratch} : archive);
    if (!files) return std::unexpected(files.error());
    auto plans = files->has("manifest.json") ? docker_archive_plans(*files)
                 : files->has("index.json")  ? oci_layout_plans(*files)
                                             : Result<std::vector<LoadPlan>>(fail(
                                                   ErrorCategory::Invalid,
                                                   "invalid archive: it holds neither manifest.json (docker save) nor "
                                                   "index.json (an OCI layout)"));
    if (!plans) return std::unexpected(plans.error());
    std::vector<std::string> lines;
    for (const auto& plan : *plans) {
        // A name moving to the loaded image leaves its old image without it, as Docker says.
        std::vector<std::pair<std::string, std::string>> moved;
        std::string new_id = digest_of(plan.config);
        for (const auto& reference : plan.references)
            if (auto old = service.resolve(reference); old && *old != new_id) moved.emplace_back(reference, *old);
        auto id = load_image(service, *files, plan);
        if (!id) return std::unexpected(id.error());
        service.announce("load", *id, "");
        for (const auto& [reference, old] : moved)
            lines.push_back(std::format("The image {} already exists, renaming the old one with ID {} to empty string",
                                        parse_reference(reference)->familiar(), old));
        if (plan.references.empty()) lines.push_back("Loaded image ID: " + *id);
        for (const auto& reference : plan.references)
            lines.push_back("Loaded image: " + parse_reference(reference)->familiar());
    }
    return lines;
}

} // namespace berth::images
