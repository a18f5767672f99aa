#pragma once
// The progress stream of stages built side by side, kept in the classic
// builder's shape: the messages of the first unfinished stage (in the plan's
// order) go out live; a later stage's wait in memory until every stage before
// it has finished, then go out together. So the CLI prints each stage's steps
// in one piece and in order, as if they had run one after the other.
// Thread-safe: each stage's thread writes through its own `for_stage` output.

#include "build/builder/image_builder.h"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace berth::build {

class OrderedOutput {
public:
    // `order`: the stages in the order their messages go out.
    OrderedOutput(const BuildOutput& output, std::vector<size_t> order) : output_(output), order_(std::move(order)) {}

    // The output of one stage; false once the client has gone.
    BuildOutput for_stage(size_t index);
    // Messages of no stage (the global ARGs, the end): straight out.
    bool direct(const nlohmann::json& message);
    // The stage ended: if it led, the stages after it that wait catch up.
    void finished(size_t index);
    // Whatever still waits, in order (after a failure stopped the build).
    void flush_all();

private:
    bool send_locked(const nlohmann::json& message);
    bool leads_locked(size_t index) const { return head_ < order_.size() && order_[head_] == index; }
    void catch_up_locked();

    std::mutex mutex_;
    const BuildOutput& output_;
    std::vector<size_t> order_;
    size_t head_ = 0; // position in order_ of the stage that goes out live
    std::map<size_t, std::vector<nlohmann::json>> waiting_;
    std::set<size_t> finished_;
    bool gone_ = false;
};

} // namespace berth::build
