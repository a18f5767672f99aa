#include "build/builder/ordered_output.h"

namespace berth::build {

bool OrderedOutput::send_locked(const nlohmann::json& message) {
    if (!gone_ && !output_(message)) gone_ = true;
    return !gone_;
}

BuildOutput OrderedOutput::for_stage(size_t index) {
    return [this, index](const nlohmann::json& message) {
        std::lock_guard lock(mutex_);
        if (gone_) return false;
        if (leads_locked(index)) return send_locked(message);
        waiting_[index].push_back(message);
        return true;
    };
}

bool OrderedOutput::direct(const nlohmann::json& message) {
    std::lock_guard lock(mutex_);
    return send_locked(message);
}

void OrderedOutput::catch_up_locked() {
    while (head_ < order_.size()) {
        size_t index = order_[head_];
        if (auto found = waiting_.find(index); found != waiting_.end()) {
            for (const auto& message : found->second) send_locked(message);
            waiting_.erase(found);
        }
        if (!finished_.contains(index)) return; // it leads now, live
        ++head_;
    }
}

void OrderedOutput::finished(size_t index) {
    std::lock_guard lock(mutex_);
    finished_.insert(index);
    catch_up_locked();
}

void OrderedOutput::flush_all() {
    std::lock_guard lock(mutex_);
    for (size_t index : order_) finished_.insert(index);
    catch_up_locked();
}

} // namespace berth::build
