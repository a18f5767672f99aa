#include "compose/converge/labels.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace berth::compose::converge {
std::string url_escape(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string container_name(const std::string& project, const std::string& service, int number) {
    return project + "-" + service + "-" + std::to_string(number);
}

std::string depends_on_label(const ServiceModel& service) {
    auto dependencies = service.depends_on;
    std::sort(dependencies.begin(), dependencies.end(),
              [](const auto& a, const auto& b) { return a.service < b.service; });
    std::string out;
    for (const auto& dependency : dependencies) {
        if (!out.empty())
            out += ',';
        out += dependency.service + ":" + dependency.condition + ":" + (dependency.restart ? "true" : "false");
    }
    return out;
}

Labels container_labels(const ProjectModel& project, const ServiceModel& service, const Labels& service_labels,
                        int number, const std::string& image_id) {
    Labels labels = service_labels;
    labels[kProjectLabel] = project.name;
    labels[kServiceLabel] = service.name;
    labels[kNumberLabel] = std::to_string(number);
    labels[kOneoffLabel] = "False";
    labels[kConfigHashLabel] = service.config_hash;
    labels[kWorkingDirLabel] = project.working_directory.string();
    std::string files;
    for (const auto& file : project.config_files)
        files += (files.empty() ? "" : ",") + file.string();
    labels[kConfigFilesLabel] = files;
    labels[kDependsOnLabel] = depends_on_label(service);
    labels[kImageLabel] = image_id;
    labels[kVersionLabel] = kComposeVersion;
    return labels;
}

Labels network_labels(const std::string& project, const std::string& key, const Labels& declared) {
    Labels labels = declared;
    labels[kProjectLabel] = project;
    labels[kNetworkLabel] = key;
    labels[kVersionLabel] = kComposeVersion;
    return labels;
}

Labels volume_labels(const std::string& project, const std::string& key, const Labels& declared) {
    Labels labels = declared;
    labels[kProjectLabel] = project;
    labels[kVolumeLabel] = key;
    labels[kVersionLabel] = kComposeVersion;
    return labels;
}

std::string project_filter_query(const std::string& project) {
    nlohmann::json filters = {{"label", {std::string(kProjectLabel) + "=" + project}}};
    return "filters=" + url_escape(filters.dump());
}

} // namespace berth::compose::converge
