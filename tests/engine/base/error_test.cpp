#include "base/error.h"

#include "base/go_errno.h"

#include <gtest/gtest.h>

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
