#include "ui/pages/placeholder_page.h"

#include "ui/widgets/page_title.h"

#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace berth::ui {

PlaceholderPage::PlaceholderPage(const QString& pageId, const QIcon& icon, const QString& title,
                                 const QString& explanation, QWidget* parent)
    : Page(parent)
    , pageId_(pageId)
    , icon_(icon)
    , title_(title) {
    auto* picture = new QLabel(this);
    picture->setPixmap(icon.pixmap(64, 64, QIcon::Disabled));
    picture->setAlignment(Qt::AlignCenter);

    auto* text = new QLabel(explanation, this);
    text->setObjectName(QStringLiteral("placeholderExplanation"));
    text->setAlignment(Qt::AlignCenter);
    text->setWordWrap(true);
    text->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(new PageTitle(title, this));
    layout->addStretch(1);
    layout->addWidget(picture);
    layout->addWidget(text);
    layout->addStretch(2);
}

} // namespace berth::ui
