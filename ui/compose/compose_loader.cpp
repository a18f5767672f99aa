#include "ui/compose/compose_loader.h"

#include <QFileInfo>
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

} // namespace berth::ui
