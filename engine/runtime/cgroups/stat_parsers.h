#pragma once
// The kernel's formats for cgroup statistics files, as pure functions (text in,
// value or error out), and a reader that fills a CgroupStats from them. The
// formats are the kernel's (Documentation/admin-guide/cgroup-v1, cgroup-v2.rst):
//   flat keyed   "user 120\nsystem 30\n"             cpuacct.stat, cpu.stat, memory.stat, memory.events
//   single value "4096\n" or "max\n"                 memory.current, pids.max
//   list         "100 200 300 \n"                     cpuacct.usage_percpu
//   v1 blkio     "8:0 Read 4096\n...\nTotal 8192\n"   blkio.throttle.io_service_bytes_recursive
//   nested keyed "8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n"   io.stat

#include "base/error.h"
#include "base/files.h"
#include "runtime/cgroups/stats.h"

#include <cerrno>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <type_traits>
#include <vector>

namespace berth::runtime {

// The tick of cpuacct.stat and /proc/stat: USER_HZ, which the kernel's ABI fixes
// at 100 whatever its own HZ (sysconf(_SC_CLK_TCK) says the same; dockerd and
// containerd hard-code it too).
inline constexpr uint64_t kUserHz = 100;
inline constexpr uint64_t kNanosPerTick = 1'000'000'000 / kUserHz;

// A counter. Negative values (some v1 memory.stat lines can underflow) read as 0,
// as runc and containerd read them.
Result<uint64_t> parse_counter(std::string_view text);
// A limit: a number, or "max" for none (nullopt).
Result<std::optional<uint64_t>> parse_limit(std::string_view text);
Result<std::map<std::string, uint64_t>> parse_flat_keyed(std::string_view text);
Result<std::vector<uint64_t>> parse_counter_list(std::string_view text);
// "MAJ:MIN Op value" lines; the closing "Total N" line (no device) is not an entry.
Result<std::vector<BlkioEntry>> parse_v1_blkio(std::string_view text);
// io.stat, as dockerd turns it into Docker's blkio entries: rbytes and wbytes make
// the service bytes (ops "read", "write"), rios and wios the serviced counts.
Result<CgroupBlkioStats> parse_io_stat(std::string_view text);
// cgroup.procs: one pid a line.
Result<std::vector<pid_t>> parse_pid_list(std::string_view text);

// Reads statistics files one after another and keeps the first error, so a
// backend reads as a list of files. A file that is absent (a controller not
// mounted or not enabled, a file this kernel lacks) leaves its field untouched:
// dockerd reports what the hierarchy offers and zero for the rest.
class StatFileReader {
public:
    template <typename Parse, typename Out>
    void read(const std::string& directory, const char* file, Parse parse, Out& out) {
        if (!status_) return;
        std::string path = directory + "/" + file;
        auto text = read_file(path);
        if (!text) {
            if (text.error().errnum() != ENOENT) status_ = std::unexpected(text.error());
            return;
        }
        auto parsed = parse(std::string_view(*text));
        if (!parsed) {
            status_ = std::unexpected(std::move(parsed.error()).wrap("reading {}", path));
            return;
        }
        out = std::move(*parsed);
    }

    Result<> status() const { return status_; }

private:
    Result<> status_;
};

// The value of `key` in a flat keyed map, 0 when the kernel did not write it.
uint64_t value_or_zero(const std::map<std::string, uint64_t>& values, const std::string& key);

} // namespace berth::runtime
