#pragma once
// `docker build` as a form: the context folder (the Dockerfile's own by
// default), tags, build args (KEY=VALUE a line), the target stage (from the
// file's stages) and no-cache. request() is what RemoteBuildStream sends.

#include "ui/client/build_stream.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace berth::ui {

class BuildDialog : public QDialog {
    Q_OBJECT
public:
    // `dockerfilePath` absolute; `stages` the FROM … AS names in order.
    BuildDialog(const QString& dockerfilePath, const QStringList& stages, QWidget* parent = nullptr);

    BuildRequest request() const;
    void setTag(const QString& tag);
    void setTarget(const QString& stage);

private:
    QString dockerfilePath_;
    QLineEdit* context_;
    QLineEdit* tags_;
    QPlainTextEdit* buildArgs_;
    QComboBox* target_;
    QCheckBox* noCache_;
};

} // namespace berth::ui
