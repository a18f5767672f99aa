// The instructions that only change the image config (Engine API Config
// shape), as Docker's classic builder dispatchers apply them. Each one makes a
// config-only image (image_builder.cpp commits it).

#include "build/builder/builder.h"

#include "build/dockerfile/instruction_rules.h"

#include <charconv>

namespace berth::build {
namespace {

using dockerfile::Instruction;
using nlohmann::json;

// Go's time.ParseDuration for HEALTHCHECK's flags: "30s", "1m30s", "1.5h",
// "500ms"; nanoseconds.
Result<int64_t> parse_duration(const std::string& flag, std::string_view text) {
    auto invalid = [&] { return fail(ErrorCategory::Invalid, "time: invalid duration \"{}\" (--{})", text, flag); };
    if (text.empty()) return invalid();
    if (text == "0") return int64_t{0};
    double total = 0;
    std::string_view rest = text;
    while (!rest.empty()) {
        size_t digits = 0;
        while (digits < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[digits])) || rest[digits] == '.')) ++digits;
        if (digits == 0) return invalid();
        double number = 0;
        auto [end, ec] = std::from_chars(rest.data(), rest.data() + digits, number);
        if (ec != std::errc()) return invalid();
        rest.remove_prefix(digits);
        size_t unit_length = 0;
        while (unit_length < rest.size() && std::isalpha(static_cast<unsigned char>(rest[unit_length]))) ++unit_length;
        std::string_view unit = rest.substr(0, unit_length);
        rest.remove_prefix(unit_length);
        double scale = unit == "ns" ? 1 : unit == "us" || unit == "µs" ? 1e3 : unit == "ms" ? 1e6 : unit == "s" ? 1e9
                     : unit == "m" ? 60e9 : unit == "h" ? 3600e9 : 0;
        if (scale == 0) return invalid();
        total += number * scale;
    }
    return static_cast<int64_t>(total);
}

// The command of CMD, ENTRYPOINT and HEALTHCHECK: the JSON array as written,
// or the text run by the stage's shell.
json command_of(const std::vector<std::string>& args, bool exec_form, const std::vector<std::string>& shell) {
    if (exec_form) return args;
    std::vector<std::string> argv = shell;
    std::string text;
    for (const auto& arg : args) text += (text.empty() ? "" : " ") + arg;
    argv.push_back(text);
    return argv;
}

void set_env(json& config, const std::string& name, const std::string& value) {
    json env = config.value("Env", json::array());
    if (!env.is_array()) env = json::array();
    bool replaced = false;
    for (auto& entry : env)
        if (entry.is_string() && entry.get<std::string>().starts_with(name + "=")) {
            entry = name + "=" + value;
            replaced = true;
        }
    if (!replaced) env.push_back(name + "=" + value);
    config["Env"] = env;
}

// EXPOSE's "80", "80/udp", "8000-8002/tcp" as ExposedPorts keys.
Result<std::vector<std::string>> exposed_ports(const std::string& word) {
    std::string ports = word, protocol = "tcp";
    if (auto slash = word.find('/'); slash != std::string::npos) {
        ports = word.substr(0, slash);
        protocol = word.substr(slash + 1);
        for (char& c : protocol) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (protocol != "tcp" && protocol != "udp" && protocol != "sctp")
        return fail(ErrorCategory::Invalid, "invalid proto: {}", protocol);
    unsigned first = 0, last = 0;
    auto dash = ports.find('-');
    std::string low = ports.substr(0, dash), high = dash == std::string::npos ? low : ports.substr(dash + 1);
    auto a = std::from_chars(low.data(), low.data() + low.size(), first);
    auto b = std::from_chars(high.data(), high.data() + high.size(), last);
    if (a.ec != std::errc() || a.ptr != low.data() + low.size() || b.ec != std::errc() ||
        b.ptr != high.data() + high.size() || first > 65535 || last > 65535 || last < first)
        return fail(ErrorCategory::Invalid, "invalid containerPort: {}", ports);
    std::vector<std::string> out;
    for (unsigned port = first; port <= last; ++port) out.push_back(std::format("{}/{}", port, protocol));
    return out;
}

Result<json> healthcheck(const Instruction& instruction, const std::vector<std::string>& shell) {
    if (instruction.args.empty()) return fail(ErrorCategory::Invalid, "HEALTHCHECK requires an argument");
    std::string type = instruction.args[0];
    for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (type == "NONE") {
        if (instruction.args.size() > 1) return fail(ErrorCategory::Invalid, "HEALTHCHECK NONE takes no arguments");
        return json{{"Test", {"NONE"}}};
    }
    if (type != "CMD") return fail(ErrorCategory::Invalid, "Unknown type \"{}\" in HEALTHCHECK (try CMD)", type);
    std::vector<std::string> command(instruction.args.begin() + 1, instruction.args.end());
    if (command.empty()) return fail(ErrorCategory::Invalid, "Missing command after HEALTHCHECK CMD");
    json test = instruction.json ? json(std::vector<std::string>{"CMD"}) : json(std::vector<std::string>{"CMD-SHELL"});
    if (instruction.json) {
        for (const auto& part : command) test.push_back(part);
    } else {
        std::string text;
        for (const auto& part : command) text += (text.empty() ? "" : " ") + part;
        test.push_back(text);
    }
    (void)shell;
    json out = {{"Test", test}};
    auto flags = dockerfile::parse_instruction_flags(instruction);
    if (!flags) return fail(ErrorCategory::Invalid, "{}", flags.error());
    for (auto [flag, key] : {std::pair{"interval", "Interval"}, {"timeout", "Timeout"}, {"start-period", "StartPeriod"},
                             {"start-interval", "StartInterval"}}) {
        if (!flags->has(flag) || flags->value(flag).empty()) continue;
        auto ns = parse_duration(flag, flags->value(flag));
        if (!ns) return std::unexpected(ns.error());
        if (*ns != 0 && *ns < 1'000'000) return fail(ErrorCategory::Invalid, "Interval \"{}\" cannot be less than 1ms", flag);
        out[key] = *ns;
    }
    if (flags->has("retries") && !flags->value("retries").empty()) {
        int retries = 0;
        std::string text = flags->value("retries");
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), retries);
        if (ec != std::errc() || end != text.data() + text.size() || retries < 0)
            return fail(ErrorCategory::Invalid, "--retries must be at least 0");
        out["Retries"] = retries;
    }
    return out;
}

} // namespace

Result<> Builder::apply_config(StageState& state, const std::string& keyword, const Instruction& instruction) {
    json& config = state.config;
    const auto& args = instruction.args;
    auto whole = [&] {
        std::string text;
        for (const auto& arg : args) text += (text.empty() ? "" : " ") + arg;
        return text;
    };
    if (keyword == "env" || keyword == "label") {
        if (args.size() % 3 != 0) return fail(ErrorCategory::Invalid, "{} requires key=value pairs", keyword);
        for (size_t i = 0; i + 1 < args.size(); i += 3) {
            if (keyword == "env") {
                set_env(config, args[i], args[i + 1]);
            } else {
                if (!config.contains("Labels") || !config["Labels"].is_object()) config["Labels"] = json::object();
                config["Labels"][args[i]] = args[i + 1];
            }
        }
        return {};
    }
    if (keyword == "expose") {
        if (!config.contains("ExposedPorts") || !config["ExposedPorts"].is_object()) config["ExposedPorts"] = json::object();
        for (const auto& arg : args) {
            std::string text = arg;
            size_t start = 0;
            while (start < text.size()) { // a value with spaces gives several ports
                size_t end = text.find_first_of(" \t", start);
                if (end == std::string::npos) end = text.size();
                if (end > start) {
                    auto ports = exposed_ports(text.substr(start, end - start));
                    if (!ports) return std::unexpected(ports.error());
                    for (const auto& port : *ports) config["ExposedPorts"][port] = json::object();
                }
                start = end + 1;
            }
        }
        return {};
    }
    if (keyword == "volume") {
        if (!config.contains("Volumes") || !config["Volumes"].is_object()) config["Volumes"] = json::object();
        for (const auto& arg : args) {
            if (arg.empty()) return fail(ErrorCategory::Invalid, "VOLUME specified can not be an empty string");
            config["Volumes"][arg] = json::object();
        }
        return {};
    }
    if (keyword == "user") {
        config["User"] = whole();
        return {};
    }
    if (keyword == "stopsignal") {
        config["StopSignal"] = whole();
        return {};
    }
    if (keyword == "maintainer") {
        state.author = whole();
        return {};
    }
    if (keyword == "cmd") {
        config["Cmd"] = command_of(args, instruction.json, shell_of(state));
        if (!instruction.json) config["ArgsEscaped"] = true;
        state.cmd_set = true;
        return {};
    }
    if (keyword == "entrypoint") {
        config["Entrypoint"] = command_of(args, instruction.json, shell_of(state));
        // As Docker: an ENTRYPOINT drops the base image's CMD, not this stage's.
        if (!state.cmd_set) config.erase("Cmd");
        return {};
    }
    if (keyword == "shell") {
        if (!instruction.json) return fail(ErrorCategory::Invalid, "SHELL requires the arguments to be in JSON form");
        if (args.empty()) return fail(ErrorCategory::Invalid, "SHELL requires at least one argument");
        config["Shell"] = args;
        return {};
    }
    if (keyword == "healthcheck") {
        auto check = healthcheck(instruction, shell_of(state));
        if (!check) return std::unexpected(check.error());
        config["Healthcheck"] = *check;
        return {};
    }
    if (keyword == "onbuild") {
        if (!instruction.sub_instruction) return fail(ErrorCategory::Invalid, "ONBUILD requires at least one argument");
        std::string trigger = instruction.sub_instruction->keyword;
        for (char& c : trigger) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (trigger == "ONBUILD") return fail(ErrorCategory::Invalid, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        if (trigger == "FROM" || trigger == "MAINTAINER")
            return fail(ErrorCategory::Invalid, "{} isn't allowed as an ONBUILD trigger", trigger);
        if (!config.contains("OnBuild") || !config["OnBuild"].is_array()) config["OnBuild"] = json::array();
        config["OnBuild"].push_back(instruction.sub_instruction->original);
        return {};
    }
    return fail(ErrorCategory::Invalid, "unknown instruction: {}", instruction.keyword);
}

} // namespace berth::build
