#pragma once
// The Run dialog: `docker run -d` as a form. Image (completed from the local
// images), name, command, ports, environment (a table, and a paste of KEY=VALUE
// lines), volumes/binds, network, restart policy, memory and CPU limits, --rm.
// Accepting creates and starts the container through the EngineApi; the dialog
// stays open, showing the engine's message, if that fails. "Attach" (docker run
// without -d) asks, once it runs, for its details at the Logs tab, where its
// output follows live (attachRequested).

#include "ui/dialogs/run_options.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace berth::ui {

class EngineApi;

class RunDialog : public QDialog {
    Q_OBJECT
public:
    // `images` fills the image completer ("repo:tag" of the local images).
    RunDialog(EngineApi* api, const QStringList& images, QWidget* parent = nullptr);

    void setImage(const QString& image);
    // Whether the user chose attached (open the container's output once it runs) over detached.
    bool attach() const;
    void setAttach(bool attach);
    RunOptions options() const;
    // Adds the KEY=VALUE lines of `text` to the environment table.
    void pasteEnvironment(const QString& text);

    // Creates and starts the container; accept()s when it runs.
    void run();

signals:
    void containerStarted(const QString& id);
    // The container runs and the user chose attached: show its output.
    void attachRequested(const QString& id);

private:
    QWidget* makeEnvironmentEditor();

    EngineApi* api_;
    QComboBox* image_;
    QLineEdit* name_;
    QLineEdit* command_;
    QLineEdit* ports_;
    QTableWidget* env_;
    QLineEdit* volumes_;
    QComboBox* network_;
    QComboBox* restart_;
    QLineEdit* memory_;
    QDoubleSpinBox* cpus_;
    QCheckBox* autoRemove_;
    QCheckBox* attach_;
    QLabel* error_;
    QPushButton* runButton_;
};

} // namespace berth::ui
