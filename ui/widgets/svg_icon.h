#pragma once
// Berth's own icons (resources/*.svg, embedded under :/icons/) as QIcons that
// draw everywhere: rendered with QtSvg into pixmaps at the usual sizes, at
// 1x and 2x, because QIcon("x.svg") draws nothing where Qt's SVG icon engine
// plugin is missing (Debian ships it apart, and the build root lacks it).

#include <QIcon>

namespace berth::ui {

// `name` is the file's base name: "start" for :/icons/start.svg. Cached.
QIcon svgIcon(const QString& name);

} // namespace berth::ui
