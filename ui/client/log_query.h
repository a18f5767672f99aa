#pragma once
// What part of a container's log to read: `docker logs`' --follow, --since,
// --until and --tail. EngineApi::containerLogs() sends it; the Logs tab sets it.

#include <QString>

namespace berth::ui {

struct LogQuery {
    bool follow = true;
    QString since; // docker's --since/--until: "10m", RFC 3339 or Unix seconds; empty: unset
    QString until;
    int tail = -1; // -1: all
};

} // namespace berth::ui
