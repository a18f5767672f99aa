// The reader against both file drivers (one suite, run for json-file and local).

#include "logs/log_reader.h"

#include "base/clock.h"
#include "logs/log_driver.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <sys/eventfd.h>
#include <thread>

using namespace berth::logs;
using berth::testing::TempDir;

namespace {

constexpr int64_t second = 1'000'000'000;
constexpr int64_t t0 = 1704067200 * second;

class LogReaderTest : public ::testing::TestWithParam<const char*> {
protected:
    std::string driver_type() const { return GetParam(); }

    std::unique_ptr<LogDriver> open_driver(const LogOpts& opts) {
        auto driver = make_log_driver(driver_type(), opts, path_);
        EXPECT_TRUE(driver) << driver.error().message();
        return std::move(*driver);
    }

    // Lines "line i" on stdout (odd i on stderr), at t0 + i seconds.
    void write_lines(LogDriver& driver, int from, int to) {
        for (int i = from; i < to; ++i) {
            auto stream = i % 2 ? LogStream::Stderr : LogStream::Stdout;
            ASSERT_TRUE(driver.write(stream, std::format("line {}\n", i), t0 + i * second));
        }
    }

    std::vector<std::string> read_all(const LogReadOptions& options, FollowControl control = {}) {
        std::vector<std::string> lines;
        auto read = read_logs(driver_type(), path_, options, control, [&](const LogEntry& entry) {
            lines.push_back(entry.line);
            return true;
        });
        EXPECT_TRUE(read) << read.error().message();
        return lines;
    }

    static std::vector<std::string> lines(int from, int to) {
        std::vector<std::string> out;
        for (int i = from; i < to; ++i) out.push_back(std::format("line {}\n", i));
        return out;
    }

    TempDir dir_;
    std::string path_ = log_file_path(driver_type(), dir_.path(), "0123abcd");
    // Small files: rotation every few lines, 4 files kept.
    LogOpts rotating_{{"max-size", "150"}, {"max-file", "4"}};
};

} // namespace

TEST_P(LogReaderTest, ReadsEverythingAcrossRotatedFilesInOrder) {
    auto driver = open_driver(rotating_);
    write_lines(*driver, 0, 20);
    ASSERT_TRUE(driver->close(t0));
    ASSERT_TRUE(std::filesystem::exists(path_ + ".3"));
    LogReadOptions options;
    auto got = read_all(options);
    // Rotation may have dropped the oldest lines; what is left is in order.
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), "line 19\n");
    int first = std::stoi(got.front().substr(5));
    EXPECT_EQ(got, lines(first, 20));
    EXPECT_GE(got.size(), 9u);
}

TEST_P(LogReaderTest, TailCrossesIntoRotatedFiles) {
    auto driver = open_driver(rotating_);
    write_lines(*driver, 0, 9);
    ASSERT_TRUE(driver->close(t0));
    LogReadOptions options;
    for (int tail : {1, 2, 3, 5}) {
        options.tail = tail;
        EXPECT_EQ(read_all(options), lines(9 - tail, 9)) << "tail " << tail;
    }
    options.tail = 0;
    EXPECT_TRUE(read_all(options).empty());
    options.tail = 1000;
    EXPECT_EQ(read_all(options), read_all(LogReadOptions{}));
}

TEST_P(LogReaderTest, SinceUntilAndStreams) {
    auto driver = open_driver({});
    write_lines(*driver, 0, 10);
    ASSERT_TRUE(driver->close(t0));
    LogReadOptions options;
    options.since_ns = t0 + 3 * second;
    options.until_ns = t0 + 6 * second;
    EXPECT_EQ(read_all(options), lines(3, 7));

    LogReadOptions stdout_only;
    stdout_only.show_stderr = false;
    EXPECT_EQ(read_all(stdout_only), (std::vector<std::string>{"line 0\n", "line 2\n", "line 4\n", "line 6\n",
                                                               "line 8\n"}));
    // As in dockerd, tail counts both streams before the stream filter.
    stdout_only.tail = 3;
    EXPECT_EQ(read_all(stdout_only), (std::vector<std::string>{"line 8\n"}));
}

TEST_P(LogReaderTest, PartialMessagesComeBackWithoutNewline) {
    auto driver = open_driver({});
    ASSERT_TRUE(driver->write(LogStream::Stdout, std::string(20000, 'x') + "\nno newline", t0));
    ASSERT_TRUE(driver->close(t0));
    std::vector<LogEntry> entries;
    ASSERT_TRUE(read_logs(driver_type(), path_, {}, {}, [&](const LogEntry& e) {
        entries.push_back(e);
        return true;
    }));
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_TRUE(entries[0].partial);
    EXPECT_EQ(entries[0].line.size(), 16384u);
    EXPECT_FALSE(entries[1].partial);
    EXPECT_EQ(entries[1].line, std::string(20000 - 16384, 'x') + "\n");
    EXPECT_TRUE(entries[2].partial);
    EXPECT_EQ(entries[2].line, "no newline");
}

TEST_P(LogReaderTest, MissingFileReadsAsEmpty) { EXPECT_TRUE(read_all(LogReadOptions{}).empty()); }

TEST_P(LogReaderTest, FollowGetsLinesWrittenLaterThroughRotationUntilTheContainerStops) {
    auto driver = open_driver(rotating_);
    write_lines(*driver, 0, 2);
    int stopped = ::eventfd(0, EFD_CLOEXEC);
    std::atomic<size_t> received = 0;
    std::vector<std::string> got;
    LogReadOptions options;
    options.follow = true;
    options.tail = 1;
    FollowControl control;
    control.stopped_fd = stopped;
    control.poll_interval_ms = 60000; // inotify must do the waking, not the poll
    auto reader = LogReader::open(driver_type(), path_, options, control);
    ASSERT_TRUE(reader) << reader.error().message();
    std::thread follower([&] {
        for (;;) {
            auto entry = (*reader)->next();
            ASSERT_TRUE(entry) << entry.error().message();
            if (!*entry) return;
            got.push_back((*entry)->line);
            ++received;
        }
    });
    for (int i = 2; i < 20; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        write_lines(*driver, i, i + 1);
    }
    // Lines arrive while the writer is still running (woken by inotify alone).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (received < 19 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(received, 19u);
    // The last words before the stop are delivered too, then the follow ends.
    write_lines(*driver, 20, 21);
    ASSERT_TRUE(driver->close(t0));
    uint64_t one = 1;
    ASSERT_EQ(::write(stopped, &one, sizeof one), 8);
    follower.join();
    EXPECT_EQ(got, lines(1, 21));
    EXPECT_TRUE(std::filesystem::exists(path_ + ".3"));
    ::close(stopped);
}

TEST_P(LogReaderTest, LaggingFollowerCatchesUpThroughSeveralRotations) {
    auto driver = open_driver({{"max-size", "150"}, {"max-file", "20"}});
    LogReadOptions options;
    options.follow = true;
    options.tail = 0;
    FollowControl control;
    control.stopped = [] { return true; };
    auto reader = LogReader::open(driver_type(), path_, options, control);
    ASSERT_TRUE(reader);
    // The file the reader holds is rotated many times before it reads a byte.
    write_lines(*driver, 0, 40);
    ASSERT_TRUE(driver->close(t0));
    ASSERT_TRUE(std::filesystem::exists(path_ + ".5"));
    std::vector<std::string> got;
    for (;;) {
        auto entry = (*reader)->next();
        ASSERT_TRUE(entry) << entry.error().message();
        if (!*entry) break;
        got.push_back((*entry)->line);
    }
    EXPECT_EQ(got, lines(0, 40));
}

TEST_P(LogReaderTest, FollowWaitsForTheFileToAppear) {
    LogReadOptions options;
    options.follow = true;
    int stopped = ::eventfd(0, EFD_CLOEXEC);
    FollowControl control;
    control.stopped_fd = stopped;
    std::vector<std::string> got;
    std::thread follower([&] { got = read_all(options, control); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto driver = open_driver({});
    write_lines(*driver, 0, 3);
    ASSERT_TRUE(driver->close(t0));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    uint64_t one = 1;
    ASSERT_EQ(::write(stopped, &one, sizeof one), 8);
    follower.join();
    EXPECT_EQ(got, lines(0, 3));
    ::close(stopped);
}

TEST_P(LogReaderTest, CancelEndsAFollowAtOnce) {
    auto driver = open_driver({});
    write_lines(*driver, 0, 2);
    int cancel = ::eventfd(0, EFD_CLOEXEC);
    LogReadOptions options;
    options.follow = true;
    FollowControl control;
    control.cancel_fd = cancel;
    control.poll_interval_ms = 10000;
    std::vector<std::string> got;
    auto started = std::chrono::steady_clock::now();
    std::thread follower([&] { got = read_all(options, control); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    uint64_t one = 1;
    ASSERT_EQ(::write(cancel, &one, sizeof one), 8);
    follower.join();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    EXPECT_EQ(got, lines(0, 2));
    ::close(cancel);
}

TEST_P(LogReaderTest, FollowEndsWhenUntilHasPassed) {
    auto driver = open_driver({});
    write_lines(*driver, 0, 2);
    LogReadOptions options;
    options.follow = true;
    options.until_ns = berth::now_ns() + 100'000'000;
    FollowControl control;
    control.poll_interval_ms = 20;
    EXPECT_EQ(read_all(options, control), lines(0, 2));
}

INSTANTIATE_TEST_SUITE_P(Drivers, LogReaderTest, ::testing::Values("json-file", "local"),
                         [](const auto& param_info) { return std::string(param_info.param) == "local" ? "local" : "json_file"; });

TEST(LogReader, NoneCannotBeRead) {
    auto reader = LogReader::open("none", "", {});
    ASSERT_FALSE(reader);
    EXPECT_EQ(reader.error().message(), "configured logging driver does not support reading");
    EXPECT_EQ(reader.error().category(), berth::ErrorCategory::NotImplemented);
}

TEST(LogReader, TailParsing) {
    EXPECT_EQ(parse_tail("all"), -1);
    EXPECT_EQ(parse_tail("10"), 10);
    EXPECT_EQ(parse_tail("0"), 0);
    EXPECT_EQ(parse_tail("-5"), -1);
    EXPECT_EQ(parse_tail("x"), -1);
}
