#pragma once
// An errno as Go's syscall.Errno words it ("no space left on device"): the
// text Docker's errors carry, so that berthd's read the same. Error::from_errno
// uses it; so does every other place that turns an errno into the text of an
// API error or of a log line about one (never std::strerror or an
// error_code's message(), which keep glibc's capital). Defined in error.cpp.

#include <string>
#include <string_view>

namespace berth {

std::string go_strerror(int errnum);

// An error code's text: Go's words when it holds an errno (the "system" or
// "generic" category, of std:: as of boost::system, so asio's and the
// filesystem's codes too), its own message otherwise (beast's "end of stream",
// asio's "Host not found" from the resolver).
template <typename Code>
std::string go_error_text(const Code& code) {
    std::string_view category = code.category().name();
    if (category == "system" || category == "generic") return go_strerror(code.value());
    return code.message();
}

} // namespace berth
