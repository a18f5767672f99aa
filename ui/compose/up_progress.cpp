#include "ui/compose/up_progress.h"

#include <QRegularExpression>

namespace berth::ui {

namespace {
std::optional<UpStage> containerStage(const QString& word) {
    if (word == QLatin1String("Creating") || word == QLatin1String("Created") || word == QLatin1String("Recreate") ||
        word == QLatin1String("Recreated") || word == QLatin1String("Stopping") || word == QLatin1String("Stopped") ||
        word == QLatin1String("Removing") || word == QLatin1String("Removed"))
        return UpStage::Creating;
    if (word == QLatin1String("Starting")) return UpStage::Starting;
    if (word == QLatin1String("Started") || word == QLatin1String("Running")) return UpStage::Done;
    if (word == QLatin1String("Waiting")) return UpStage::Waiting;
    if (word == QLatin1String("Healthy")) return UpStage::Healthy;
    if (word == QLatin1String("Error") || word == QLatin1String("Exited") || word == QLatin1String("Unhealthy"))
        return UpStage::Failed;
    return std::nullopt;
}

std::optional<UpStage> serviceStage(const QString& word) {
    if (word == QLatin1String("Pulling")) return UpStage::Pulling;
    if (word == QLatin1String("Pulled") || word == QLatin1String("Skipped")) return UpStage::Pulled;
    if (word == QLatin1String("Error")) return UpStage::Failed;
    return std::nullopt;
}
} // namespace

std::optional<UpProgressEvent> parseUpProgressLine(const QString& line, const QString& project,
                                                   const QStringList& services) {
    const QStringList words = line.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (words.size() == 2 && services.contains(words[0])) {
        if (const auto stage = serviceStage(words[1])) return UpProgressEvent{words[0], {}, *stage};
        return std::nullopt;
    }
    if (words.size() < 3 || words[0] != QLatin1String("Container")) return std::nullopt;
    // <project>-<service>-<number>; a service name may itself hold dashes.
    static const QRegularExpression numbered(QStringLiteral("^(.+)-(\\d+)$"));
    const QString name = words[1];
    const QString prefix = project + QLatin1Char('-');
    const QRegularExpressionMatch match = numbered.match(name);
    if (!name.startsWith(prefix) || !match.hasMatch()) return std::nullopt;
    const QString service = match.captured(1).mid(prefix.size());
    if (!services.contains(service)) return std::nullopt;
    const auto stage = containerStage(words[2]);
    if (!stage) return std::nullopt;
    return UpProgressEvent{service, name, *stage};
}

QString upStageText(UpStage stage) {
    switch (stage) {
    case UpStage::Pulling: return QCoreApplication::translate("berth::ui::UpProgress", "pulling");
    case UpStage::Pulled: return QCoreApplication::translate("berth::ui::UpProgress", "pulled");
    case UpStage::Creating: return QCoreApplication::translate("berth::ui::UpProgress", "creating");
    case UpStage::Starting: return QCoreApplication::translate("berth::ui::UpProgress", "starting");
    case UpStage::Waiting: return QCoreApplication::translate("berth::ui::UpProgress", "waiting for healthy");
    case UpStage::Healthy: return QCoreApplication::translate("berth::ui::UpProgress", "healthy");
    case UpStage::Done: return QCoreApplication::translate("berth::ui::UpProgress", "done");
    case UpStage::Failed: return QCoreApplication::translate("berth::ui::UpProgress", "failed");
    }
    return {};
}

bool isFinalStage(UpStage stage) {
    return stage == UpStage::Done || stage == UpStage::Healthy || stage == UpStage::Failed;
}

} // namespace berth::ui
