#pragma once
// An errno as Go's syscall.Errno words it ("no space left on device"): the
// text Docker's errors carry, so that berthd's read the same. Error::from_errno
// uses it; so does every other place that turns an errno into the text of an
// API error or of a log line about one. Defined in error.cpp.

#include <string>

namespace berth {

std::string go_strerror(int errnum);

} // namespace berth
