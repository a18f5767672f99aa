#pragma once
// The engine's images as a live table, one row per repository:tag as `docker
// images` shows them (an untagged image is one "<none>" row). Reset from GET
// /images/json; an image event (pull, tag, untag, delete, import, load) asks for
// the list again — one call, and images change far less often than containers.

#include "ui/client/engine_api.h"

#include <QAbstractTableModel>
#include <QSet>
#include <vector>

namespace berth::ui {

class ContainersModel;

class ImagesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Repository, Tag, Id, Size, Created, InUse, ColumnCount };
    Q_ENUM(Column)
    enum Roles {
        IdRole = Qt::UserRole + 1, // QString: sha256:…
        ReferenceRole,             // QString: "repo:tag", or the ID when untagged (what rmi takes)
        SortRole,                  // Size: bytes, Created: seconds
    };
    Q_ENUM(Roles)

    // `containers` gives the in-use marker; it may be null.
    ImagesModel(EngineApi* api, const ContainersModel* containers, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void reload();
    void clear();
    void applyEvent(const api::types::Event& event);

    // Every "repo:tag" known, for the Run dialog's completer.
    QStringList references() const;

signals:
    void loaded();
    void loadFailed(const berth::ui::ApiError& error);

private:
    struct Row {
        api::types::ImageSummary image;
        std::string repository; // "<none>" when untagged
        std::string tag;        // "<none>" when untagged
    };
    void reset(const EngineApi::Images& images);
    bool inUse(const std::string& imageId) const;
    void onContainersChanged();

    EngineApi* api_;
    const ContainersModel* containers_;
    std::vector<Row> rows_;
    QSet<QString> usedImageIds_;
    quint64 listGeneration_ = 0;
};

} // namespace berth::ui
