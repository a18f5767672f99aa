#include "ui/client/files_tar_source.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <format>
#include <sys/stat.h>

namespace berth::ui::tar {

namespace fs = std::filesystem;

namespace {

constexpr size_t kBlock = 512;
constexpr std::uint64_t kMaxOctalSize = 077777777777; // what ustar's 11 octal digits hold (8 GiB - 1)

size_t padding_after(std::uint64_t size) {
    return static_cast<size_t>((kBlock - size % kBlock) % kBlock);
}

void put_octal(char* block, size_t offset, size_t length, std::uint64_t value) {
    std::string text = std::format("{:0{}o}", value, length - 1);
    std::memcpy(block + offset, text.data(), std::min(text.size(), length - 1));
}

void append_block(std::string& out, const std::string& name, char type, std::uint64_t size, std::uint32_t mode,
                  std::int64_t mtime, const std::string& link) {
    std::array<char, kBlock> block{};
    std::memcpy(block.data(), name.data(), std::min<size_t>(name.size(), 100));
    put_octal(block.data(), 100, 8, mode & 07777);
    put_octal(block.data(), 108, 8, 0);
    put_octal(block.data(), 116, 8, 0);
    put_octal(block.data(), 124, 12, std::min(size, kMaxOctalSize)); // a pax "size" carries a bigger one
    put_octal(block.data(), 136, 12, static_cast<std::uint64_t>(std::max<std::int64_t>(mtime, 0)));
    block[156] = type;
    std::memcpy(block.data() + 157, link.data(), std::min<size_t>(link.size(), 100));
    std::memcpy(block.data() + 257, "ustar\0" "00", 8);
    std::memset(block.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (char c : block) sum += static_cast<unsigned char>(c);
    std::string checksum = std::format("{:06o}", sum);
    std::memcpy(block.data() + 148, checksum.data(), 6);
    block[154] = '\0';
    out.append(block.data(), block.size());
}

// One pax record, "<length> key=value\n", where the length counts itself.
std::string pax_record(std::string_view key, std::string_view value) {
    const size_t rest = 1 + key.size() + 1 + value.size() + 1;
    size_t length = rest + 1;
    while (std::to_string(length).size() + rest != length) length = std::to_string(length).size() + rest;
    return std::format("{} {}={}\n", length, key, value);
}

void append_header(std::string& out, const std::string& name, char type, std::uint64_t size, std::uint32_t mode,
                   std::int64_t mtime, const std::string& link = {}) {
    // Names and link targets past ustar's 100 bytes, and sizes past its 8 GiB, go
    // in a pax header before the entry, as Docker's own archives do.
    std::string records;
    if (name.size() > 100) records += pax_record("path", name);
    if (link.size() > 100) records += pax_record("linkpath", link);
    if (size > kMaxOctalSize) records += pax_record("size", std::to_string(size));
    if (!records.empty()) {
        append_block(out, "PaxHeaders/" + name.substr(0, 80), 'x', records.size(), 0644, mtime, {});
        out += records;
        out.append(padding_after(records.size()), '\0');
    }
    append_block(out, name, type, size, mode, mtime, link);
}

} // namespace

PackSource PackSource::of_paths(const std::vector<fs::path>& sources) {
    PackSource source;
    for (auto it = sources.rbegin(); it != sources.rend(); ++it) {
        fs::path absolute = fs::absolute(*it).lexically_normal();
        if (absolute.filename().empty()) absolute = absolute.parent_path();
        source.todo_.push_back(Item{absolute, absolute.filename().string(), true});
    }
    return source;
}

PackSource PackSource::of_tree(const fs::path& root, Include include) {
    PackSource source;
    source.include_ = std::move(include);
    source.push_children(root, "");
    return source;
}

void PackSource::push_children(const fs::path& directory, const std::string& prefix) {
    std::error_code ec;
    std::vector<fs::path> children;
    for (const auto& child : fs::directory_iterator(directory, ec)) children.push_back(child.path());
    std::ranges::sort(children, std::greater<>()); // the same tar for the same folder; the stack pops the first name first
    for (auto& child : children) {
        std::string name = prefix + child.filename().string();
        bool included = true;
        if (include_) {
            std::error_code kind;
            included = include_(name, fs::is_directory(fs::symlink_status(child, kind)));
        }
        todo_.push_back(Item{std::move(child), std::move(name), included});
    }
}

void PackSource::queue(size_t zero_bytes) {
    pending_.assign(zero_bytes, '\0');
    pending_at_ = 0;
}

Result<> PackSource::start(const Item& item) {
    struct stat info{};
    if (::lstat(item.source.c_str(), &info) != 0)
        return fail(ErrorCategory::NotFound, "cannot read {}: {}", item.source.string(), std::strerror(errno));
    queue(0);
    if (S_ISDIR(info.st_mode)) {
        if (item.included) append_header(pending_, item.name + "/", '5', 0, info.st_mode, info.st_mtime);
        push_children(item.source, item.name + "/");
        return {};
    }
    if (!item.included) return {};
    if (S_ISLNK(info.st_mode)) {
        std::error_code ec;
        auto target = fs::read_symlink(item.source, ec);
        append_header(pending_, item.name, '2', 0, info.st_mode, info.st_mtime, target.string());
        return {};
    }
    if (!S_ISREG(info.st_mode)) return {}; // sockets, devices: not sent
    UniqueFd file(::open(item.source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!file) return fail(ErrorCategory::NotFound, "cannot read {}: {}", item.source.string(), std::strerror(errno));
    const auto size = static_cast<std::uint64_t>(info.st_size);
    append_header(pending_, item.name, '0', size, info.st_mode, info.st_mtime);
    file_ = std::move(file);
    file_path_ = item.source;
    file_left_ = size;
    file_padding_ = padding_after(size);
    return {};
}

Result<size_t> PackSource::read(std::span<char> buffer) {
    size_t filled = 0;
    while (filled < buffer.size()) {
        if (pending_at_ < pending_.size()) {
            const size_t n = std::min(buffer.size() - filled, pending_.size() - pending_at_);
            std::memcpy(buffer.data() + filled, pending_.data() + pending_at_, n);
            pending_at_ += n;
            filled += n;
        } else if (file_) {
            if (file_left_ == 0) {
                file_.reset();
                queue(file_padding_);
                continue;
            }
            const size_t want = static_cast<size_t>(std::min<std::uint64_t>(buffer.size() - filled, file_left_));
            const ssize_t got = ::read(file_.get(), buffer.data() + filled, want);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) return fail(ErrorCategory::System, "reading {}: {}", file_path_.string(), std::strerror(errno));
            // The header already promised the size it had: a file cut short cannot be sent.
            if (got == 0) return fail(ErrorCategory::System, "{} got shorter while it was sent", file_path_.string());
            file_left_ -= static_cast<std::uint64_t>(got);
            filled += static_cast<size_t>(got);
        } else if (!todo_.empty()) {
            Item item = std::move(todo_.back());
            todo_.pop_back();
            if (auto started = start(item); !started) return std::unexpected(started.error());
        } else if (!ended_) {
            ended_ = true;
            queue(2 * kBlock); // the end-of-archive marker
        } else {
            break;
        }
    }
    return filled;
}

Result<std::string> read_all(PackSource source) {
    std::string out;
    std::array<char, 16384> piece{};
    for (;;) {
        auto got = source.read(piece);
        if (!got) return std::unexpected(got.error());
        if (*got == 0) return out;
        out.append(piece.data(), *got);
    }
}

} // namespace berth::ui::tar
