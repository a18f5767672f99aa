#pragma once
// Where each service is while `berth compose up` runs, read from the progress
// lines it writes on stderr — docker compose's own non-TTY form, which berth's
// converge prints alike (engine/compose/converge/progress.h):
//   " web Pulling"  " web Pulled"  " Container shop-web-1  Creating"  "… Started"
//   " Container shop-db-1  Waiting" "… Healthy"  " Container shop-web-1  Error"
// so the Compose page shows the same steps for either tool, with no extra flag.

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <optional>

namespace berth::ui {

enum class UpStage { Pulling, Pulled, Creating, Starting, Waiting, Healthy, Done, Failed };

struct UpProgressEvent {
    QString service;
    QString container; // empty for a service-level line (pulls)
    UpStage stage = UpStage::Done;
    bool operator==(const UpProgressEvent&) const = default;
};

// One stderr line; nullopt for lines that are not a step of one of `services`
// (networks, volumes, warnings, the error itself).
std::optional<UpProgressEvent> parseUpProgressLine(const QString& line, const QString& project,
                                                   const QStringList& services);

// "pulling", "waiting for healthy", "done", … (translated).
QString upStageText(UpStage stage);
// Done, Healthy and Failed end a service's part; the others are under way.
bool isFinalStage(UpStage stage);

} // namespace berth::ui
