#include "monitor/resident_pages.h"

#include "base/files.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <link.h>
#include <malloc.h>
#include <optional>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace berth::monitor {
namespace {

// One mapping of smaps as it is read: its header, then its "Name: value kB" lines.
struct Mapping {
    PageRange range;
    bool read_only_file = false;
    bool holds_private_pages = false;
};

bool parse_hex(std::string_view text, uintptr_t& out) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
    return error == std::errc() && end == text.data() + text.size();
}

std::string_view next_word(std::string_view& line) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) start = line.size();
    line.remove_prefix(start);
    std::string_view word = line.substr(0, line.find(' '));
    line.remove_prefix(word.size());
    return word;
}

// "00400000-0048a000 r-xp 00000000 fd:01 1234   /usr/libexec/berth/berth-monitor"
bool parse_header(std::string_view line, Mapping& out) {
    std::string_view addresses = next_word(line), perms = next_word(line);
    next_word(line); // offset
    next_word(line); // device
    std::string_view inode = next_word(line);
    auto dash = addresses.find('-');
    if (dash == std::string_view::npos || perms.size() != 4) return false;
    out = Mapping{};
    if (!parse_hex(addresses.substr(0, dash), out.range.start) || !parse_hex(addresses.substr(dash + 1), out.range.end))
        return false;
    // Inode 0: anonymous memory, the heap, the stack, [vdso] and [vvar].
    out.read_only_file = perms[0] == 'r' && perms[1] == '-' && inode != "0";
    return true;
}

// A non-zero "Anonymous:" (pages copied on write) or "Locked:" figure.
bool holds_private_pages(std::string_view line) {
    bool relevant = line.starts_with("Anonymous:") || line.starts_with("Locked:");
    if (!relevant) return false;
    line.remove_prefix(line.find(':') + 1);
    return next_word(line) != "0";
}

// Linux 6.18's fault-around maps a large folio of the page cache whole when it
// lies within one mapping, and the binary's folios can be 512 KiB and more: one
// touch of a syscall wrapper would map all of that again. MADV_RANDOM on every
// other 64 KiB splits the range into 64 KiB mappings, which bounds what a touch
// maps to its fault-around window. The advice itself only turns readahead off
// on a page-cache miss; the split ranges merge again in droppable_file_ranges.
constexpr uintptr_t kPieceBytes = 64 << 10;

void split_mapping(const PageRange& range) {
    for (uintptr_t piece = range.start & ~(kPieceBytes - 1); piece < range.end; piece += kPieceBytes) {
        if ((piece / kPieceBytes) % 2 == 0) continue; // by address, so each release splits the same way
        uintptr_t start = std::max(piece, range.start), end = std::min(piece + kPieceBytes, range.end);
        (void)::madvise(reinterpret_cast<void*>(start), end - start, MADV_RANDOM); // only a bound on RSS if it fails
    }
}

// The page-aligned PT_LOAD segments of the objects mapped with the program
// (itself, its DT_NEEDED libraries, the vDSO), read before main runs. Those
// objects are never unmapped, so their ranges cannot pass to another mapping
// between reading smaps and the madvise: in berthd other threads go on during a
// release, and a module dlclose'd or a file unmapped there could have its range
// taken by fresh heap memory.
std::vector<PageRange> loaded_segments() {
    std::vector<PageRange> segments;
    ::dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* data) -> int {
            const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
            for (int i = 0; i < info->dlpi_phnum; ++i) {
                const auto& header = info->dlpi_phdr[i];
                if (header.p_type != PT_LOAD) continue;
                uintptr_t start = info->dlpi_addr + header.p_vaddr;
                static_cast<std::vector<PageRange>*>(data)->push_back(
                    {start & ~(page - 1), (start + header.p_memsz + page - 1) & ~(page - 1)});
            }
            return 0;
        },
        &segments);
    return segments;
}
const std::vector<PageRange> kStartupSegments = loaded_segments();

} // namespace

std::vector<PageRange> droppable_file_ranges(std::string_view smaps) {
    std::vector<PageRange> ranges;
    std::optional<Mapping> current;
    auto close_current = [&] {
        if (current && current->read_only_file && !current->holds_private_pages) {
            // Adjacent mappings (text after rodata, or the pieces split_mapping made) make one range.
            if (!ranges.empty() && ranges.back().end == current->range.start) ranges.back().end = current->range.end;
            else ranges.push_back(current->range);
        }
        current.reset();
    };
    while (!smaps.empty()) {
        std::string_view line = smaps.substr(0, smaps.find('\n'));
        smaps.remove_prefix(std::min(smaps.size(), line.size() + 1));
        if (line.empty()) continue;
        // Headers start with a lower-case hex address, field lines with a capital.
        bool header = (line[0] >= '0' && line[0] <= '9') || (line[0] >= 'a' && line[0] <= 'f');
        if (header) {
            close_current();
            Mapping mapping;
            if (parse_header(line, mapping)) current = mapping;
        } else if (current && holds_private_pages(line)) {
            current->holds_private_pages = true;
        }
    }
    close_current();
    return ranges;
}

Result<> release_idle_pages() {
    // Whatever runs after the first madvise maps its pages back in (with the
    // kernel's fault-around, 64 KiB or the whole large folio around each), so
    // the allocating and freeing is done before it: the ranges are copied out,
    // the smaps text freed and the heap trimmed first.
    constexpr size_t kMaxRanges = 256; // a static monitor has 1; berthd ~2 per library
    std::array<PageRange, kMaxRanges> ranges;
    size_t count = 0;
    {
        auto smaps = read_file("/proc/self/smaps");
        if (!smaps) return std::unexpected(smaps.error().wrap("listing this process's mappings"));
        // Only what lies in the program's own objects (kStartupSegments).
        for (const PageRange& range : droppable_file_ranges(*smaps))
            for (const PageRange& segment : kStartupSegments) {
                uintptr_t start = std::max(range.start, segment.start), end = std::min(range.end, segment.end);
                if (start < end && count < kMaxRanges) ranges[count++] = {start, end};
            }
    }
    ::malloc_trim(0);
    for (size_t i = 0; i < count; ++i) {
        split_mapping(ranges[i]);
        if (::madvise(reinterpret_cast<void*>(ranges[i].start), ranges[i].end - ranges[i].start, MADV_DONTNEED) < 0)
            return fail_errno("dropping the pages of {:#x}-{:#x}", ranges[i].start, ranges[i].end);
    }
    return {};
}

} // namespace berth::monitor
