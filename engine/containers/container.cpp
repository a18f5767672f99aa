#include "containers/container.h"

namespace berth::containers {

using nlohmann::json;

json to_json(const Container& c) {
    const ContainerState& s = c.state;
    return {{"id", c.id},
            {"name", c.name},
            {"created", c.created},
            {"image_id", c.image_id},
            {"path", c.path},
            {"args", c.args},
            {"config", c.config},
            {"host_config", c.host_config},
            {"state",
             {{"status", s.status},
              {"oom_killed", s.oom_killed},
              {"pid", s.pid},
              {"exit_code", s.exit_code},
              {"error", s.error},
              {"started_at", s.started_at},
              {"finished_at", s.finished_at},
              {"health_status", s.health_status},
              {"failing_streak", s.failing_streak},
              {"health_log", s.health_log}}},
            {"restart_count", c.restart_count},
            {"has_been_started", c.has_been_started},
            {"manually_stopped", c.manually_stopped},
            {"log_path", c.log_path},
            {"hostname_path", c.hostname_path},
            {"hosts_path", c.hosts_path},
            {"resolv_conf_path", c.resolv_conf_path},
            {"network", c.network},
            {"mount_points", c.mount_points},
            {"endpoints_config", c.endpoints_config},
            {"network_mode_detached", c.network_mode_detached},
            {"rootfs", c.rootfs},
            {"bundle", c.bundle}};
}

Container container_from_json(const json& in) {
    Container c;
    c.id = in.at("id").get<std::string>();
    c.name = in.at("name").get<std::string>();
    c.created = in.at("created").get<std::string>();
    c.image_id = in.at("image_id").get<std::string>();
    c.path = in.at("path").get<std::string>();
    c.args = in.at("args").get<std::vector<std::string>>();
    c.config = in.at("config");
    c.host_config = in.at("host_config");
    const json& s = in.at("state");
    c.state.status = s.at("status").get<std::string>();
    c.state.oom_killed = s.value("oom_killed", false);
    c.state.pid = s.value("pid", 0);
    c.state.exit_code = s.value("exit_code", 0);
    c.state.error = s.value("error", "");
    c.state.started_at = s.value("started_at", kZeroTime);
    c.state.finished_at = s.value("finished_at", kZeroTime);
    c.state.health_status = s.value("health_status", "");
    c.state.failing_streak = s.value("failing_streak", 0);
    c.state.health_log = s.value("health_log", json::array());
    c.restart_count = in.value("restart_count", 0);
    c.has_been_started = in.value("has_been_started", false);
    c.manually_stopped = in.value("manually_stopped", false);
    c.log_path = in.value("log_path", "");
    c.hostname_path = in.value("hostname_path", "");
    c.hosts_path = in.value("hosts_path", "");
    c.resolv_conf_path = in.value("resolv_conf_path", "");
    c.network = in.value("network", json::object());
    c.mount_points = in.value("mount_points", json::array());
    c.endpoints_config = in.value("endpoints_config", json::object());
    c.network_mode_detached = in.value("network_mode_detached", false);
    c.rootfs = in.value("rootfs", "");
    c.bundle = in.value("bundle", "");
    return c;
}

std::vector<std::string> Container::exposed_ports() const {
    std::vector<std::string> ports;
    if (auto exposed = config.find("ExposedPorts"); exposed != config.end() && exposed->is_object())
        for (const auto& [key, value] : exposed->items()) ports.push_back(key);
    return ports;
}

} // namespace berth::containers
