#include "ui/widgets/connection_banner.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace berth::ui {

namespace {

// Shell commands are shown as code and never translated.
QString code(const QString& command) {
    return QStringLiteral("<code>%1</code>").arg(command.toHtmlEscaped());
}

QLabel* makeTextLabel(const char* objectName, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(objectName));
    label->setWordWrap(true);
    // The user will want to copy the command or the error.
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ConnectionBanner::ConnectionBanner(QWidget* parent)
    : QWidget(parent)
    , box_(new QFrame(this))
    , icon_(new QLabel(box_))
    , headline_(makeTextLabel("connectionBannerHeadline", box_))
    , reason_(makeTextLabel("connectionBannerReason", box_))
    , remedy_(makeTextLabel("connectionBannerRemedy", box_))
    , retry_(new QPushButton(tr("Retry Now"), box_)) {
    setObjectName(QStringLiteral("connectionBanner"));
    box_->setObjectName(QStringLiteral("connectionBannerBox"));
    // Fixed colours on purpose: a warning must look like one in every theme, so
    // the text colour is fixed along with the background.
    box_->setStyleSheet(
        QStringLiteral("#connectionBannerBox { background: #fff3d6; border: 1px solid #e0a526;"
                       " border-radius: 6px; }"
                       "#connectionBannerBox QLabel { color: #3d2c00; background: transparent; }"
                       // Its button too: with the theme's colours it was a dark button on the
                       // light box in a dark theme, and turned light under the mouse.
                       "#connectionBannerBox QPushButton { color: #3d2c00; background: #ffe6a6;"
                       " border: 1px solid #c98d12; border-radius: 4px; padding: 4px 12px; }"
                       "#connectionBannerBox QPushButton:hover { background: #ffdb80; }"
                       "#connectionBannerBox QPushButton:pressed { background: #f5c95a; }"
                       "#connectionBannerBox QPushButton:focus { border: 2px solid #7a4f00; }"));
    QFont bold = headline_->font();
    bold.setBold(true);
    headline_->setFont(bold);
    remedy_->setTextFormat(Qt::RichText);
    reason_->setTextFormat(Qt::PlainText);
    headline_->setTextFormat(Qt::PlainText);
    icon_->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(32, 32));

    auto* texts = new QVBoxLayout;
    texts->setSpacing(4);
    texts->addWidget(headline_);
    texts->addWidget(reason_);
    texts->addWidget(remedy_);

    auto* boxLayout = new QHBoxLayout(box_);
    boxLayout->setContentsMargins(12, 10, 12, 10);
    boxLayout->setSpacing(12);
    boxLayout->addWidget(icon_, 0, Qt::AlignTop);
    boxLayout->addLayout(texts, 1);
    boxLayout->addWidget(retry_, 0, Qt::AlignVCenter);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addWidget(box_);

    connect(retry_, &QPushButton::clicked, this, &ConnectionBanner::retryRequested);
    hide();
}

void ConnectionBanner::showState(EngineConnection::State state, const QString& host, const QString& reason) {
    switch (state) {
    case EngineConnection::State::Connecting:
    case EngineConnection::State::Connected:
        plainText_.clear();
        hide();
        return;
    case EngineConnection::State::Unreachable:
        setMessage(
            tr("Cannot reach the Berth engine at %1.").arg(host), reason,
            tr("Start it with %1 (or %2); Berth reconnects by itself.")
                .arg(code(QStringLiteral("sudo berthd")), code(QStringLiteral("packaging/dev.sh run"))));
        break;
    case EngineConnection::State::AccessDenied:
        setMessage(tr("Access to the Berth engine at %1 was denied.").arg(host), reason,
                   tr("Add your user to the socket group: %1, then log in again.")
                       .arg(code(QStringLiteral("sudo usermod -aG berth $USER"))));
        break;
    }
    show();
}

void ConnectionBanner::setMessage(const QString& headline, const QString& rawReason,
                                  const QString& remedyHtml) {
    // The client's errors start in lower case to read well inside a chain; here
    // the reason stands as a sentence of its own.
    QString reason = rawReason;
    if (!reason.isEmpty()) reason[0] = reason[0].toUpper();
    headline_->setText(headline);
    reason_->setText(reason);
    reason_->setVisible(!reason.isEmpty());
    remedy_->setText(remedyHtml);
    QString remedy = QTextDocumentFragment::fromHtml(remedyHtml).toPlainText();
    plainText_ = reason.isEmpty() ? headline + QLatin1Char(' ') + remedy
                                  : headline + QLatin1Char(' ') + reason + QLatin1Char(' ') + remedy;
}

} // namespace berth::ui
