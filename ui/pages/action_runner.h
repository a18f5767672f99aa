#pragma once
// The one way a page runs an engine action: the notice says what is running,
// then either goes (success) or shows the engine's message word for word
// (failure, a 501 included). Several actions may run at once; each reports
// itself. Cancel: QFuture::cancel() on the returned future before it started.

#include "ui/client/api_result.h"

#include <QFuture>
#include <QObject>
#include <functional>

namespace berth::ui {

class NoticeBar;

class ActionRunner : public QObject {
    Q_OBJECT
public:
    ActionRunner(NoticeBar* notice, QObject* parent);

    // `what` is the running text ("Stopping web…"); `onSuccess` runs on the UI thread.
    void run(const QString& what, QFuture<ApiResult<void>> future, std::function<void()> onSuccess = {});
    int running() const { return running_; }

signals:
    void finished(bool ok, const QString& message);

private:
    NoticeBar* notice_;
    int running_ = 0;
};

} // namespace berth::ui
