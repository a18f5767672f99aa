#pragma once
// What the Compose page draws for one project, as plain data (no widgets, no
// layout): its services (nodes) with their live state, `depends_on` edges with
// their condition, the networks as groups around their services, and the
// volumes and published ports attached to each service.
//
// Built either from a loaded compose file (what *would* run: every node "not
// created" until containers with its labels exist) or, for a project known only
// from container labels, from those labels (com.docker.compose.service,
// .depends_on, the containers' networks, ports and volumes). applyContainers()
// then colours the nodes from the live containers; it never changes the shape,
// so the layout is kept while states change.
//
// A service on several networks is drawn inside the group of the first one
// (Graphviz clusters cannot overlap); its node lists all of them.

#include "api/types/container_summary.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace berth::compose {
struct ProjectModel;
}

namespace berth::ui {

enum class ServiceState { NotCreated, Created, Running, Starting, Healthy, Unhealthy, Partial, Paused, Exited };

struct GraphNode {
    QString service;
    QString image;
    int replicas = 1;         // wanted (the file), else the containers found
    int containers = 0;       // containers of this service that exist
    int running = 0;
    ServiceState state = ServiceState::NotCreated;
    QStringList containerIds; // full IDs, for the details window
    QStringList networks;     // every network key it is on
    QStringList ports;        // published: "8080:80/tcp", "127.0.0.1:53:53/udp"
    QStringList volumes;      // named volume keys it mounts
    QString progress;         // while Up runs: its step ("pulling", "waiting for healthy"); not part of the shape
};

struct GraphEdge {
    QString from;      // the dependent service
    QString to;        // the service it depends on
    QString condition; // service_started, service_healthy, service_completed_successfully
    bool required = true;
};

struct GraphGroup {
    QString network;   // its key in the file (or the engine's name without the project prefix)
    QStringList services;
};

struct ComposeGraph {
    QString project;
    bool fromFile = false;
    std::vector<GraphNode> nodes; // by service name
    std::vector<GraphEdge> edges;
    std::vector<GraphGroup> groups;

    const GraphNode* node(const QString& service) const;
    GraphNode* node(const QString& service);
    // Every named volume any service mounts, sorted.
    QStringList volumeKeys() const;
    // What layout depends on (nodes, edges, groups, ports, volumes), not states:
    // equal shapes keep their layout.
    QString shapeKey() const;
};

ComposeGraph graphFromProject(const compose::ProjectModel& project);
// `containers` are the project's (label com.docker.compose.project == project).
ComposeGraph graphFromContainers(const QString& project,
                                 const std::vector<const api::types::ContainerSummary*>& containers);
// Sets each node's containers, counts and state from the project's live containers.
void applyContainers(ComposeGraph& graph, const std::vector<const api::types::ContainerSummary*>& containers);

QString serviceStateText(ServiceState state);
// One paragraph a screen reader can read: services, states, dependencies, networks.
QString describeGraph(const ComposeGraph& graph);

} // namespace berth::ui
