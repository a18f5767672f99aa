#pragma once
// Which planned stages may run now (issue 12 §2, parallel stages). A stage is
// ready once every stage it needs (FROM <stage>, COPY --from=<stage>, RUN
// --mount=type=bind,from=<stage>) has finished; stages with no dependency
// between them run side by side, at most `limit` at a time. Pure: the builder's pool drives it, tests/engine/build/
// checks it.

#include "build/builder/stage_plan.h"

#include <cstddef>
#include <vector>

namespace berth::build {

class StageGraph {
public:
    explicit StageGraph(const StagePlan& plan);

    // The stages that may start now, in file order, so that no more than
    // `limit` run at once; they count as running from here on.
    std::vector<size_t> take_ready(size_t limit);
    // A running stage ended (built, failed or cancelled).
    void finished(size_t index);

    size_t running() const { return running_; }
    bool all_finished() const { return finished_count_ == states_.size(); }

private:
    enum class State { Waiting, Running, Finished };
    struct Node {
        size_t index = 0;
        std::vector<size_t> needs; // positions in states_ (stages of the plan's order)
        State state = State::Waiting;
    };
    bool ready(const Node& node) const;

    std::vector<Node> states_; // one per stage of the plan's order, same order
    size_t running_ = 0;
    size_t finished_count_ = 0;
};

// The number of the first step ("Step N/M") of each stage of the plan's order,
// as the classic builder counts them one stage after the other: the global
// ARGs first, then each stage's FROM and instructions.
std::vector<size_t> first_steps(const StagePlan& plan);

} // namespace berth::build
