#include "ui/compose/compose_graph_view.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace berth::ui {

namespace {
constexpr QSizeF kServiceSize(176, 58);
constexpr double kMinZoom = 0.1, kMaxZoom = 4.0;
constexpr int kServiceKey = 0; // QGraphicsItem::data key holding a service card's service

QString serviceId(const QString& service) {
    return QStringLiteral("s:") + service;
}
QString portId(const QString& service, int index) {
    return QStringLiteral("p:%1:%2").arg(service).arg(index);
}
QString volumeId(const QString& volume) {
    return QStringLiteral("v:") + volume;
}
QString networkId(const QString& network) {
    return QStringLiteral("n:") + network;
}

QColor stateColor(ServiceState state) {
    switch (state) {
    case ServiceState::Healthy:
    case ServiceState::Running: return QColor(0x2e, 0x9d, 0x4f);
    case ServiceState::Starting: return QColor(0xd9, 0xa4, 0x00);
    case ServiceState::Unhealthy: return QColor(0xd6, 0x45, 0x45);
    case ServiceState::Partial: return QColor(0xe0, 0x7b, 0x00);
    case ServiceState::Paused: return QColor(0x3a, 0x7b, 0xd5);
    case ServiceState::Exited: return QColor(0x8a, 0x5a, 0x5a);
    case ServiceState::Created:
    case ServiceState::NotCreated: return QColor(0x9e, 0x9e, 0x9e);
    }
    return Qt::gray;
}

QColor blend(const QColor& a, const QColor& b, double amountOfB) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - amountOfB) + b.redF() * amountOfB),
                            static_cast<float>(a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB),
                            static_cast<float>(a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB));
}

QPalette paletteOf(const QWidget* widget) {
    return widget ? widget->palette() : QApplication::palette();
}

QFont smallFont() {
    QFont font = QApplication::font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    return font;
}

// "service_healthy" → "healthy": the arrow's label, short enough to read at a glance.
QString conditionLabel(const QString& condition) {
    if (condition == QLatin1String("service_healthy")) return QCoreApplication::translate("berth::ui::ComposeGraphView", "healthy");
    if (condition == QLatin1String("service_completed_successfully"))
        return QCoreApplication::translate("berth::ui::ComposeGraphView", "completed");
    return QCoreApplication::translate("berth::ui::ComposeGraphView", "started");
}

QSizeF textBoxSize(const QString& text) {
    const QFontMetricsF metrics(smallFont());
    return {metrics.horizontalAdvance(text) + 16, metrics.height() + 8};
}
} // namespace

// A service's card: name, "running/replicas · state", image; coloured by state.
class ServiceNodeItem : public QGraphicsItem {
public:
    ServiceNodeItem(GraphNode node, const QRectF& rect) : node_(std::move(node)), rect_(rect) {
        setData(kServiceKey, node_.service);
        setCursor(Qt::PointingHandCursor);
        refreshToolTip();
    }
    void setNode(GraphNode node) {
        node_ = std::move(node);
        refreshToolTip();
        update();
    }
    void setCurrent(bool current) {
        current_ = current;
        update();
    }
    QRectF boundingRect() const override { return rect_.adjusted(-2, -2, 2, 2); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget* widget) override {
        const QPalette palette = paletteOf(widget);
        const QColor color = stateColor(node_.state);
        painter->setRenderHint(QPainter::Antialiasing);
        QPen border(current_ ? palette.color(QPalette::Highlight) : color, current_ ? 3.0 : 1.6);
        if (node_.state == ServiceState::NotCreated) border.setStyle(Qt::DashLine);
        painter->setPen(border);
        painter->setBrush(blend(palette.color(QPalette::Base), color, 0.16));
        painter->drawRoundedRect(rect_, 6, 6);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(QRectF(rect_.left(), rect_.top(), 6, rect_.height()), 3, 3);

        const QRectF text = rect_.adjusted(14, 5, -8, -5);
        QFont bold = QApplication::font();
        bold.setBold(true);
        painter->setPen(palette.color(QPalette::Text));
        painter->setFont(bold);
        const QFontMetricsF boldMetrics(bold);
        painter->drawText(QRectF(text.left(), text.top(), text.width(), boldMetrics.height()), Qt::AlignLeft,
                          boldMetrics.elidedText(node_.service, Qt::ElideRight, text.width()));
        const QFont small = smallFont();
        const QFontMetricsF metrics(small);
        painter->setFont(small);
        const double line2 = text.top() + boldMetrics.height() + 1;
        // While Up runs, its step replaces the state, in the highlight colour.
        const QString status = QCoreApplication::translate("berth::ui::ComposeGraphView", "%1/%2 · %3")
                                   .arg(node_.running).arg(node_.replicas)
                                   .arg(node_.progress.isEmpty() ? serviceStateText(node_.state) : node_.progress);
        if (!node_.progress.isEmpty()) painter->setPen(palette.color(QPalette::Link));
        painter->drawText(QRectF(text.left(), line2, text.width(), metrics.height()), Qt::AlignLeft,
                          metrics.elidedText(status, Qt::ElideRight, text.width()));
        painter->setPen(palette.color(QPalette::PlaceholderText));
        painter->drawText(QRectF(text.left(), line2 + metrics.height(), text.width(), metrics.height()), Qt::AlignLeft,
                          metrics.elidedText(node_.image, Qt::ElideMiddle, text.width()));
    }

private:
    void refreshToolTip() {
        QString tip = QCoreApplication::translate("berth::ui::ComposeGraphView", "%1 — %2 (%3 of %4 running)")
                          .arg(node_.service, serviceStateText(node_.state))
                          .arg(node_.running).arg(node_.replicas);
        if (!node_.networks.isEmpty())
            tip += u'\n' + QCoreApplication::translate("berth::ui::ComposeGraphView", "Networks: %1")
                               .arg(node_.networks.join(QStringLiteral(", ")));
        setToolTip(tip);
    }

    GraphNode node_;
    QRectF rect_;
    bool current_ = false;
};

// A published port (a pill) or a named volume (a cylinder).
class AttachmentItem : public QGraphicsItem {
public:
    enum class Kind { Port, Volume };
    AttachmentItem(Kind kind, QString text, const QRectF& rect) : kind_(kind), text_(std::move(text)), rect_(rect) {
        setToolTip(kind == Kind::Port ? QCoreApplication::translate("berth::ui::ComposeGraphView", "Published port %1").arg(text_)
                                      : QCoreApplication::translate("berth::ui::ComposeGraphView", "Volume %1").arg(text_));
    }
    QRectF boundingRect() const override { return rect_.adjusted(-1, -1, 1, 1); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget* widget) override {
        const QPalette palette = paletteOf(widget);
        painter->setRenderHint(QPainter::Antialiasing);
        const QColor accent = kind_ == Kind::Port ? QColor(0x3a, 0x7b, 0xd5) : QColor(0x8e, 0x6c, 0xc4);
        painter->setPen(QPen(accent, 1.2));
        painter->setBrush(blend(palette.color(QPalette::Base), accent, 0.12));
        if (kind_ == Kind::Port) {
            painter->drawRoundedRect(rect_, rect_.height() / 2, rect_.height() / 2);
        } else {
            const double lip = 4;
            QPainterPath body;
            body.moveTo(rect_.left(), rect_.top() + lip);
            body.lineTo(rect_.left(), rect_.bottom() - lip);
            body.quadTo(rect_.center().x(), rect_.bottom() + lip, rect_.right(), rect_.bottom() - lip);
            body.lineTo(rect_.right(), rect_.top() + lip);
            body.quadTo(rect_.center().x(), rect_.top() - lip, rect_.left(), rect_.top() + lip);
            painter->drawPath(body);
            painter->drawArc(QRectF(rect_.left(), rect_.top(), rect_.width(), 2 * lip + 1), 180 * 16, 180 * 16);
        }
        painter->setPen(palette.color(QPalette::Text));
        painter->setFont(smallFont());
        painter->drawText(rect_.adjusted(0, kind_ == Kind::Volume ? 3 : 0, 0, 0), Qt::AlignCenter, text_);
    }

private:
    Kind kind_;
    QString text_;
    QRectF rect_;
};

ComposeGraphView::ComposeGraphView(QWidget* parent) : QGraphicsView(parent) {
    setObjectName(QStringLiteral("composeGraph"));
    setAccessibleName(tr("Service graph"));
    setScene(new QGraphicsScene(this));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Ctrl+wheel or +/− to zoom, 0 to fit, drag to move; click a service (or arrows and Enter) for its details"));
}

void ComposeGraphView::setGraph(const ComposeGraph& graph) {
    const bool sameShape = !serviceItems_.isEmpty() && graph.project == graph_.project &&
                           graph.shapeKey() == graph_.shapeKey();
    graph_ = graph;
    setAccessibleDescription(describeGraph(graph_));
    if (!sameShape) {
        relayout();
        return;
    }
    for (const GraphNode& node : graph_.nodes)
        if (ServiceNodeItem* item = serviceItems_.value(node.service)) item->setNode(node);
    if (graph_.node(currentService_)) setCurrentService(currentService_); // its new state in the description
}

void ComposeGraphView::clearGraph() {
    graph_ = {};
    layout_ = {};
    serviceItems_.clear();
    scene()->clear();
    setAccessibleDescription(tr("No project selected."));
}

LayoutInput ComposeGraphView::layoutInput() const {
    LayoutInput input;
    QHash<QString, QString> clusterOf;
    for (const GraphGroup& group : graph_.groups) {
        input.clusters.push_back({networkId(group.network), group.network});
        for (const QString& service : group.services) clusterOf.insert(service, networkId(group.network));
    }
    for (const GraphNode& node : graph_.nodes) {
        input.nodes.push_back({serviceId(node.service), kServiceSize, clusterOf.value(node.service)});
        for (int i = 0; i < node.ports.size(); ++i) {
            input.nodes.push_back({portId(node.service, i), textBoxSize(node.ports.at(i)), clusterOf.value(node.service)});
            input.edges.push_back({portId(node.service, i), serviceId(node.service), {}, false});
        }
    }
    for (const QString& volume : graph_.volumeKeys()) input.nodes.push_back({volumeId(volume), textBoxSize(volume) + QSizeF(0, 6), {}});
    for (const GraphNode& node : graph_.nodes)
        for (const QString& volume : node.volumes) input.edges.push_back({serviceId(node.service), volumeId(volume), {}, false});
    for (const GraphEdge& edge : graph_.edges)
        input.edges.push_back({serviceId(edge.from), serviceId(edge.to), conditionLabel(edge.condition), true});
    return input;
}

void ComposeGraphView::relayout() {
    serviceItems_.clear();
    scene()->clear();
    if (graph_.nodes.empty()) {
        layout_ = {};
        return;
    }
    layout_ = layoutGraph(layoutInput());
    ++layoutCount_;
    addItems();
    scene()->setSceneRect(layout_.bounds.adjusted(-20, -20, 20, 20));
    if (!userZoomed_) fitGraph();
}

void ComposeGraphView::addItems() {
    serviceItems_.clear();
    scene()->clear();
    addClusters();
    addEdges(layoutInput());
    addNodes();
}

void ComposeGraphView::changeEvent(QEvent* event) {
    QGraphicsView::changeEvent(event);
    // Groups and arrows take their colours from the palette: redraw them in a new one (dark mode).
    if (event->type() == QEvent::PaletteChange && !graph_.nodes.empty() && layout_.error.isEmpty()) addItems();
}

void ComposeGraphView::addClusters() {
    const QPalette palette = this->palette();
    for (const GraphGroup& group : graph_.groups) {
        const QRectF rect = layout_.clusters.value(networkId(group.network));
        if (rect.isNull()) continue;
        QPainterPath path;
        path.addRoundedRect(rect, 8, 8);
        auto* item = scene()->addPath(path, QPen(palette.color(QPalette::Mid), 1.2, Qt::DashLine));
        item->setBrush(blend(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.05));
        item->setZValue(-2);
        item->setToolTip(tr("Network %1").arg(group.network));
        auto* label = scene()->addSimpleText(tr("network %1").arg(group.network), smallFont());
        label->setBrush(palette.color(QPalette::PlaceholderText));
        label->setPos(rect.left() + 8, rect.top() + 2);
        label->setZValue(-1);
    }
}

void ComposeGraphView::addEdges(const LayoutInput& input) {
    const QPalette palette = this->palette();
    for (size_t i = 0; i < layout_.edges.size(); ++i) {
        const LaidOutEdge& edge = layout_.edges[i];
        const bool dependency = input.edges[i].arrow;
        const QColor color = dependency ? palette.color(QPalette::Text) : palette.color(QPalette::Mid);
        QPainterPath path = edge.path;
        if (dependency && edge.arrowTip != edge.arrowBase) path.lineTo(edge.arrowTip);
        auto* line = scene()->addPath(path, QPen(color, dependency ? 1.4 : 1.0, dependency ? Qt::SolidLine : Qt::DotLine));
        line->setZValue(0);
        if (dependency && edge.arrowTip != edge.arrowBase) {
            const QLineF axis(edge.arrowTip, edge.arrowBase);
            QLineF side1 = axis, side2 = axis;
            side1.setLength(9);
            side2.setLength(9);
            side1.setAngle(axis.angle() + 22);
            side2.setAngle(axis.angle() - 22);
            auto* head = scene()->addPolygon(QPolygonF({edge.arrowTip, side1.p2(), side2.p2()}), QPen(color, 1), color);
            head->setZValue(0);
        }
        if (edge.hasLabel) {
            auto* label = scene()->addSimpleText(input.edges[i].label, smallFont());
            label->setBrush(palette.color(QPalette::Text));
            const QRectF box = label->boundingRect();
            label->setPos(edge.labelCenter - QPointF(box.width() / 2, box.height() / 2));
            label->setZValue(1);
            label->setToolTip(tr("depends on, condition %1").arg(input.edges[i].label));
        }
    }
}

void ComposeGraphView::addNodes() {
    for (const GraphNode& node : graph_.nodes) {
        auto* item = new ServiceNodeItem(node, layout_.nodes.value(serviceId(node.service)));
        item->setZValue(2);
        scene()->addItem(item);
        item->setCurrent(node.service == currentService_);
        serviceItems_.insert(node.service, item);
        for (int i = 0; i < node.ports.size(); ++i) {
            auto* port = new AttachmentItem(AttachmentItem::Kind::Port, node.ports.at(i),
                                            layout_.nodes.value(portId(node.service, i)));
            port->setZValue(2);
            scene()->addItem(port);
        }
    }
    for (const QString& volume : graph_.volumeKeys()) {
        auto* item = new AttachmentItem(AttachmentItem::Kind::Volume, volume, layout_.nodes.value(volumeId(volume)));
        item->setZValue(2);
        scene()->addItem(item);
    }
}

void ComposeGraphView::moveCurrent(int step) {
    if (graph_.nodes.empty()) return;
    const auto found = std::ranges::find(graph_.nodes, currentService_, &GraphNode::service);
    const int count = static_cast<int>(graph_.nodes.size());
    const int at = found == graph_.nodes.end() ? (step > 0 ? -1 : 0) : static_cast<int>(found - graph_.nodes.begin());
    setCurrentService(graph_.nodes[static_cast<size_t>(((at + step) % count + count) % count)].service);
}

void ComposeGraphView::setCurrentService(const QString& service) {
    currentService_ = service;
    for (auto it = serviceItems_.cbegin(); it != serviceItems_.cend(); ++it) it.value()->setCurrent(it.key() == service);
    if (ServiceNodeItem* item = serviceItems_.value(service)) ensureVisible(item);
    // A screen reader hears the service the keyboard is on, then the whole picture.
    const GraphNode* node = graph_.node(service);
    const QString current = node ? tr("Current: %1, %2, %3 of %4 running. Enter opens its details. ")
                                       .arg(node->service, serviceStateText(node->state))
                                       .arg(node->running).arg(node->replicas)
                                 : QString();
    setAccessibleDescription(current + describeGraph(graph_));
}

QPoint ComposeGraphView::servicePosition(const QString& service) const {
    const QRectF rect = layout_.nodes.value(serviceId(service));
    return rect.isNull() ? QPoint(-1, -1) : mapFromScene(rect.center());
}

void ComposeGraphView::zoomBy(double factor) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    const double applied = target / zoom();
    scale(applied, applied);
    userZoomed_ = true;
}

double ComposeGraphView::zoom() const {
    return transform().m11();
}

void ComposeGraphView::fitGraph() {
    if (scene()->items().isEmpty()) return;
    resetTransform();
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    // Never enlarge a small graph beyond its natural size: text stays crisp.
    if (zoom() > 1.0) resetTransform();
    userZoomed_ = false;
}

void ComposeGraphView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(std::pow(1.0015, event->angleDelta().y()));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void ComposeGraphView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(1.25); return;
    case Qt::Key_Minus: zoomBy(0.8); return;
    case Qt::Key_0: fitGraph(); return;
    case Qt::Key_Right:
    case Qt::Key_Down: moveCurrent(1); return;
    case Qt::Key_Left:
    case Qt::Key_Up: moveCurrent(-1); return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (const GraphNode* node = graph_.node(currentService_)) emit serviceActivated(node->service, node->containerIds);
        return;
    default: QGraphicsView::keyPressEvent(event);
    }
}

void ComposeGraphView::mousePressEvent(QMouseEvent* event) {
    pressPosition_ = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void ComposeGraphView::mouseReleaseEvent(QMouseEvent* event) {
    QGraphicsView::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton) return;
    if ((event->position().toPoint() - pressPosition_).manhattanLength() > QApplication::startDragDistance()) return;
    const QString service = serviceAt(event->position().toPoint());
    if (const GraphNode* node = graph_.node(service)) emit serviceActivated(service, node->containerIds);
}

QString ComposeGraphView::serviceAt(const QPoint& position) const {
    for (QGraphicsItem* item : items(position))
        if (const QString service = item->data(kServiceKey).toString(); !service.isEmpty()) return service;
    return {};
}

void ComposeGraphView::drawBackground(QPainter* painter, const QRectF& rect) {
    painter->fillRect(rect, palette().color(QPalette::Base));
}

void ComposeGraphView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (!userZoomed_) fitGraph();
}

} // namespace berth::ui
