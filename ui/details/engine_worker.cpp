#include "ui/details/engine_worker.h"

namespace berth::ui {

void EngineWorker::run(std::function<void(api::EngineClient&)> job) {
    stop();
    auto client = std::make_shared<api::EngineClient>(host_);
    {
        std::lock_guard lock(mutex_);
        client_ = client;
    }
    thread_ = std::thread([client, job = std::move(job)] { job(*client); });
}

void EngineWorker::cancel() {
    std::lock_guard lock(mutex_);
    if (client_) client_->cancel();
}

void EngineWorker::stop() {
    cancel();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    client_.reset();
}

} // namespace berth::ui
