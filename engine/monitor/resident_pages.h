#pragma once
// The monitor lives as long as its container, mostly asleep in poll(): what it
// keeps resident is what it costs. Nearly all of it is its own static binary's
// text and rodata, mapped in while it set the container up (and with the
// kernel's fault-around, 64 KiB around every page touched). Those pages are the
// file's, shared in the page cache: dropping this process's mappings of them
// loses nothing, a later touch maps them again from the cache (a minor fault).
// berthd does the same once idle (daemon/idle_release.h; issue 15: after image
// work, most of its resident memory was text it had mapped in).

#include "base/error.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace berth::monitor {

struct PageRange {
    uintptr_t start = 0, end = 0;
};

// The ranges of /proc/<pid>/smaps text whose resident pages may be dropped:
// read-only, file-backed mappings with no private (copied-on-write) pages and
// nothing locked. A mapping holding private pages (RELRO: the GOT after its
// relocation, made read-only later) is kept, as dropping those pages would bring
// back the file's unrelocated bytes. Adjacent mappings make one range.
std::vector<PageRange> droppable_file_ranges(std::string_view smaps);

// Drops this process's resident pages of its droppable file mappings
// (MADV_DONTNEED: page-table entries only; the page cache keeps the pages, unlike
// MADV_PAGEOUT, which evicts unshared ones and skips the shared ones we care
// about), and gives the heap's free memory back to the kernel. Only the mappings
// of the objects it started with (itself, its libraries) are dropped: they are
// never unmapped, so no range can pass to another thread's new mapping while
// this runs. The ranges are split into 64 KiB mappings, so that a later touch
// maps back at most 64 KiB.
Result<> release_idle_pages();

} // namespace berth::monitor
