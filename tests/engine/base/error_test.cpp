#include "base/error.h"

#include "base/go_errno.h"

#include <boost/asio/error.hpp>
#include <cctype>
#include <filesystem>
#include <gtest/gtest.h>
#include <ios>
#include <system_error>

namespace berth {
namespace {

TEST(Error, WrapPrependsContextAndKeepsCategory) {
    Error error = Error::from_errno(ENODEV, "mounting overlay on /x").wrap("cannot start container {}", "web");
    EXPECT_EQ(error.message(), "cannot start container web: mounting overlay on /x: no such device");
    EXPECT_EQ(error.errnum(), ENODEV);
    EXPECT_EQ(error.http_status(), 500);
}

// Docker's errors carry Go's syscall.Errno text: glibc's, lower-case first.
TEST(Error, ErrnoTextIsGosWording) {
    EXPECT_EQ(go_strerror(ENOSPC), "no space left on device");
    EXPECT_EQ(go_strerror(EEXIST), "file exists");
    EXPECT_EQ(go_strerror(ENOENT), "no such file or directory");
    EXPECT_EQ(go_strerror(EIO), "input/output error");
    EXPECT_EQ(Error::from_errno(ENOSPC, "writing blob x").message(), "writing blob x: no space left on device");
}

// An error_code (std:: or boost's, as asio and the filesystem give them)
// holding an errno reads as Go words it; any other code keeps its own text.
TEST(Error, ErrorCodeTextIsGosWordingForErrnos) {
    EXPECT_EQ(go_error_text(std::make_error_code(std::errc::no_such_file_or_directory)), "no such file or directory");
    EXPECT_EQ(go_error_text(std::error_code(EACCES, std::system_category())), "permission denied");
    std::error_code from_filesystem;
    std::filesystem::create_directories("/proc/self/no/such/dir", from_filesystem);
    ASSERT_TRUE(from_filesystem);
    EXPECT_EQ(go_error_text(from_filesystem), go_strerror(from_filesystem.value()));
    EXPECT_TRUE(std::islower(static_cast<unsigned char>(go_error_text(from_filesystem)[0])));
    EXPECT_EQ(go_error_text(boost::system::error_code(boost::asio::error::connection_refused)), "connection refused");
    EXPECT_EQ(go_error_text(boost::system::error_code(ECONNRESET, boost::system::generic_category())),
              "connection reset by peer");
    // Not errnos: the category's own words.
    boost::system::error_code eof = boost::asio::error::eof;
    EXPECT_EQ(go_error_text(eof), eof.message());
    std::error_code stream = std::make_error_code(std::io_errc::stream);
    EXPECT_EQ(go_error_text(stream), stream.message());
}

TEST(Error, ErrnoCategoriesMapToStatuses) {
    EXPECT_EQ(Error::from_errno(ENOENT, "x").http_status(), 404);
    EXPECT_EQ(Error::from_errno(EEXIST, "x").http_status(), 409);
    EXPECT_EQ(Error::from_errno(EACCES, "x").http_status(), 403);
    EXPECT_EQ(Error::from_errno(EINVAL, "x").http_status(), 400);
    EXPECT_EQ(Error(ErrorCategory::NotImplemented, "later").http_status(), 501);
}

TEST(Error, FailBuildsUnexpected) {
    Result<int> result = fail(ErrorCategory::Conflict, "name {} in use", "web");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message(), "name web in use");
    EXPECT_EQ(result.error().http_status(), 409);
}

} // namespace
} // namespace berth
