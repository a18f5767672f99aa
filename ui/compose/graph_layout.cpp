#include "ui/compose/graph_layout.h"

#include <QCoreApplication>
#include <QMutex>
#include <memory>

// Graphviz's accessors (ND_coord, ED_spl, GD_bb…) are C macros full of casts.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#include <gvc.h>

namespace berth::ui {

namespace {
constexpr double kPointsPerInch = 72.0;
constexpr const char* kFontSize = "9";

// cgraph's API takes char* for names it only reads.
char* c(const QByteArray& text) {
    return const_cast<char*>(text.constData());
}
void set(void* object, const char* name, const QString& value) {
    const QByteArray n(name), v = value.toUtf8(), empty;
    agsafeset(object, c(n), c(v), c(empty));
}

struct GraphDeleter {
    void operator()(Agraph_t* graph) const { agclose(graph); }
};

// One context for the process: it reads the plugin configuration once.
GVC_t* context() {
    static GVC_t* gvc = [] {
        agseterr(AGERR); // warnings are not for the user's terminal
        return gvContext();
    }();
    return gvc;
}

Agraph_t* cluster(Agraph_t* root, QHash<QString, Agraph_t*>& clusters, const QString& id) {
    Agraph_t* sub = clusters.value(id);
    if (!sub) {
        sub = agsubg(root, c(QByteArray("cluster_") + id.toUtf8()), 1);
        clusters.insert(id, sub);
    }
    return sub;
}

void buildGraph(Agraph_t* graph, const LayoutInput& input, QHash<QString, Agnode_t*>& nodes,
                QHash<QString, Agraph_t*>& clusters, std::vector<Agedge_t*>& edges) {
    set(graph, "rankdir", input.leftToRight ? QStringLiteral("LR") : QStringLiteral("TB"));
    set(graph, "nodesep", QStringLiteral("0.35"));
    set(graph, "ranksep", QStringLiteral("0.5"));
    set(graph, "fontsize", QLatin1String(kFontSize));
    for (const LayoutCluster& each : input.clusters) {
        Agraph_t* sub = cluster(graph, clusters, each.id);
        set(sub, "label", each.label);
        set(sub, "labeljust", QStringLiteral("l"));
        set(sub, "margin", QStringLiteral("12"));
    }
    for (const LayoutNode& each : input.nodes) {
        Agnode_t* node = agnode(graph, c(each.id.toUtf8()), 1);
        set(node, "shape", QStringLiteral("box"));
        set(node, "label", QString());
        set(node, "fixedsize", QStringLiteral("true"));
        set(node, "width", QString::number(each.size.width() / kPointsPerInch));
        set(node, "height", QString::number(each.size.height() / kPointsPerInch));
        if (!each.cluster.isEmpty()) agsubnode(cluster(graph, clusters, each.cluster), node, 1);
        nodes.insert(each.id, node);
    }
    for (const LayoutEdge& each : input.edges) {
        Agnode_t* from = nodes.value(each.from);
        Agnode_t* to = nodes.value(each.to);
        Agedge_t* edge = (from && to) ? agedge(graph, from, to, nullptr, 1) : nullptr;
        if (edge && !each.label.isEmpty()) {
            set(edge, "label", each.label);
            set(edge, "fontsize", QLatin1String(kFontSize));
        }
        if (edge && !each.arrow) set(edge, "arrowhead", QStringLiteral("none"));
        edges.push_back(edge);
    }
}

LaidOutEdge readEdge(Agedge_t* edge, const LayoutEdge& input, double top) {
    LaidOutEdge out;
    auto flip = [top](pointf p) { return QPointF(p.x, top - p.y); };
    const splines* spl = edge ? ED_spl(edge) : nullptr;
    if (!spl || spl->size == 0) return out;
    const bezier& bz = spl->list[0];
    if (bz.size > 0) {
        out.path.moveTo(flip(bz.list[0]));
        for (int i = 1; i + 2 < bz.size; i += 3)
            out.path.cubicTo(flip(bz.list[i]), flip(bz.list[i + 1]), flip(bz.list[i + 2]));
        out.arrowBase = out.arrowTip = flip(bz.list[bz.size - 1]);
        if (bz.eflag && input.arrow) out.arrowTip = flip(bz.ep);
    }
    if (const textlabel_t* label = ED_label(edge); label && label->set) {
        out.labelCenter = flip(label->pos);
        out.hasLabel = true;
    }
    return out;
}

QRectF flipped(boxf box, double top) {
    return QRectF(QPointF(box.LL.x, top - box.UR.y), QPointF(box.UR.x, top - box.LL.y));
}
} // namespace

GraphLayout layoutGraph(const LayoutInput& input) {
    GraphLayout layout;
    GVC_t* gvc = context();
    std::unique_ptr<Agraph_t, GraphDeleter> graph(agopen(c("compose"), Agdirected, nullptr));
    QHash<QString, Agnode_t*> nodes;
    QHash<QString, Agraph_t*> clusters;
    std::vector<Agedge_t*> edges;
    buildGraph(graph.get(), input, nodes, clusters, edges);
    if (gvLayout(gvc, graph.get(), "dot") != 0) {
        layout.error = QCoreApplication::translate("berth::ui::GraphLayout", "Graphviz could not lay out the graph.");
        return layout;
    }
    const boxf bb = GD_bb(graph.get());
    const double top = bb.UR.y;
    layout.bounds = flipped(bb, top);
    for (auto it = nodes.cbegin(); it != nodes.cend(); ++it) {
        const pointf center = ND_coord(it.value());
        const double w = ND_width(it.value()) * kPointsPerInch, h = ND_height(it.value()) * kPointsPerInch;
        layout.nodes.insert(it.key(), QRectF(center.x - w / 2, top - center.y - h / 2, w, h));
    }
    for (size_t i = 0; i < edges.size(); ++i) layout.edges.push_back(readEdge(edges[i], input.edges[i], top));
    for (auto it = clusters.cbegin(); it != clusters.cend(); ++it)
        layout.clusters.insert(it.key(), flipped(GD_bb(it.value()), top));
    gvFreeLayout(gvc, graph.get());
    return layout;
}

} // namespace berth::ui

#pragma GCC diagnostic pop
