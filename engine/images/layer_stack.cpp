#include "images/layer_stack.h"

#include "base/files.h"
#include "images/whiteouts.h"

#include <fcntl.h>
#include <ranges>

namespace berth::images {
namespace {

std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> parts;
    for (auto part : std::views::split(path, '/'))
        if (!part.empty()) parts.emplace_back(part.begin(), part.end());
    return parts;
}

UniqueFd open_dir_at(int dir_fd, const char* name) {
    return UniqueFd(::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

// What one layer says of a path: it has the entry (`info`; `dir` opened when it
// is a directory and `open_dir` asked for it), it says nothing (look lower), or
// it hides whatever the lower layers have (a whiteout, an opaque directory or a
// non-directory on the way).
enum class Verdict { Entry, Absent, Hidden };

Verdict find_in_layer(int layer, const std::vector<std::string>& parts, struct stat& info, UniqueFd* dir) {
    UniqueFd current(::dup(layer));
    if (!current) return Verdict::Absent;
    if (parts.empty()) {
        if (::fstat(current.get(), &info) != 0) return Verdict::Absent;
        if (dir) *dir = std::move(current);
        return Verdict::Entry;
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        const char* name = parts[i].c_str();
        bool has = ::fstatat(current.get(), name, &info, AT_SYMLINK_NOFOLLOW) == 0;
        // A whiteout deletes from the layers below; what its own layer has stays (OCI image spec).
        if (is_oci_marker(parts[i]) || (has && is_overlay_whiteout(info))) return Verdict::Hidden;
        if (!has) {
            if (is_deleted(current.get(), parts[i], nullptr) || is_opaque_dir(current.get())) return Verdict::Hidden;
            return Verdict::Absent;
        }
        bool last = i + 1 == parts.size();
        if (!S_ISDIR(info.st_mode)) return last ? Verdict::Entry : Verdict::Hidden;
        if (last && !dir) return Verdict::Entry;
        UniqueFd next = open_dir_at(current.get(), name);
        if (!next) return Verdict::Absent;
        current = std::move(next);
    }
    *dir = std::move(current);
    return Verdict::Entry;
}

} // namespace

LayerStack::LayerStack(const std::vector<std::string>& layers) {
    for (const auto& layer : layers) {
        UniqueFd fd(::open(layer.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (fd) layers_.push_back(std::move(fd));
    }
}

std::optional<struct stat> LayerStack::lookup(const std::string& path) const {
    auto parts = components(path);
    for (const auto& layer : layers_) {
        struct stat info{};
        switch (find_in_layer(layer.get(), parts, info, nullptr)) {
        case Verdict::Entry: return info;
        case Verdict::Hidden: return std::nullopt;
        case Verdict::Absent: break;
        }
    }
    return std::nullopt;
}

std::set<std::string> LayerStack::list(const std::string& path) const {
    auto parts = components(path);
    std::set<std::string> names, deleted;
    for (const auto& layer : layers_) {
        struct stat info{};
        UniqueFd dir;
        Verdict verdict = find_in_layer(layer.get(), parts, info, &dir);
        if (verdict == Verdict::Absent) continue;
        if (verdict == Verdict::Hidden || !S_ISDIR(info.st_mode) || !dir) break;
        std::vector<std::string> here, deleted_here;
        for (auto& name : directory_entries(dir.get())) {
            if (auto target = oci_whiteout_target(name)) {
                deleted_here.push_back(std::move(*target));
                continue;
            }
            if (is_oci_marker(name)) continue;
            struct stat child{};
            if (::fstatat(dir.get(), name.c_str(), &child, AT_SYMLINK_NOFOLLOW) != 0) continue;
            if (is_overlay_whiteout(child)) deleted_here.push_back(std::move(name));
            else here.push_back(std::move(name));
        }
        for (auto& name : here)
            if (!deleted.contains(name)) names.insert(std::move(name)); // deleted by a layer above
        deleted.insert(deleted_here.begin(), deleted_here.end());
        if (is_opaque_dir(dir.get())) break;
    }
    return names;
}

} // namespace berth::images
