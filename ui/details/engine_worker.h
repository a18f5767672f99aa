#pragma once
// One blocking Engine API job at a time, on a thread this object owns: the
// details tabs' seam to the blocking api::EngineClient until ui/client's
// EngineApi carries streams. A job gets a fresh client (a cancelled client would
// end the next request too), runs until it returns or cancel() ends its request
// or stream, and reports back by posting to a QObject on the UI thread.
//
// Lifecycle: run(job) cancels and joins the job before it, then starts the new
// one; cancel() ends the current one; the destructor cancels and joins, so a job
// may capture the owner's `this`.

#include "api/client/client.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace berth::ui {

class EngineWorker {
public:
    explicit EngineWorker(std::string host) : host_(std::move(host)) {}
    ~EngineWorker() { stop(); }
    EngineWorker(const EngineWorker&) = delete;
    EngineWorker& operator=(const EngineWorker&) = delete;

    void run(std::function<void(api::EngineClient&)> job);
    // Ends the running job's request (thread-safe, returns at once).
    void cancel();
    // cancel() and wait for the thread.
    void stop();
    const std::string& host() const { return host_; }

private:
    std::string host_;
    std::mutex mutex_;
    std::shared_ptr<api::EngineClient> client_; // the running job's
    std::thread thread_;
};

} // namespace berth::ui
