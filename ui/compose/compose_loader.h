#pragma once
// Loading a compose project for the Compose page off the UI thread: the
// engine's loader (engine/compose/compose_project.h, Qt-free) run on Qt's thread
// pool, its typed view (project_model.h) or its error word for word
// ("compose.yaml:3:5: …") as the answer.

#include "compose/project_model.h"

#include <QFuture>
#include <QString>
#include <QStringList>

namespace berth::ui {

// What to load: `files` (-f, in order), else the default names (compose.yaml,
// docker-compose.yml, …) in `directory`; `projectName` when given (-p).
struct ComposeSource {
    QStringList files;
    QString directory;
    QString projectName;
};

struct LoadedCompose {
    ComposeSource source;
    compose::ProjectModel model;
    QStringList configFiles; // absolute, as the loader resolved them (what `-f` should pass)
    QString error;           // non-empty when loading failed
};

LoadedCompose loadCompose(const ComposeSource& source);
QFuture<LoadedCompose> loadComposeAsync(const ComposeSource& source);

// The editor's check before Save: `loaded`'s project loaded as it would be with
// `text` in place of its config file `file`. The text goes to a private temporary
// copy (same file name) while the project directory stays the real one, so
// relative paths, .env and the other -f files resolve as they will; the error
// names `file`, not the copy.
LoadedCompose loadComposeWithText(const LoadedCompose& loaded, const QString& file, const QString& text);
QFuture<LoadedCompose> loadComposeWithTextAsync(const LoadedCompose& loaded, const QString& file, const QString& text);

} // namespace berth::ui
