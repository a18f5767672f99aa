#include "containers/config/image_merge.h"

#include <algorithm>

namespace berth::containers::config {
namespace {

using nlohmann::json;

// The image config is our own stored JSON: read leniently, a wrong type is absent.
std::optional<std::vector<std::string>> image_strings(const json& image, const char* key) {
    auto it = image.find(key);
    if (it == image.end()) return std::nullopt;
    if (it->is_string()) return std::vector{it->get<std::string>()};
    if (!it->is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : *it)
        if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::string image_string(const json& image, const char* key) {
    auto it = image.find(key);
    return it != image.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t image_int(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string_view env_key(std::string_view entry) { return entry.substr(0, entry.find('=')); }

json strings_or_null(const std::optional<std::vector<std::string>>& list) {
    return list ? json(*list) : json(nullptr);
}

json healthcheck_json(const Healthcheck& health) {
    // Go's omitempty on every field.
    json out = json::object();
    if (!health.test.empty()) out["Test"] = health.test;
    if (health.interval) out["Interval"] = health.interval;
    if (health.timeout) out["Timeout"] = health.timeout;
    if (health.start_period) out["StartPeriod"] = health.start_period;
    if (health.start_interval) out["StartInterval"] = health.start_interval;
    if (health.retries) out["Retries"] = health.retries;
    return out;
}

std::optional<Healthcheck> image_healthcheck(const json& image) {
    auto it = image.find("Healthcheck");
    if (it == image.end() || !it->is_object()) return std::nullopt;
    Healthcheck health;
    if (auto test = image_strings(*it, "Test")) health.test = *test;
    health.interval = image_int(*it, "Interval");
    health.timeout = image_int(*it, "Timeout");
    health.start_period = image_int(*it, "StartPeriod");
    health.start_interval = image_int(*it, "StartInterval");
    health.retries = image_int(*it, "Retries");
    return health;
}

// map[string]struct{} as JSON: {"80/tcp": {}}.
json key_set(const std::vector<std::string>& keys) {
    json out = json::object();
    for (const auto& key : keys) out[key] = json::object();
    return out;
}

std::vector<std::string> image_keys(const json& image, const char* key) {
    std::vector<std::string> out;
    auto it = image.find(key);
    if (it != image.end() && it->is_object())
        for (auto entry = it->begin(); entry != it->end(); ++entry) out.push_back(entry.key());
    return out;
}

} // namespace

Result<MergedConfig> merge_image_config(const ContainerConfig& request, const json& image_config,
                                        const MergeContext& context) {
    const json image = image_config.is_object() ? image_config : json::object();
    MergedConfig merged;

    std::string user = request.user.empty() ? image_string(image, "User") : request.user;
    std::string working_dir = request.working_dir.empty() ? image_string(image, "WorkingDir") : request.working_dir;
    std::string stop_signal = request.stop_signal.empty() ? image_string(image, "StopSignal") : request.stop_signal;

    // Env: by key, the request's first.
    json env;
    auto image_env = image_strings(image, "Env");
    if (request.env.empty()) {
        env = strings_or_null(image_env);
    } else {
        std::vector<std::string> all = request.env;
        for (const auto& entry : image_env.value_or(std::vector<std::string>{})) {
            bool overridden = std::ranges::any_of(request.env, [&](const std::string& mine) {
                return env_key(mine) == env_key(entry);
            });
            if (!overridden) all.push_back(entry);
        }
        env = all;
    }

    json labels = json::object();
    for (const auto& [key, value] : request.labels) labels[key] = value;
    if (auto it = image.find("Labels"); it != image.end() && it->is_object())
        for (auto entry = it->begin(); entry != it->end(); ++entry)
            if (!labels.contains(entry.key()) && entry.value().is_string()) labels[entry.key()] = entry.value();

    std::vector<std::string> ports = request.exposed_ports;
    for (const auto& port : image_keys(image, "ExposedPorts"))
        if (std::ranges::find(ports, port) == ports.end()) ports.push_back(port);

    json volumes;
    if (!request.volumes.empty()) {
        std::vector<std::string> all = request.volumes;
        for (const auto& volume : image_keys(image, "Volumes"))
            if (std::ranges::find(all, volume) == all.end()) all.push_back(volume);
        volumes = key_set(all);
    } else if (auto it = image.find("Volumes"); it != image.end() && it->is_object()) {
        volumes = key_set(image_keys(image, "Volumes"));
    }

    // Entrypoint and Cmd.
    auto entrypoint = request.entrypoint;
    auto cmd = request.cmd;
    if (!entrypoint || entrypoint->empty()) {
        if (!cmd || cmd->empty()) cmd = image_strings(image, "Cmd");
        if (!entrypoint) entrypoint = image_strings(image, "Entrypoint");
    }
    if (entrypoint && entrypoint->size() == 1 && entrypoint->front().empty()) entrypoint = std::nullopt;
    bool has_entrypoint = entrypoint && !entrypoint->empty();
    bool has_cmd = cmd && !cmd->empty();
    if (!has_entrypoint && !has_cmd) return fail(ErrorCategory::Invalid, "No command specified");
    std::vector<std::string> argv = has_entrypoint ? *entrypoint : std::vector<std::string>{};
    if (has_cmd) argv.insert(argv.end(), cmd->begin(), cmd->end());
    merged.path = argv.front();
    merged.args.assign(argv.begin() + 1, argv.end());

    // Healthcheck, field by field.
    std::optional<Healthcheck> health = request.healthcheck;
    if (auto from_image = image_healthcheck(image)) {
        if (!health) {
            health = from_image;
        } else {
            if (health->test.empty()) health->test = from_image->test;
            if (!health->interval) health->interval = from_image->interval;
            if (!health->timeout) health->timeout = from_image->timeout;
            if (!health->start_period) health->start_period = from_image->start_period;
            if (!health->start_interval) health->start_interval = from_image->start_interval;
            if (!health->retries) health->retries = from_image->retries;
        }
    }

    std::string hostname = request.hostname;
    if (hostname.empty())
        hostname = context.network_mode == "host" && !context.host_hostname.empty()
                       ? context.host_hostname
                       : context.container_id.substr(0, 12);

    // Docker's Config, its omitempty fields only when set.
    json c = json::object();
    c["Hostname"] = hostname;
    c["Domainname"] = request.domainname;
    c["User"] = user;
    c["AttachStdin"] = request.attach_stdin;
    c["AttachStdout"] = request.attach_stdout;
    c["AttachStderr"] = request.attach_stderr;
    if (!ports.empty()) c["ExposedPorts"] = key_set(ports);
    c["Tty"] = request.tty;
    c["OpenStdin"] = request.open_stdin;
    c["StdinOnce"] = request.stdin_once;
    c["Env"] = env;
    c["Cmd"] = strings_or_null(cmd);
    if (health) c["Healthcheck"] = healthcheck_json(*health);
    if (request.args_escaped) c["ArgsEscaped"] = true;
    c["Image"] = request.image;
    c["Volumes"] = volumes;
    c["WorkingDir"] = working_dir;
    c["Entrypoint"] = strings_or_null(entrypoint);
    if (request.network_disabled) c["NetworkDisabled"] = true;
    if (!request.mac_address.empty()) c["MacAddress"] = request.mac_address;
    c["OnBuild"] = strings_or_null(request.on_build);
    c["Labels"] = labels;
    if (!stop_signal.empty()) c["StopSignal"] = stop_signal;
    if (request.stop_timeout) c["StopTimeout"] = *request.stop_timeout;
    if (request.shell && !request.shell->empty()) c["Shell"] = *request.shell;
    merged.config = std::move(c);
    return merged;
}

} // namespace berth::containers::config
