#include "ui/client/image_history.h"

namespace berth::ui {

namespace {

QString text(const nlohmann::json& entry, const char* key) {
    auto it = entry.find(key);
    return it != entry.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

qint64 number(const nlohmann::json& entry, const char* key) {
    auto it = entry.find(key);
    return it != entry.end() && it->is_number() ? it->get<qint64>() : 0;
}

} // namespace

std::vector<ImageHistoryEntry> imageHistoryFromJson(const nlohmann::json& json) {
    std::vector<ImageHistoryEntry> rows;
    if (!json.is_array()) return rows;
    for (const auto& entry : json) {
        if (!entry.is_object()) continue;
        ImageHistoryEntry row{text(entry, "Id"), number(entry, "Created"), text(entry, "CreatedBy"), {},
                              number(entry, "Size"), text(entry, "Comment")};
        if (auto tags = entry.find("Tags"); tags != entry.end() && tags->is_array())
            for (const auto& tag : *tags)
                if (tag.is_string()) row.tags << QString::fromStdString(tag.get<std::string>());
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace berth::ui
