#include "ui/widgets/clear_button.h"

#include <QCoreApplication>
#include <QLineEdit>
#include <QToolButton>

namespace berth::ui {

void enableClearButton(QLineEdit* edit) {
    edit->setClearButtonEnabled(true);
    // Qt makes the button as a child when the clear action is added, just above.
    for (auto* button : edit->findChildren<QToolButton*>(Qt::FindDirectChildrenOnly)) {
        const QString label = QCoreApplication::translate("berth::ui::ClearButton", "Clear");
        button->setAccessibleName(label);
        button->setToolTip(label);
    }
}

} // namespace berth::ui
