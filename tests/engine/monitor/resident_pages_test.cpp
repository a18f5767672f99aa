// The monitor's page release: which mappings of smaps it may drop, and that a
// process keeps working, with its own data intact, after dropping them (here
// the test process itself, dynamically linked, so its shared libraries too).

#include "monitor/resident_pages.h"

#include "base/files.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fcntl.h>
#include <format>
#include <sys/mman.h>
#include <unistd.h>

namespace berth::monitor {
namespace {

// Abridged from a static berth-monitor's smaps, one mapping of each kind.
constexpr std::string_view kSmaps =
    "00400000-00401000 r--p 00000000 fd:01 4242                               /usr/libexec/berth/berth-monitor\n"
    "Size:                  4 kB\n"
    "Rss:                   4 kB\n"
    "Anonymous:             0 kB\n"
    "Locked:                0 kB\n"
    "VmFlags: rd mr mw me\n"
    "00401000-0078a000 r-xp 00001000 fd:01 4242                               /usr/libexec/berth/berth-monitor\n"
    "Rss:                2048 kB\n"
    "Anonymous:             0 kB\n"
    "Locked:                0 kB\n"
    "0078a000-00885000 r--p 0038a000 fd:01 4242                               /usr/libexec/berth/berth-monitor\n"
    "Rss:                 600 kB\n"
    "Anonymous:             0 kB\n"
    "Locked:                0 kB\n"
    // RELRO: the GOT relocated at start, then made read-only.
    "00886000-0088c000 r--p 00485000 fd:01 4242                               /usr/libexec/berth/berth-monitor\n"
    "Rss:                  24 kB\n"
    "Anonymous:            24 kB\n"
    "Locked:                0 kB\n"
    "0088c000-00894000 rw-p 0048b000 fd:01 4242                               /usr/libexec/berth/berth-monitor\n"
    "Rss:                  32 kB\n"
    "Anonymous:            16 kB\n"
    "01d6b000-01d8d000 rw-p 00000000 00:00 0                                  [heap]\n"
    "Rss:                  12 kB\n"
    "7f0000000000-7f0000004000 r--p 00000000 fd:01 77                         /locked\n"
    "Rss:                  16 kB\n"
    "Anonymous:             0 kB\n"
    "Locked:               16 kB\n"
    "7f0000004000-7f0000005000 ---p 00000000 fd:01 78                         /guard\n"
    "Rss:                   0 kB\n"
    "7ffd5a2f1000-7ffd5a312000 rw-p 00000000 00:00 0                          [stack]\n"
    "Rss:                  16 kB\n"
    "7ffd5a3d6000-7ffd5a3da000 r--p 00000000 00:00 0                          [vvar]\n"
    "7ffd5a3da000-7ffd5a3dc000 r-xp 00000000 00:00 0                          [vdso]\n"
    "Rss:                   4 kB\n"
    "Anonymous:             0 kB\n";

TEST(DroppableFileRanges, OnlyReadOnlyFileMappingsWithoutPrivatePages) {
    auto ranges = droppable_file_ranges(kSmaps);
    // The first three mappings are adjacent: one range.
    ASSERT_EQ(ranges.size(), 1u);
    EXPECT_EQ(ranges[0].start, 0x400000u);
    EXPECT_EQ(ranges[0].end, 0x885000u);
}

TEST(DroppableFileRanges, EmptyAndMalformedInput) {
    EXPECT_TRUE(droppable_file_ranges("").empty());
    EXPECT_TRUE(droppable_file_ranges("not smaps\nRss: 4 kB\n").empty());
    EXPECT_TRUE(droppable_file_ranges("zz-yy r-xp 0 fd:01 4 /x\n").empty());
}

TEST(DroppableFileRanges, TheLiveProcessHasSome) {
    auto smaps = read_file("/proc/self/smaps");
    ASSERT_TRUE(smaps) << smaps.error().message();
    EXPECT_FALSE(droppable_file_ranges(*smaps).empty());
}

long rss_file_kb() {
    auto status = read_file("/proc/self/status");
    if (!status) return -1;
    auto at = status->find("RssFile:");
    return at == std::string::npos ? -1 : std::atol(status->c_str() + at + 8);
}

TEST(ReleaseIdlePages, DropsFilePagesAndTheProcessGoesOn) {
    long before = rss_file_kb();
    ASSERT_TRUE(release_idle_pages());
    long after = rss_file_kb();
    EXPECT_LT(after, before);
    // Code and rodata come back from the page cache when touched again.
    EXPECT_EQ(std::format("{}-{:#x}", "again", 255), "again-0xff");
    ASSERT_TRUE(release_idle_pages());
    EXPECT_EQ(std::format("{}-{:#x}", "once more", 16), "once more-0x10");
}

// A private file mapping written to and then made read-only (what RELRO is)
// holds the only copy of what was written: it must survive the release.
TEST(ReleaseIdlePages, KeepsWhatWasWrittenToAPrivateMapping) {
    char path[] = "/tmp/berth-resident-pages-XXXXXX";
    int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    ::unlink(path);
    long page = ::sysconf(_SC_PAGESIZE);
    ASSERT_EQ(::ftruncate(fd, page), 0);
    void* mapped = ::mmap(nullptr, static_cast<size_t>(page), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    ASSERT_NE(mapped, MAP_FAILED);
    auto* bytes = static_cast<char*>(mapped);
    bytes[0] = 'x';
    ASSERT_EQ(::mprotect(mapped, static_cast<size_t>(page), PROT_READ), 0);
    ASSERT_TRUE(release_idle_pages());
    EXPECT_EQ(bytes[0], 'x');
    ::munmap(mapped, static_cast<size_t>(page));
}

} // namespace
} // namespace berth::monitor
