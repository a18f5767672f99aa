#include "logs/local.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

using namespace berth::logs;
using berth::testing::TempDir;
using namespace std::literals;

TEST(Local, RecordRoundTrip) {
    LogMessage m;
    m.stream = LogStream::Stderr;
    m.line = "hello\0world"sv;
    m.time_ns = 1704067200'123456789;
    std::string record = encode_local_record(m, {{"tag", "web"}});
    LocalFormat format;
    EXPECT_EQ(*format.record_length(record), record.size());
    EXPECT_EQ(*format.record_length(std::string_view(record).substr(0, record.size() - 1)), 0u);
    auto entry = format.decode(record);
    ASSERT_TRUE(entry) << entry.error().message();
    EXPECT_EQ(entry->line, "hello\0world\n"s);
    EXPECT_EQ(entry->stream, LogStream::Stderr);
    EXPECT_EQ(entry->time_ns, m.time_ns);
    EXPECT_FALSE(entry->partial);
    ASSERT_EQ(entry->attrs.size(), 1u);
    EXPECT_EQ(entry->attrs[0], (std::pair<std::string, std::string>("tag", "web")));

    m.partial = true;
    entry = format.decode(encode_local_record(m, {}));
    EXPECT_EQ(entry->line, "hello\0world"s);
    EXPECT_TRUE(entry->partial);

    std::string corrupt = record;
    corrupt[corrupt.size() - 1] ^= 1;
    EXPECT_FALSE(format.record_length(corrupt));
}

TEST(Local, DefaultsRotateAtTwentyMegabytesKeepingFive) {
    auto options = parse_local_options({});
    ASSERT_TRUE(options);
    EXPECT_EQ(options->max_size, 20 * 1024 * 1024);
    EXPECT_EQ(options->max_files, 5);
}

TEST(Local, DriverRotatesAndTailWalksBack) {
    TempDir dir;
    std::string path = log_file_path("local", dir.path(), "id");
    EXPECT_EQ(path, dir.path() + "/local-logs/container.log");
    auto driver = make_log_driver("local", {{"max-size", "100"}, {"max-file", "2"}}, path);
    ASSERT_TRUE(driver) << driver.error().message();
    for (int i = 0; i < 6; ++i) ASSERT_TRUE((*driver)->write(LogStream::Stdout, std::format("line number {}\n", i), i));
    ASSERT_TRUE((*driver)->close(0));
    EXPECT_TRUE(std::filesystem::exists(path + ".1"));
    EXPECT_FALSE(std::filesystem::exists(path + ".2"));

    auto content = *berth::read_file(path);
    int fd = ::open(path.c_str(), O_RDONLY);
    LocalFormat format;
    auto tail = format.find_tail(fd, static_cast<int64_t>(content.size()), 1);
    ASSERT_TRUE(tail);
    EXPECT_EQ(tail->found, 1);
    auto last = format.decode(std::string_view(content).substr(static_cast<size_t>(tail->offset)));
    ASSERT_TRUE(last);
    EXPECT_EQ(last->line, "line number 5\n");
    // A torn record at the end: the walk falls back to hopping forward.
    content += std::string("\x00\x00\x00\x40partial", 11);
    ASSERT_TRUE(berth::write_file_atomically(path + ".torn", content));
    int torn = ::open((path + ".torn").c_str(), O_RDONLY);
    tail = format.find_tail(torn, static_cast<int64_t>(content.size()), 1);
    ASSERT_TRUE(tail);
    EXPECT_EQ(tail->found, 1);
    EXPECT_EQ(format.decode(std::string_view(content).substr(static_cast<size_t>(tail->offset)))->line,
              "line number 5\n");
    ::close(fd);
    ::close(torn);
}
