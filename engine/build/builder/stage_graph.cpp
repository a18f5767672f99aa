#include "build/builder/stage_graph.h"

#include <algorithm>

namespace berth::build {

StageGraph::StageGraph(const StagePlan& plan) {
    for (size_t index : plan.order) states_.push_back(Node{index, {}, State::Waiting});
    for (auto& node : states_) {
        for (size_t dependency : plan.stages[node.index].needs) {
            auto found = std::ranges::find(plan.order, dependency);
            if (found == plan.order.end() || dependency == node.index) continue; // not built: nothing to wait for
            size_t position = static_cast<size_t>(found - plan.order.begin());
            if (std::ranges::find(node.needs, position) == node.needs.end()) node.needs.push_back(position);
        }
    }
}

bool StageGraph::ready(const Node& node) const {
    return std::ranges::all_of(node.needs, [this](size_t position) { return states_[position].state == State::Finished; });
}

std::vector<size_t> StageGraph::take_ready(size_t limit) {
    std::vector<size_t> started;
    for (auto& node : states_) {
        if (running_ >= limit) break;
        if (node.state != State::Waiting || !ready(node)) continue;
        node.state = State::Running;
        ++running_;
        started.push_back(node.index);
    }
    return started;
}

void StageGraph::finished(size_t index) {
    for (auto& node : states_) {
        if (node.index != index || node.state != State::Running) continue;
        node.state = State::Finished;
        --running_;
        ++finished_count_;
        return;
    }
}

std::vector<size_t> first_steps(const StagePlan& plan) {
    std::vector<size_t> firsts;
    size_t next = plan.global_args.size() + 1;
    for (size_t index : plan.order) {
        firsts.push_back(next);
        next += 1 + plan.stages[index].instructions.size();
    }
    return firsts;
}

} // namespace berth::build
