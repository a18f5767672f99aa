#pragma once
// A small image for GUI tests against a real berthd: busybox-static with a link
// for each applet, imported the way `docker import` does (POST
// /images/create?fromSrc=-), so no registry or network is needed.

#include <QString>

namespace berth::test {

// Imports the image as `reference` ("guitest:1") into the engine at `host`;
// returns an empty string, or why it failed.
QString importBusyboxImage(const QString& host, const QString& reference);

// POST /containers/create for `image` running `command` (through sh -c);
// returns the new container's ID, or an empty string (and `error` says why).
QString createContainer(const QString& host, const QString& name, const QString& image, const QString& command,
                        QString* error);

} // namespace berth::test
