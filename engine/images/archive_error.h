#pragma once
// libarchive's message for the last error of an archive, never null.
// archive_error_string() is NULL when libarchive set no message (a tar cut
// short inside a header block, say), and a null `const char*` given to
// std::format or added to a std::string is a crash: a truncated `docker load`
// took berthd down (found by tests/acceptance/fault_tar_fuzz_test.sh).

#include "base/go_errno.h"

#include <archive.h>
#include <cerrno>
#include <cstring>
#include <string>

namespace berth::images {

// libarchive's writers say only "Write failed" when the disk is full: the
// errno they keep is the cause, added when it is one of the storage's own
// (other errnos libarchive sets, such as its format codes, mean nothing here).
inline std::string archive_error(archive* a) {
    const char* message = archive_error_string(a);
    std::string text = message ? std::string(message) : std::string("the archive is damaged or cut short");
    int errnum = archive_errno(a);
    if (errnum == ENOSPC || errnum == EDQUOT || errnum == EIO || errnum == EROFS) {
        std::string cause = go_strerror(errnum);
        if (text.find(cause) == std::string::npos) text += ": " + cause;
    }
    return text;
}

} // namespace berth::images
