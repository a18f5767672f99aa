#include "runtime/namespaces.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

namespace berth::runtime {

int namespace_clone_flag(NamespaceKind kind) {
    switch (kind) {
    case NamespaceKind::Pid: return CLONE_NEWPID;
    case NamespaceKind::Mount: return CLONE_NEWNS;
    case NamespaceKind::Uts: return CLONE_NEWUTS;
    case NamespaceKind::Ipc: return CLONE_NEWIPC;
    case NamespaceKind::Network: return CLONE_NEWNET;
    case NamespaceKind::Cgroup: return CLONE_NEWCGROUP;
    }
    return 0;
}

const char* namespace_proc_name(NamespaceKind kind) {
    switch (kind) {
    case NamespaceKind::Pid: return "pid";
    case NamespaceKind::Mount: return "mnt";
    case NamespaceKind::Uts: return "uts";
    case NamespaceKind::Ipc: return "ipc";
    case NamespaceKind::Network: return "net";
    case NamespaceKind::Cgroup: return "cgroup";
    }
    return "?";
}

int new_namespace_flags(const std::vector<NamespaceSpec>& namespaces, int except) {
    int flags = 0;
    for (const auto& ns : namespaces)
        if (ns.join_path.empty()) flags |= namespace_clone_flag(ns.kind);
    return flags & ~except;
}

Result<std::vector<NamespaceHandle>> open_joined_namespaces(const std::vector<NamespaceSpec>& namespaces) {
    std::vector<NamespaceHandle> handles;
    for (const auto& ns : namespaces) {
        if (ns.join_path.empty()) continue;
        UniqueFd fd(::open(ns.join_path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) return fail_errno("opening {} namespace {}", namespace_proc_name(ns.kind), ns.join_path);
        handles.push_back({ns.kind, std::move(fd)});
    }
    return handles;
}

Result<std::vector<NamespaceHandle>> open_process_namespaces(pid_t pid, const std::vector<NamespaceKind>& kinds) {
    std::vector<NamespaceHandle> handles;
    for (auto kind : kinds) {
        std::string path = std::format("/proc/{}/ns/{}", pid, namespace_proc_name(kind));
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) return fail_errno("opening {}", path);
        struct stat theirs{}, ours{};
        std::string own = std::format("/proc/self/ns/{}", namespace_proc_name(kind));
        if (::fstat(fd.get(), &theirs) == 0 && ::stat(own.c_str(), &ours) == 0 && theirs.st_ino == ours.st_ino &&
            theirs.st_dev == ours.st_dev)
            continue;
        handles.push_back({kind, std::move(fd)});
    }
    return handles;
}

Result<> enter_namespaces(const std::vector<NamespaceHandle>& handles) {
    for (bool mount_pass : {false, true}) {
        for (const auto& handle : handles) {
            if ((handle.kind == NamespaceKind::Mount) != mount_pass) continue;
            if (::setns(handle.fd.get(), namespace_clone_flag(handle.kind)) != 0)
                return fail_errno("joining the {} namespace", namespace_proc_name(handle.kind));
        }
    }
    return {};
}

} // namespace berth::runtime
