#include "ui/widgets/notice_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace berth::ui {

NoticeBar::NoticeBar(QWidget* parent)
    : QFrame(parent)
    , icon_(new QLabel(this))
    , text_(new QLabel(this))
    , close_(new QToolButton(this)) {
    setObjectName(QStringLiteral("noticeBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setAccessibleName(tr("Notice"));
    text_->setObjectName(QStringLiteral("noticeText"));
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::PlainText);
    // The engine's message is something people copy into a search or a bug report.
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    close_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close_->setAutoRaise(true);
    close_->setAccessibleName(tr("Close notice"));
    close_->setToolTip(tr("Close notice"));
    connect(close_, &QToolButton::clicked, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon_);
    layout->addWidget(text_, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    hide();
}

void NoticeBar::showNotice(Kind kind, const QString& text) {
    kind_ = kind;
    text_->setText(text);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    QStyle::StandardPixmap pixmap = kind == Kind::Error      ? QStyle::SP_MessageBoxCritical
                                    : kind == Kind::Progress ? QStyle::SP_BrowserReload
                                                             : QStyle::SP_DialogApplyButton;
    icon_->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    setBackgroundRole(kind == Kind::Error ? QPalette::ToolTipBase : QPalette::AlternateBase);
    setForegroundRole(kind == Kind::Error ? QPalette::ToolTipText : QPalette::Text);
    setAccessibleDescription(text);
    show();
}

QString NoticeBar::text() const {
    return text_->text();
}

} // namespace berth::ui
