#pragma once
// Gives the memory an image operation freed back to the system (issue 15):
// glibc keeps freed heap pages for reuse, so after a push, pull, save or load
// berthd would stay at its peak for the rest of the day. One per operation, at
// its end (on every return path).

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
