#pragma once
// The Pull and Push dialogs: non-modal, one per pull or push, several at once.
// Pull asks for a reference (checked as it is typed) and pulls it; Push pushes
// the image it was given at once. Both show one row per layer (its ID, the
// engine's status and a progress bar of that step), the whole image's progress,
// and the engine's error word for word; Cancel ends the stream, and closing
// the dialog does too. The list of images learns of a pulled image from the
// engine's events, not from this dialog.

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace berth::ui {

class EngineApi;
class LayerProgressModel;
class NoticeBar;
class ProgressStream;
struct ApiError;

class ImageProgressDialog : public QDialog {
    Q_OBJECT
public:
    enum class Mode { Pull, Push };
    Q_ENUM(Mode)

    // Pull: `reference` fills the entry (it may be empty). Push: `reference` is
    // the image to push; call start() to begin.
    ImageProgressDialog(EngineApi* api, Mode mode, const QString& reference, QWidget* parent = nullptr);

    // Pulls the entry's reference (or pushes the image); does nothing while running
    // or when the reference is not valid (the dialog then says why).
    void start();
    void cancel();
    bool isRunning() const { return stream_ != nullptr; }

    LayerProgressModel* layers() const { return model_; }
    QString reference() const;
    QString errorText() const;
    int overallPercent() const;

signals:
    // The pull or push ended by itself: ok, or failed with the engine's message.
    void finished(bool ok, const QString& message);

private:
    void validate();
    void onFinished(bool ok, const ApiError& error);
    void updateSummary();
    void setRunning(bool running);

    EngineApi* api_;
    Mode mode_;
    LayerProgressModel* model_;
    QLineEdit* reference_ = nullptr;
    QLabel* problem_ = nullptr;
    QLabel* status_;
    QProgressBar* overall_;
    QTableView* table_;
    NoticeBar* notice_;
    QPushButton* startButton_;
    QPushButton* cancelButton_;
    QPushButton* closeButton_;
    ProgressStream* stream_ = nullptr;
    QString pushReference_;
};

} // namespace berth::ui
