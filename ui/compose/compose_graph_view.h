#pragma once
// The Compose page's picture of a project: a ComposeGraph laid out by Graphviz
// (graph_layout.h) and drawn in a QGraphicsView — services as cards coloured by
// state and health (running/replicas), `depends_on` arrows from a service to what
// it needs, labelled with the condition, networks as dashed groups, published
// ports above and named volumes below their services.
//
// setGraph() lays out again only when the shape changed (services, edges,
// networks, ports, volumes); a change of state only repaints, so the picture
// does not jump while containers start. Ctrl+wheel or +/- zoom, 0 fits, drag
// pans. A click on a service, or arrows then Enter, emits serviceActivated(). For screen readers the
// view's accessible description is describeGraph()'s text.

#include "ui/compose/compose_graph.h"
#include "ui/compose/graph_layout.h"

#include <QGraphicsView>
#include <QHash>

namespace berth::ui {

class ServiceNodeItem;

class ComposeGraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit ComposeGraphView(QWidget* parent = nullptr);

    void setGraph(const ComposeGraph& graph);
    void clearGraph();
    const ComposeGraph& graph() const { return graph_; }
    const GraphLayout& graphLayout() const { return layout_; }
    // How many times Graphviz ran (a state change must not make it run).
    int layoutCount() const { return layoutCount_; }
    // Where `service`'s card is, in viewport coordinates (for tests and the keyboard).
    QPoint servicePosition(const QString& service) const;

    // The service the keyboard is on (arrows move it, Enter activates it); highlighted.
    void setCurrentService(const QString& service);
    QString currentService() const { return currentService_; }

    void zoomBy(double factor);
    double zoom() const;
    void fitGraph();

signals:
    void serviceActivated(const QString& service, const QStringList& containerIds);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void relayout();
    void addItems(); // the scene's items from graph_ and layout_ (no new layout)
    LayoutInput layoutInput() const;
    void addClusters();
    void addEdges(const LayoutInput& input);
    void addNodes();
    QString serviceAt(const QPoint& position) const;
    void moveCurrent(int step);

    ComposeGraph graph_;
    GraphLayout layout_;
    QHash<QString, ServiceNodeItem*> serviceItems_;
    int layoutCount_ = 0;
    bool userZoomed_ = false;
    QPoint pressPosition_;
    QString currentService_;
};

} // namespace berth::ui
