#pragma once
// Small helpers the GUI tests share: unique names for what they create, a
// container's state as the model shows it, selecting a container's row in a
// view, writing and reading a test's files, and the controls a screen reader
// would find unnamed.

#include "ui/models/containers_model.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QProgressBar>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QString>

namespace berth::test {

// "<prefix>-<8 hex digits>": tests run in parallel against shared engines.
inline QString uniqueName(const char* prefix) {
    return QStringLiteral("%1-%2").arg(QLatin1String(prefix)).arg(QRandomGenerator::global()->generate(), 8, 16,
                                                                     QLatin1Char('0'));
}

// The container's state in `model` ("running", "exited", ...), or empty when it has no row.
inline QString stateOf(const ui::ContainersModel& model, const QString& id) {
    const int row = model.rowOf(id);
    return row < 0 ? QString() : QString::fromStdString(model.summary(row)->state);
}

// Selects the row of container `id` in `table` (whatever proxy it shows); false when it is not there.
inline bool selectContainer(QAbstractItemView* table, const QString& id) {
    auto* model = table->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ui::ContainersModel::IdRole).toString() != id) continue;
        table->selectionModel()->select(model->index(row, 0),
                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        return true;
    }
    return false;
}

// Writes `text` to `path` (replacing it); false when it could not.
inline bool writeFile(const QString& path, const QByteArray& text) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

// The bytes of `path`; empty when it cannot be read.
inline QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What a screen reader would find unnamed among `root`'s controls: a button
// without text or name, an entry, bar or table without an accessible name.
inline QStringList unnamedControls(QWidget& root) {
    QStringList unnamed;
    for (QWidget* widget : root.findChildren<QWidget*>()) {
        // A table's header is read through the table's own accessible cells.
        if (!widget->isVisibleTo(&root) || qobject_cast<QHeaderView*>(widget)) continue;
        QString name = widget->accessibleName();
        if (auto* button = qobject_cast<QAbstractButton*>(widget)) name += button->text();
        const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget) ||
                             qobject_cast<QProgressBar*>(widget) || qobject_cast<QAbstractItemView*>(widget);
        if (control && name.isEmpty())
            unnamed << QString::fromLatin1(widget->metaObject()->className()) + u' ' + widget->objectName();
    }
    return unnamed;
}

} // namespace berth::test
