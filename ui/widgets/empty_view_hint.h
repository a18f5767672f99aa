#pragma once
// An empty list says what would fill it and how: a new user's first look at
// Volumes was a bare white table. While the view's model has no rows the hint
// is drawn near the top of its viewport, in the palette's placeholder colour,
// and is the view's accessible description (what a screen reader reads). When
// the rows are only filtered away (a proxy over a model that has rows) it says
// that instead, so a filter box never reads as "nothing here"; and while the
// engine is not connected (followEngine), that the list waits for it.

#include <QObject>
#include <QString>

class QAbstractItemView;

namespace berth::ui {

class EngineState;

class EmptyViewHint : public QObject {
public:
    // `view` must have its model; the hint lives as long as the view.
    EmptyViewHint(QAbstractItemView* view, const QString& hint);
    // An empty hint draws nothing (e.g. while the page shows why it has no list).
    void setHint(const QString& hint);
    // While `state` has no engine, the empty list says so rather than how to fill it.
    void followEngine(const EngineState* state);
    // What the view shows now; empty while it has rows.
    QString text() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void changed();

    QAbstractItemView* view_;
    QString hint_;
    bool engineConnected_ = true;
};

// The usual call: `new EmptyViewHint(view, hint)`, named for what it does.
EmptyViewHint* setEmptyViewHint(QAbstractItemView* view, const QString& hint);

} // namespace berth::ui
