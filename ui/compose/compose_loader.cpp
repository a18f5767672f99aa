#include "ui/compose/compose_loader.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <cstdlib>

namespace berth::ui {

namespace {
compose::ComposeOptions optionsFor(const ComposeSource& source) {
    compose::ComposeOptions options;
    for (const QString& file : source.files) options.loader.files.emplace_back(file.toStdString());
    if (!source.projectName.isEmpty()) options.loader.project_name = source.projectName.toStdString();
    // As the command line would run in the folder of the (first) file.
    const QString directory = !source.directory.isEmpty() ? source.directory
                              : source.files.isEmpty()    ? QString()
                                                          : QFileInfo(source.files.first()).absolutePath();
    options.loader.current_directory = directory.toStdString();
    options.loader.process_environment = [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
    return options;
}
} // namespace

LoadedCompose loadCompose(const ComposeSource& source) {
    LoadedCompose loaded;
    loaded.source = source;
    auto project = compose::load_compose_project(optionsFor(source));
    if (!project) {
        loaded.error = QString::fromStdString(project.error().message());
        return loaded;
    }
    loaded.model = compose::typed_model(*project);
    for (const auto& file : project->config_files) loaded.configFiles << QString::fromStdString(file.string());
    return loaded;
}

QFuture<LoadedCompose> loadComposeAsync(const ComposeSource& source) {
    return QtConcurrent::run([source] { return loadCompose(source); });
}

LoadedCompose loadComposeWithText(const LoadedCompose& loaded, const QString& file, const QString& text) {
    LoadedCompose checked;
    checked.source = loaded.source;
    QTemporaryDir scratch;
    const QString copy = scratch.filePath(QFileInfo(file).fileName());
    QFile out(copy);
    if (!scratch.isValid() || !out.open(QIODevice::WriteOnly) || out.write(text.toUtf8()) < 0) {
        checked.error = QStringLiteral("%1: %2").arg(copy, out.errorString());
        return checked;
    }
    out.close();
    compose::ComposeOptions options = optionsFor(loaded.source);
    options.loader.files.clear();
    for (const QString& config : loaded.configFiles)
        options.loader.files.emplace_back((QFileInfo(config) == QFileInfo(file) ? copy : config).toStdString());
    // Where the saved project would work from: the first file's folder, as the real load had it.
    const QString first = loaded.configFiles.value(0);
    if (!first.isEmpty()) options.loader.project_directory = QFileInfo(first).absolutePath().toStdString();
    auto project = compose::load_compose_project(options);
    if (!project) {
        checked.error = QString::fromStdString(project.error().message()).replace(copy, file);
        return checked;
    }
    checked.model = compose::typed_model(*project);
    checked.configFiles = loaded.configFiles;
    return checked;
}

QFuture<LoadedCompose> loadComposeWithTextAsync(const LoadedCompose& loaded, const QString& file, const QString& text) {
    return QtConcurrent::run([loaded, file, text] { return loadComposeWithText(loaded, file, text); });
}

} // namespace berth::ui
