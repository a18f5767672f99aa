#pragma once
// The page for a part of Berth that is not built yet: it says so plainly instead
// of showing made-up data, so nobody mistakes the skeleton for a working feature.

#include <QWidget>

namespace berth::ui {

class PlaceholderPage : public QWidget {
public:
    PlaceholderPage(const QIcon& icon, const QString& title, const QString& explanation,
                    QWidget* parent = nullptr);
};

} // namespace berth::ui
