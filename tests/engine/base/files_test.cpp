#include "base/files.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <thread>
#include <vector>

namespace berth {
namespace {

namespace fs = std::filesystem;

class FilesTest : public ::testing::Test {
protected:
    berth::testing::TempDir temp_{"berth-files"};
    std::string dir_ = temp_.path();
};

TEST_F(FilesTest, AtomicWriteReplacesWholeFileAndLeavesNoTemporary) {
    std::string path = dir_ + "/state.json";
    ASSERT_TRUE(write_file_atomically(path, "old", 0600));
    ASSERT_TRUE(write_file_atomically(path, "new content", 0600));
    EXPECT_EQ(read_file(path).value(), "new content");
    struct stat info{};
    ASSERT_EQ(stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

// Threads replacing one file (a container record committed from two places)
// each get their own temporary: no write fails, the file is always whole.
TEST_F(FilesTest, ConcurrentReplacementsNeverTearTheFile) {
    std::string path = dir_ + "/record.json";
    std::atomic<int> failures = 0;
    std::vector<std::jthread> writers;
    for (int t = 0; t < 4; ++t)
        writers.emplace_back([&, t] {
            std::string content(4096, static_cast<char>('a' + t));
            for (int i = 0; i < 50; ++i)
                if (!write_file_atomically(path, content, 0600, i % 2 ? Durability::Replaced : Durability::Durable))
                    ++failures;
        });
    writers.clear();
    EXPECT_EQ(failures, 0);
    std::string last = read_file(path).value();
    ASSERT_EQ(last.size(), 4096u);
    EXPECT_EQ(std::count(last.begin(), last.end(), last[0]), 4096);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(FilesTest, ErrorsNameThePath) {
    auto missing = read_file(dir_ + "/missing");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().http_status(), 404);
    EXPECT_NE(missing.error().message().find(dir_ + "/missing"), std::string::npos);
    auto unwritable = write_file_atomically(dir_ + "/no/such/dir/file", "x");
    ASSERT_FALSE(unwritable);
    EXPECT_NE(unwritable.error().message().find("no/such/dir"), std::string::npos);
}

} // namespace
} // namespace berth
