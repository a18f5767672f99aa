#pragma once
// One row of GET /images/{name}/history (`docker history`): a layer, newest
// first, with the instruction that made it.

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>
#include <vector>

namespace berth::ui {

struct ImageHistoryEntry {
    QString id;        // "Id": the image ID of that step, or "<missing>" for a pulled image's lower steps
    qint64 created = 0; // "Created": seconds since the epoch
    QString createdBy; // "CreatedBy": the instruction ("/bin/sh -c #(nop) CMD [\"sh\"]")
    QStringList tags;  // "Tags"
    qint64 size = 0;   // "Size": bytes the step added
    QString comment;   // "Comment"
};

// The rows of an answer; an entry with a wrong-typed field is read as far as it goes.
std::vector<ImageHistoryEntry> imageHistoryFromJson(const nlohmann::json& json);

} // namespace berth::ui
