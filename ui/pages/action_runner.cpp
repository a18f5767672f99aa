#include "ui/pages/action_runner.h"

#include "ui/widgets/notice_bar.h"

namespace berth::ui {

ActionRunner::ActionRunner(NoticeBar* notice, QObject* parent)
    : QObject(parent)
    , notice_(notice) {}

void ActionRunner::run(const QString& what, QFuture<ApiResult<void>> future, std::function<void()> onSuccess) {
    ++running_;
    notice_->showNotice(NoticeBar::Kind::Progress, what);
    future.then(this, [this, onSuccess = std::move(onSuccess)](const ApiResult<void>& result) {
        --running_;
        if (!result) {
            notice_->showNotice(NoticeBar::Kind::Error, result.error().message);
            emit finished(false, result.error().message);
            return;
        }
        // An earlier failure stays on screen until the user has read it.
        if (running_ == 0 && notice_->kind() == NoticeBar::Kind::Progress) notice_->hide();
        if (onSuccess) onSuccess();
        emit finished(true, {});
    });
}

} // namespace berth::ui
