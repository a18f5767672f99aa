#pragma once
// What berthd hands a container's monitor: the RuntimeSpec to run, where the
// logs go, the cgroup to put the process in, and how stdio is wired. Written by
// berthd as monitor.json in the container's bundle directory (under the exec
// root), read by berth-monitor at start. The same file format serves an exec
// session, whose `exec_in_pid` names the container's init to join.

#include "base/error.h"
#include "runtime/spec.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace berth::monitor {

struct MonitorConfig {
    std::string container_id;
    runtime::RuntimeSpec spec;
    bool tty = false;
    bool open_stdin = false;  // keep a stdin the attach clients write into
    bool stdin_once = false;  // close the container's stdin when the first attach client detaches
    std::string log_driver = "json-file";
    std::map<std::string, std::string> log_opts;
    std::string log_path;      // the driver's file (json-file: <id>-json.log)
    std::string cgroup_root;   // /sys/fs/cgroup
    std::string cgroup_parent; // "berth"
    std::string cgroup_name;   // the container's id
    std::string cgroup_version; // "1" or "2"; empty: no cgroup (tests)
    unsigned console_rows = 0; // the pty's first size (HostConfig.ConsoleSize), before the process runs
    unsigned console_cols = 0;
    int pending_attaches = 0;  // attach clients to wait for before the process may run
    int exec_in_pid = 0;       // an exec session: join this container init's namespaces
    std::string init_path;     // --init: the berth-init binary, bind-mounted at /sbin/docker-init by the spec
};

nlohmann::json to_json(const MonitorConfig& config);
Result<MonitorConfig> monitor_config_from_json(const nlohmann::json& json);

nlohmann::json to_json(const runtime::RuntimeSpec& spec);
runtime::RuntimeSpec runtime_spec_from_json(const nlohmann::json& json); // throws nlohmann::json::exception

// The files of a bundle directory.
inline std::string config_path(const std::string& bundle) { return bundle + "/monitor.json"; }
inline std::string socket_path(const std::string& bundle) { return bundle + "/monitor.sock"; }
inline std::string exit_path(const std::string& bundle) { return bundle + "/exit.json"; }
inline std::string pid_path(const std::string& bundle) { return bundle + "/monitor.pid"; }

// How a process ended, as the monitor records it in exit.json.
struct ExitRecord {
    int exit_code = 0;   // 128+signal when killed by a signal
    bool oom_killed = false;
    std::string finished_at; // RFC 3339 nano
    std::string error;       // the exec error when the process never ran
};
nlohmann::json to_json(const ExitRecord& record);
ExitRecord exit_record_from_json(const nlohmann::json& json);

} // namespace berth::monitor
