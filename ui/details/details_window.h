#pragma once
// The window the Containers page opens container details in: one DetailsArea
// (a closable tab per container, or a merged log of several), its geometry kept
// in QSettings. One per main window, made on first use and kept while hidden.

#include <QWidget>

namespace berth::ui {

class DetailsArea;
class EngineApi;

class DetailsWindow : public QWidget {
    Q_OBJECT
public:
    // Every tab reads the engine through `api`.
    explicit DetailsWindow(EngineApi* api, QWidget* parent = nullptr);

    DetailsArea* area() const { return area_; }
    // Shows `containerIds` (titled by `titles`, same order) on the tab named `tab`
    // (a ContainerDetails tab name, any case); several ids with the Logs tab open
    // their merged log as well.
    void showContainers(const QStringList& containerIds, const QStringList& titles, const QString& tab);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    DetailsArea* area_;
};

} // namespace berth::ui
