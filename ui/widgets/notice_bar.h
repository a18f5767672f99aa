#pragma once
// The non-modal strip a page shows its news in: what is running now ("Stopping
// web…"), and the engine's error word for word when an action fails (or a 501
// for a feature the engine has not built). It never blocks the page; the user
// closes it, or the next news replaces it.

#include <QFrame>

class QLabel;
class QToolButton;

namespace berth::ui {

class NoticeBar : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Progress, Error, Done };
    Q_ENUM(Kind)

    explicit NoticeBar(QWidget* parent = nullptr);

    void showNotice(Kind kind, const QString& text);
    QString text() const;
    Kind kind() const { return kind_; }

private:
    QLabel* icon_;
    QLabel* text_;
    QToolButton* close_;
    Kind kind_ = Kind::Done;
};

} // namespace berth::ui
