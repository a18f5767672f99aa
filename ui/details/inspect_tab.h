#pragma once
// The Inspect tab: GET /containers/{id}/json as a searchable tree; copy a
// value, a path (".HostConfig.Memory") or the whole document.

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace berth::ui {

class EngineApi;
class JsonFetcher;
class JsonTreeModel;

class InspectTab : public QWidget {
    Q_OBJECT
public:
    InspectTab(EngineApi* api, const QString& containerId, QWidget* parent = nullptr);
    ~InspectTab() override;

    JsonTreeModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    void refresh();
    void setSearchText(const QString& text);
    // Selects the node at `path`; false when there is none.
    bool selectPath(const QString& path);
    void copyValue() const;
    void copyPath() const;
    void copyDocument() const;

private:
    QModelIndex currentSourceIndex() const;

    JsonFetcher* fetcher_;
    JsonTreeModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTreeView* view_ = nullptr;
    QLineEdit* search_ = nullptr;
    QLabel* status_ = nullptr;
};

} // namespace berth::ui
