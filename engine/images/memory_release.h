#pragma once
// Gives the memory an image operation freed back to the system (issue 15):
// glibc keeps freed heap pages for reuse, so after image work berthd would
// stay at its peak for the rest of the day. One per push, pull, save, load,
// import and commit, released at its end (on every return path).

#include <malloc.h>

namespace berth::images {

class MemoryRelease {
public:
    MemoryRelease() = default;
    ~MemoryRelease() { ::malloc_trim(0); }
    MemoryRelease(const MemoryRelease&) = delete;
    MemoryRelease& operator=(const MemoryRelease&) = delete;
};

} // namespace berth::images
