#include "images/config_changes.h"

#include <algorithm>
#include <cctype>

namespace berth::images {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

// The exec form (a JSON array of strings) as is; anything else is the shell form.
nlohmann::json command(std::string_view arguments) {
    if (arguments.starts_with('[')) {
        try {
            auto json = nlohmann::json::parse(arguments);
            if (json.is_array() &&
                std::all_of(json.begin(), json.end(), [](const nlohmann::json& item) { return item.is_string(); }))
                return json;
        } catch (const nlohmann::json::exception&) {
        }
    }
    return nlohmann::json::array({"/bin/sh", "-c", std::string(arguments)});
}

// "k=v k2=v2" or the old "k v" form.
Result<std::vector<std::pair<std::string, std::string>>> key_values(std::string_view instruction,
                                                                    std::string_view arguments) {
    std::vector<std::pair<std::string, std::string>> pairs;
    if (arguments.find('=') == std::string_view::npos) {
        auto space = arguments.find_first_of(" \t");
        if (space == std::string_view::npos)
            return fail(ErrorCategory::Invalid, "{} requires at least one argument", instruction);
        pairs.emplace_back(std::string(arguments.substr(0, space)), std::string(trim(arguments.substr(space))));
        return pairs;
    }
    while (!(arguments = trim(arguments)).empty()) {
        auto end = arguments.find_first_of(" \t");
        std::string_view word = arguments.substr(0, end);
        arguments = end == std::string_view::npos ? std::string_view{} : arguments.substr(end);
        auto eq = word.find('=');
        if (eq == std::string_view::npos || eq == 0)
            return fail(ErrorCategory::Invalid, "{} names must be followed by '=': \"{}\"", instruction, word);
        std::string value(word.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        pairs.emplace_back(std::string(word.substr(0, eq)), value);
    }
    return pairs;
}

} // namespace

Result<> apply_config_change(nlohmann::json& config, std::string_view change) {
    change = trim(change);
    auto space = change.find_first_of(" \t");
    std::string instruction(change.substr(0, space));
    std::ranges::transform(instruction, instruction.begin(), [](unsigned char c) { return std::toupper(c); });
    std::string_view arguments = space == std::string_view::npos ? std::string_view{} : trim(change.substr(space));
    if (arguments.empty() && !instruction.empty())
        return fail(ErrorCategory::Invalid, "{} requires at least one argument", instruction);

    if (instruction == "CMD") {
        config["Cmd"] = command(arguments);
    } else if (instruction == "ENTRYPOINT") {
        config["Entrypoint"] = command(arguments);
    } else if (instruction == "WORKDIR") {
        config["WorkingDir"] = std::string(arguments);
    } else if (instruction == "USER") {
        config["User"] = std::string(arguments);
    } else if (instruction == "STOPSIGNAL") {
        config["StopSignal"] = std::string(arguments);
    } else if (instruction == "VOLUME") {
        nlohmann::json paths = command(arguments);
        if (!arguments.starts_with('[')) paths = nlohmann::json::array({std::string(arguments)});
        for (const auto& path : paths) config["Volumes"][path.get<std::string>()] = nlohmann::json::object();
    } else if (instruction == "EXPOSE") {
        std::string port(arguments);
        if (port.find('/') == std::string::npos) port += "/tcp";
        config["ExposedPorts"][port] = nlohmann::json::object();
    } else if (instruction == "ENV" || instruction == "LABEL") {
        auto pairs = key_values(instruction, arguments);
        if (!pairs) return std::unexpected(pairs.error());
        for (const auto& [key, value] : *pairs) {
            if (instruction == "LABEL") {
                config["Labels"][key] = value;
                continue;
            }
            if (!config["Env"].is_array()) config["Env"] = nlohmann::json::array();
            auto& env = config["Env"];
            std::string entry = key + "=" + value;
            auto same = std::find_if(env.begin(), env.end(), [&](const nlohmann::json& e) {
                return e.is_string() && e.get<std::string>().starts_with(key + "=");
            });
            if (same != env.end()) *same = entry;
            else env.push_back(entry);
        }
    } else {
        return fail(ErrorCategory::Invalid, "{} is not a valid change command", instruction.empty() ? change : instruction);
    }
    return {};
}

} // namespace berth::images
