#include "store/image_store.h"

#include "base/digest.h"
#include "base/files.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace berth::store {

std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids) {
    std::vector<std::string> chain;
    for (const auto& diff_id : diff_ids)
        chain.push_back(chain.empty() ? diff_id : digest_of(chain.back() + " " + diff_id));
    return chain;
}

namespace {

// Records written before layer blobs were given (no "layer_blobs") read as owning none.
ImageRecord record_from_json(const std::string& id, const nlohmann::json& image) {
    ImageRecord record{id, image.at("diff_ids").get<std::vector<std::string>>(), image.at("size").get<uint64_t>(),
                       image.value("last_tag_time", ""), image.value("blobs", std::vector<std::string>{}),
                       image.value("parent", "")};
    auto given = image.value("layer_blobs", nlohmann::json::object());
    for (const auto& [diff_id, blob] : given.items())
        record.layer_blobs[diff_id] = LayerBlob{blob.at("digest").get<std::string>(), blob.value("mediaType", "")};
    return record;
}

nlohmann::json record_to_json(const ImageRecord& record) {
    nlohmann::json json = {{"diff_ids", record.diff_ids}, {"size", record.size}, {"last_tag_time", record.last_tag_time},
                           {"blobs", record.blobs}, {"parent", record.parent}};
    // Left out when there are none: the index reads as before for the images
    // that were never given any.
    for (const auto& [diff_id, blob] : record.layer_blobs)
        json["layer_blobs"][diff_id] = {{"digest", blob.digest}, {"mediaType", blob.media_type}};
    return json;
}

// What `from` was given and `into` lacks (a layer's first copy stays).
void merge_layer_blobs(ImageRecord& into, const ImageRecord& from) {
    into.layer_blobs.insert(from.layer_blobs.begin(), from.layer_blobs.end());
}

} // namespace

Result<std::unique_ptr<ImageStore>> ImageStore::open(std::string path) {
    std::unique_ptr<ImageStore> store(new ImageStore(std::move(path)));
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(store->path_).parent_path(), ec);
    if (!std::filesystem::exists(store->path_, ec)) return store;
    auto content = read_file(store->path_);
    if (!content) return std::unexpected(content.error());
    try {
        auto json = nlohmann::json::parse(*content);
        for (const auto& [id, image] : json.at("images").items()) store->images_[id] = record_from_json(id, image);
        auto held = json.value("held", nlohmann::json::object());
        for (const auto& [id, image] : held.items()) store->held_[id] = record_from_json(id, image);
        store->references_ = json.at("references").get<std::map<std::string, std::string>>();
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::System, "reading the image index {}: {}", store->path_, e.what());
    }
    return store;
}

Result<> ImageStore::save() const {
    nlohmann::json json = {{"images", nlohmann::json::object()}, {"references", references_}};
    for (const auto& [id, record] : images_) json["images"][id] = record_to_json(record);
    if (!held_.empty()) {
        json["held"] = nlohmann::json::object();
        for (const auto& [id, record] : held_) json["held"][id] = record_to_json(record);
    }
    return write_file_atomically(path_, json.dump(2) + "\n", 0600);
}

void ImageStore::adopt_held(ImageRecord& record) {
    auto held = held_.find(record.id);
    if (held == held_.end()) return;
    for (const auto& blob : held->second.blobs)
        if (std::ranges::find(record.blobs, blob) == record.blobs.end()) record.blobs.push_back(blob);
    if (record.parent.empty()) record.parent = held->second.parent;
    merge_layer_blobs(record, held->second);
    held_.erase(held);
}

void ImageStore::give(const std::vector<LayerBlobGift>& gifts) {
    for (const auto& gift : gifts) {
        auto image = images_.find(gift.to);
        auto held = held_.find(gift.to);
        ImageRecord* record = image != images_.end() ? &image->second : held != held_.end() ? &held->second : nullptr;
        // The caller chose among the records there, and gives a copy that is
        // there: it replaces one the record had lost.
        if (record) record->layer_blobs.insert_or_assign(gift.diff_id, gift.blob);
    }
}

Result<> ImageStore::add(const ImageRecord& given) {
    std::lock_guard lock(mutex_);
    ImageRecord record = given;
    adopt_held(record);
    if (auto known = images_.find(record.id); known != images_.end()) merge_layer_blobs(record, known->second);
    images_[record.id] = record;
    return save();
}

Result<> ImageStore::add(const ImageRecord& given, const std::vector<std::string>& references, const std::string& now) {
    std::lock_guard lock(mutex_);
    ImageRecord record = given;
    adopt_held(record);
    auto known = images_.find(record.id);
    if (known != images_.end()) merge_layer_blobs(record, known->second);
    bool unchanged = known != images_.end() && known->second.diff_ids == record.diff_ids &&
                     known->second.size == record.size && known->second.blobs == record.blobs &&
                     known->second.parent == record.parent && known->second.layer_blobs == record.layer_blobs &&
                     std::ranges::all_of(references, [&](const std::string& reference) {
                         auto it = references_.find(reference);
                         return it != references_.end() && it->second == record.id;
                     });
    if (unchanged) return {}; // a pull of what is here already writes nothing
    ImageRecord& stored = images_[record.id] = record;
    for (const auto& reference : references) references_[reference] = record.id;
    if (!references.empty()) stored.last_tag_time = now;
    return save();
}

Result<> ImageStore::set_parent_if_none(const std::string& id, const std::string& parent) {
    std::lock_guard lock(mutex_);
    auto image = images_.find(id);
    if (image == images_.end()) return fail(ErrorCategory::NotFound, "No such image: {}", id);
    if (!image->second.parent.empty()) return {};
    image->second.parent = parent;
    return save();
}

Result<> ImageStore::remove(const std::string& id, const std::vector<LayerBlobGift>& gifts) {
    std::lock_guard lock(mutex_);
    images_.erase(id);
    give(gifts);
    std::erase_if(references_, [&](const auto& entry) { return entry.second == id; });
    return save();
}

Result<> ImageStore::hold(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto image = images_.find(id);
    if (image == images_.end()) return fail(ErrorCategory::NotFound, "No such image: {}", id);
    held_[id] = std::move(image->second);
    images_.erase(image);
    std::erase_if(references_, [&](const auto& entry) { return entry.second == id; });
    return save();
}

Result<> ImageStore::release(const std::string& id, const std::vector<LayerBlobGift>& gifts) {
    std::lock_guard lock(mutex_);
    if (held_.erase(id) == 0) return {};
    give(gifts);
    return save();
}

std::optional<ImageRecord> ImageStore::held(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = held_.find(id);
    if (it == held_.end()) return std::nullopt;
    return it->second;
}

std::vector<ImageRecord> ImageStore::held() const {
    std::lock_guard lock(mutex_);
    std::vector<ImageRecord> out;
    for (const auto& [id, record] : held_) out.push_back(record);
    return out;
}

std::optional<ImageRecord> ImageStore::get(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = images_.find(id);
    if (it == images_.end()) return std::nullopt;
    return it->second;
}

std::vector<ImageRecord> ImageStore::list() const {
    std::lock_guard lock(mutex_);
    std::vector<ImageRecord> out;
    for (const auto& [id, record] : images_) out.push_back(record);
    return out;
}

Result<> ImageStore::tag(const std::string& reference, const std::string& id, const std::string& now) {
    std::lock_guard lock(mutex_);
    auto image = images_.find(id);
    if (image == images_.end()) return fail(ErrorCategory::NotFound, "No such image: {}", id);
    references_[reference] = id;
    image->second.last_tag_time = now;
    return save();
}

Result<> ImageStore::untag(const std::string& reference) {
    std::lock_guard lock(mutex_);
    if (references_.erase(reference) == 0) return fail(ErrorCategory::NotFound, "No such image: {}", reference);
    return save();
}

std::optional<std::string> ImageStore::image_of(const std::string& reference) const {
    std::lock_guard lock(mutex_);
    auto it = references_.find(reference);
    if (it == references_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> ImageStore::references_to(const std::string& id) const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [reference, target] : references_)
        if (target == id) out.push_back(reference);
    return out;
}

std::map<std::string, std::string> ImageStore::references() const {
    std::lock_guard lock(mutex_);
    return references_;
}

Result<std::optional<std::string>> ImageStore::find_by_id(const std::string& id_or_prefix) const {
    std::string prefix = id_or_prefix.starts_with("sha256:") ? id_or_prefix : "sha256:" + id_or_prefix;
    if (prefix.size() <= 7 || prefix.find_first_not_of("0123456789abcdef", 7) != std::string::npos)
        return std::optional<std::string>{};
    std::lock_guard lock(mutex_);
    std::optional<std::string> found;
    for (auto it = images_.lower_bound(prefix); it != images_.end() && it->first.starts_with(prefix); ++it) {
        if (found) return fail(ErrorCategory::Invalid, "multiple IDs found with provided prefix: {}", id_or_prefix);
        found = it->first;
    }
    return found;
}

} // namespace berth::store
