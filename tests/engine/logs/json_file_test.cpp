#include "logs/json_file.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

using namespace berth::logs;
using berth::testing::TempDir;

namespace {

constexpr int64_t t0 = 1704067200'123456789; // 2024-01-01T00:00:00.123456789Z

LogMessage message(std::string_view line, LogStream stream = LogStream::Stdout, bool partial = false,
                   int64_t time = t0) {
    LogMessage m;
    m.stream = stream;
    m.line = line;
    m.time_ns = time;
    m.partial = partial;
    return m;
}

} // namespace

TEST(JsonFile, LinesAreDockersBytes) {
    EXPECT_EQ(encode_json_log_line(message("hello")),
              "{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-01T00:00:00.123456789Z\"}\n");
    EXPECT_EQ(encode_json_log_line(message("oops", LogStream::Stderr, true, 1704067200'500000000)),
              "{\"log\":\"oops\",\"stream\":\"stderr\",\"time\":\"2024-01-01T00:00:00.5Z\"}\n");
    // Go's encoding: HTML characters, controls, quotes; invalid UTF-8 becomes U+FFFD.
    EXPECT_EQ(encode_json_log_line(message("<a&b> \"q\" \\ \t\r\x01 \xff é \xe2\x80\xa8")),
              "{\"log\":\"\\u003ca\\u0026b\\u003e \\\"q\\\" \\\\ \\u0009\\r\\u0001 \\ufffd é \\u2028\\n\","
              "\"stream\":\"stdout\",\"time\":\"2024-01-01T00:00:00.123456789Z\"}\n");
    // An empty partial message has no "log" at all (omitempty).
    EXPECT_EQ(encode_json_log_line(message("", LogStream::Stdout, true, 1704067200'000000000)),
              "{\"stream\":\"stdout\",\"time\":\"2024-01-01T00:00:00Z\"}\n");
    EXPECT_EQ(encode_json_log_line(message("x"), encode_json_attrs({{"tag", "web"}, {"a", "1"}})),
              "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"attrs\":{\"a\":\"1\",\"tag\":\"web\"},"
              "\"time\":\"2024-01-01T00:00:00.123456789Z\"}\n");
}

TEST(JsonFile, DecodesWhatItEncodes) {
    JsonFileFormat format;
    std::string line = encode_json_log_line(message("a \"b\" <c>\x01", LogStream::Stderr),
                                            encode_json_attrs({{"k", "v"}}));
    ASSERT_EQ(*format.record_length(line), line.size());
    EXPECT_EQ(*format.record_length(std::string_view(line).substr(0, 10)), 0u);
    auto entry = format.decode(line);
    ASSERT_TRUE(entry) << entry.error().message();
    EXPECT_EQ(entry->line, "a \"b\" <c>\x01\n");
    EXPECT_EQ(entry->stream, LogStream::Stderr);
    EXPECT_EQ(entry->time_ns, t0);
    EXPECT_FALSE(entry->partial);
    ASSERT_EQ(entry->attrs.size(), 1u);
    EXPECT_EQ(entry->attrs[0].first, "k");
    // dockerd's own line, numeric zone and all.
    auto docker = format.decode(R"({"log":"hi\n","stream":"stdout","time":"2024-01-01T01:00:00.5+01:00"})");
    ASSERT_TRUE(docker);
    EXPECT_EQ(docker->time_ns, 1704067200'500000000);
    EXPECT_FALSE(format.decode("{not json"));
}

TEST(JsonFile, DriverWritesChunksAsWholeLines) {
    TempDir dir;
    std::string path = dir / "abc-json.log";
    auto driver = JsonFileDriver::open({}, path, {});
    ASSERT_TRUE(driver) << driver.error().message();
    ASSERT_TRUE((*driver)->write(LogStream::Stdout, "hel", t0));
    ASSERT_TRUE((*driver)->write(LogStream::Stderr, "err\n", t0));
    ASSERT_TRUE((*driver)->write(LogStream::Stdout, "lo\nrest", t0));
    ASSERT_TRUE((*driver)->close(t0));
    EXPECT_FALSE((*driver)->write(LogStream::Stdout, "late\n", t0));
    EXPECT_EQ(*berth::read_file(path),
              "{\"log\":\"err\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-01T00:00:00.123456789Z\"}\n"
              "{\"log\":\"hello\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-01T00:00:00.123456789Z\"}\n"
              "{\"log\":\"rest\",\"stream\":\"stdout\",\"time\":\"2024-01-01T00:00:00.123456789Z\"}\n");
}

TEST(JsonFile, RotationKeepsMaxFileFiles) {
    TempDir dir;
    std::string path = dir / "c-json.log";
    // Each line is 76 bytes: a 100-byte file takes two, then rotates.
    auto driver = make_log_driver("json-file", {{"max-size", "100"}, {"max-file", "3"}}, path);
    ASSERT_TRUE(driver) << driver.error().message();
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE((*driver)->write(LogStream::Stdout, std::format("line {}\n", i), t0 + i));
    ASSERT_TRUE((*driver)->close(t0));
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_TRUE(std::filesystem::exists(path + ".1"));
    EXPECT_TRUE(std::filesystem::exists(path + ".2"));
    EXPECT_FALSE(std::filesystem::exists(path + ".3"));
    auto newest = *berth::read_file(path);
    auto older = *berth::read_file(path + ".1");
    auto oldest = *berth::read_file(path + ".2");
    EXPECT_NE(newest.find("line 8"), std::string::npos);
    EXPECT_NE(newest.find("line 9"), std::string::npos);
    EXPECT_NE(older.find("line 6"), std::string::npos);
    EXPECT_NE(oldest.find("line 4"), std::string::npos);
}

TEST(JsonFile, MaxFileOneStartsAfresh) {
    TempDir dir;
    std::string path = dir / "c-json.log";
    auto driver = make_log_driver("json-file", {{"max-size", "1"}}, path);
    ASSERT_TRUE(driver);
    ASSERT_TRUE((*driver)->write(LogStream::Stdout, "one\ntwo\n", t0));
    ASSERT_TRUE((*driver)->close(t0));
    EXPECT_FALSE(std::filesystem::exists(path + ".1"));
    auto content = *berth::read_file(path);
    EXPECT_EQ(content.find("one"), std::string::npos);
    EXPECT_NE(content.find("two"), std::string::npos);
}

TEST(JsonFile, AppendsToAnExistingFileAndCountsItsSize) {
    TempDir dir;
    std::string path = dir / "c-json.log";
    {
        auto driver = make_log_driver("json-file", {{"max-size", "100"}, {"max-file", "2"}}, path);
        ASSERT_TRUE((*driver)->write(LogStream::Stdout, "first\nsecond\n", t0));
        ASSERT_TRUE((*driver)->close(t0));
    }
    auto driver = make_log_driver("json-file", {{"max-size", "100"}, {"max-file", "2"}}, path);
    ASSERT_TRUE((*driver)->write(LogStream::Stdout, "third\n", t0));
    ASSERT_TRUE((*driver)->close(t0));
    EXPECT_NE(berth::read_file(path + ".1")->find("second"), std::string::npos);
    EXPECT_NE(berth::read_file(path)->find("third"), std::string::npos);
}

TEST(JsonFile, TailFindsTheLastRecords) {
    TempDir dir;
    std::string path = dir / "t.log";
    std::string content;
    for (int i = 0; i < 5; ++i) content += encode_json_log_line(message(std::format("l{}", i)));
    content += "{\"log\":\"torn"; // a record still being written
    ASSERT_TRUE(berth::write_file_atomically(path, content));
    int fd = ::open(path.c_str(), O_RDONLY);
    JsonFileFormat format;
    auto tail = format.find_tail(fd, static_cast<int64_t>(content.size()), 2);
    ASSERT_TRUE(tail);
    EXPECT_EQ(tail->found, 2);
    EXPECT_EQ(content.substr(static_cast<size_t>(tail->offset), 10), "{\"log\":\"l3");
    tail = format.find_tail(fd, static_cast<int64_t>(content.size()), 10);
    EXPECT_EQ(tail->found, 5);
    EXPECT_EQ(tail->offset, 0);
    ::close(fd);
}
