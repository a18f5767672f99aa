#pragma once
// Gives the memory an image operation freed back to the system (issue 15):
// glibc keeps freed heap pages for reuse, so after image work berthd would
// stay at its peak for the rest of the day. One per push, pull, save, load,
// import and commit, released at its end (on every return path) when it is
// the last one in flight: a trim walks every arena holding its lock, and
// every thread's malloc (the API's io threads' too) waits meanwhile, so
// under a stream of concurrent pulls each one's trim held up the daemon's
// answers. What overlapping operations leave goes with the last one's, or
// with the daemon's idle release.

#include <atomic>
#include <malloc.h>

namespace berth::images {

class MemoryRelease {
public:
    MemoryRelease() { in_flight().fetch_add(1); }
    ~MemoryRelease() {
        if (in_flight().fetch_sub(1) == 1) ::malloc_trim(0);
    }
    MemoryRelease(const MemoryRelease&) = delete;
    MemoryRelease& operator=(const MemoryRelease&) = delete;

private:
    static std::atomic<int>& in_flight() {
        static std::atomic<int> count{0};
        return count;
    }
};

} // namespace berth::images
