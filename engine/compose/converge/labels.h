#pragma once
// The labels docker compose v2 puts on what it makes, and reads back to find a
// project's containers, networks and volumes. Same keys and values, so a project
// made by `docker compose` is Berth's to converge or bring down, and back.

#include "compose/project_model.h"

#include <map>
#include <string>

namespace berth::compose::converge {

using Labels = std::map<std::string, std::string>;

inline constexpr const char* kProjectLabel = "com.docker.compose.project";
inline constexpr const char* kServiceLabel = "com.docker.compose.service";
inline constexpr const char* kNumberLabel = "com.docker.compose.container-number";
inline constexpr const char* kOneoffLabel = "com.docker.compose.oneoff";
inline constexpr const char* kConfigHashLabel = "com.docker.compose.config-hash";
inline constexpr const char* kWorkingDirLabel = "com.docker.compose.project.working_dir";
inline constexpr const char* kConfigFilesLabel = "com.docker.compose.project.config_files";
inline constexpr const char* kDependsOnLabel = "com.docker.compose.depends_on";
inline constexpr const char* kImageLabel = "com.docker.compose.image";
inline constexpr const char* kVersionLabel = "com.docker.compose.version";
inline constexpr const char* kNetworkLabel = "com.docker.compose.network";
inline constexpr const char* kVolumeLabel = "com.docker.compose.volume";

// The docker compose release whose behaviour (and labels) converge follows.
inline constexpr const char* kComposeVersion = "2.26.1";

// <project>-<service>-<n>, docker compose's container name (container_name wins elsewhere).
std::string container_name(const std::string& project, const std::string& service, int number);

// "db:service_healthy:false,cache:service_started:true": name:condition:restart, sorted by name.
std::string depends_on_label(const ServiceModel& service);

// The labels of a container of `service`: the service's own labels, then docker compose's.
Labels container_labels(const ProjectModel& project, const ServiceModel& service, const Labels& service_labels,
                        int number, const std::string& image_id);
Labels network_labels(const std::string& project, const std::string& key, const Labels& declared);
Labels volume_labels(const std::string& project, const std::string& key, const Labels& declared);

// "label=com.docker.compose.project=NAME" as the URL-encoded filters query of a list call.
std::string project_filter_query(const std::string& project);

// Percent-encoding of a URL query value.
std::string url_escape(std::string_view text);

} // namespace berth::compose::converge
