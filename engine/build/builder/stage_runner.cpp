// The needed stages of a build, independent ones side by side (issue 12 §2):
// a stage starts on its own thread once the stages it needs have finished
// (stage_graph.h), at most kParallelStages at a time. Their messages reach
// the client in the classic builder's order (ordered_output.h), each stage's
// steps numbered as if the stages had run one after the other. The first
// failure cancels the others: they stop before their next step, a running
// RUN is killed, and its container goes as a failed step's does.

#include "build/builder/builder.h"
#include "build/builder/ordered_output.h"
#include "build/builder/stage_graph.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <thread>

namespace berth::build {
namespace {

// Two cores are common where berthd runs; a third stage mostly waits on RUN
// containers, not the CPU.
constexpr size_t kParallelStages = 3;

// One stage's outcome, handed from its thread to the one that schedules.
struct StageDone {
    size_t index = 0;
    Result<> result;
    std::optional<int> run_failed_code;
};

} // namespace

Result<> Builder::build_stages(const StagePlan& plan, size_t total) {
    OrderedOutput ordered(progress_.output(), plan.order);
    std::vector<size_t> firsts = first_steps(plan);
    std::map<size_t, std::unique_ptr<BuildOutput>> outputs;     // each stage's ProgressStream holds a reference
    std::map<size_t, std::unique_ptr<ProgressStream>> streams;
    std::map<size_t, size_t> first_step;
    for (size_t position = 0; position < plan.order.size(); ++position) {
        size_t index = plan.order[position];
        outputs[index] = std::make_unique<BuildOutput>(ordered.for_stage(index));
        streams[index] = std::make_unique<ProgressStream>(*outputs[index], progress_.quiet());
        first_step[index] = firsts[position];
    }

    std::mutex mutex;
    std::condition_variable changed;
    std::deque<StageDone> done; // guarded by mutex
    std::optional<StageDone> failure;
    StageGraph graph(plan);
    std::vector<std::jthread> threads;
    auto start = [&](size_t index) {
        threads.emplace_back([this, &plan, &streams, &first_step, &mutex, &changed, &done, total, index] {
            StageState state;
            state.index = index;
            state.progress = streams.at(index).get();
            Result<> result;
            try { // an exception must not end the daemon from a thread of its own
                result = build_stage(state, plan, plan.stages[index], first_step.at(index), total);
            } catch (const std::exception& error) {
                result = fail(ErrorCategory::System, "building stage {}: {}", index, error.what());
            }
            std::lock_guard lock(mutex);
            done.push_back(StageDone{index, std::move(result), state.run_failed_code});
            changed.notify_one();
        });
    };
    while (!graph.all_finished()) {
        if (!failure)
            for (size_t index : graph.take_ready(kParallelStages)) start(index);
        if (graph.running() == 0) break; // a failure: the stages still waiting never start
        StageDone finished;
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return !done.empty(); });
            finished = std::move(done.front());
            done.pop_front();
        }
        graph.finished(finished.index);
        ordered.finished(finished.index);
        if (!finished.result && !failure) {
            cancel();
            failure = std::move(finished);
        }
    }
    threads.clear(); // joins; every thread has reported by now
    ordered.flush_all();
    if (failure) {
        run_failed_code_ = failure->run_failed_code;
        return failure->result;
    }
    return {};
}

} // namespace berth::build
