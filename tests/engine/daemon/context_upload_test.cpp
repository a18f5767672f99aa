// ContextReader (context_upload.h), the build worker's side of the context
// upload, over a real socket pair: what it reads, an upload cut short, and
// interrupt() waking a worker blocked in read() (berthd stopping mid-upload).
#include "daemon/context_upload.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace berth::daemon {
namespace {

using namespace std::chrono_literals;

struct Pair {
    UniqueFd writer;
    std::shared_ptr<std::atomic<bool>> complete = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<ContextReader> reader;
};

Pair make_pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    Pair pair;
    pair.writer = UniqueFd(fds[0]);
    pair.reader = std::make_shared<ContextReader>(UniqueFd(fds[1]), pair.complete);
    return pair;
}

TEST(ContextReader, ReadsWhatArrivesThenPadsAWholeBody) {
    auto pair = make_pair();
    ASSERT_EQ(::write(pair.writer.get(), "abc", 3), 3);
    pair.complete->store(true);
    pair.writer.reset();
    auto piece = pair.reader->next();
    ASSERT_TRUE(piece) << piece.error().message();
    EXPECT_EQ(*piece, "abc");
    auto padding = pair.reader->next(); // the end blocks a `-f -` context leaves out
    ASSERT_TRUE(padding);
    EXPECT_EQ(padding->size(), 1536u);
    auto end = pair.reader->next();
    ASSERT_TRUE(end);
    EXPECT_TRUE(end->empty());
}

TEST(ContextReader, AnUploadCutShortIsAnError) {
    auto pair = make_pair();
    pair.writer.reset(); // the client went before the body's end
    auto piece = pair.reader->next();
    ASSERT_FALSE(piece);
    EXPECT_NE(piece.error().message().find("ended before its end"), std::string::npos) << piece.error().message();
}

TEST(ContextReader, InterruptWakesAReadBlockedOnAStalledUpload) {
    auto pair = make_pair(); // the writer stays open and silent: a stalled client
    std::packaged_task<Result<std::string_view>()> read([&] { return pair.reader->next(); });
    auto result = read.get_future();
    std::thread worker(std::move(read));
    pair.reader->interrupt(); // before or during the read: either way it ends
    bool woke = result.wait_for(60s) == std::future_status::ready;
    if (!woke) { // unblock it so the test can end and report
        pair.writer.reset();
    }
    worker.join();
    ASSERT_TRUE(woke) << "the read stayed blocked after interrupt()";
    auto piece = result.get();
    ASSERT_FALSE(piece);
    EXPECT_NE(piece.error().message().find("ended before its end"), std::string::npos) << piece.error().message();
}

TEST(ContextReader, InterruptAfterCloseDoesNothing) {
    auto pair = make_pair();
    pair.reader->close();
    pair.reader->interrupt();
    auto piece = pair.reader->next();
    ASSERT_FALSE(piece);
}

} // namespace
} // namespace berth::daemon
