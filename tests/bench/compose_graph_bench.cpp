// The Compose graph's figure (issue 13 §6): a 50-service project (five tiers,
// each service depending on two of the tier below, three networks, ports and
// volumes) laid out by Graphviz and painted once, timed. Not a ctest: run
// `compose_graph_bench` under QT_QPA_PLATFORM=offscreen and read the line it prints.
#include "ui/compose/compose_graph.h"
#include "ui/compose/compose_graph_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <cstdio>

using namespace berth::ui;

namespace {
ComposeGraph fiftyServices() {
    ComposeGraph graph;
    graph.project = QStringLiteral("bench");
    graph.fromFile = true;
    const QStringList networks{QStringLiteral("edge"), QStringLiteral("app"), QStringLiteral("data")};
    for (int i = 0; i < 50; ++i) {
        GraphNode node;
        node.service = QStringLiteral("svc%1").arg(i, 2, 10, QLatin1Char('0'));
        node.image = QStringLiteral("example/%1:1").arg(node.service);
        node.networks = {networks.at(i < 10 ? 0 : i < 35 ? 1 : 2)};
        if (i % 10 == 0) node.ports = {QStringLiteral("%1:80/tcp").arg(8000 + i)};
        if (i >= 40) node.volumes = {QStringLiteral("vol%1").arg(i % 3)};
        const int tier = i / 10;
        if (tier < 4)
            for (int d : {0, 1})
                graph.edges.push_back({node.service, QStringLiteral("svc%1").arg((tier + 1) * 10 + (i + d * 3) % 10, 2, 10, QLatin1Char('0')),
                                       d == 0 ? QStringLiteral("service_healthy") : QStringLiteral("service_started"), true});
        graph.nodes.push_back(node);
    }
    for (const QString& network : networks) {
        GraphGroup group{network, {}};
        for (const GraphNode& node : graph.nodes)
            if (node.networks.first() == network) group.services << node.service;
        graph.groups.push_back(group);
    }
    return graph;
}
} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    ComposeGraphView view;
    view.resize(1200, 800);
    const ComposeGraph graph = fiftyServices();
    QElapsedTimer timer;
    timer.start();
    view.setGraph(graph);
    const qint64 layoutMs = timer.elapsed();
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    view.render(&painter);
    painter.end();
    const qint64 totalMs = timer.elapsed();
    std::printf("compose graph, 50 services, %lld edges: layout %lld ms, layout+paint %lld ms (budget 300 ms)\n",
                static_cast<long long>(view.graphLayout().edges.size()), static_cast<long long>(layoutMs),
                static_cast<long long>(totalMs));
    return view.graphLayout().error.isEmpty() ? 0 : 1;
}
