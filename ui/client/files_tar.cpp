#include "ui/client/files_tar.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <format>
#include <functional>
#include <sys/stat.h>

namespace berth::ui::tar {

namespace fs = std::filesystem;

namespace {

constexpr size_t kBlock = 512;

std::string_view field(const char* block, size_t offset, size_t length) {
    std::string_view text(block + offset, length);
    return text.substr(0, text.find('\0'));
}

// Octal numbers, or GNU's base-256 for sizes past 8 GiB.
std::uint64_t number(const char* block, size_t offset, size_t length) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(block + offset);
    std::uint64_t value = 0;
    if (bytes[0] & 0x80) {
        for (size_t i = 1; i < length; ++i) value = (value << 8) | bytes[i];
        return value;
    }
    for (size_t i = 0; i < length; ++i) {
        if (bytes[i] >= '0' && bytes[i] <= '7') value = value * 8 + (bytes[i] - '0');
        else if (value > 0 || (bytes[i] != ' ' && bytes[i] != '\0')) break;
    }
    return value;
}

std::string clean(std::string path) {
    while (path.starts_with("./")) path.erase(0, 2);
    while (path.size() > 1 && path.ends_with('/')) path.pop_back();
    return path;
}

// "path" from pax records: "<length> key=value\n" repeated.
void read_pax(const std::string& records, std::string& path, std::string& link) {
    size_t at = 0;
    while (at < records.size()) {
        size_t space = records.find(' ', at);
        if (space == std::string::npos) return;
        size_t length = std::strtoull(records.c_str() + at, nullptr, 10);
        if (length == 0 || at + length > records.size()) return;
        std::string record = records.substr(space + 1, at + length - space - 2);
        at += length;
        size_t equals = record.find('=');
        if (equals == std::string::npos) continue;
        std::string key = record.substr(0, equals);
        if (key == "path") path = record.substr(equals + 1);
        if (key == "linkpath") link = record.substr(equals + 1);
    }
}

} // namespace

StreamReader::StreamReader(EntryHandler on_entry, DataHandler on_data)
    : on_entry_(std::move(on_entry)), on_data_(std::move(on_data)) {}

bool StreamReader::feed(std::string_view bytes) {
    while (!bytes.empty() && !stopped_ && !finished_) {
        if (data_left_ > 0) {
            size_t take = static_cast<size_t>(std::min<std::uint64_t>(data_left_, bytes.size()));
            if (pending_ != Pending::None) pending_text_.append(bytes.substr(0, take));
            else if (on_data_ && !on_data_(current_, bytes.substr(0, take))) stopped_ = true;
            data_left_ -= take;
            bytes.remove_prefix(take);
            continue;
        }
        if (padding_left_ > 0) {
            size_t skip = static_cast<size_t>(std::min<std::uint64_t>(padding_left_, bytes.size()));
            padding_left_ -= skip;
            bytes.remove_prefix(skip);
            continue;
        }
        size_t take = std::min(kBlock - block_.size(), bytes.size());
        block_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (block_.size() < kBlock) break;
        std::string block = std::move(block_);
        block_.clear();
        if (!header(block.data())) stopped_ = true;
    }
    return !stopped_;
}

bool StreamReader::header(const char* block) {
    // What the previous special header (long name, pax) collected applies now.
    if (pending_ == Pending::LongName) long_name_ = pending_text_.c_str();
    if (pending_ == Pending::LongLink) long_link_ = pending_text_.c_str();
    if (pending_ == Pending::Pax) read_pax(pending_text_, long_name_, long_link_);
    pending_ = Pending::None;
    pending_text_.clear();

    if (std::all_of(block, block + kBlock, [](char c) { return c == '\0'; })) {
        finished_ = true; // the end-of-archive marker
        return true;
    }
    const std::uint64_t size = number(block, 124, 12);
    const char type = block[156];
    data_left_ = size;
    padding_left_ = (kBlock - size % kBlock) % kBlock;
    if (type == 'L' || type == 'K' || type == 'x') {
        pending_ = type == 'L' ? Pending::LongName : type == 'K' ? Pending::LongLink : Pending::Pax;
        return true;
    }
    if (type == 'g') {
        pending_ = Pending::Pax; // global pax headers: read and ignored
        return true;
    }
    Entry entry;
    std::string name(field(block, 0, 100));
    if (field(block, 257, 5) == "ustar") {
        std::string prefix(field(block, 345, 155));
        if (!prefix.empty()) name = prefix + "/" + name;
    }
    entry.path = clean(long_name_.empty() ? name : long_name_);
    entry.link_target = long_link_.empty() ? std::string(field(block, 157, 100)) : long_link_;
    long_name_.clear();
    long_link_.clear();
    entry.mode = static_cast<std::uint32_t>(number(block, 100, 8) & 07777);
    entry.mtime = static_cast<std::int64_t>(number(block, 136, 12));
    entry.size = size;
    switch (type) {
    case '0': case '\0': case '7': entry.type = Entry::Type::File; break;
    case '5': entry.type = Entry::Type::Directory; break;
    case '2': entry.type = Entry::Type::Symlink; break;
    case '1': entry.type = Entry::Type::Hardlink; break;
    default: entry.type = Entry::Type::Other; break;
    }
    if (entry.type != Entry::Type::File) data_left_ = entry.type == Entry::Type::Other ? size : 0;
    if (data_left_ == 0) padding_left_ = entry.type == Entry::Type::Other ? padding_left_ : 0;
    current_ = entry;
    return on_entry_(current_);
}

fs::path contained_path(std::string_view archive_path) {
    fs::path path(archive_path);
    if (path.is_absolute() || archive_path.empty()) return {};
    fs::path out;
    for (const auto& part : path) {
        if (part == "..") return {};
        if (part == "." || part.empty()) continue;
        out /= part;
    }
    return out;
}

SafeExtractor::SafeExtractor(fs::path destination) : destination_(std::move(destination)) {}

bool SafeExtractor::entry(const Entry& entry) {
    if (file_) {
        std::fclose(file_);
        file_ = nullptr;
    }
    const fs::path relative = contained_path(entry.path);
    if (relative.empty()) {
        refused_.push_back(entry.path);
        return true;
    }
    const fs::path target = destination_ / relative;
    std::error_code ec;
    // Nothing has been linked yet, but an existing link at the target is replaced, not followed.
    if (fs::is_symlink(fs::symlink_status(target, ec))) fs::remove(target, ec);
    switch (entry.type) {
    case Entry::Type::Directory:
        fs::create_directories(target, ec);
        if (!ec) ++written_;
        break;
    case Entry::Type::File:
        fs::create_directories(target.parent_path(), ec);
        file_ = std::fopen(target.c_str(), "wb");
        if (!file_) {
            error_ = std::format("cannot write {}: {}", target.string(), std::strerror(errno));
            return false;
        }
        ::fchmod(fileno(file_), entry.mode & 0777);
        ++written_;
        break;
    case Entry::Type::Symlink: {
        // Resolved lexically from the link's own directory, it must stay inside.
        const fs::path link(entry.link_target);
        const fs::path resolved = link.is_absolute() ? fs::path() : contained_path((relative.parent_path() / link).lexically_normal().string());
        if (resolved.empty()) refused_.push_back(entry.path);
        else links_.emplace_back(target, entry.link_target);
        break;
    }
    case Entry::Type::Hardlink: {
        const fs::path source = contained_path(entry.link_target);
        if (source.empty() || !fs::is_regular_file(fs::symlink_status(destination_ / source, ec))) {
            refused_.push_back(entry.path);
            break;
        }
        fs::copy_file(destination_ / source, target, fs::copy_options::overwrite_existing, ec);
        if (!ec) ++written_;
        break;
    }
    case Entry::Type::Other: refused_.push_back(entry.path); break; // devices and fifos are not made
    }
    return true;
}

bool SafeExtractor::data(const Entry&, std::string_view bytes) {
    if (!file_) return true;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
        error_ = std::format("writing a downloaded file: {}", std::strerror(errno));
        return false;
    }
    return true;
}

Result<int> SafeExtractor::finish() {
    if (file_) {
        std::fclose(file_);
        file_ = nullptr;
    }
    if (!error_.empty()) return fail(ErrorCategory::System, "{}", error_);
    for (const auto& [path, target] : links_) {
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        fs::create_symlink(target, path, ec);
        if (!ec) ++written_;
    }
    return written_;
}

} // namespace berth::ui::tar
