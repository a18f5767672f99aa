#include "ui/details/files_tar.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <format>
#include <fstream>
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

namespace {

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
    put_octal(block.data(), 124, 12, size);
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

Result<> append_header(std::string& out, const std::string& name, char type, std::uint64_t size, std::uint32_t mode,
                       std::int64_t mtime, const std::string& link = {}) {
    // Names and link targets past ustar's 100 bytes go in a pax header before the
    // entry, as Docker's own archives do (libarchive reads them on the daemon side).
    std::string records;
    if (name.size() > 100) records += pax_record("path", name);
    if (link.size() > 100) records += pax_record("linkpath", link);
    if (!records.empty()) {
        append_block(out, "PaxHeaders/" + name.substr(0, 80), 'x', records.size(), 0644, mtime, {});
        out += records;
        out.append((kBlock - records.size() % kBlock) % kBlock, '\0');
    }
    append_block(out, name, type, size, mode, mtime, link);
    return {};
}

Result<> pack_one(std::string& out, const fs::path& source, const std::string& name) {
    struct stat info{};
    if (::lstat(source.c_str(), &info) != 0)
        return fail(ErrorCategory::NotFound, "cannot read {}: {}", source.string(), std::strerror(errno));
    if (S_ISLNK(info.st_mode)) {
        std::error_code ec;
        auto target = fs::read_symlink(source, ec);
        return append_header(out, name, '2', 0, info.st_mode, info.st_mtime, target.string());
    }
    if (S_ISDIR(info.st_mode)) {
        if (auto written = append_header(out, name + "/", '5', 0, info.st_mode, info.st_mtime); !written) return written;
        std::error_code ec;
        for (const auto& child : fs::directory_iterator(source, ec))
            if (auto packed = pack_one(out, child.path(), name + "/" + child.path().filename().string()); !packed)
                return packed;
        return {};
    }
    if (!S_ISREG(info.st_mode)) return {}; // sockets, devices: not uploaded
    std::ifstream in(source, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (auto written = append_header(out, name, '0', content.size(), info.st_mode, info.st_mtime); !written) return written;
    out += content;
    out.append((kBlock - content.size() % kBlock) % kBlock, '\0');
    return {};
}

// The children of `directory` under `prefix` ("" at the root), each asked of
// `include` by its root-relative name; directories that are left out are
// still walked when `include` says so for something below them.
Result<> pack_tree_children(std::string& out, const fs::path& directory, const std::string& prefix,
                            const std::function<bool(const std::string&, bool)>& include) {
    std::error_code ec;
    std::vector<fs::path> children;
    for (const auto& child : fs::directory_iterator(directory, ec)) children.push_back(child.path());
    std::sort(children.begin(), children.end()); // the same tar for the same folder
    for (const auto& child : children) {
        std::string name = prefix + child.filename().string();
        std::error_code kind;
        bool isDirectory = fs::is_directory(fs::symlink_status(child, kind));
        bool included = include(name, isDirectory);
        if (isDirectory) {
            if (included) {
                struct stat info{};
                if (::lstat(child.c_str(), &info) != 0) continue;
                if (auto written = append_header(out, name + "/", '5', 0, info.st_mode, info.st_mtime); !written)
                    return written;
            }
            if (auto packed = pack_tree_children(out, child, name + "/", include); !packed) return packed;
        } else if (included) {
            if (auto packed = pack_one(out, child, name); !packed) return packed;
        }
    }
    return {};
}

} // namespace

Result<std::string> pack(const std::vector<fs::path>& sources) {
    std::string out;
    for (const auto& source : sources) {
        fs::path absolute = fs::absolute(source).lexically_normal();
        if (absolute.filename().empty()) absolute = absolute.parent_path();
        if (auto packed = pack_one(out, absolute, absolute.filename().string()); !packed)
            return std::unexpected(packed.error());
    }
    out.append(2 * kBlock, '\0');
    return out;
}

} // namespace berth::ui::tar

namespace berth::ui::tar {

Result<std::string> pack_tree(const fs::path& root, const std::function<bool(const std::string&, bool)>& include) {
    std::string out;
    if (auto packed = pack_tree_children(out, root, "", include); !packed) return std::unexpected(packed.error());
    out.append(2 * kBlock, '\0');
    return out;
}

} // namespace berth::ui::tar
