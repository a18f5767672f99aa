#include "ui/widgets/page_title.h"

namespace berth::ui {

PageTitle::PageTitle(const QString& text, QWidget* parent)
    : QLabel(text, parent) {
    // Relative to the user's font, so it scales with their settings.
    QFont heading = font();
    heading.setPointSizeF(heading.pointSizeF() * 1.6);
    heading.setBold(true);
    setFont(heading);
}

} // namespace berth::ui
