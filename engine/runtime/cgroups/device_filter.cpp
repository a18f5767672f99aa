#include "runtime/cgroups/device_filter.h"

#include "base/unique_fd.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstring>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace berth::runtime {

namespace {

// The few instruction forms the program needs (the kernel's BPF_* macros are C
// expression macros; these give the same encodings as typed values).
bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
    bpf_insn i{};
    i.code = code;
    i.dst_reg = dst & 0xf;
    i.src_reg = src & 0xf;
    i.off = off;
    i.imm = imm;
    return i;
}
bpf_insn load_u32(uint8_t dst, uint8_t src, int16_t off) {
    return insn(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0);
}
bpf_insn and32_imm(uint8_t dst, int32_t imm) { return insn(BPF_ALU | BPF_AND | BPF_K, dst, 0, 0, imm); }
bpf_insn rsh32_imm(uint8_t dst, int32_t imm) { return insn(BPF_ALU | BPF_RSH | BPF_K, dst, 0, 0, imm); }
bpf_insn mov32_reg(uint8_t dst, uint8_t src) { return insn(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0); }
bpf_insn mov64_imm(uint8_t dst, int32_t imm) { return insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm); }
// Jumps skip `off` instructions after themselves when the registers differ; the
// rule's block patches the offset to its own end once it knows its length.
bpf_insn jne_imm(uint8_t dst, int32_t imm) { return insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, 0, imm); }
bpf_insn jne_reg(uint8_t dst, uint8_t src) { return insn(BPF_JMP | BPF_JNE | BPF_X, dst, src, 0, 0); }
bpf_insn exit_insn() { return insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

// Registers: r1 the context on entry, then a scratch register; r2 the type,
// r3 the requested access, r4 the major, r5 the minor; r0 the verdict.
constexpr uint8_t kCtx = BPF_REG_1, kScratch = BPF_REG_1, kType = BPF_REG_2, kAccess = BPF_REG_3,
                  kMajor = BPF_REG_4, kMinor = BPF_REG_5;

Result<int32_t> access_mask(const DeviceRule& rule) {
    if (rule.access.empty())
        return fail(ErrorCategory::Invalid, "device rule with no access (want a subset of rwm)");
    int32_t mask = 0;
    for (char c : rule.access) {
        if (c == 'r') mask |= BPF_DEVCG_ACC_READ;
        else if (c == 'w') mask |= BPF_DEVCG_ACC_WRITE;
        else if (c == 'm') mask |= BPF_DEVCG_ACC_MKNOD;
        else
            return fail(ErrorCategory::Invalid, "device rule access \"{}\": want a subset of rwm",
                        rule.access);
    }
    return mask;
}

Result<std::vector<bpf_insn>> rule_block(const DeviceRule& rule) {
    auto mask = access_mask(rule);
    if (!mask) return std::unexpected(mask.error());
    for (int64_t number : {rule.major, rule.minor})
        if (number < -1 || number > INT32_MAX)
            return fail(ErrorCategory::Invalid, "device rule number {} out of range", number);
    std::vector<bpf_insn> block;
    if (rule.type == 'c' || rule.type == 'b')
        block.push_back(jne_imm(kType, rule.type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK));
    else if (rule.type != 'a')
        return fail(ErrorCategory::Invalid, "device rule type '{}': want a, b or c", rule.type);
    constexpr int32_t kAll = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
    if (*mask != kAll) {
        // (requested & allowed) != requested: something asked for is not allowed.
        block.push_back(mov32_reg(kScratch, kAccess));
        block.push_back(and32_imm(kScratch, *mask));
        block.push_back(jne_reg(kScratch, kAccess));
    }
    if (rule.major >= 0) block.push_back(jne_imm(kMajor, static_cast<int32_t>(rule.major)));
    if (rule.minor >= 0) block.push_back(jne_imm(kMinor, static_cast<int32_t>(rule.minor)));
    block.push_back(mov64_imm(BPF_REG_0, 1));
    block.push_back(exit_insn());
    for (size_t i = 0; i < block.size(); ++i)
        if (BPF_CLASS(block[i].code) == BPF_JMP && BPF_OP(block[i].code) == BPF_JNE)
            block[i].off = static_cast<int16_t>(block.size() - i - 1);
    return block;
}

long bpf(int cmd, bpf_attr& attr) { return ::syscall(SYS_bpf, cmd, &attr, sizeof(attr)); }

bpf_attr zeroed_attr() {
    bpf_attr attr;
    std::memset(&attr, 0, sizeof(attr)); // the kernel refuses non-zero bytes past a command's fields
    return attr;
}

// The verifier's words, short enough for an error message; its verdict is at the end.
std::string log_excerpt(std::string log) {
    while (!log.empty() && (log.back() == '\n' || log.back() == '\0')) log.pop_back();
    if (log.size() > 1024) log = log.substr(0, 400) + " [...] " + log.substr(log.size() - 600);
    std::ranges::replace(log, '\n', ';');
    return log.empty() ? "no verifier log" : "verifier: " + log;
}

Result<UniqueFd> load_program(const std::vector<bpf_insn>& program) {
    // "Apache", as runc and youki name theirs: the program calls no GPL-only helper.
    static const char kLicense[] = "Apache";
    auto attempt = [&](char* log, uint32_t log_size) {
        bpf_attr attr = zeroed_attr();
        attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
        attr.insns = reinterpret_cast<uintptr_t>(program.data());
        attr.insn_cnt = static_cast<uint32_t>(program.size());
        attr.license = reinterpret_cast<uintptr_t>(kLicense);
        attr.log_level = log ? 1 : 0;
        attr.log_buf = reinterpret_cast<uintptr_t>(log);
        attr.log_size = log_size;
        return UniqueFd(static_cast<int>(bpf(BPF_PROG_LOAD, attr)));
    };
    // Without a log first: a log at level 1 traces every instruction and a full
    // buffer fails the load (ENOSPC) even for a good program.
    if (UniqueFd fd = attempt(nullptr, 0)) return fd;
    int saved = errno;
    if (saved == EPERM || saved == ENOSYS)
        return std::unexpected(Error::from_errno(saved, "loading the device program"));
    std::string log(64 * 1024, '\0');
    // (A load that passes the second time is as good.)
    if (UniqueFd fd = attempt(log.data(), static_cast<uint32_t>(log.size()))) return fd;
    log.resize(std::strlen(log.c_str()));
    std::string what =
        std::format("loading the device program ({} instructions, {})", program.size(), log_excerpt(log));
    return std::unexpected(Error::from_errno(saved, std::move(what)));
}

// The ids of the device programs attached to this directory itself (not inherited).
Result<std::vector<uint32_t>> attached_programs(int cgroup_fd) {
    std::vector<uint32_t> ids(64);
    bpf_attr attr = zeroed_attr();
    attr.query.target_fd = static_cast<uint32_t>(cgroup_fd);
    attr.query.attach_type = BPF_CGROUP_DEVICE;
    attr.query.prog_ids = reinterpret_cast<uintptr_t>(ids.data());
    attr.query.prog_cnt = static_cast<uint32_t>(ids.size());
    if (bpf(BPF_PROG_QUERY, attr) != 0) return fail_errno("listing the device programs attached");
    ids.resize(std::min<size_t>(attr.query.prog_cnt, ids.size()));
    return ids;
}

Result<> detach_program(int cgroup_fd, uint32_t id) {
    bpf_attr by_id = zeroed_attr();
    by_id.prog_id = id;
    UniqueFd program(static_cast<int>(bpf(BPF_PROG_GET_FD_BY_ID, by_id)));
    if (!program) {
        if (errno == ENOENT) return {}; // gone already
        return fail_errno("opening device program {}", id);
    }
    bpf_attr attr = zeroed_attr();
    attr.target_fd = static_cast<uint32_t>(cgroup_fd);
    attr.attach_bpf_fd = static_cast<uint32_t>(program.get());
    attr.attach_type = BPF_CGROUP_DEVICE;
    if (bpf(BPF_PROG_DETACH, attr) != 0 && errno != ENOENT)
        return fail_errno("detaching device program {}", id);
    return {};
}

} // namespace

Result<std::vector<bpf_insn>> device_filter_program(const std::vector<DeviceRule>& allowed) {
    // bpf_cgroup_dev_ctx: access_type = access << 16 | type, then major, minor (u32 each).
    std::vector<bpf_insn> program = {
        load_u32(kType, kCtx, offsetof(bpf_cgroup_dev_ctx, access_type)),
        and32_imm(kType, 0xffff),
        load_u32(kAccess, kCtx, offsetof(bpf_cgroup_dev_ctx, access_type)),
        rsh32_imm(kAccess, 16),
        load_u32(kMajor, kCtx, offsetof(bpf_cgroup_dev_ctx, major)),
        load_u32(kMinor, kCtx, offsetof(bpf_cgroup_dev_ctx, minor)),
    };
    for (size_t i = 0; i < allowed.size(); ++i) {
        auto block = rule_block(allowed[i]);
        if (!block) return std::unexpected(std::move(block.error()).wrap("device rule {}", i + 1));
        program.insert(program.end(), block->begin(), block->end());
        if (block->size() == 2) return program; // no condition: everything is allowed, the rest unreachable
    }
    program.push_back(mov64_imm(BPF_REG_0, 0));
    program.push_back(exit_insn());
    return program;
}

Result<> attach_device_filter(const std::string& cgroup_dir, const std::vector<DeviceRule>& allowed) {
    auto attached = [&]() -> Result<> {
        auto program = device_filter_program(allowed);
        if (!program) return std::unexpected(program.error());
        UniqueFd dir(::open(cgroup_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!dir) return fail_errno("opening the directory");
        struct statfs info{};
        if (::fstatfs(dir.get(), &info) != 0) return fail_errno("statfs");
        if (static_cast<unsigned long>(info.f_type) != CGROUP2_SUPER_MAGIC)
            return fail(ErrorCategory::System,
                        "not a cgroup2 directory, so no device program attaches there");

        auto before = attached_programs(dir.get());
        if (!before) return std::unexpected(before.error());
        auto loaded = load_program(*program);
        if (!loaded) return std::unexpected(loaded.error());
        bpf_attr attr = zeroed_attr();
        attr.target_fd = static_cast<uint32_t>(dir.get());
        attr.attach_bpf_fd = static_cast<uint32_t>(loaded->get());
        attr.attach_type = BPF_CGROUP_DEVICE;
        attr.attach_flags = BPF_F_ALLOW_MULTI; // beside the programs of cgroups above, as runc attaches
        if (bpf(BPF_PROG_ATTACH, attr) != 0) return fail_errno("attaching the device program");
        // The new program is in before the old ones leave: no moment without one.
        for (uint32_t id : *before)
            if (auto detached = detach_program(dir.get(), id); !detached) return detached;
        return {};
    }();
    if (!attached)
        return std::unexpected(
            std::move(attached.error()).wrap("restricting devices of cgroup {}", cgroup_dir));
    return {};
}

} // namespace berth::runtime
