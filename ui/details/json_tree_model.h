#pragma once
// A JSON document (docker inspect's) as a tree model: objects and arrays are
// branches, the rest leaves. Columns: Key and Value. PathRole gives a node's
// path the way jq and `docker inspect -f` spell it (".HostConfig.Memory",
// ".Mounts[0].Source"). internalPointer() holds the Node.

#include <QAbstractItemModel>
#include <QJsonDocument>
#include <QJsonValue>

#include <memory>
#include <vector>

namespace berth::ui {

class JsonTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, ColumnCount };
    enum Roles { PathRole = Qt::UserRole + 1, JsonRole };

    explicit JsonTreeModel(QObject* parent = nullptr);
    ~JsonTreeModel() override;

    void setDocument(const QJsonDocument& document);
    const QJsonDocument& document() const { return document_; }
    // The index of the node at `path` (".HostConfig.Memory"), invalid when none.
    QModelIndex indexOfPath(const QString& path) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        QString key;  // the member name, or "[n]" in an array
        QString path;
        QJsonValue value;
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };
    static void build(Node& node);
    Node* nodeOf(const QModelIndex& index) const;

    QJsonDocument document_;
    std::unique_ptr<Node> root_;
};

// A leaf's value as text to copy: strings unquoted, the rest as JSON.
QString jsonValueText(const QJsonValue& value);

} // namespace berth::ui
