// The cgroup v2 device program as instructions: its shape for small rule sets,
// and its verdicts, run here by a tiny interpreter of the forms it uses (the
// kernel's own verdicts are in cgroups_device_kernel_test.cpp).
#include "runtime/cgroups/device_filter.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

std::vector<bpf_insn> program_of(const std::vector<DeviceRule>& rules) {
    auto program = device_filter_program(rules);
    EXPECT_TRUE(program) << (program ? "" : program.error().message());
    return program ? *program : std::vector<bpf_insn>{};
}

// Runs the program on one request; -1 for an instruction it does not know or a
// jump out of the program (the verifier would refuse either).
int run(const std::vector<bpf_insn>& program, int type, int access, uint32_t major, uint32_t minor) {
    bpf_cgroup_dev_ctx ctx{};
    ctx.access_type = static_cast<uint32_t>(access << 16 | type);
    ctx.major = major;
    ctx.minor = minor;
    std::array<uint64_t, 11> r{};
    const auto* bytes = reinterpret_cast<const unsigned char*>(&ctx);
    for (size_t pc = 0; pc < program.size(); ++pc) {
        const bpf_insn& i = program[pc];
        uint64_t& dst = r[i.dst_reg];
        switch (i.code) {
        case BPF_LDX | BPF_MEM | BPF_W: {
            if (i.src_reg != BPF_REG_1 || i.off < 0 || i.off + 4 > static_cast<int>(sizeof(ctx))) return -1;
            uint32_t value;
            std::memcpy(&value, bytes + i.off, 4);
            dst = value;
            break;
        }
        case BPF_ALU | BPF_AND | BPF_K:
            dst = static_cast<uint32_t>(dst & static_cast<uint32_t>(i.imm));
            break;
        case BPF_ALU | BPF_RSH | BPF_K: dst = static_cast<uint32_t>(dst) >> i.imm; break;
        case BPF_ALU | BPF_MOV | BPF_X: dst = static_cast<uint32_t>(r[i.src_reg]); break;
        case BPF_ALU64 | BPF_MOV | BPF_K: dst = static_cast<uint64_t>(static_cast<int64_t>(i.imm)); break;
        case BPF_JMP | BPF_JNE | BPF_K:
            if (dst != static_cast<uint64_t>(static_cast<int64_t>(i.imm))) pc += i.off;
            break;
        case BPF_JMP | BPF_JNE | BPF_X:
            if (dst != r[i.src_reg]) pc += i.off;
            break;
        case BPF_JMP | BPF_EXIT: return static_cast<int>(r[0]);
        default: return -1;
        }
    }
    return -1;
}

constexpr int kChar = BPF_DEVCG_DEV_CHAR, kBlock = BPF_DEVCG_DEV_BLOCK;
constexpr int kRead = BPF_DEVCG_ACC_READ, kWrite = BPF_DEVCG_ACC_WRITE, kMknod = BPF_DEVCG_ACC_MKNOD;

TEST(DeviceFilter, OneRuleHasEveryCheck) {
    auto program = program_of({DeviceRule{'c', 1, 3, "rw"}});
    // 6 loads of the context, the rule's 8 (type, 3 for access, major, minor,
    // allow), the deny at the end.
    ASSERT_EQ(program.size(), 16u);
    EXPECT_EQ(program[6].code, BPF_JMP | BPF_JNE | BPF_K);
    EXPECT_EQ(program[6].dst_reg, BPF_REG_2);
    EXPECT_EQ(program[6].imm, kChar);
    EXPECT_EQ(program[6].off, 7) << "a failed check skips to the block's end";
    EXPECT_EQ(program[8].imm, kRead | kWrite);
    EXPECT_EQ(program[9].code, BPF_JMP | BPF_JNE | BPF_X);
    EXPECT_EQ(program[10].imm, 1);
    EXPECT_EQ(program[11].imm, 3);
    EXPECT_EQ(program[11].off, 2);
    EXPECT_EQ(program[12].imm, 1) << "allow";
    EXPECT_EQ(program[13].code, BPF_JMP | BPF_EXIT);
    EXPECT_EQ(program[14].code, BPF_ALU64 | BPF_MOV | BPF_K);
    EXPECT_EQ(program[14].imm, 0) << "deny";
    EXPECT_EQ(program[15].code, BPF_JMP | BPF_EXIT);

    EXPECT_EQ(run(program, kChar, kRead, 1, 3), 1);
    EXPECT_EQ(run(program, kChar, kRead | kWrite, 1, 3), 1);
    EXPECT_EQ(run(program, kChar, kMknod, 1, 3), 0) << "mknod not in rw";
    EXPECT_EQ(run(program, kChar, kRead, 1, 5), 0) << "/dev/zero";
    EXPECT_EQ(run(program, kBlock, kRead, 1, 3), 0) << "a block device of the same numbers";
}

TEST(DeviceFilter, WildcardsAndFullAccessLeaveTheirChecksOut) {
    auto program = program_of({DeviceRule{'c', -1, -1, "m"}});
    ASSERT_EQ(program.size(), 6u + 6u + 2u) << "type and access only";
    EXPECT_EQ(run(program, kChar, kMknod, 4, 64), 1);
    EXPECT_EQ(run(program, kChar, kMknod | kRead, 4, 64), 0);
    EXPECT_EQ(run(program, kBlock, kMknod, 8, 0), 0);

    program = program_of({DeviceRule{'b', 8, -1, "rwm"}});
    ASSERT_EQ(program.size(), 6u + 4u + 2u) << "type and major only";
    EXPECT_EQ(run(program, kBlock, kRead | kWrite | kMknod, 8, 17), 1);
    EXPECT_EQ(run(program, kBlock, kRead, 9, 0), 0);
}

TEST(DeviceFilter, EverythingAllowedEndsTheProgram) {
    // Privileged: one rule 'a'. No deny after it: the verifier refuses unreachable code.
    auto program = program_of({DeviceRule{}});
    ASSERT_EQ(program.size(), 8u);
    EXPECT_EQ(program[6].imm, 1);
    EXPECT_EQ(run(program, kBlock, kRead | kWrite | kMknod, 8, 0), 1);

    program = program_of({DeviceRule{'c', 1, 3, "rw"}, DeviceRule{}, DeviceRule{'c', 1, 5, "r"}});
    EXPECT_EQ(program.size(), 6u + 8u + 2u) << "rules after it are unreachable";
    EXPECT_EQ(run(program, kChar, kRead, 1, 5), 1);

    program = program_of({DeviceRule{'a', -1, -1, "r"}});
    EXPECT_EQ(run(program, kBlock, kRead, 8, 0), 1);
    EXPECT_EQ(run(program, kChar, kWrite, 1, 3), 0) << "an 'a' rule keeps its access";
}

TEST(DeviceFilter, NoRulesDenyEverything) {
    auto program = program_of({});
    ASSERT_EQ(program.size(), 8u);
    EXPECT_EQ(run(program, kChar, kRead, 1, 3), 0);
}

TEST(DeviceFilter, DockersDefaultsAllowTheirNodesOnly) {
    // runtime_spec_builder.cpp's device_rules() for a plain container, plus /dev/null as a --device.
    auto program = program_of({DeviceRule{'c', -1, -1, "m"}, DeviceRule{'b', -1, -1, "m"},
                               DeviceRule{'c', 136, -1, "rwm"}, DeviceRule{'c', 5, 2, "rwm"},
                               DeviceRule{'c', 10, 200, "rwm"}, DeviceRule{'c', 1, 3, "rwm"}});
    EXPECT_EQ(run(program, kChar, kMknod, 7, 7), 1);
    EXPECT_EQ(run(program, kBlock, kMknod, 8, 0), 1);
    EXPECT_EQ(run(program, kBlock, kRead, 8, 0), 0);
    EXPECT_EQ(run(program, kChar, kRead | kWrite, 136, 4), 1) << "/dev/pts/4";
    EXPECT_EQ(run(program, kChar, kRead | kWrite, 5, 2), 1) << "/dev/ptmx";
    EXPECT_EQ(run(program, kChar, kRead | kWrite, 10, 200), 1) << "/dev/net/tun";
    EXPECT_EQ(run(program, kChar, kRead, 1, 3), 1) << "/dev/null";
    EXPECT_EQ(run(program, kChar, kRead, 1, 5), 0) << "/dev/zero";
    EXPECT_EQ(run(program, kChar, kRead, 10, 229), 0) << "/dev/fuse";
}

TEST(DeviceFilter, RefusesMalformedRules) {
    for (const auto& bad : {DeviceRule{'x', 1, 3, "rwm"}, DeviceRule{'c', 1, 3, "rx"},
                            DeviceRule{'c', 1, 3, ""}, DeviceRule{'c', -2, 3, "r"},
                            DeviceRule{'b', 1, int64_t{1} << 32, "r"}}) {
        auto program = device_filter_program({DeviceRule{'c', 1, 3, "r"}, bad});
        ASSERT_FALSE(program);
        EXPECT_EQ(program.error().category(), ErrorCategory::Invalid);
        EXPECT_NE(program.error().message().find("device rule 2"), std::string::npos)
            << program.error().message();
    }
}

} // namespace
} // namespace berth::runtime
