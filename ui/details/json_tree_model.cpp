#include "ui/details/json_tree_model.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace berth::ui {

QString jsonValueText(const QJsonValue& value) {
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        // Memory limits and sizes are integers beyond float's %g precision.
        if (number == static_cast<double>(static_cast<qint64>(number))) return QString::number(static_cast<qint64>(number));
        return QString::number(number, 'g', 17);
    }
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default: return {};
    }
}

JsonTreeModel::JsonTreeModel(QObject* parent) : QAbstractItemModel(parent), root_(std::make_unique<Node>()) {}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::build(Node& node) {
    auto add = [&node](const QString& key, const QString& path, const QJsonValue& value) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->path = path;
        child->value = value;
        child->parent = &node;
        child->row = static_cast<int>(node.children.size());
        build(*child);
        node.children.push_back(std::move(child));
    };
    if (node.value.isObject()) {
        static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        const QJsonObject object = node.value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            // Keys like "80/tcp" or "com.docker.compose.project" need quoting in a path.
            const QString step = plain.match(it.key()).hasMatch()
                                     ? QLatin1Char('.') + it.key()
                                     : QStringLiteral(".\"%1\"").arg(it.key());
            add(it.key(), node.path + step, it.value());
        }
    } else if (node.value.isArray()) {
        const QJsonArray array = node.value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString key = QStringLiteral("[%1]").arg(i);
            add(key, node.path + key, array.at(i));
        }
    }
}

void JsonTreeModel::setDocument(const QJsonDocument& document) {
    beginResetModel();
    document_ = document;
    root_ = std::make_unique<Node>();
    root_->value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    build(*root_);
    endResetModel();
}

JsonTreeModel::Node* JsonTreeModel::nodeOf(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : root_.get();
}

QModelIndex JsonTreeModel::indexOfPath(const QString& path) const {
    // A walk from the root, matching each child's full path as a prefix.
    const Node* node = root_.get();
    while (node) {
        const Node* next = nullptr;
        for (const auto& child : node->children) {
            if (child->path == path) return createIndex(child->row, 0, child.get());
            if (path.startsWith(child->path) &&
                (path.at(child->path.size()) == QLatin1Char('.') || path.at(child->path.size()) == QLatin1Char('['))) {
                next = child.get();
                break;
            }
        }
        node = next;
    }
    return {};
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex& parent) const {
    const Node* node = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= static_cast<int>(node->children.size())) return {};
    return createIndex(row, column, node->children[static_cast<size_t>(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    const Node* parent = nodeOf(child)->parent;
    if (!parent || parent == root_.get()) return {};
    return createIndex(parent->row, 0, const_cast<Node*>(parent));
}

int JsonTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant JsonTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Node* node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (index.column() == KeyColumn) return node->key;
        if (node->value.isObject()) return tr("{%n member(s)}", nullptr, static_cast<int>(node->children.size()));
        if (node->value.isArray()) return tr("[%n item(s)]", nullptr, static_cast<int>(node->children.size()));
        return node->value.isString() ? QStringLiteral("\"%1\"").arg(node->value.toString()) : jsonValueText(node->value);
    case PathRole: return node->path;
    case JsonRole: return QVariant::fromValue(node->value);
    default: return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == KeyColumn ? tr("Key", "JSON member name") : tr("Value", "JSON member value");
}

} // namespace berth::ui
