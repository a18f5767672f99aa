#pragma once
// The Tag dialog: `docker tag SOURCE TARGET` as a form. The new reference is
// checked as it is typed; accepting tags through the EngineApi and closes, or
// stays open with the engine's message word for word.

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace berth::ui {

class EngineApi;

class TagDialog : public QDialog {
    Q_OBJECT
public:
    TagDialog(EngineApi* api, const QString& source, QWidget* parent = nullptr);

    void setTarget(const QString& target);
    QString problemText() const;
    // Tags; accept()s when the engine did.
    void tag();

signals:
    void tagged(const QString& target);

private:
    void validate();

    EngineApi* api_;
    QString source_;
    QLineEdit* target_;
    QLabel* problem_;
    QPushButton* tagButton_;
};

} // namespace berth::ui
