#include "ui/compose/compose_graph.h"

#include "compose/project_model.h"

#include <QCoreApplication>
#include <QMap>
#include <algorithm>

namespace berth::ui {

namespace {
using api::types::ContainerSummary;
using api::types::Health;

QString q(const std::string& text) {
    return QString::fromStdString(text);
}
QString tr(const char* text) {
    return QCoreApplication::translate("berth::ui::ComposeGraph", text);
}

std::string label(const ContainerSummary& c, const std::string& key) {
    const auto found = c.labels.find(key);
    return found == c.labels.end() ? std::string() : found->second;
}

// "8080:80/tcp" as `docker compose ps` names a published port.
QString portText(const std::string& hostIp, const std::string& published, int target, const std::string& protocol) {
    QString text = hostIp.empty() ? QString() : q(hostIp) + u':';
    text += published.empty() ? QString::number(target) : q(published) + u':' + QString::number(target);
    return text + u'/' + q(protocol.empty() ? std::string("tcp") : protocol);
}

// An engine name "<project>_<key>" back to the key the file uses.
QString resourceKey(const QString& project, const std::string& engineName) {
    const QString name = q(engineName);
    const QString prefix = project + u'_';
    return name.startsWith(prefix) ? name.mid(prefix.size()) : name;
}

void addUnique(QStringList& list, const QString& value) {
    if (!list.contains(value)) list.append(value);
}

// Networks as groups: each service inside the group of its first network.
void groupByNetwork(ComposeGraph& graph) {
    QMap<QString, QStringList> members;
    for (const GraphNode& node : graph.nodes)
        if (!node.networks.isEmpty()) members[node.networks.first()].append(node.service);
    for (auto it = members.cbegin(); it != members.cend(); ++it) graph.groups.push_back({it.key(), it.value()});
}

void sortNodes(ComposeGraph& graph) {
    std::ranges::sort(graph.nodes, {}, &GraphNode::service);
}

// com.docker.compose.depends_on: "db:service_healthy:false,cache:service_started:true".
void addLabelledDependencies(ComposeGraph& graph, const QString& service, const std::string& value) {
    for (const QString& entry : q(value).split(u',', Qt::SkipEmptyParts)) {
        const QStringList parts = entry.split(u':');
        const QString condition = parts.size() > 1 ? parts.at(1) : QStringLiteral("service_started");
        const bool known = std::ranges::any_of(graph.edges, [&](const GraphEdge& e) {
            return e.from == service && e.to == parts.first();
        });
        if (!known) graph.edges.push_back({service, parts.first(), condition, true});
    }
}

ServiceState stateOf(const std::vector<const ContainerSummary*>& containers, int wanted) {
    if (containers.empty()) return ServiceState::NotCreated;
    int running = 0, paused = 0, created = 0, healthy = 0, starting = 0, unhealthy = 0;
    for (const ContainerSummary* c : containers) {
        if (c->state == "running" || c->state == "restarting") ++running;
        if (c->state == "paused") ++paused;
        if (c->state == "created") ++created;
        switch (c->health()) {
        case Health::Healthy: ++healthy; break;
        case Health::Starting: ++starting; break;
        case Health::Unhealthy: ++unhealthy; break;
        case Health::None: break;
        }
    }
    const int total = std::max(static_cast<int>(containers.size()), wanted);
    if (unhealthy > 0) return ServiceState::Unhealthy;
    if (running > 0 && running < total) return ServiceState::Partial;
    if (running > 0 && starting > 0) return ServiceState::Starting;
    if (running > 0) return healthy == running ? ServiceState::Healthy : ServiceState::Running;
    if (paused > 0) return ServiceState::Paused;
    if (created == static_cast<int>(containers.size())) return ServiceState::Created;
    return ServiceState::Exited;
}
} // namespace

const GraphNode* ComposeGraph::node(const QString& service) const {
    const auto found = std::ranges::find(nodes, service, &GraphNode::service);
    return found == nodes.end() ? nullptr : &*found;
}

GraphNode* ComposeGraph::node(const QString& service) {
    const auto found = std::ranges::find(nodes, service, &GraphNode::service);
    return found == nodes.end() ? nullptr : &*found;
}

QStringList ComposeGraph::volumeKeys() const {
    QStringList keys;
    for (const GraphNode& n : nodes)
        for (const QString& v : n.volumes) addUnique(keys, v);
    keys.sort();
    return keys;
}

QString ComposeGraph::shapeKey() const {
    QStringList parts;
    for (const GraphNode& n : nodes)
        parts << n.service + u'|' + n.ports.join(u',') + u'|' + n.volumes.join(u',') + u'|' + n.networks.join(u',');
    for (const GraphEdge& e : edges) parts << e.from + u'>' + e.to + u':' + e.condition;
    for (const GraphGroup& g : groups) parts << g.network + u'[' + g.services.join(u',') + u']';
    return parts.join(u'\n');
}

ComposeGraph graphFromProject(const compose::ProjectModel& project) {
    ComposeGraph graph;
    graph.project = q(project.name);
    graph.fromFile = true;
    for (const compose::ServiceModel& service : project.services) {
        GraphNode node;
        node.service = q(service.name);
        node.image = q(service.image);
        node.replicas = service.replicas;
        for (const std::string& network : service.networks) node.networks << q(network);
        for (const compose::ServicePort& port : service.ports)
            if (!port.published.empty()) node.ports << portText(port.host_ip, port.published, port.target, port.protocol);
        for (const compose::ServiceMount& mount : service.volumes)
            if (mount.type == "volume" && !mount.source.empty()) addUnique(node.volumes, q(mount.source));
        for (const compose::ServiceDependency& dep : service.depends_on)
            graph.edges.push_back({node.service, q(dep.service), q(dep.condition), dep.required});
        graph.nodes.push_back(std::move(node));
    }
    sortNodes(graph);
    groupByNetwork(graph);
    return graph;
}

ComposeGraph graphFromContainers(const QString& project, const std::vector<const ContainerSummary*>& containers) {
    ComposeGraph graph;
    graph.project = project;
    for (const ContainerSummary* c : containers) {
        QString service = q(label(*c, "com.docker.compose.service"));
        if (service.isEmpty()) service = q(c->name());
        GraphNode* node = graph.node(service);
        if (!node) {
            graph.nodes.push_back({});
            node = &graph.nodes.back();
            node->service = service;
            node->image = q(c->image);
            node->replicas = 0;
        }
        for (const std::string& network : c->network_names) addUnique(node->networks, resourceKey(project, network));
        for (const auto& port : c->ports)
            if (port.public_port != 0)
                addUnique(node->ports, portText(port.ip == "0.0.0.0" || port.ip == "::" ? std::string() : port.ip,
                                                std::to_string(port.public_port), port.private_port, port.type));
        for (const std::string& volume : c->volume_names)
            if (volume.size() != 64) addUnique(node->volumes, resourceKey(project, volume)); // not anonymous
        addLabelledDependencies(graph, service, label(*c, "com.docker.compose.depends_on"));
    }
    for (GraphNode& node : graph.nodes) {
        node.networks.sort();
        node.ports.sort();
        node.volumes.sort();
    }
    // Labels may name a service that has no container (any more): keep only known ends.
    std::erase_if(graph.edges, [&](const GraphEdge& e) { return !graph.node(e.to); });
    sortNodes(graph);
    groupByNetwork(graph);
    return graph;
}

void applyContainers(ComposeGraph& graph, const std::vector<const ContainerSummary*>& containers) {
    for (GraphNode& node : graph.nodes) {
        std::vector<const ContainerSummary*> mine;
        for (const ContainerSummary* c : containers) {
            const QString service = q(label(*c, "com.docker.compose.service"));
            if (service == node.service || (service.isEmpty() && q(c->name()) == node.service)) mine.push_back(c);
        }
        node.containers = static_cast<int>(mine.size());
        node.running = static_cast<int>(std::ranges::count_if(mine, [](const ContainerSummary* c) {
            return c->state == "running" || c->state == "restarting";
        }));
        node.containerIds.clear();
        for (const ContainerSummary* c : mine) node.containerIds << q(c->id);
        if (!graph.fromFile) node.replicas = node.containers;
        node.state = stateOf(mine, graph.fromFile ? node.replicas : 0);
    }
}

QString serviceStateText(ServiceState state) {
    switch (state) {
    case ServiceState::NotCreated: return tr("not created");
    case ServiceState::Created: return tr("created");
    case ServiceState::Running: return tr("running");
    case ServiceState::Starting: return tr("starting");
    case ServiceState::Healthy: return tr("healthy");
    case ServiceState::Unhealthy: return tr("unhealthy");
    case ServiceState::Partial: return tr("partly running");
    case ServiceState::Paused: return tr("paused");
    case ServiceState::Exited: return tr("exited");
    }
    return {};
}

QString describeGraph(const ComposeGraph& graph) {
    QStringList sentences;
    sentences << QCoreApplication::translate("berth::ui::ComposeGraph", "Project %1, %n service(s).", nullptr,
                                             static_cast<int>(graph.nodes.size()))
                     .arg(graph.project);
    for (const GraphNode& node : graph.nodes) {
        QString text = tr("%1: %2, %3 of %4 running").arg(node.service, serviceStateText(node.state))
                           .arg(node.running).arg(node.replicas);
        QStringList deps;
        for (const GraphEdge& e : graph.edges)
            if (e.from == node.service) deps << tr("%1 (%2)").arg(e.to, e.condition);
        if (!deps.isEmpty()) text += tr("; depends on %1").arg(deps.join(QStringLiteral(", ")));
        if (!node.networks.isEmpty()) text += tr("; networks %1").arg(node.networks.join(QStringLiteral(", ")));
        if (!node.ports.isEmpty()) text += tr("; ports %1").arg(node.ports.join(QStringLiteral(", ")));
        if (!node.volumes.isEmpty()) text += tr("; volumes %1").arg(node.volumes.join(QStringLiteral(", ")));
        sentences << text + u'.';
    }
    return sentences.join(u' ');
}

} // namespace berth::ui
