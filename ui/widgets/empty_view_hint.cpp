#include "ui/widgets/empty_view_hint.h"

#include "ui/models/engine_state.h"

#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QCoreApplication>
#include <QEvent>
#include <QPainter>

#include <algorithm>

namespace berth::ui {
namespace {

// The model under every proxy: what holds the rows a filter may hide.
const QAbstractItemModel* sourceOf(const QAbstractItemModel* model) {
    while (const auto* proxy = qobject_cast<const QAbstractProxyModel*>(model)) {
        if (!proxy->sourceModel()) break;
        model = proxy->sourceModel();
    }
    return model;
}

} // namespace

EmptyViewHint::EmptyViewHint(QAbstractItemView* view, const QString& hint)
    : QObject(view), view_(view), hint_(hint) {
    view->viewport()->installEventFilter(this);
    QAbstractItemModel* model = view->model();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &EmptyViewHint::changed);
    connect(model, &QAbstractItemModel::modelReset, this, &EmptyViewHint::changed);
    connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyViewHint::changed);
    changed();
}

void EmptyViewHint::setHint(const QString& hint) {
    hint_ = hint;
    changed();
}

void EmptyViewHint::followEngine(const EngineState* state) {
    auto follow = [this](bool connected) {
        engineConnected_ = connected;
        changed();
    };
    connect(state, &EngineState::connectionChanged, this, follow);
    follow(state->isConnected());
}

QString EmptyViewHint::text() const {
    const QAbstractItemModel* model = view_->model();
    if (!model || model->rowCount(view_->rootIndex()) > 0) return {};
    if (!engineConnected_) // "No containers yet" under the banner would read as an answer
        return QCoreApplication::translate("berth::ui::EmptyViewHint",
                                           "The engine is not connected: this list fills once it answers.");
    if (hint_.isEmpty()) return {};
    const QAbstractItemModel* source = sourceOf(model);
    if (source != model && source->rowCount() > 0)
        return QCoreApplication::translate("berth::ui::EmptyViewHint", "Nothing matches the filter.");
    return hint_;
}

// Drawn before the view paints its (absent) rows, over the background Qt filled.
bool EmptyViewHint::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Paint && watched == view_->viewport()) {
        const QString shown = text();
        if (!shown.isEmpty()) {
            QPainter painter(view_->viewport());
            painter.setPen(view_->palette().color(QPalette::PlaceholderText));
            // Near the top of a tall list, still inside a short one.
            const QRect rect = view_->viewport()->rect();
            const QRect area = rect.adjusted(24, std::min(40, rect.height() / 4), -24, 0);
            painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, shown);
        }
    }
    return false;
}

void EmptyViewHint::changed() {
    view_->setAccessibleDescription(text());
    view_->viewport()->update();
}

EmptyViewHint* setEmptyViewHint(QAbstractItemView* view, const QString& hint) {
    return new EmptyViewHint(view, hint);
}

} // namespace berth::ui
