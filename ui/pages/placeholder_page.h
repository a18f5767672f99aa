#pragma once
// The page for a part of Berth that is not built yet: it says so plainly instead
// of showing made-up data, so nobody mistakes the skeleton for a working feature.

#include "ui/pages/page.h"

namespace berth::ui {

class PlaceholderPage : public Page {
    Q_OBJECT
public:
    PlaceholderPage(const QString& pageId, const QIcon& icon, const QString& title, const QString& explanation,
                    QWidget* parent = nullptr);

    QString pageId() const override { return pageId_; }
    QString title() const override { return title_; }
    QIcon icon() const override { return icon_; }

private:
    QString pageId_;
    QIcon icon_;
    QString title_;
};

} // namespace berth::ui
