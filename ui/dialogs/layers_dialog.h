#pragma once
// The Layers view of an image (`docker history`, GET /images/{name}/history):
// one row per step, newest first, with the instruction that made it (wrapped),
// the size it added, when, and its comment — what people read to slim an
// image. Non-modal; the engine's error is shown word for word.

#include "ui/client/image_history.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace berth::ui {

class EngineApi;

class LayersDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { CreatedBy, Size, Created, Comment, ColumnCount };

    LayersDialog(EngineApi* api, const QString& reference, QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }
    QString statusText() const;

signals:
    void loaded();

private:
    void fill(const std::vector<ImageHistoryEntry>& rows);

    QTableWidget* table_;
    QLabel* status_;
};

} // namespace berth::ui
