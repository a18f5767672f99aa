#pragma once
// libarchive's message for the last error of an archive, never null.
// archive_error_string() is NULL when libarchive set no message (a tar cut
// short inside a header block, say), and a null `const char*` given to
// std::format or added to a std::string is a crash: a truncated `docker load`
// took berthd down (found by tests/acceptance/fault_tar_fuzz_test.sh).

#include <archive.h>
#include <string>

namespace berth::images {

inline std::string archive_error(archive* a) {
    const char* message = archive_error_string(a);
    return message ? std::string(message) : std::string("the archive is damaged or cut short");
}

} // namespace berth::images
