#include "images/image_service.h"
#include "base/go_errno.h"

#include "base/clock.h"
#include "base/files.h"
#include "base/ids.h"
#include "base/log.h"
#include "base/unique_fd.h"
#include "images/config_changes.h"
#include "images/layer_unpacker.h"
#include "images/memory_release.h"
#include "images/reference.h"
#include "images/store_references.h"
#include "images/whiteouts.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <set>
#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>
#include <sys/utsname.h>

namespace berth::images {
namespace {

namespace fs = std::filesystem;

std::string short_id(const std::string& id) { return id.substr(id.find(':') + 1, 12); }

std::string host_go_arch() {
    struct utsname names{};
    uname(&names);
    std::string machine = names.machine;
    if (machine == "x86_64") return "amd64";
    if (machine == "aarch64") return "arm64";
    return machine;
}

// The Engine API's ContainerConfig shape of an OCI config's "config" object.
nlohmann::json docker_config(const nlohmann::json& oci) {
    auto field = [&](const char* key, nlohmann::json fallback) { return oci.contains(key) ? oci[key] : fallback; };
    nlohmann::json out = {
        {"Hostname", ""},
        {"Domainname", ""},
        {"User", field("User", "")},
        {"AttachStdin", false},
        {"AttachStdout", false},
        {"AttachStderr", false},
        {"ExposedPorts", field("ExposedPorts", nullptr)},
        {"Tty", false},
        {"OpenStdin", false},
        {"StdinOnce", false},
        {"Env", field("Env", nullptr)},
        {"Cmd", field("Cmd", nullptr)},
        {"Image", ""},
        {"Volumes", field("Volumes", nullptr)},
        {"WorkingDir", field("WorkingDir", "")},
        {"Entrypoint", field("Entrypoint", nullptr)},
        {"OnBuild", field("OnBuild", nullptr)},
        {"Labels", field("Labels", nullptr)},
        {"StopSignal", field("StopSignal", nullptr)},
    };
    // Set by a build's HEALTHCHECK and SHELL; Docker leaves them out when unset (omitempty).
    for (const char* key : {"Healthcheck", "Shell", "ArgsEscaped"})
        if (oci.contains(key) && !oci[key].is_null()) out[key] = oci[key];
    return out;
}

// The image config's config.Labels, {} when it has none (or null in its place).
nlohmann::json image_labels(const nlohmann::json& config) {
    if (!config.is_object() || !config.contains("config") || !config["config"].is_object()) return nlohmann::json::object();
    nlohmann::json labels = config["config"].value("Labels", nlohmann::json::object());
    return labels.is_object() ? labels : nlohmann::json::object();
}

int64_t created_seconds(const nlohmann::json& config) {
    if (!config.is_object() || !config.contains("created") || !config["created"].is_string()) return 0;
    auto created = parse_api_timestamp(config["created"].get<std::string>());
    return created ? *created / 1'000'000'000 : 0;
}

} // namespace

ImageService::ImageService(std::string data_root, store::ContentStore& content, store::ImageStore& images,
                           ImageEventSink events)
    : data_root_(std::move(data_root)), content_(content), images_(images), events_(std::move(events)) {
    // Snapshots being unpacked when the last daemon died are half-made: drop them.
    std::error_code ec;
    fs::create_directories(data_root_ + "/snapshots", ec);
    for (const auto& entry : fs::directory_iterator(data_root_ + "/snapshots", ec))
        if (entry.path().extension() == ".partial") fs::remove_all(entry.path(), ec);
    // Scratch files of loads the last daemon did not finish.
    fs::remove_all(data_root_ + "/tmp/images", ec);
    fs::create_directories(data_root_ + "/tmp/images", ec);
    fs::permissions(data_root_ + "/tmp/images", fs::perms::owner_all, ec);
}

void ImageService::mark_damaged(const std::string& id, const std::string& problem) {
    std::lock_guard lock(damaged_mutex_);
    damaged_[id] = problem;
}

Result<> ImageService::check_usable(const std::string& id) const {
    std::lock_guard lock(damaged_mutex_);
    auto it = damaged_.find(id);
    if (it == damaged_.end()) return {};
    return fail(ErrorCategory::System, "image {} is damaged: {} (remove it with docker rmi, then pull or load it again)",
                short_id(id), it->second);
}

std::string ImageService::scratch_path(std::string_view prefix) const {
    return std::format("{}/tmp/images/{}-{}", data_root_, prefix, random_hex(16));
}

std::string ImageService::snapshot_path(const std::string& chain_id) const {
    return data_root_ + "/snapshots/" + chain_id.substr(chain_id.find(':') + 1);
}

std::optional<store::ImageRecord> ImageService::stored_record(const std::string& id) const {
    if (auto record = images_.get(id)) return record;
    return images_.held(id);
}

std::vector<store::ImageRecord> ImageService::owning_records() const {
    auto records = images_.list();
    auto held = images_.held();
    records.insert(records.end(), held.begin(), held.end());
    return records;
}

Result<std::vector<std::string>> ImageService::layer_paths(const std::string& id) const {
    auto record = stored_record(id);
    if (!record) return fail(ErrorCategory::NotFound, "No such image: {}", id);
    if (auto usable = check_usable(id); !usable) return std::unexpected(usable.error());
    auto chain = store::chain_ids(record->diff_ids);
    if (chain.empty()) return fail(ErrorCategory::Invalid, "image {} has no layers", id);
    std::vector<std::string> paths;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) paths.push_back(snapshot_path(*it) + "/fs");
    return paths;
}

bool ImageService::has_snapshot(const std::string& chain_id) const {
    std::error_code ec;
    return fs::is_directory(snapshot_path(chain_id) + "/fs", ec);
}

void ImageService::visit_pulled_manifests(const store::ImageRecord& record,
                                          const std::function<bool(PulledManifest&)>& visit) const {
    for (const auto& blob : record.blobs) {
        auto text = content_.read(blob);
        if (!text) continue;
        std::string type = registry::manifest_media_type("", *text);
        if (!registry::is_manifest_type(type)) continue;
        auto manifest = registry::parse_image_manifest(*text);
        if (!manifest || manifest->config.digest != record.id || manifest->layers.size() != record.diff_ids.size())
            continue;
        PulledManifest pulled{std::move(*text), std::move(type), std::move(*manifest)};
        if (!visit(pulled)) return;
    }
}

std::vector<ImageService::PulledManifest> ImageService::pulled_manifests(const store::ImageRecord& record) const {
    std::vector<PulledManifest> out;
    visit_pulled_manifests(record, [&](PulledManifest& pulled) {
        out.push_back(std::move(pulled));
        return true;
    });
    return out;
}

std::optional<ImageService::PulledManifest> ImageService::pulled_manifest(const store::ImageRecord& record,
                                                                         bool complete) const {
    std::optional<PulledManifest> found;
    visit_pulled_manifests(record, [&](PulledManifest& pulled) {
        if (complete && !std::ranges::all_of(pulled.manifest.layers,
                                             [&](const auto& layer) { return content_.has(layer.digest); }))
            return true;
        found = std::move(pulled);
        return false;
    });
    return found;
}

std::optional<ImageService::LayerSource> ImageService::compressed_copy(const store::ImageRecord& record,
                                                                       const std::string& diff_id) const {
    if (auto given = record.layer_blobs.find(diff_id);
        given != record.layer_blobs.end() && content_.has(given->second.digest))
        return LayerSource{given->second.digest, given->second.media_type, true};
    // An image pulled through several manifests (another tag, another
    // compression) may keep the layer under any of them.
    std::optional<LayerSource> found;
    visit_pulled_manifests(record, [&](PulledManifest& pulled) {
        for (size_t i = 0; i < record.diff_ids.size(); ++i) {
            const auto& layer = pulled.manifest.layers[i];
            if (record.diff_ids[i] == diff_id && content_.has(layer.digest)) {
                found = LayerSource{layer.digest, layer.media_type, true};
                return false;
            }
        }
        return true;
    });
    return found;
}

std::optional<ImageService::LayerSource> ImageService::layer_source_among(const std::vector<store::ImageRecord>& records,
                                                                          const std::string& diff_id) const {
    if (content_.has(diff_id)) return LayerSource{diff_id, std::string(registry::media_type::kOciLayer), false};
    for (const auto& record : records) {
        if (std::ranges::find(record.diff_ids, diff_id) == record.diff_ids.end()) continue;
        if (auto copy = compressed_copy(record, diff_id)) return copy;
    }
    return std::nullopt;
}

std::optional<ImageService::LayerSource> ImageService::layer_source(const std::string& diff_id) const {
    return layer_source_among(owning_records(), diff_id);
}

void ImageService::own_copy(store::ImageRecord& record, const std::string& diff_id, const LayerSource& kept) {
    // A plain tar is already every stacking image's (StoreReferences).
    if (!kept.compressed || std::ranges::find(record.blobs, kept.digest) != record.blobs.end()) return;
    record.layer_blobs.emplace(diff_id, store::LayerBlob{kept.digest, kept.media_type});
}

uint64_t ImageService::snapshot_size(const std::string& chain_id) const {
    auto text = read_file(snapshot_path(chain_id) + "/size");
    return text ? std::strtoull(text->c_str(), nullptr, 10) : 0;
}

uint64_t ImageService::diff_size(const std::string& chain_id) const {
    if (auto text = read_file(snapshot_path(chain_id) + "/diff_size")) return std::strtoull(text->c_str(), nullptr, 10);
    return tree_bytes(snapshot_path(chain_id) + "/fs"); // a snapshot from before it was kept
}

Result<> ImageService::set_whiteout_format(WhiteoutFormat format) {
    whiteouts_ = format;
    if (format != WhiteoutFormat::Overlay) return {};
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(data_root_ + "/snapshots", ec)) {
        std::string marker = entry.path().string() + "/whiteouts";
        if (!fs::exists(marker, ec)) continue;
        // Idempotent, and the marker goes last: a crash midway is finished at the next start.
        if (auto respelled = respell_as_overlay(entry.path().string() + "/fs"); !respelled)
            return std::unexpected(respelled.error().wrap("preparing the snapshot {} for overlay2", entry.path().string()));
        if (::unlink(marker.c_str()) != 0) return fail_errno("removing {}", marker);
    }
    return {};
}

// Moves a finished snapshot into place; one that is already there (another pull
// of the same layer won) is kept and ours dropped. Its files reach the disk
// first: a power cut must not leave a published snapshot with holes.
Result<> ImageService::publish_snapshot(const std::string& partial, const std::string& chain_id, uint64_t size) {
    std::error_code ec;
    if (whiteouts_ == WhiteoutFormat::Oci)
        if (auto marked = write_file_atomically(partial + "/whiteouts", "oci", 0644, Durability::Replaced); !marked) {
            fs::remove_all(partial, ec);
            return marked;
        }
    if (auto written = write_file_atomically(partial + "/size", std::to_string(size), 0644, Durability::Replaced); !written) {
        fs::remove_all(partial, ec);
        return written;
    }
    if (auto written = write_file_atomically(partial + "/diff_size", std::to_string(tree_bytes(partial + "/fs")), 0644,
                                             Durability::Replaced);
        !written) {
        fs::remove_all(partial, ec);
        return written;
    }
    if (UniqueFd tree(::open(partial.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); !tree || ::syncfs(tree.get()) != 0) {
        int error = errno;
        fs::remove_all(partial, ec);
        return fail(ErrorCategory::System, "flushing the snapshot {} to disk: {}", partial, go_strerror(error));
    }
    std::string final_path = snapshot_path(chain_id);
    if (::rename(partial.c_str(), final_path.c_str()) != 0) {
        int error = errno;
        fs::remove_all(partial, ec);
        if (error != EEXIST && error != ENOTEMPTY)
            return fail(ErrorCategory::System, "publishing snapshot {}: {}", final_path, go_strerror(error));
        return {};
    }
    // The rename too, before an image record can name the snapshot.
    if (UniqueFd snapshots(::open((data_root_ + "/snapshots").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        !snapshots || ::fsync(snapshots.get()) != 0)
        return fail_errno("flushing {}/snapshots to disk", data_root_);
    return {};
}

Result<std::string> ImageService::unpack_snapshot(const LayerReader& tarball, std::string& diff_id, uint64_t& size) {
    std::string partial = data_root_ + "/snapshots/" + random_hex(16) + ".partial";
    std::error_code ec;
    fs::create_directories(partial + "/fs", ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", partial, go_error_text(ec));
    auto layer = unpack_layer(tarball, content_, partial + "/fs", true, whiteouts_);
    if (!layer) {
        fs::remove_all(partial, ec);
        return std::unexpected(layer.error());
    }
    diff_id = layer->diff_id;
    size = layer->size;
    // A one-layer stack: its chain ID is its DiffID.
    if (auto published = publish_snapshot(partial, diff_id, size); !published) return std::unexpected(published.error());
    size = diff_size(diff_id);
    return snapshot_path(diff_id);
}

Result<uint64_t> ImageService::add_snapshot(const LayerReader& source, const std::string& chain_id,
                                            const std::string& diff_id, const std::function<Result<>()>& verify,
                                            bool keep_tar) {
    std::string partial = data_root_ + "/snapshots/" + random_hex(16) + ".partial";
    std::error_code ec;
    fs::create_directories(partial + "/fs", ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", partial, go_error_text(ec));
    auto layer = unpack_layer(source, content_, partial + "/fs", keep_tar, whiteouts_);
    Result<> checked = layer ? verify() : Result<>(std::unexpected(layer.error()));
    if (checked && layer->diff_id != diff_id)
        checked = fail(ErrorCategory::Invalid, "layer DiffID mismatch: the image config says {}, the layer is {}",
                       diff_id, layer->diff_id);
    if (!checked) {
        fs::remove_all(partial, ec);
        return std::unexpected(checked.error());
    }
    if (auto published = publish_snapshot(partial, chain_id, layer->size); !published)
        return std::unexpected(published.error());
    return layer->size;
}

Result<> ImageService::add_pulled(store::ImageRecord record, const std::vector<std::string>& references) {
    if (auto known = images_.get(record.id)) {
        // Pulled before, maybe from elsewhere: it owns the blobs of both pulls.
        for (const auto& blob : known->blobs)
            if (std::ranges::find(record.blobs, blob) == record.blobs.end()) record.blobs.push_back(blob);
        record.last_tag_time = known->last_tag_time;
        if (record.parent.empty()) record.parent = known->parent; // a load of a committed image keeps its parent
    }
    std::vector<std::string> full;
    std::vector<std::string> new_tags; // familiar names, for the events
    for (const auto& reference : references) {
        auto parsed = parse_reference(reference);
        if (!parsed) return std::unexpected(parsed.error());
        full.push_back(parsed->str());
        if (!parsed->digest && images_.image_of(parsed->str()) != record.id) new_tags.push_back(parsed->familiar());
    }
    if (auto added = images_.add(record, full, format_rfc3339_nano(clock_())); !added) return added;
    for (const auto& tag : new_tags) events_("tag", record.id, tag);
    return {};
}

Result<> ImageService::add_digest_reference(const std::string& id, const Reference& reference) {
    if (!reference.digest) return fail(ErrorCategory::Invalid, "{} is not a digest reference", reference.str());
    return images_.tag(reference.str(), id, format_rfc3339_nano(clock_()));
}

nlohmann::json ImageService::names(const std::string& id, bool digests) const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& reference : images_.references_to(id))
        if (auto parsed = parse_reference(reference); parsed && parsed->digest.has_value() == digests)
            out.push_back(parsed->familiar());
    return out;
}

namespace {

// The tar of an empty layer (two zero blocks): Docker leaves it out of rootfs.
constexpr std::string_view kEmptyLayerDiffId = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

} // namespace

nlohmann::json image_config_of(const nlohmann::json& container_config) {
    nlohmann::json out = nlohmann::json::object();
    if (!container_config.is_object()) return out;
    for (const char* key : {"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
                            "StopSignal", "Healthcheck", "OnBuild", "Shell", "ArgsEscaped"})
        if (container_config.contains(key) && !container_config[key].is_null()) out[key] = container_config[key];
    return out;
}

namespace {

Result<std::optional<Reference>> target_reference(const std::string& repository, const std::string& tag) {
    if (repository.empty()) return std::optional<Reference>();
    auto parsed = parse_reference(repository);
    if (!parsed) return std::unexpected(parsed.error());
    if (parsed->digest) return fail(ErrorCategory::Invalid, "refusing to create a tag with a digest reference");
    if (!tag.empty()) {
        auto with_tag = parse_reference(parsed->repository() + ":" + tag);
        if (!with_tag) return std::unexpected(with_tag.error());
        parsed = with_tag;
    }
    return std::optional(with_default_tag(*parsed));
}

} // namespace

Result<std::string> ImageService::import(const LayerReader& tarball, const ImportOptions& options) {
    MemoryRelease release;
    Busy busy(*this); // its snapshot is nobody's until the record is added
    auto target = target_reference(options.repository, options.tag);
    if (!target) return std::unexpected(target.error());
    const std::optional<Reference>& reference = *target;
    nlohmann::json container_config = nlohmann::json::object();
    for (const auto& change : options.changes)
        if (auto applied = apply_config_change(container_config, change); !applied)
            return std::unexpected(applied.error());

    std::string diff_id;
    uint64_t size = 0;
    auto snapshot = unpack_snapshot(tarball, diff_id, size);
    if (!snapshot) return std::unexpected(snapshot.error().wrap("importing"));

    std::string created = format_rfc3339_nano(clock_());
    nlohmann::json config = {
        {"architecture", host_go_arch()},
        {"os", "linux"},
        {"created", created},
        {"config", container_config},
        {"rootfs", {{"type", "layers"}, {"diff_ids", {diff_id}}}},
        {"history", {{{"created", created},
                      {"comment", options.message.empty() ? "Imported from -" : options.message}}}},
    };
    auto id = content_.put(config.dump());
    if (!id) return std::unexpected(id.error());
    if (auto added = images_.add({*id, {diff_id}, size, ""}); !added) return std::unexpected(added.error());
    events_("import", *id, reference ? reference->familiar() : "");
    if (reference) {
        if (auto tagged = images_.tag(reference->str(), *id, created); !tagged) return std::unexpected(tagged.error());
        events_("tag", *id, reference->familiar());
    }
    return *id;
}


Result<std::string> ImageService::commit(const std::string& parent_id, const LayerWriter& write_layer,
                                         const CommitOptions& options) {
    MemoryRelease release;
    auto reference = target_reference(options.repository, options.tag);
    if (!reference) return std::unexpected(reference.error());
    std::optional<store::ImageRecord> parent = parent_id.empty() ? std::optional(store::ImageRecord{}) : stored_record(parent_id);
    auto parent_text = parent_id.empty() ? Result<std::string>(options.scratch_config.dump()) : content_.read(parent_id);
    if (!parent || !parent_text) return fail(ErrorCategory::NotFound, "No such image: {}", parent_id);
    auto config = nlohmann::json::parse(*parent_text, nullptr, false);
    if (config.is_discarded() || !config.is_object())
        return fail(ErrorCategory::System, "the config of {} is damaged", parent_id);

    // The container's config, the request's overriding it, then the changes.
    nlohmann::json image_config = image_config_of(options.exact_config ? options.config : options.container_config);
    if (options.config.is_object() && !options.exact_config)
        image_config.update(image_config_of(options.config));
    for (const auto& change : options.changes)
        if (auto applied = apply_config_change(image_config, change); !applied) return std::unexpected(applied.error());

    Busy busy(*this);
    auto writer = content_.writer();
    if (!writer) return std::unexpected(writer.error());
    Result<> written = {};
    auto wrote = write_layer([&](std::string_view data) {
        written = writer->write(data);
        return written.has_value();
    });
    // A failed write (the data root full, say) is why the archiver stopped:
    // its own "the reader went away" would hide the cause.
    if (!written) return std::unexpected(written.error());
    if (!wrote) return std::unexpected(wrote.error());
    uint64_t layer_size = 0;
    auto diff_id = writer->commit();
    if (!diff_id) return std::unexpected(diff_id.error());
    bool empty = *diff_id == kEmptyLayerDiffId;

    std::vector<std::string> diff_ids = parent->diff_ids;
    if (!empty) {
        diff_ids.push_back(*diff_id);
        std::string chain_id = store::chain_ids(diff_ids).back();
        if (!has_snapshot(chain_id)) {
            auto read = read_from_file(content_.path(*diff_id));
            if (!read) return std::unexpected(read.error());
            auto added = add_snapshot(*read, chain_id, *diff_id, [] { return Result<>(); });
            if (!added) return std::unexpected(added.error());
        }
        layer_size = diff_size(chain_id);
    }

    std::string created = format_rfc3339_nano(clock_());
    config["config"] = image_config;
    config["created"] = created;
    if (!options.author.empty()) config["author"] = options.author;
    else config.erase("author");
    config["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
    nlohmann::json entry = {{"created", created}};
    if (!options.author.empty()) entry["author"] = options.author;
    std::string created_by;
    auto cmd = options.container_config.is_object() ? options.container_config.value("Cmd", nlohmann::json::array())
                                                     : nlohmann::json::array();
    for (const auto& part : cmd)
        if (part.is_string()) created_by += (created_by.empty() ? "" : " ") + part.get<std::string>();
    entry["created_by"] = options.created_by.empty() ? created_by : options.created_by;
    if (!options.comment.empty()) entry["comment"] = options.comment;
    if (empty) entry["empty_layer"] = true;
    if (!config.contains("history") || !config["history"].is_array()) config["history"] = nlohmann::json::array();
    config["history"].push_back(entry);

    auto id = content_.put(config.dump());
    if (!id) return std::unexpected(id.error());
    if (auto added = images_.add({*id, diff_ids, parent->size + (empty ? 0 : layer_size), "", {}, parent_id}); !added)
        return std::unexpected(added.error());
    if (*reference) {
        if (auto tagged = images_.tag((*reference)->str(), *id, created); !tagged) return std::unexpected(tagged.error());
        events_("tag", *id, (*reference)->familiar());
    }
    return *id;
}

Result<std::string> ImageService::add_from_layers(const std::string& parent_id, const nlohmann::json& config) {
    Busy busy(*this);
    std::optional<store::ImageRecord> parent = parent_id.empty() ? std::optional(store::ImageRecord{}) : stored_record(parent_id);
    if (!parent) return fail(ErrorCategory::NotFound, "No such image: {}", parent_id);
    std::vector<std::string> diff_ids;
    auto listed = config.is_object() ? config.value("rootfs", nlohmann::json::object()).value("diff_ids", nlohmann::json())
                                     : nlohmann::json();
    if (listed.is_array())
        for (const auto& diff_id : listed)
            if (diff_id.is_string()) diff_ids.push_back(diff_id.get<std::string>());
    if (diff_ids.size() < parent->diff_ids.size() || diff_ids.size() > parent->diff_ids.size() + 1 ||
        !std::equal(parent->diff_ids.begin(), parent->diff_ids.end(), diff_ids.begin()))
        return fail(ErrorCategory::Invalid, "the image's layers are not those of {} and at most one more", parent_id);
    uint64_t size = parent->size;
    if (diff_ids.size() > parent->diff_ids.size()) {
        std::string chain_id = store::chain_ids(diff_ids).back();
        if (!has_snapshot(chain_id)) return fail(ErrorCategory::NotFound, "the layer {} is not unpacked here", diff_ids.back());
        size += diff_size(chain_id);
    }
    auto id = content_.put(config.dump());
    if (!id) return std::unexpected(id.error());
    if (images_.get(*id)) return *id;
    if (auto added = images_.add({*id, diff_ids, size, "", {}, parent_id}); !added) return std::unexpected(added.error());
    return *id;
}

Result<> ImageService::adopt_parent(const std::string& id, const std::string& parent_id) {
    if (parent_id.empty() || parent_id == id) return {};
    return images_.set_parent_if_none(id, parent_id);
}

Result<std::string> ImageService::resolve(std::string_view name) const {
    auto not_found = [&] { return fail(ErrorCategory::NotFound, "No such image: {}", name); };
    if (auto reference = parse_reference(name)) {
        if (auto id = images_.image_of(with_default_tag(*reference).str())) return *id;
    }
    auto by_id = images_.find_by_id(std::string(name));
    if (!by_id) return std::unexpected(by_id.error());
    if (*by_id) return **by_id;
    return not_found();
}

Result<nlohmann::json> ImageService::inspect(std::string_view name) const {
    auto id = resolve(name);
    if (!id) return std::unexpected(id.error());
    if (auto usable = check_usable(*id); !usable) return std::unexpected(usable.error());
    auto record = images_.get(*id);
    auto config_text = content_.read(*id);
    if (!record || !config_text) return fail(ErrorCategory::NotFound, "No such image: {}", name);
    auto config = nlohmann::json::parse(*config_text);
    auto chain = store::chain_ids(record->diff_ids);
    std::string top = chain.empty() ? "" : snapshot_path(chain.back());
    std::string lower;
    for (size_t i = chain.size() - std::min<size_t>(chain.size(), 1); i-- > 0;)
        lower += (lower.empty() ? "" : ":") + snapshot_path(chain[i]) + "/fs";
    nlohmann::json graph_data = {{"UpperDir", top + "/fs"}};
    if (!lower.empty()) graph_data["LowerDir"] = lower;
    return nlohmann::json{
        {"Id", *id},
        {"RepoTags", names(*id, false)},
        {"RepoDigests", names(*id, true)},
        {"Parent", record->parent},
        {"Comment", config["history"].empty() ? "" : config["history"].back().value("comment", "")},
        {"Created", config.value("created", "")},
        {"DockerVersion", ""},
        {"Author", config.value("author", "")},
        {"Config", docker_config(config.value("config", nlohmann::json::object()))},
        {"Architecture", config.value("architecture", "")},
        {"Os", config.value("os", "")},
        {"Size", record->size},
        {"GraphDriver", {{"Name", "overlay2"}, {"Data", graph_data}}},
        {"RootFS", {{"Type", "layers"}, {"Layers", record->diff_ids}}},
        {"Metadata", {{"LastTagTime", record->last_tag_time.empty() ? "0001-01-01T00:00:00Z" : record->last_tag_time}}},
    };
}

nlohmann::json ImageService::list_entry(const store::ImageRecord& record, const nlohmann::json& config) const {
    nlohmann::json labels = image_labels(config);
    return {{"Id", record.id},           {"ParentId", record.parent},        {"RepoTags", names(record.id, false)},
            {"RepoDigests", names(record.id, true)},                 {"Created", created_seconds(config)},
            {"Size", record.size},       {"SharedSize", -1},      {"Labels", labels},
            {"Containers", -1}};
}

Result<nlohmann::json> ImageService::list(const api::Filters& filters, bool all) const {
    auto allowed = filters.allow_only({"dangling", "label", "reference", "before", "since"});
    if (!allowed) return std::unexpected(allowed.error());
    std::optional<int64_t> before, since;
    for (auto [key, bound] : {std::pair{"before", &before}, std::pair{"since", &since}}) {
        for (const auto& name : filters.values(key)) {
            auto id = resolve(name);
            if (!id) return std::unexpected(id.error());
            *bound = created_seconds(nlohmann::json::parse(content_.read(*id).value_or("{}")));
        }
    }
    for (const auto& value : filters.values("dangling"))
        if (value != "true" && value != "false" && value != "1" && value != "0")
            return fail(ErrorCategory::Invalid, "Invalid filter 'dangling=[{}]'", value);

    nlohmann::json out = nlohmann::json::array();
    for (const auto& record : images_.list()) {
        if (!check_usable(record.id)) continue; // the store check logged it
        auto config = nlohmann::json::parse(content_.read(record.id).value_or("{}"), nullptr, false);
        if (config.is_discarded() || !config.is_object()) config = nlohmann::json::object();
        nlohmann::json entry = list_entry(record, config);
        if (!all && entry["RepoTags"].empty() && entry["RepoDigests"].empty() && has_children(record.id)) continue;
        bool dangling = entry["RepoTags"].empty();
        if (filters.has("dangling") && dangling != (filters.accepts("dangling", "true") || filters.accepts("dangling", "1")))
            continue;
        if (before && entry["Created"].get<int64_t>() >= *before) continue;
        if (since && entry["Created"].get<int64_t>() <= *since) continue;
        if (!filters.matches_labels(entry["Labels"])) continue;
        if (filters.has("reference")) {
            // Docker matches the pattern against the familiar name, with and without tag.
            nlohmann::json kept = nlohmann::json::array();
            for (const auto& tag : entry["RepoTags"]) {
                std::string full = tag.get<std::string>();
                std::string repository = full.substr(0, full.rfind(':'));
                for (const auto& pattern : filters.values("reference"))
                    if (fnmatch(pattern.c_str(), full.c_str(), 0) == 0 || fnmatch(pattern.c_str(), repository.c_str(), 0) == 0) {
                        kept.push_back(full);
                        break;
                    }
            }
            if (kept.empty()) continue;
            entry["RepoTags"] = kept;
        }
        out.push_back(entry);
    }
    std::sort(out.begin(), out.end(),
              [](const nlohmann::json& a, const nlohmann::json& b) { return a["Created"] > b["Created"]; });
    return out;
}

Result<nlohmann::json> ImageService::history(std::string_view name) const {
    auto id = resolve(name);
    if (!id) return std::unexpected(id.error());
    if (auto usable = check_usable(*id); !usable) return std::unexpected(usable.error());
    auto config = nlohmann::json::parse(content_.read(*id).value_or("{}"));
    auto record = images_.get(*id);
    nlohmann::json out = nlohmann::json::array();
    const auto& history = config.value("history", nlohmann::json::array());
    // Each row that is not an empty layer is the next layer's, bottom up: its
    // SIZE is that layer's own (Docker's DiffSize: its files' bytes).
    std::vector<std::string> diff_ids = record ? record->diff_ids : std::vector<std::string>{};
    auto chain = store::chain_ids(diff_ids);
    std::vector<uint64_t> sizes;
    size_t layer = 0;
    for (const auto& entry : history) {
        bool empty = !entry.is_object() || entry.value("empty_layer", false) || layer >= chain.size();
        sizes.push_back(empty ? 0 : diff_size(chain[layer]));
        if (!empty) ++layer;
    }
    // Newest first, named as Docker names them: the image, then its parent (a
    // commit records it), and so on up the chain; past it (a pulled, loaded or
    // imported image, or a parent deleted since) "<missing>".
    std::string row_id = *id;
    for (size_t i = history.size(); i-- > 0;) {
        const auto& entry = history[i];
        if (!entry.is_object()) continue;
        auto created = parse_api_timestamp(entry.value("created", ""));
        nlohmann::json row_tags = row_id.empty() ? nlohmann::json(nullptr) : names(row_id, false);
        out.push_back({{"Id", row_id.empty() ? "<missing>" : row_id},
                       {"Created", created ? *created / 1'000'000'000 : 0},
                       {"CreatedBy", entry.value("created_by", "")},
                       {"Tags", row_tags.empty() ? nlohmann::json(nullptr) : row_tags},
                       {"Size", sizes[i]},
                       {"Comment", entry.value("comment", "")}});
        if (!row_id.empty()) {
            auto row_record = images_.get(row_id);
            row_id = row_record ? row_record->parent : "";
        }
    }
    return out;
}

Result<> ImageService::tag(std::string_view name, std::string_view repository, std::string_view tag) {
    auto id = resolve(name);
    if (!id) return std::unexpected(id.error());
    if (repository.empty()) return fail(ErrorCategory::Invalid, "repository name must have at least one component");
    auto target = parse_reference(tag.empty() ? std::string(repository) : std::string(repository) + ":" + std::string(tag));
    if (!target) return std::unexpected(target.error());
    if (target->digest) return fail(ErrorCategory::Invalid, "refusing to create a tag with a digest reference");
    Reference tagged = with_default_tag(*target);
    if (auto done = images_.tag(tagged.str(), *id, format_rfc3339_nano(clock_())); !done) return done;
    events_("tag", *id, tagged.familiar());
    return {};
}

ImageService::Busy::Busy(const ImageService& service) : service_(service) {
    // Taken under the deletion lock: a deletion already deciding goes first, so
    // what this work then finds present stays.
    std::lock_guard lock(service_.delete_mutex_);
    ++service_.busy_;
}

ImageService::Busy::~Busy() {
    std::lock_guard lock(service_.delete_mutex_);
    --service_.busy_;
}

Result<> ImageService::delete_image(const std::string& id, const std::string& name, nlohmann::json& report,
                                    uint64_t& freed) {
    auto record = images_.get(id);
    if (!record) return fail(ErrorCategory::NotFound, "No such image: {}", id);
    // A container made from it keeps its record (and so its layers) until the
    // container goes, as Docker's layer store counts the container's mount.
    bool used = users_ && !users_(id).empty();
    if (auto removed = used ? images_.hold(id) : images_.remove(id, layer_blob_gifts(*record)); !removed) return removed;
    {
        std::lock_guard damaged(damaged_mutex_);
        damaged_.erase(id);
    }
    report.push_back({{"Deleted", id}});
    events_("delete", id, name); // Docker names the event after what `docker rmi` was given
    free_unused(*record, report, freed);
    return {};
}

void ImageService::free_unused(const store::ImageRecord& record, nlohmann::json& report, uint64_t& freed) {
    if (busy_ > 0) return; // work in flight may be using them: a later prune takes them
    // What the images left (and the records containers hold) use stays:
    // another image's stack, or its pull of this image's push, may name the
    // very same layers and blobs (or were given its compressed ones).
    auto unused = StoreReferences(owning_records()).unused_of(record);
    for (const auto& chain_id : unused.snapshots) {
        freed += tree_bytes(snapshot_path(chain_id));
        std::error_code ec;
        fs::remove_all(snapshot_path(chain_id), ec);
        report.push_back({{"Deleted", chain_id}});
    }
    for (const auto& digest : unused.blobs) {
        auto size = content_.size(digest);
        if (content_.remove(digest) && size) freed += *size;
    }
}

void ImageService::release_held(const std::string& id) {
    std::lock_guard lock(delete_mutex_);
    auto record = images_.held(id);
    if (!record || (users_ && !users_(id).empty())) return;
    if (auto released = images_.release(id, layer_blob_gifts(*record)); !released) {
        log::error("image store: releasing the layers of deleted image {}: {}", id, released.error().message());
        return;
    }
    nlohmann::json report = nlohmann::json::array();
    uint64_t freed = 0;
    free_unused(*record, report, freed);
}

void ImageService::release_unused_held() {
    for (const auto& record : images_.held()) release_held(record.id);
}

// The records left may stack a layer whose only copy is a compressed blob the
// leaving record owns (a load, or a pull that found the layer's snapshot there
// already, keeps no copy of its own). That blob is given to one of them, with
// the media type its manifest named: ownership stays explicit (a later sweep
// knows no manifests) and nothing is decompressed while deletions wait on
// delete_mutex_ (a layer may be gigabytes, and every pull, push, save and load
// waits behind it). Also while work is in flight: the gift is a record's
// change, not a file's.
std::vector<store::LayerBlobGift> ImageService::layer_blob_gifts(const store::ImageRecord& leaving) const {
    auto others = owning_records();
    std::erase_if(others, [&](const store::ImageRecord& record) { return record.id == leaving.id; });
    std::vector<store::LayerBlobGift> gifts;
    for (const auto& diff_id : leaving.diff_ids) {
        auto heir = std::ranges::find_if(others, [&](const store::ImageRecord& record) {
            return std::ranges::find(record.diff_ids, diff_id) != record.diff_ids.end();
        });
        if (heir == others.end() || layer_source_among(others, diff_id)) continue;
        auto copy = compressed_copy(leaving, diff_id);
        if (!copy) continue; // none here either: the store check at start reports the layer
        store::LayerBlob blob{copy->digest, copy->media_type};
        heir->layer_blobs.insert_or_assign(diff_id, blob); // a layer the leaving image stacks twice is given once
        gifts.push_back({heir->id, diff_id, std::move(blob)});
    }
    return gifts;
}

namespace {

// moby's isSingleReference: the names are all one repository's, with at most
// one tag (the digests a pull records alongside it count with it). False for none.
bool is_single_reference(const std::vector<Reference>& references) {
    if (references.size() <= 1) return references.size() == 1;
    const Reference* tag = nullptr;
    std::set<std::string> digest_repositories;
    for (const auto& reference : references) {
        if (reference.digest) digest_repositories.insert(reference.repository());
        else if (!tag) tag = &reference;
        else return false;
    }
    const Reference& single = tag ? *tag : references.front();
    return digest_repositories.size() == 1 && digest_repositories.contains(single.repository());
}

// moby's isImageIDPrefix: `docker rmi` was given the image's ID (or a prefix),
// with or without "sha256:", rather than one of its names.
bool is_id_prefix(const std::string& id, std::string_view name) {
    return id.starts_with(name) || std::string_view(id).substr(id.find(':') + 1).starts_with(name);
}

} // namespace

// Docker's conflicts for deleting the image itself (moby's
// checkImageDeleteConflict): a running container always stops it ("cannot be
// forced"); names left in other repositories and stopped containers unless
// forced ("must be forced").
Result<> ImageService::check_users(const std::vector<ImageUser>& users, const std::string& id, bool force,
                                   bool names_left) const {
    if (has_children(id))
        return fail(ErrorCategory::Conflict,
                    "conflict: unable to delete {} (cannot be forced) - image has dependent child images", short_id(id));
    auto running = std::ranges::find_if(users, &ImageUser::running);
    if (running != users.end())
        return fail(ErrorCategory::Conflict,
                    "conflict: unable to delete {} (cannot be forced) - image is being used by running container {}",
                    short_id(id), running->container_id.substr(0, 12));
    if (!force && names_left)
        return fail(ErrorCategory::Conflict,
                    "conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
                    short_id(id));
    if (!force && !users.empty())
        return fail(ErrorCategory::Conflict,
                    "conflict: unable to delete {} (must be forced) - image is being used by stopped container {}",
                    short_id(id), users.front().container_id.substr(0, 12));
    return {};
}

bool ImageService::has_children(const std::string& id) const {
    return std::ranges::any_of(images_.list(), [&](const store::ImageRecord& record) { return record.parent == id; });
}

// moby's prune after a delete: each parent that no name, container or other
// child keeps goes too; the first one kept ends it, quietly.
void ImageService::prune_parents(std::string parent, nlohmann::json& report, uint64_t& freed) {
    while (!parent.empty()) {
        auto record = images_.get(parent);
        if (!record || !images_.references_to(parent).empty() || has_children(parent)) return;
        if (users_ && !users_(parent).empty()) return;
        if (!delete_image(parent, parent, report, freed)) return;
        parent = record->parent;
    }
}

// Drops the name `stored` of image `id`, says so in `report` and as an event,
// both naming it as `shown` (the familiar form).
void ImageService::untag_reporting(const std::string& id, const std::string& stored, const std::string& shown,
                                   nlohmann::json& report) {
    (void)images_.untag(stored);
    report.push_back({{"Untagged", shown}});
    events_("untag", id, shown);
}

// moby's ImageDelete, rule for rule.
Result<nlohmann::json> ImageService::remove(std::string_view name, bool force, bool prune_parents_too) {
    std::lock_guard lock(delete_mutex_);
    auto id = resolve(name);
    if (!id) return std::unexpected(id.error());
    nlohmann::json report = nlohmann::json::array();
    std::vector<Reference> references;
    for (const auto& text : images_.references_to(*id))
        if (auto parsed = parse_reference(text)) references.push_back(*parsed);
    auto untag = [&](const Reference& reference) { untag_reporting(*id, reference.str(), reference.familiar(), report); };
    auto users = users_ ? users_(*id) : std::vector<ImageUser>{};
    auto parsed = parse_reference(name);

    bool by_name = !is_id_prefix(*id, name) && parsed;
    if (by_name) {
        // That name goes, unless it is the image's one reference (a tag and its
        // digests count as one) and a container uses the image: then only with force.
        if (!force && is_single_reference(references) && !users.empty())
            return fail(ErrorCategory::Conflict,
                        "conflict: unable to remove repository reference \"{}\" (must force) - container {} is using "
                        "its referenced image {}",
                        name, users.front().container_id.substr(0, 12), short_id(*id));
        Reference named = with_default_tag(*parsed);
        untag(named);
        std::erase_if(references, [&](const Reference& r) { return r.str() == named.str(); });
        // A tag whose repository keeps only digest names takes them along.
        if (!named.digest) {
            bool tag_left = std::ranges::any_of(references, [&](const Reference& r) {
                return !r.digest && r.repository() == named.repository();
            });
            if (!tag_left) {
                for (const auto& r : references)
                    if (r.digest && r.repository() == named.repository()) untag(r);
                std::erase_if(references, [&](const Reference& r) {
                    return r.digest && r.repository() == named.repository();
                });
            }
        }
        if (!references.empty()) return report;
        // Nothing names it any more: it goes, unless images were committed
        // on it, a container runs it, or (unforced) a stopped container uses
        // it: then it stays, quietly, as in Docker.
        bool running = std::ranges::any_of(users, &ImageUser::running);
        if (running || has_children(*id) || (!force && !users.empty())) return report;
    } else {
        // By ID: one repository's names (at most one tag) go with it; names in
        // several repositories need force.
        if (is_single_reference(references)) {
            if (auto checked = check_users(users, *id, force, false); !checked) return std::unexpected(checked.error());
            for (const auto& reference : references) untag(reference);
            references.clear();
        }
        if (auto checked = check_users(users, *id, force, !references.empty()); !checked)
            return std::unexpected(checked.error());
        for (const auto& reference : references) untag(reference);
    }
    std::string parent = images_.get(*id).value_or(store::ImageRecord{}).parent;
    uint64_t freed = 0;
    if (auto deleted = delete_image(*id, std::string(name), report, freed); !deleted)
        return std::unexpected(deleted.error());
    if (prune_parents_too) prune_parents(parent, report, freed);
    return report;
}

Result<nlohmann::json> ImageService::prune(const api::Filters& filters) {
    if (auto allowed = filters.allow_only({"dangling", "until", "label", "label!"}); !allowed)
        return std::unexpected(allowed.error());
    bool dangling_only = true;
    for (const auto& value : filters.values("dangling")) {
        if (value == "false" || value == "0") dangling_only = false;
        else if (value != "true" && value != "1")
            return fail(ErrorCategory::Invalid, "Invalid filter 'dangling=[{}]'", value);
    }
    std::optional<int64_t> until;
    for (const auto& value : filters.values("until")) {
        auto parsed = parse_time_or_duration(value);
        if (!parsed) return std::unexpected(parsed.error());
        until = *parsed;
    }

    std::lock_guard lock(delete_mutex_);
    nlohmann::json report = nlohmann::json::array();
    uint64_t freed = 0;
    for (const auto& record : images_.list()) {
        // Gone with a child pruned before it; or kept by images made on it.
        if (!images_.get(record.id) || has_children(record.id)) continue;
        auto references = images_.references_to(record.id);
        if (dangling_only && !references.empty()) continue;
        if (users_ && !users_(record.id).empty()) continue;
        auto config = nlohmann::json::parse(content_.read(record.id).value_or("{}"), nullptr, false);
        if (config.is_discarded() || !config.is_object()) config = nlohmann::json::object();
        if (until && created_seconds(config) * 1'000'000'000 >= *until) continue;
        if (!filters.matches_labels(image_labels(config)))
            continue;
        for (const auto& text : references) {
            auto reference = parse_reference(text);
            untag_reporting(record.id, text, reference ? reference->familiar() : text, report);
        }
        if (auto deleted = delete_image(record.id, record.id, report, freed); !deleted)
            return std::unexpected(deleted.error());
        prune_parents(record.parent, report, freed);
    }
    if (busy_ == 0) freed += sweep_unowned();
    events_("prune", "", "");
    return nlohmann::json{{"ImagesDeleted", report.empty() ? nlohmann::json(nullptr) : report}, {"SpaceReclaimed", freed}};
}

// Snapshots and blobs no image owns: what a failed pull or load stored before
// it failed, or what deletions left while work was under way.
uint64_t ImageService::sweep_unowned() {
    StoreReferences references(owning_records());
    uint64_t freed = 0;
    for (const auto& digest : content_.list()) {
        if (references.uses_blob(digest)) continue;
        auto size = content_.size(digest);
        if (content_.remove(digest) && size) freed += *size;
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(data_root_ + "/snapshots", ec)) {
        std::string name = entry.path().filename().string();
        if (references.uses_snapshot("sha256:" + name) || entry.path().extension() == ".partial") continue;
        freed += tree_bytes(entry.path().string());
        fs::remove_all(entry.path(), ec);
    }
    return freed;
}

nlohmann::json ImageService::disk_usage() const {
    auto records = images_.list();
    std::map<std::string, int> stacked; // chain ID -> images whose stack holds it
    for (const auto& record : records)
        for (const auto& chain_id : store::chain_ids(record.diff_ids)) ++stacked[chain_id];
    uint64_t layers_size = 0;
    for (const auto& [chain_id, count] : stacked) layers_size += diff_size(chain_id);
    nlohmann::json images = nlohmann::json::array();
    for (const auto& record : records) {
        if (!check_usable(record.id)) continue; // out of `docker images` too
        auto config = nlohmann::json::parse(content_.read(record.id).value_or("{}"), nullptr, false);
        if (config.is_discarded() || !config.is_object()) config = nlohmann::json::object();
        nlohmann::json entry = list_entry(record, config);
        uint64_t shared = 0;
        for (const auto& chain_id : store::chain_ids(record.diff_ids))
            if (stacked[chain_id] > 1) shared += diff_size(chain_id);
        entry["SharedSize"] = shared;
        entry["Containers"] = users_ ? users_(record.id).size() : 0;
        images.push_back(entry);
    }
    return {{"LayersSize", layers_size}, {"Images", images}};
}

} // namespace berth::images
