#pragma once
// The large heading at the top of every page, so all pages start alike.

#include <QLabel>

namespace berth::ui {

class PageTitle : public QLabel {
public:
    explicit PageTitle(const QString& text, QWidget* parent = nullptr);
};

} // namespace berth::ui
