#pragma once
// An image reference as the docker CLI splits it for pull and push:
// "127.0.0.1:5000/team/app:1.2" is the name "127.0.0.1:5000/team/app" and the
// tag "1.2"; "app@sha256:…" keeps the digest as its tag; no tag means "latest"
// (the engine takes a missing tag as "every tag", which `docker pull` never asks).

#include <QString>

namespace berth::ui {

struct SplitReference {
    QString name; // fromImage= for a pull, the path segment for a push
    QString tag;  // tag= : a tag, or a digest ("sha256:…")
};

SplitReference splitReference(const QString& reference);

// Why `reference` is not a reference Docker would take (its grammar: lowercase
// path components, an optional registry host[:port], a tag or a digest), or an
// empty string when it is one. A cheap check so the user hears at once; the
// engine still has the last word.
QString referenceProblem(const QString& reference);

} // namespace berth::ui
