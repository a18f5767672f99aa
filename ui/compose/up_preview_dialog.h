#pragma once
// The question before Up: per service what it would do (create / recreate /
// start / keep / remove, from previewUp()), with Up and Cancel. Non-modal to
// the rest of the app (window-modal), opened with open().

#include "ui/compose/up_preview.h"

#include <QDialog>

class QTreeWidget;

namespace berth::ui {

class UpPreviewDialog : public QDialog {
    Q_OBJECT
public:
    UpPreviewDialog(const QString& project, const std::vector<ServicePreview>& previews, QWidget* parent = nullptr);
    QTreeWidget* list() const { return list_; }

private:
    QTreeWidget* list_;
};

} // namespace berth::ui
