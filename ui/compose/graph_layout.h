#pragma once
// A layered layout of a small directed graph by Graphviz (libgvc's `dot`),
// read back as plain geometry: node rectangles, edge curves with their arrow
// and label positions, cluster rectangles. Generic: it knows nothing of compose;
// ComposeGraphView turns a ComposeGraph into this input and draws the result.
//
// Units are scene pixels (Graphviz's points, 1:1), y down, the whole graph's
// bounds starting at (0, 0). Not thread-safe (Graphviz is not): call it from one
// thread at a time — the UI thread does.

#include <QHash>
#include <QPainterPath>
#include <QRectF>
#include <QString>
#include <vector>

namespace berth::ui {

struct LayoutNode {
    QString id;
    QSizeF size;
    QString cluster; // the cluster's id, or "" for none
};

struct LayoutEdge {
    QString from, to;
    QString label;   // "" for none; Graphviz reserves room for it
    bool arrow = true;
};

struct LayoutCluster {
    QString id;
    QString label;   // drawn at the top; Graphviz reserves room for it
};

struct LayoutInput {
    std::vector<LayoutNode> nodes;
    std::vector<LayoutEdge> edges;
    std::vector<LayoutCluster> clusters;
    bool leftToRight = false; // default: top to bottom (a dependent above what it depends on)
};

struct LaidOutEdge {
    QPainterPath path;     // the spline, ending where the arrow starts
    QPointF arrowBase, arrowTip; // equal when there is no arrow
    QPointF labelCenter;
    bool hasLabel = false;
};

struct GraphLayout {
    QRectF bounds;
    QHash<QString, QRectF> nodes;
    std::vector<LaidOutEdge> edges; // in the input's order
    QHash<QString, QRectF> clusters;
    QString error;                  // non-empty when Graphviz failed (nothing else is set)
};

GraphLayout layoutGraph(const LayoutInput& input);

} // namespace berth::ui
